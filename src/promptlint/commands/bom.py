"""``promptlint bom``: the prompt bill of materials (table, JSON, CycloneDX 1.6)."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TextIO

from promptlint.errors import PromptlintError

HELP = "inventory of prompts, their models and golden sets (table, json, cyclonedx)"
FORMATS = ("table", "json", "cyclonedx")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--output-file", type=Path, metavar="F", help="write the inventory to F instead of stdout")
    parser.add_argument("--config", type=Path, metavar="F", help="use this config file for every path")
    parser.add_argument("--model", help="model of prompts that name none (overrides the config)")
    parser.add_argument("--no-git", action="store_true", help="skip the last commit of each file")
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and debug logs")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import datetime as dt

    from promptlint import inventory
    from promptlint.config import ConfigResolver, Overrides
    from promptlint.reporters.bom import REPORTERS
    from promptlint.runner import run_date

    resolver = ConfigResolver(args.config, Overrides(model=args.model))
    today = run_date() or dt.date.today()
    found = inventory.build(args.paths, resolver, today=today, git=not args.no_git)
    buffer = io.StringIO()
    REPORTERS[args.format](found, buffer)
    if args.output_file is not None:
        try:
            args.output_file.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as exc:
            raise PromptlintError(f"cannot write {args.output_file}: {exc.strerror or exc}") from None
    else:
        stdout.write(buffer.getvalue())
    return 0
