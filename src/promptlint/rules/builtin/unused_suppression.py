"""SUP001 unused-suppression (reported by the engine's suppression pass)."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta


class UnusedSuppression:
    """An inline `promptlint: disable…` directive suppresses nothing.

    ## What it does
    Reports a code in a `promptlint: disable=`, `disable-next-line=` or `disable-file=`
    directive that matched no finding of that rule, and codes that name no rule at all.
    Directives for rules that are not enabled are left alone (they may be enabled
    elsewhere). The fix removes the directive when every code in it is unused and the
    comment holds nothing else.

    ## Why is this bad?
    Stale suppressions hide the next real finding on that line and make readers believe
    there is a problem there. They accumulate quietly unless something reports them.

    ## Example
    ```markdown
    <!-- promptlint: disable-next-line=WS001 -- pasted table -->
    A line with no trailing whitespace.
    ```

    ## Use instead
    ```markdown
    A line with no trailing whitespace.
    ```
    """

    meta = RuleMeta(
        code="SUP001",
        name="unused-suppression",
        summary="Inline suppression directive suppresses nothing",
        default_severity=Severity.WARNING,
        fix="sometimes",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        # Produced by promptlint.suppress, which sees what every other rule reported.
        return iter(())
