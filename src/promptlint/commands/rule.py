"""``promptlint rule [CODE]``: list the rules, or print one rule's documentation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from promptlint.errors import PromptlintError

HELP = "list the rules, or show one rule's documentation"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", help="a rule code or name (e.g. WS001 or trailing-whitespace)")
    parser.add_argument("--config", type=Path, metavar="F", help="config file whose rule packs to include")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from promptlint.config import ConfigResolver, Overrides
    from promptlint.rules.base import rule_doc

    config = ConfigResolver(args.config, Overrides()).default()
    registry = config.registry
    if args.code is None:
        rows = []
        for rule in registry:
            meta = rule.meta
            fix = {"always": "fix", "sometimes": "fix*", "never": ""}[meta.fix]
            enabled = "on" if meta.code in config.enabled else "off"
            rows.append((meta.code, meta.name, meta.default_severity.label, fix, enabled, meta.summary))
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for row in rows:
            stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + f"  {row[5]}\n")
        stdout.write("\nfix*: fixable in some cases.  `promptlint rule CODE` shows a rule's documentation.\n")
        return 0
    code = registry.code_for(args.code)
    if code is None:
        raise PromptlintError(f"unknown rule {args.code!r} (see `promptlint rule`)")
    rule = registry.rules[code]
    meta = rule.meta
    stdout.write(f"# {meta.code} {meta.name}\n\n")
    stdout.write(f"Severity: {meta.default_severity.label}.  Fix: {meta.fix}.  ")
    stdout.write(f"Enabled by default: {'yes' if meta.default_enabled else 'no'}.  Source: {meta.origin}.\n\n")
    stdout.write(rule_doc(rule).rstrip() + "\n")
    if meta.options:
        stdout.write("\n## Configuration\n\n")
        for name, option in meta.options.items():
            stdout.write(f"- `{name}` ({option.kind}, default {option.default!r}): {option.help}\n")
        stdout.write(f"\nSet in `[tool.promptlint.rules.{meta.code}]`.\n")
    return 0
