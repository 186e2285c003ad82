"""``promptlint eval``: send golden sets through the target model and report regressions."""

from __future__ import annotations

import argparse
import io
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from promptlint.errors import PromptlintError
from promptlint.files import write_atomic

if TYPE_CHECKING:
    from promptlint.eval.cases import Source
    from promptlint.golden import GoldenIndex
    from promptlint.llm import Request

HELP = "run golden sets through the model (default: the sets of prompts changed against HEAD)"
FORMATS = ("text", "json", "junit")
SKIP_HINT = "to commit once without the smoke eval: SKIP=promptlint-smoke git commit …"


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _dollars(value: str) -> float:
    try:
        number = float(value.lstrip("$"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an amount in USD, got {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="prompt files, golden sets or folders")
    parser.add_argument("--all", action="store_true", help="run every golden set under the current folder")
    parser.add_argument("--staged", action="store_true", help="use the prompts and golden sets as staged (the index)")
    parser.add_argument("--compare", metavar="REV", help="also run each case against the prompt at REV")
    parser.add_argument("--dry-run", action="store_true", help="print token counts and the cost estimate; send nothing")
    parser.add_argument("--max-cost", type=_dollars, metavar="USD", help="refuse to start above this estimate")
    parser.add_argument("--concurrency", type=_positive_int, metavar="N", help="requests in flight (default 4)")
    parser.add_argument("--repeat", type=_positive_int, metavar="N", help="runs per case (overrides the sets)")
    parser.add_argument("--no-cache", action="store_true", help="send every request; keep no answers")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--output-file", type=Path, metavar="F", help="write the report to F instead of stdout")
    parser.add_argument("--config", type=Path, metavar="F", help="use this config file")
    parser.add_argument("--promptfoo", type=Path, metavar="F", help="run the tests of a promptfoo config")
    parser.add_argument(
        "--only-matching",
        action="store_true",
        help="ignore named files that are neither golden sets nor prompts with one (the pre-commit hook)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and debug logs")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from promptlint.config import ConfigResolver
    from promptlint.eval.cases import Overrides, expand
    from promptlint.eval.progress import Progress
    from promptlint.eval.report import REPORTERS
    from promptlint.eval.run import Settings, exit_code
    from promptlint.eval.run import run as run_cases
    from promptlint.golden import GoldenIndex, IndexReader, read_worktree
    from promptlint.llm import ModelClient, scrub
    from promptlint.reporters.text import use_color
    from promptlint.runner import display_path
    from promptlint.store import Store

    if args.promptfoo is not None and (args.paths or args.all):
        raise PromptlintError("--promptfoo runs that config's tests: do not name paths or --all with it")
    if args.compare is not None and args.promptfoo is not None:
        raise PromptlintError("--compare needs golden sets (not --promptfoo)")
    resolver = ConfigResolver(args.config)
    config = resolver.file_for(resolver.root)
    settings = config.eval
    index = GoldenIndex(resolver, IndexReader() if args.staged else read_worktree)

    if args.promptfoo is not None:
        from promptlint.eval import promptfoo

        if not args.promptfoo.is_file():
            raise PromptlintError(f"promptfoo config not found: {args.promptfoo}")
        plan = promptfoo.load(args.promptfoo.resolve(), resolver.file_for(args.promptfoo), show=display_path)
        for note in plan.notes:
            stderr.write(f"promptlint: note: {note}\n")
        sources = plan.sources
    else:
        sources = _sources(args, index, display_path)
    if not sources:
        what = "the named files" if args.paths else "the changed prompts" if not args.all else "this folder"
        stderr.write(f"promptlint: note: no golden sets to run for {what}\n")
        return 0

    cases = []
    for source in sources:
        cases.extend(expand(source, display_path, Overrides(repeat=args.repeat)))
    store = Store(config.root) if not args.no_cache else Store.memory()
    client = ModelClient(
        store, namespace="eval", timeout=settings.timeout, retries=settings.retries, models=config.models
    )
    run_settings = Settings(
        concurrency=args.concurrency or settings.concurrency,
        max_cost=args.max_cost if args.max_cost is not None else settings.max_cost,
        use_cache=not args.no_cache,
        dry_run=args.dry_run,
        compare=args.compare,
        catalog=config.models,
    )
    with Progress(stderr, enabled=args.format == "text" or args.output_file is not None) as progress:
        report = run_cases(cases, client, run_settings, progress=progress.stage, preflight=_preflight)
    buffer = io.StringIO()
    color = args.output_file is None and use_color(stdout)
    REPORTERS[args.format](report, buffer, color=color)
    output = scrub(buffer.getvalue())
    if args.output_file is not None:
        try:
            write_atomic(args.output_file, output.encode("utf-8"))
        except OSError as exc:
            raise PromptlintError(f"cannot write {args.output_file}: {exc.strerror or exc}") from None
    else:
        stdout.write(output)
    if args.dry_run:
        return 0
    return exit_code(report, block_old_failures=settings.block_old_failures)


def _sources(args: argparse.Namespace, index: GoldenIndex, show: object) -> list[Source]:
    from promptlint import gitutil
    from promptlint.eval.cases import Source, check_spec
    from promptlint.eval.select import select

    goldens = select(args.paths, index, every=args.all, staged=args.staged, only_matching=args.only_matching)
    sources = []
    for path in goldens:
        golden = index.load(path)
        if golden is None:
            continue  # --staged: not in the index
        shown = show(path)  # type: ignore[operator]
        check_spec(shown, golden.source, golden.spec)
        if golden.prompt is None:
            raise PromptlintError(f"{shown}: the golden set names no prompt: add `prompt: <file>`")
        source = Source(path, golden.spec, golden.prompt, index.read(golden.prompt), index.resolver.file_for(path))
        if args.compare is not None:
            source.compare = True
            root = gitutil.repo_of(golden.prompt)
            if root is None or not gitutil.rev_exists(root, args.compare):
                raise PromptlintError(f"--compare {args.compare}: no such revision (or {shown} is not in git)")
            spec = f"{args.compare}:{gitutil.relative_to_root(root, golden.prompt)}"
            source.compare_data = gitutil.read_blobs(root, [spec]).get(spec)
        sources.append(source)
    return sources


def _preflight(requests: list[Request]) -> None:
    """Before the first request: litellm is installed and each model's key is set."""
    from promptlint import llm

    if not llm.litellm_available():
        raise PromptlintError(
            f"{len(requests)} request{'s' if len(requests) != 1 else ''} to send, and model calls need litellm: "
            f"pip install 'promptlint-suite[eval]' ({SKIP_HINT})"
        )
    seen: set[tuple[str, str | None]] = set()
    for request in requests:
        pair = (request.model, request.api_base)
        if pair in seen:
            continue
        seen.add(pair)
        missing = llm.missing_keys(request.model, request.api_base)
        if missing:
            raise PromptlintError(
                f"{request.model} needs {' and '.join(missing)} in the environment; nothing was sent ({SKIP_HINT})"
            )
