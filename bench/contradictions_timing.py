"""CPU time of CON001 on large generated prompts and on hostile blank runs.

Usage: python bench/contradictions_timing.py [--runs 3] [--model none|auto] [--lines 1000,2000,4000]
       [--file PROMPT ...] [--skip-blanks]

The prompt generator writes a long system prompt of the kind real products ship:
headings, list items and sentences about output format, length, tone, emojis, tools
and generic "always X" / "never X" actions over a few hundred different objects, with
repeated boilerplate lines. Many units share a topic or a verb, so an engine that
compares every pair of units grows with the square of the prompt; one that compares
only units in the same topic, verb or object bucket grows with its length.

The blank-run inputs are the ones that used to make the unit splitter backtrack: a
word followed by a long run of spaces (one line), and the same in many sentences.

Each figure is the CPU time (``time.process_time``) of the rule's ``check`` on an
already parsed document, the minimum over ``--runs``; parsing is not counted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from promptlint.diagnostics import Severity
from promptlint.document.parsers import parse_text
from promptlint.rules.base import RuleContext
from promptlint.rules.builtin.contradictory_instructions import ContradictoryInstructions
from promptlint.rules.registry import build_registry

_NOUNS = (
    "order ID", "invoice number", "tracking link", "refund policy", "warranty period", "shipping date", "account email",
    "ticket status", "release note", "error code", "stack trace", "file path", "commit message", "test result",
    "price list", "discount code", "store address", "opening hours", "support phone number", "product name",
)  # fmt: skip
_PARTS = ("summary", "title", "changelog", "overview", "reply", "status update", "report", "plan", "review", "email")
_TOOLS = ("search_files", "read_file", "edit_file", "run_command", "open_browser", "create_ticket", "send_email")
_TEMPLATES = (
    "Always include the {noun} in the {part}.",
    "Never mention the {noun} in the {part}.",
    "Do not repeat the {noun}.",
    "Keep the {part} under {n} words.",
    "Write the {part} in at least {m} sentences.",
    "Respond in JSON when the user asks for the {part}.",
    "Use a formal tone in the {part}.",
    "Use markdown headings in the {part}.",
    "Do not use emojis in the {part}.",
    "Use the {tool} tool to find the {noun}.",
    "Never use the {tool} tool for the {noun}.",
    "If the user asks about the {noun}, explain it briefly.",
    "Ask a clarifying question when the {noun} is missing.",
    "Present the {part} as a bulleted list of at most {k} items.",
    "The {tool} tool returns the {noun} as JSON.",
    "IMPORTANT: Always verify the {noun} before you answer.",
)


def generated_prompt(lines: int, seed: int = 7) -> str:
    """A markdown system prompt of ``lines`` lines (deterministic)."""
    rng = random.Random(seed)
    out: list[str] = ["# Assistant", "", "You are a support assistant for an online store.", ""]
    while len(out) < lines:
        if rng.random() < 0.05:
            out += ["", f"## {rng.choice(('Rules', 'Formatting', 'Tools', 'Tone', 'Escalation', 'Billing'))}", ""]
            continue
        template = rng.choice(_TEMPLATES)
        text = template.format(
            noun=rng.choice(_NOUNS),
            part=rng.choice(_PARTS),
            tool=rng.choice(_TOOLS),
            n=rng.choice((20, 50, 80, 120)),
            m=rng.choice((2, 3, 5)),
            k=rng.choice((3, 5, 8)),
        )
        out.append(f"- {text}" if rng.random() < 0.5 else text)
    return "\n".join(out[:lines]) + "\n"


def blank_runs() -> dict[str, str]:
    return {
        "'Hi' + 40,000 spaces": "Hi" + " " * 40_000 + "\n",
        "'Hi' + 1,900,000 spaces": "Hi" + " " * 1_900_000,
        "2,000 sentences, 200 spaces each": "".join(f"Do not use JSON.{' ' * 200}x" for _ in range(2_000)) + "\n",
        "'Be brief.' + 40,000 tabs and spaces + 'Be detailed.'": "Be brief." + " \t" * 20_000 + "Be detailed.\n",
    }


def cpu_time(source: str, path: str, model: str, runs: int) -> tuple[float, int]:
    doc = parse_text(source, path)
    rule = ContradictoryInstructions()
    options = {name: option.default for name, option in rule.meta.options.items()}
    options["spacy-model"] = model
    ctx = RuleContext(rule.meta, options, Severity.WARNING)
    best, count = float("inf"), 0
    for _ in range(runs):
        start = time.process_time()
        count = len(list(rule.check(doc, ctx)))
        best = min(best, time.process_time() - start)
    return best, count


def reference() -> float:
    start = time.process_time()
    total = 0
    for i in range(2_000_000):
        total += i % 7
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default="none")
    parser.add_argument("--lines", default="1000,2000,4000")
    parser.add_argument("--skip-blanks", action="store_true")
    parser.add_argument("--file", type=Path, action="append", default=[], help="also time this prompt file")
    args = parser.parse_args(argv)
    build_registry(plugins=False)  # registers the shipped topic packs, as the CLI does
    cpu_time("Always respond in JSON.\nReply in plain prose.\n", "warm.md", args.model, 1)  # vocabulary, spaCy
    print(f"CON001 model={args.model}, CPU time of check(), min of {args.runs}")
    # Two cores shared with other work slow everything alike: this loop is the yardstick.
    print(f"  reference: a 2,000,000-step Python loop takes {reference() * 1000:.0f} ms")
    for lines in (int(n) for n in args.lines.split(",")):
        seconds, count = cpu_time(generated_prompt(lines), "prompt.md", args.model, args.runs)
        print(f"  generated prompt, {lines:>5} lines: {seconds * 1000:9.1f} ms  ({count} findings)")
    for path in args.file:
        source = path.read_text(encoding="utf-8", errors="replace")
        seconds, count = cpu_time(source, path.name, args.model, args.runs)
        lines = source.count("\n") + 1
        print(f"  {path.name}, {lines} lines, {len(source) // 1000} kB: {seconds * 1000:9.1f} ms  ({count} findings)")
    if not args.skip_blanks:
        for name, source in blank_runs().items():
            seconds, count = cpu_time(source, "prompt.txt", args.model, 1)
            print(f"  {name}: {seconds * 1000:9.1f} ms  ({count} findings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
