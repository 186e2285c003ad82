"""EVAL001 stale-golden-set."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint import tokens
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.document.parsers import parse_text
from promptlint.rules.base import Option, RuleContext, RuleMeta


class StaleGoldenSet:
    """The prompt's body changed in several commits since its golden set last changed.

    ## What it does
    For each golden set that tests the prompt (`<prompt>.golden.yaml` beside it, or a
    configured one that names it), counts the commits since the golden set last
    changed that changed the prompt's *body* — what is sent to the model: frontmatter
    edits (a version bump, a new description) and whitespace-only edits do not count.
    At `max-commits` (default 3) or more, the prompt is flagged, with the golden set,
    the commit it last changed in, and the count. A golden set with uncommitted changes
    counts as fresh (it is being updated), and prompts outside git are not checked.

    ## Why is this bad?
    Eval sets rot when the product moves and the set does not: the cases keep passing
    because they test what the prompt used to do. A set that has not been looked at
    through three rewrites of its prompt is no longer evidence of anything.

    ## Example
    `support.prompty` was reworded in four commits since
    `support.prompty.golden.yaml` last changed.

    ## Use instead
    Review the golden set against the prompt as it is now — add cases for the new
    behaviour, drop the ones that no longer apply — and commit it.

    ## Options
    - `max-commits` (default `3`): flag at this many body-changing commits.
    """

    meta = RuleMeta(
        code="EVAL001",
        name="stale-golden-set",
        summary="Prompt body changed in several commits since its golden set last changed",
        default_severity=Severity.WARNING,
        needs_golden=True,
        needs_git_history=True,
        options={"max-commits": Option("int", 3, "Flag at this many body-changing commits.", minimum=1)},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if ctx.golden is None or not ctx.golden.history or doc.extra.get("unreadable"):
            return
        limit = int(ctx.options["max-commits"])
        for history in ctx.golden.history:
            bodies = [_body(source, doc) for source in history.revisions]
            changed = [
                commit for commit, before, after in zip(history.commits, bodies, bodies[1:], strict=False)
                if before != after
            ]  # fmt: skip
            if len(changed) < limit:
                continue
            start = doc.body_span.start
            line = doc.lines.position(start).line
            yield ctx.diagnostic(
                Span(start, max(start, doc.lines.line_end(line))),
                f"The prompt's body changed in {len(changed)} commits since its golden set {history.golden} "
                f"last changed ({history.since}; latest change {changed[-1]}): review the golden set",
            )


def _body(source: str | None, doc: Document) -> str:
    """The prompt as sent, whitespace runs folded (a re-wrapped line is not a change)."""
    if source is None:
        return ""
    return " ".join(tokens.prompt_text(parse_text(source, doc.path, doc.format)).split())
