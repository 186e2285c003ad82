"""The ``promptlint`` command: ``check``, ``rule`` and ``init``.

``main(argv) -> int`` never raises: usage, configuration and plugin errors print one
line and return 2; an unexpected error does the same and shows the traceback only with
``--verbose``.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from promptlint import __version__
from promptlint.errors import PromptlintError

if TYPE_CHECKING:
    from promptlint.discovery import Discovery

FORMATS = ("text", "json", "sarif", "github", "junit")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="promptlint",
        description="Lint LLM prompt files: whitespace, versions, token budgets, templates and more.",
    )
    parser.add_argument("--version", action="version", version=f"promptlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="lint prompt files (default: the current folder)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output-file", type=Path, metavar="F", help="write the report to F instead of stdout")
    check.add_argument("--select", type=_codes, metavar="CODES", help="comma-separated codes, names or prefixes to run")
    check.add_argument("--ignore", type=_codes, default=[], metavar="CODES", help="codes, names or prefixes to skip")
    check.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    check.add_argument("--unsafe-fixes", action="store_true", help="with --fix, also apply unsafe fixes")
    check.add_argument("--staged", action="store_true", help="lint the staged (index) content, not the work tree")
    check.add_argument("--base", default="HEAD", metavar="REV", help="revision VER002/TOK002 compare with (HEAD)")
    check.add_argument("--config", type=Path, metavar="F", help="use this config file for every path")
    check.add_argument(
        "--only-matching",
        action="store_true",
        help="lint only the named files that `include` selects (the pre-commit hooks pass every file)",
    )
    check.add_argument("--model", help="target model for tokenizer and prices (overrides the config)")
    check.add_argument("--no-cache", action="store_true", help="do not read or write .promptlint_cache")
    check.add_argument("--baseline", type=Path, metavar="F", help="hide findings recorded in baseline F")
    check.add_argument("--write-baseline", type=Path, metavar="F", help="record current findings in F and exit 0")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and debug logs")

    rule = sub.add_parser("rule", help="list the rules, or show one rule's documentation")
    rule.add_argument("code", nargs="?", help="a rule code or name (e.g. WS001 or trailing-whitespace)")
    rule.add_argument("--config", type=Path, metavar="F", help="config file whose rule packs to include")

    init = sub.add_parser(
        "init", help="adopt this repository: find its prompts, count today's findings, write config and baseline"
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing promptlint.toml")
    init.add_argument("-y", "--yes", action="store_true", help="accept every proposal without asking")
    init.add_argument(
        "--baseline",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="record today's findings in .promptlint-baseline.json (default: ask on a terminal, else yes)",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    verbose = bool(getattr(args, "verbose", False))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="promptlint: %(message)s")
    try:
        if args.command == "check":
            return cmd_check(args, stdout, stderr)
        if args.command == "rule":
            return cmd_rule(args, stdout)
        if args.command == "init":
            return cmd_init(args, stdout)
        parser.print_help(stdout)
        return 2
    except PromptlintError as exc:
        stderr.write(f"promptlint: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("promptlint: interrupted\n")
        return 2
    except Exception as exc:
        if verbose:
            traceback.print_exc(file=stderr)
        stderr.write(
            f"promptlint: internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)\n"
        )
        return 2


def cmd_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from promptlint.config import ConfigResolver, Overrides
    from promptlint.reporters import REPORTERS
    from promptlint.runner import CheckOptions, check, collect, exit_code

    if args.unsafe_fixes and not args.fix:
        raise PromptlintError("--unsafe-fixes needs --fix")
    overrides = Overrides(
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore),
        model=args.model,
    )
    resolver = ConfigResolver(args.config, overrides)
    options = CheckOptions(
        staged=args.staged,
        base=args.base,
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        cache=not args.no_cache,
        only_matching=args.only_matching,
    )
    found = collect(args.paths, resolver, options)
    _explain_discovery(found, args, stderr)
    reports = check(args.paths, resolver, options, found=found)
    if args.write_baseline is not None:
        from promptlint import baseline

        count = baseline.write(args.write_baseline, reports)
        files = sum(1 for r in reports if r.diagnostics)
        plural = ("s" if count != 1 else "", "s" if files != 1 else "")
        stdout.write(f"Wrote {count} finding{plural[0]} in {files} file{plural[1]} to {args.write_baseline}.\n")
        return 0
    baseline_file = args.baseline if args.baseline is not None else resolver.default().file.baseline
    if baseline_file is not None:
        from promptlint import baseline

        baseline.apply(reports, baseline.load(baseline_file))
    buffer = io.StringIO()
    reporter = REPORTERS[args.format]
    if args.format == "text":
        color = None if args.output_file is None else False
        reporter(
            reports, buffer, statistics=args.statistics, color=color if color is not None else _tty(stdout),
            unsafe_fixes=args.unsafe_fixes,
        )  # fmt: skip
    else:
        reporter(reports, buffer)
    if args.output_file is not None:
        try:
            args.output_file.write_text(buffer.getvalue(), encoding="utf-8")
        except OSError as exc:
            raise PromptlintError(f"cannot write {args.output_file}: {exc.strerror or exc}") from None
    else:
        stdout.write(buffer.getvalue())
    if args.exit_zero:
        return 0
    return exit_code(reports)


def _explain_discovery(found: Discovery, args: argparse.Namespace, stderr: TextIO) -> None:
    """Never let a run that missed the prompts look like a clean run."""
    from promptlint.discovery import suggest_globs
    from promptlint.runner import display_path

    if found.candidates and not args.only_matching:
        shown = [display_path(p) for p in found.candidates]
        example = ", ".join(shown[:3]) + (", …" if len(shown) > 3 else "")
        globs = ", ".join(f'"{g}"' for g in suggest_globs(shown)[:3])
        count = len(shown)
        what = "1 file that looks like a prompt is" if count == 1 else f"{count} files that look like prompts are"
        them = "it" if count == 1 else "them"
        stderr.write(
            f"promptlint: note: {what} not linted ({example}): no `include` glob matches {them}. "
            f"Add `extend-include = [{globs}]` to promptlint.toml to lint {them}.\n"
        )
    if found.files or args.only_matching or args.staged:
        return
    where = ", ".join(str(p) for p in args.paths) if args.paths else "."
    message = (
        f"no prompt files found in {where} ({found.walked} file{'s' if found.walked != 1 else ''} looked at). "
        "Name the files, or set `include`/`extend-include` in promptlint.toml "
        "(`promptlint init` proposes globs for this repository)"
    )
    if args.paths:
        raise PromptlintError(message)
    stderr.write(f"promptlint: note: {message}.\n")


def _tty(stream: TextIO) -> bool | None:
    from promptlint.reporters.text import use_color

    return use_color(stream)


def cmd_rule(args: argparse.Namespace, stdout: TextIO) -> int:
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


def cmd_init(args: argparse.Namespace, stdout: TextIO) -> int:
    from promptlint import adopt

    return adopt.run(args, stdout)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
