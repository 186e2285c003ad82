"""Write N synthetic prompt files in promptlint's formats (for `perf.py` scenario f).

Usage: python bench/generate_prompts.py DEST [--count 10000] [--seed 13]

Deterministic for a seed: the same files, byte for byte, on every machine. The mix is
what a large prompt repository holds: plain instructions in Markdown and text, Prompty
and Dotprompt files with frontmatter, chat YAML and JSON, Jinja templates; about a third
carry few-shot examples, and some of those hold made-up personal data (names after a
cue, e-mail addresses, phone numbers, card numbers) so the PII path is exercised as well
as the fast path. Files go into 100 sub-folders of `DEST/prompts/`, where default
discovery looks (a flat folder of 10,000 entries is not what repositories look like).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

TOPICS = ("billing", "shipping", "returns", "onboarding", "triage", "summaries", "search", "translation", "support")
VERBS = ("Answer", "Summarize", "Classify", "Explain", "Rewrite", "Extract", "Translate", "Review")
OBJECTS = ("the customer's question", "the ticket", "the document", "the order history", "the error log", "the email")
RULES = (
    "Keep answers under 120 words.",
    "Never promise a refund above $200.",
    "Reply in the language of the user.",
    "Use bullet points for lists of three or more items.",
    "Do not mention internal tools or ticket numbers.",
    "Ask one clarifying question when the request is ambiguous.",
    "Cite the section of the policy you rely on.",
    "Be friendly and concise.",
    "If you are unsure, say so and offer to escalate.",
    "Return valid JSON only, with the keys `label` and `reason`.",
)
FIRST = ("Dana", "Tomás", "Priya", "Oluwaseun", "Mei-Ling", "Henrik", "Amara", "Jonas", "Lucía", "Kenji")
LAST = ("Whitfield", "Ortega", "Raghunathan", "Adeyemi", "Chou", "Lindqvist", "Okafor", "Brandt", "Ferreira", "Sato")
DOMAINS = ("fastmail.com", "gmx.de", "outlook.com", "proton.me", "yahoo.co.uk")
CARDS = ("4716 5260 1815 9088", "5425 2334 3010 9903", "3714 496353 98431")
PHONES = ("(415) 829-3374", "+44 20 7946 0321", "+49 30 901820", "212-555-0188")
FORMATS = ("md", "txt", "prompty", "prompt", "yaml", "json", "j2")


def _instructions(rng: random.Random) -> list[str]:
    topic = rng.choice(TOPICS)
    lines = [f"You are an assistant for {topic}. {rng.choice(VERBS)} {rng.choice(OBJECTS)}."]
    lines += rng.sample(RULES, rng.randint(2, 6))
    if rng.random() < 0.4:
        lines.append("The user's name is {{user_name}} and the request is {{request}}.")
    return lines


def _examples(rng: random.Random) -> list[tuple[str, str]]:
    """Few-shot pairs; with probability 1/2 the user turn holds made-up personal data."""
    pairs = []
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            detail = rng.choice(
                (
                    f"You can reach me at {first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}.",
                    f"Call me back on {rng.choice(PHONES)}.",
                    f"My card is {rng.choice(CARDS)}.",
                    "My order never arrived.",
                )
            )
            user = f"Hi, my name is {first} {last}. {detail}"
            answer = f"Thank you, {first}. I have opened a case for you."
        else:
            user = f"How do I {rng.choice(('reset my password', 'change my plan', 'export my data'))}?"
            answer = "Open Settings, then follow the steps on the page."
        pairs.append((user, answer))
    return pairs


def render(fmt: str, rng: random.Random, name: str) -> str:
    lines = _instructions(rng)
    pairs = _examples(rng) if rng.random() < 0.35 else []
    if fmt in ("md", "txt"):
        head = f"# {name}\n\n" if fmt == "md" else ""
        body = head + "\n".join(lines) + "\n"
        for user, answer in pairs:
            body += f"\nExample:\nUser: {user}\nAssistant: {answer}\n"
        return body
    if fmt == "prompty":
        body = f"---\nname: {name}\nmodel:\n  api: chat\n  configuration:\n    azure_deployment: gpt-4o\n---\n"
        body += "system:\n" + "\n".join(lines) + "\n"
        for user, answer in pairs:
            body += f"\nuser:\n{user}\n\nassistant:\n{answer}\n"
        return body + "\nuser:\n{{request}}\n"
    if fmt == "prompt":
        body = f"---\nmodel: googleai/gemini-2.5-flash\nversion: 1.{rng.randint(0, 9)}.0\n---\n"
        body += '{{role "system"}}\n' + "\n".join(lines) + "\n"
        for user, answer in pairs:
            body += f'\n{{{{role "user"}}}}\n{user}\n\n{{{{role "model"}}}}\n{answer}\n'
        return body + '\n{{role "user"}}\n{{request}}\n'
    messages = [{"role": "system", "content": "\n".join(lines)}]
    for user, answer in pairs:
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    if fmt == "json":
        return json.dumps({"model": "gpt-4o-mini", "messages": messages}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        out = "model: gpt-4o-mini\nmessages:\n"
        for message in messages:
            content = "\n".join("      " + line for line in message["content"].splitlines())
            out += f"  - role: {message['role']}\n    content: |\n{content}\n"
        return out
    # Jinja: a system prompt with a loop over examples passed in at render time.
    body = "\n".join(lines) + "\n{% for example in examples %}\nUser: {{ example.question }}\n"
    body += "Assistant: {{ example.answer }}\n{% endfor %}\n"
    for user, answer in pairs:
        body += f"{{# sample: {user} -> {answer} #}}\n"
    return body


def generate(dest: Path, count: int, seed: int = 13) -> list[Path]:
    """Write ``count`` files under ``dest`` (deterministic for ``seed``); return their paths."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        fmt = FORMATS[index % len(FORMATS)] if rng.random() < 0.7 else rng.choice(FORMATS)
        name = f"{rng.choice(TOPICS)}-{index:05d}"
        path = dest / "prompts" / f"group-{index % 100:02d}" / f"{name}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(fmt, rng, name), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    paths = generate(args.dest, args.count, args.seed)
    print(f"{len(paths)} files under {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
