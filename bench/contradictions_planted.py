"""Recall of CON001 inside real long prompts: conflicts planted into a corpus.

Usage: python bench/contradictions_planted.py --corpus DIR [--model none|auto] [--show] [--classes]

The labelled sets measure recall on short prompts written by the same hands as the
rule. Real prompts are long, sectioned and full of near misses, and the scopes that keep
CON001 quiet on them (sections, tool descriptions, drafts) also hide some conflicts. For
every text or markdown prompt in DIR, each conflict pair below is planted as two new
paragraphs — the first after the prompt's opening paragraph, the second at its very end —
and the pair counts as found when CON001 reports the second with the first as its related
location. Findings that do not involve the planted pair are counted too: planting must
not change them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from promptlint.api import lint_source

PAIRS = (
    ("Always respond in valid JSON.", "Write your reply as a friendly paragraph in plain prose."),
    ("Never use emojis.", "Add an emoji or two to keep the tone light."),
    ("Always answer in English.", "Reply in the same language as the user."),
    ("Keep every answer under 50 words.", "Write at least 300 words in every answer."),
    ("Maintain a formal tone.", "Keep it casual and chatty."),
    ("Never apologise to the user.", "Apologise for any inconvenience."),
)
# With --classes: a class forbidden, then a member asked for (the topic packs' `classes`).
CLASS_PAIRS = (
    ("Never answer in a structured data format.", "Return the results as YAML."),
    ("Never ask the user for personal data.", "Ask for the user's phone number."),
    ("Never mention competitors by name.", "Compare us with Acme and Globex by name."),
)


def _plant(source: str, first: str, second: str) -> tuple[str, int, int]:
    """The source with ``first`` after its opening paragraph and ``second`` at the end,
    and where they start."""
    newline = "\r\n" if "\r\n" in source else "\n"
    cut = source.find(newline * 2)
    cut = len(source) if cut < 0 else cut
    head = f"{source[:cut]}{newline * 2}{first}"
    at_first = cut + 2 * len(newline)
    body = f"{head}{source[cut:].rstrip()}{newline * 2}"
    at_second = len(body)
    return f"{body}{second}{newline}", at_first, at_second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--model", default="none")
    parser.add_argument("--show", action="store_true", help="list every missed pair")
    parser.add_argument("--classes", action="store_true", help="plant the class pairs instead")
    args = parser.parse_args(argv)
    pairs = CLASS_PAIRS if args.classes else PAIRS
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".md"))
    options = {"CON001": {"spacy-model": args.model}}
    found = total = changed = 0
    per_pair = [0] * len(pairs)
    for path in files:
        source = path.read_text(encoding="utf-8", errors="replace")
        base = len(lint_source(source, path.name, select=["CON001"], rule_options=options))
        for k, (first, second) in enumerate(pairs):
            planted, at_first, at_second = _plant(source, first, second)
            findings = lint_source(planted, path.name, select=["CON001"], rule_options=options)
            hit = any(d.span.start == at_second and d.related and d.related[0].span.start == at_first for d in findings)
            others = sum(
                1
                for d in findings
                if d.span.start != at_second and not (d.related and d.related[0].span.start in (at_first, at_second))
            )
            total += 1
            found += hit
            per_pair[k] += hit
            changed += others != base
            if args.show and not hit:
                print(f"  missed {path.relative_to(args.corpus)}: {first!r} / {second!r}")
    rate = found / max(total, 1)
    print(f"CON001 model={args.model}: planted pairs found {found}/{total} = {rate:.2f} in {len(files)} files")
    for (first, second), hits in zip(pairs, per_pair, strict=True):
        print(f"  {hits:4d}/{len(files)}  {first} / {second}")
    print(f"  files whose other findings changed when a pair was planted: {changed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
