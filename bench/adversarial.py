"""Hostile inputs must not make promptlint slow: every scanner is linear.

Usage: python bench/adversarial.py [--size 200000]

Lints inputs built to trigger quadratic behaviour in naive scanners (unclosed
``{{``/``{%``/``<!--``/tags, thousands of headings and label lines) in every format and
prints the time of each; anything over 5 s is flagged SLOW and the exit code is 1.
"""

from __future__ import annotations

import argparse
import sys
import time

from promptlint.api import lint_source

UNITS = {
    "unclosed braces": "{",
    "unclosed mustache": "{{",
    "unclosed statements": "{%",
    "unclosed html comments": "<!--",
    "unclosed example tags": "<example>",
    "unclosed message tags": '<message role="user">',
    "dollar openers": "${a",
    "label lines": "Q: a\nA: b\n",
    "example headings": "# Example:\n",
    "code fences": "```\n",
    "jinja soup": "{{ x }}{% if %}",
}
PATHS = ("a.prompty", "a.prompt", "a.md", "a.j2", "a.json", "a.yaml", "a.txt")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000, help="approximate characters per input")
    args = parser.parse_args(argv)
    slow = 0
    for name, unit in UNITS.items():
        source = unit * max(1, args.size // len(unit))
        worst = 0.0
        for path in PATHS:
            start = time.perf_counter()
            lint_source(source, path)
            worst = max(worst, time.perf_counter() - start)
        flag = "SLOW" if worst > 5 else "ok"
        slow += flag == "SLOW"
        print(f"{name:<24} {len(source):>8} chars  worst {worst * 1000:>7.0f} ms  {flag}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
