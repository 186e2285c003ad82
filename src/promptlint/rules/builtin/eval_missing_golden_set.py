"""EVAL002 missing-golden-set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from promptlint import globs
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta


class MissingGoldenSet:
    """A prompt that must have a golden set has none.

    ## What it does
    Opt-in: with `require-golden` globs (relative to the config file, like
    `per-file-ignores`), every prompt they match must have a golden set —
    `<prompt>.golden.yaml` beside it, or a configured golden set (`[tool.promptlint.eval]
    golden`) whose `prompt:` names it. The finding is at the top of the prompt and names
    the file to create. With no `require-golden` (the default) nothing is reported.

    ## Why is this bad?
    The prompts a team calls critical are the ones whose behaviour must not change
    unnoticed; without a golden set `promptlint eval` and the `promptlint-smoke` hook have
    nothing to run for them, and a regression goes straight to production.

    ## Example
    ```toml
    [tool.promptlint.rules.EVAL002]
    require-golden = ["prompts/billing/**"]
    ```
    with `prompts/billing/refunds.prompty` and no `refunds.prompty.golden.yaml`.

    ## Use instead
    Add `prompts/billing/refunds.prompty.golden.yaml` with a few cases (see the
    README's golden-set format).

    ## Options
    - `require-golden` (default `[]`): globs of prompts that must have a golden set.
    """

    meta = RuleMeta(
        code="EVAL002",
        name="missing-golden-set",
        summary="Prompt that must have a golden set has none",
        default_severity=Severity.WARNING,
        needs_golden=True,
        options={"require-golden": Option("list[str]", [], "Globs of prompts that must have a golden set.")},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        patterns = tuple(ctx.options["require-golden"])
        path = ctx.rel_path or doc.path
        if not patterns or ctx.golden is None or ctx.golden.golden_sets or path is None:
            return
        if not globs.matches_any(path, patterns):
            return
        start = 1 if doc.source.startswith("\ufeff") else 0
        name = PurePosixPath(path).name
        yield ctx.diagnostic(
            Span(start, start),
            f"No golden set for this prompt (required by `require-golden`): add {name}.golden.yaml beside it",
        )
