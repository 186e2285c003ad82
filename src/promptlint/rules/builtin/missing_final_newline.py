"""WS002 missing-final-newline."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.lines import dominant_newline
from promptlint.document.model import Document, Span
from promptlint.rules.base import RuleContext, RuleMeta


class MissingFinalNewline:
    """The file does not end with a line break.

    ## What it does
    Flags a non-empty file whose last line has no line ending.

    ## Why is this bad?
    POSIX tools, `cat` and diff treat the last line as incomplete ("\\ No newline at end
    of file"), so appending to the prompt later shows a spurious change on the line
    before. Editors disagree about adding it, which churns diffs.

    ## Example
    ```text
    Answer in one sentence.⏎(missing)
    ```

    ## Use instead
    ```text
    Answer in one sentence.⏎
    ```
    """

    meta = RuleMeta(
        code="WS002",
        name="missing-final-newline",
        summary="File does not end with a line break",
        default_severity=Severity.WARNING,
        fix="always",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        source = doc.source
        if not source.strip("\ufeff") or source.endswith(("\n", "\r")):
            return
        end = len(source)
        newline = dominant_newline(source)
        yield ctx.diagnostic(
            Span(end, end),
            "No line break at end of file",
            fix=Fix("Add a final line break", (Edit(Span(end, end), newline),)),
        )
