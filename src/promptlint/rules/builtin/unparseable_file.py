"""FMT001 unparseable-file."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta


class UnparseableFile:
    """The file cannot be read as its format.

    ## What it does
    Reports files that are binary, not UTF-8, too large to lint, or whose structure is
    broken: invalid YAML frontmatter or YAML file, invalid JSON, frontmatter that is
    never closed or is not a mapping. The message gives the parser's reason at the
    position it failed. A JSON or YAML file that is itself a Jinja template (statements
    between list items) is not "invalid": its template is checked by TPL003 instead.

    ## Why is this bad?
    The prompt loader will fail on it, or silently treat the frontmatter as prompt
    text, and every other rule sees less of the file than it should.

    ## Example
    ```yaml
    ---
    input:
      schema
        name: string
    ---
    ```

    ## Use instead
    ```yaml
    ---
    input:
      schema:
        name: string
    ---
    ```
    """

    meta = RuleMeta(
        code="FMT001",
        name="unparseable-file",
        summary="File is binary, not UTF-8, too large, or not valid for its format",
        default_severity=Severity.ERROR,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in doc.problems:
            yield ctx.diagnostic(problem.span, problem.message)
