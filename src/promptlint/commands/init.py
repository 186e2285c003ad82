"""``promptlint init``: adopt a repository that already has prompts.

A linter added to an existing repository meets its history: every prompt that never had
a version header, every trailing blank. If the first commit after installing the hook is
blocked by findings nobody introduced, the hook is uninstalled. So ``init``:

1. looks at the tree and says which prompt files the default globs find, and which files
   that look like prompts they miss, with ``extend-include`` globs that cover them;
2. lints what that configuration selects and counts today's findings per rule;
3. makes the adoption choices explicit — record today's findings in a baseline (commits
   are then checked for new findings only), and, when most prompts carry no version
   header, ignore VER001 until the team versions its prompts;
4. writes the config (``promptlint.toml``, or a ``[tool.promptlint]`` table in an
   existing ``pyproject.toml``) and prints the pre-commit snippet.

Questions are asked only on a terminal; elsewhere the flags decide (``--yes`` accepts
every proposal, ``--baseline``/``--no-baseline`` decide the baseline), so ``init`` works
in scripts and tests, and never writes what it did not say.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from promptlint import __version__
from promptlint.errors import PromptlintError
from promptlint.files import write_atomic

if TYPE_CHECKING:
    from promptlint.report import FileReport

BASELINE_NAME = ".promptlint-baseline.json"
# Above this share of files without a version header, VER001 is adoption noise.
UNVERSIONED_SHARE = 0.5

PRE_COMMIT_SNIPPET = f"""\
# .pre-commit-config.yaml
repos:
  - repo: https://github.com/promptlint/promptlint
    rev: main   # pin a tag or commit: `pre-commit autoupdate` does it (promptlint {__version__})
    hooks:
      - id: promptlint          # or promptlint-fix: apply safe fixes, then report what remains
        # Person names without a cue ("I'm …", "Customer: …") need a spaCy English pipeline
        # in the hook's environment; without one, emails, phones, cards… are still checked.
        # additional_dependencies:
        #   - en_core_web_sm @ https://github.com/explosion/spacy-models/releases/download/en_core_web_sm-3.8.0/en_core_web_sm-3.8.0-py3-none-any.whl
"""


@dataclass
class Plan:
    """What ``init`` found and proposes."""

    files: int = 0
    extend_include: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    unversioned: int = 0
    fixable: int = 0
    baseline: bool = False
    ignore_unversioned: bool = False


HELP = "adopt this repository: find its prompts, count today's findings, write config and baseline"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite an existing promptlint.toml")
    parser.add_argument("-y", "--yes", action="store_true", help="accept every proposal without asking")
    parser.add_argument(
        "--baseline",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="record today's findings in .promptlint-baseline.json (default: ask on a terminal, else yes)",
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO | None = None, stdin: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    ask = _asker(args, stdin, stdout)
    target = _target(args)
    plan = Plan()
    found = _discover()
    plan.files = len(found.files)
    stdout.write(f"Found {plan.files} prompt file{'s' if plan.files != 1 else ''} with the default globs.\n")
    if found.candidates:
        from promptlint.discovery import suggest_globs
        from promptlint.runner import display_path

        shown = [display_path(p) for p in found.candidates]
        globs = suggest_globs(shown)
        stdout.write(f"{len(shown)} more file{'s' if len(shown) != 1 else ''} look like prompts:\n")
        for glob in globs:
            stdout.write(f"  {glob}\n")
        if ask(f"Lint these too (extend-include = {_toml_list(globs)})?", default=True):
            plan.extend_include = globs
    reports = _lint(plan.extend_include)
    plan.files = len(reports)
    for report in reports:
        plan.counts.update(d.code for d in report.diagnostics)
        plan.fixable += sum(1 for d in report.diagnostics if d.fix is not None and d.fix.applicability.value == "safe")
    plan.unversioned = plan.counts.get("VER001", 0)
    _describe(plan, stdout)
    total = sum(plan.counts.values())
    if plan.files and plan.unversioned / plan.files > UNVERSIONED_SHARE:
        stdout.write(
            f"\n{plan.unversioned} of {plan.files} prompt files carry no version header (VER001). Either version "
            "them (`promptlint check --fix --select VER001` inserts `version: 1.0.0`), or ignore VER001 until "
            "you do.\n"
        )
        plan.ignore_unversioned = ask("Ignore VER001 for now?", default=False)
        if plan.ignore_unversioned:
            total -= plan.unversioned
    if total:
        stdout.write(
            f"\nThese {total} findings are already in the repository. A baseline records them, so the hook and CI "
            "report only findings a change introduces; fix them at your pace and write the baseline again.\n"
        )
        plan.baseline = (
            args.baseline
            if args.baseline is not None
            else ask(f"Write a baseline of today's findings to {BASELINE_NAME}?", default=True)
        )
    _write_config(target, plan, stdout)
    if plan.baseline:
        _write_baseline(reports, plan, stdout)
    stdout.write("\nAdd the hook to your .pre-commit-config.yaml:\n\n" + PRE_COMMIT_SNIPPET)
    return 0


# ------------------------------------------------------------------- steps


def _asker(args: argparse.Namespace, stdin: TextIO, stdout: TextIO):  # type: ignore[no-untyped-def]
    interactive = not args.yes and bool(getattr(stdin, "isatty", lambda: False)())

    def ask(question: str, *, default: bool) -> bool:
        if args.yes:
            return True
        if not interactive:
            stdout.write(f"{question} [{'Y/n' if default else 'y/N'}] {'yes' if default else 'no'} (not a terminal)\n")
            return default
        stdout.write(f"{question} [{'Y/n' if default else 'y/N'}] ")
        stdout.flush()
        answer = stdin.readline().strip().lower()
        return default if not answer else answer in ("y", "yes")

    return ask


def _target(args: argparse.Namespace) -> Path:
    pyproject, target = Path("pyproject.toml"), Path("promptlint.toml")
    if target.exists() and not args.force:
        raise PromptlintError("promptlint.toml already exists (use --force to overwrite)")
    if not target.exists() and pyproject.is_file():
        if "[tool.promptlint]" in pyproject.read_text(encoding="utf-8"):
            raise PromptlintError("pyproject.toml already has a [tool.promptlint] table")
        return pyproject
    return target


def _discover():  # type: ignore[no-untyped-def]
    from promptlint.config import ConfigResolver, Overrides
    from promptlint.discovery import discover

    return discover([Path()], ConfigResolver(None, Overrides()))


def _lint(extend_include: list[str]) -> list[FileReport]:
    """Today's findings under the proposed selection (the default rules, no cache)."""
    from promptlint.config import ConfigResolver, FileConfig, Overrides
    from promptlint.runner import CheckOptions, check

    proposal = FileConfig(path=None, root=Path.cwd().resolve(), extend_include=tuple(extend_include))
    resolver = ConfigResolver(None, Overrides(), defaults=proposal)
    return check([Path()], resolver, CheckOptions(cache=False))


def _describe(plan: Plan, stdout: TextIO) -> None:
    from promptlint.config import ConfigResolver, Overrides

    if not plan.counts:
        stdout.write(f"No findings in {plan.files} file{'s' if plan.files != 1 else ''}.\n")
        return
    registry = ConfigResolver(None, Overrides()).default().registry
    stdout.write(f"\nToday's findings in {plan.files} files:\n")
    for code, count in sorted(plan.counts.items(), key=lambda item: (-item[1], item[0])):
        rule = registry.rules.get(code)
        name = rule.meta.name if rule else ""
        stdout.write(f"  {code:<7} {count:>6}  {name}\n")
    if plan.fixable:
        stdout.write(f"{plan.fixable} of them have a safe fix (`promptlint check --fix`).\n")


def _write_config(target: Path, plan: Plan, stdout: TextIO) -> None:
    lines = [
        "# promptlint configuration. `promptlint rule` lists the rules; `promptlint rule CODE`",
        "# documents one, with its options.",
        "# The model of prompts that name none: its tokenizer and prices (TOK001/TOK002), its",
        "# context window (TOK003), whether it is pinned, deprecated or unknown (MOD001-003).",
        "# Name a dated snapshot (`promptlint bom` shows what the prompts name today).",
        '# model = "openai/gpt-5.4-2026-03-05"',
        "# Findings at or above this severity fail the run: info, warning or error.",
        'fail-on = "warning"',
    ]
    if plan.extend_include:
        lines += [
            "# Prompt files the default globs do not find.",
            f"extend-include = {_toml_list(plan.extend_include)}",
        ]
    if plan.ignore_unversioned:
        lines += ["# Until the prompts carry version headers (then remove this line).", 'ignore = ["VER001"]']
    else:
        lines += ['# ignore = ["TOK002"]']
    if plan.baseline:
        lines += [
            "# Today's findings, recorded by `promptlint init`: only new ones are reported.",
            f'baseline = "{BASELINE_NAME}"',
        ]
    lines += ['# per-file-ignores = { "prompts/legacy/**" = ["VER001"] }']
    if target.name == "pyproject.toml":
        text = target.read_text(encoding="utf-8")
        separator = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        body = "\n".join(["[tool.promptlint]", *lines, "", "[tool.promptlint.rules.TOK001]", *_TOK001]) + "\n"
        write_atomic(target, (text + separator + body).encode("utf-8"))
        stdout.write("\nAdded a [tool.promptlint] table to pyproject.toml.\n")
    else:
        write_atomic(target, ("\n".join([*lines, "", "[rules.TOK001]", *_TOK001]) + "\n").encode("utf-8"))
        stdout.write("\nWrote promptlint.toml.\n")


_TOK001 = ["# Token budget for every prompt (0: none; TOK003 checks the context window).", "max-tokens = 0"]


def _write_baseline(reports: list[FileReport], plan: Plan, stdout: TextIO) -> None:
    """Today's findings under the configuration just written (its selection, its ignores)."""
    from promptlint import baseline

    if plan.ignore_unversioned:
        for report in reports:
            report.diagnostics = [d for d in report.diagnostics if d.code != "VER001"]
    count = baseline.write(Path(BASELINE_NAME), reports)
    stdout.write(f"Wrote {count} finding{'s' if count != 1 else ''} to {BASELINE_NAME} (commit it).\n")


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"
