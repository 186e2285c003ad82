"""``promptlint check``: lint prompt files and report (text, JSON, SARIF, GitHub, JUnit)."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from promptlint.errors import PromptlintError
from promptlint.files import write_atomic

if TYPE_CHECKING:
    from promptlint.discovery import Discovery

HELP = "lint prompt files (default: the current folder)"
FORMATS = ("text", "json", "sarif", "github", "junit")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output-file", type=Path, metavar="F", help="write the report to F instead of stdout")
    parser.add_argument(
        "--select", type=_codes, metavar="CODES", help="comma-separated codes, names or prefixes to run"
    )
    parser.add_argument("--ignore", type=_codes, default=[], metavar="CODES", help="codes, names or prefixes to skip")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    parser.add_argument("--unsafe-fixes", action="store_true", help="with --fix, also apply unsafe fixes")
    parser.add_argument("--staged", action="store_true", help="lint the staged (index) content, not the work tree")
    parser.add_argument("--base", default="HEAD", metavar="REV", help="revision VER002/TOK002 compare with (HEAD)")
    parser.add_argument("--config", type=Path, metavar="F", help="use this config file for every path")
    parser.add_argument(
        "--only-matching",
        action="store_true",
        help="lint only the named files that `include` selects (the pre-commit hooks pass every file)",
    )
    parser.add_argument("--model", help="target model for tokenizer and prices (overrides the config)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write .promptlint_cache")
    parser.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="worker processes (default: the config's `jobs`, 0: by run size)"
    )
    parser.add_argument("--baseline", type=Path, metavar="F", help="hide findings recorded in baseline F")
    parser.add_argument("--write-baseline", type=Path, metavar="F", help="record current findings in F and exit 0")
    parser.add_argument("--statistics", action="store_true", help="count findings per rule")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and debug logs")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from promptlint.config import ConfigResolver, Overrides
    from promptlint.progress import Progress
    from promptlint.report import ReportOptions
    from promptlint.reporters import REPORTERS
    from promptlint.reporters.text import use_color
    from promptlint.runner import CheckOptions, check, collect, exit_code, services_for

    if args.unsafe_fixes and not args.fix:
        raise PromptlintError("--unsafe-fixes needs --fix")
    overrides = Overrides(
        select=tuple(args.select) if args.select is not None else None,
        ignore=tuple(args.ignore),
        model=args.model,
    )
    resolver = ConfigResolver(args.config, overrides)
    if args.jobs is not None and args.jobs < 0:
        raise PromptlintError("--jobs must be 0 (automatic) or a number of processes")
    run_settings = resolver.default().file
    jobs = args.jobs if args.jobs is not None else run_settings.jobs or 0
    check_options = CheckOptions(
        staged=args.staged,
        base=args.base,
        fix=args.fix,
        unsafe_fixes=args.unsafe_fixes,
        cache=not args.no_cache,
        only_matching=args.only_matching,
        jobs=jobs,
        server=_server_enabled(run_settings.server),
    )
    found = collect(args.paths, resolver, check_options)
    _explain_discovery(found, args, stderr)
    services = services_for(resolver, check_options)
    with Progress(len(found.files), stderr) as progress:
        reports = check(args.paths, resolver, check_options, found=found, services=services, progress=progress.update)
    for notice in services.notices:
        stderr.write(f"promptlint: {notice}\n")
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
    options = ReportOptions(
        statistics=args.statistics,
        color=args.output_file is None and use_color(stdout),
        unsafe_fixes=args.unsafe_fixes,
    )
    REPORTERS[args.format](reports, buffer, options)
    if args.output_file is not None:
        try:
            write_atomic(args.output_file, buffer.getvalue().encode("utf-8"))
        except OSError as exc:
            raise PromptlintError(f"cannot write {args.output_file}: {exc.strerror or exc}") from None
    else:
        stdout.write(buffer.getvalue())
    if args.exit_zero:
        return 0
    return exit_code(reports)


def _server_enabled(setting: bool | None) -> bool:
    from promptlint.server.client import enabled

    return enabled(setting)


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
