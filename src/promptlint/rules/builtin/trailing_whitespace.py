"""WS001 trailing-whitespace."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta

# Any whitespace but a line break, at the end of a line (NBSP and ideographic space too).
_TRAILING = re.compile(r"[^\S\r\n]+(?=\r\n|\r|\n|\Z)")


class TrailingWhitespace:
    """Whitespace at the end of a line.

    ## What it does
    Flags spaces, tabs and other blank characters (no-break space, ideographic space)
    after the last visible character of a line, including lines that hold nothing but
    whitespace.

    ## Why is this bad?
    The model receives every character. Trailing whitespace is invisible in review,
    churns diffs (and makes a "no-op" edit bump the version), and costs tokens. Some
    editors strip it on save, so two people editing the same prompt fight over it.

    ## Example
    ```text
    You are a support agent.␠␠
    ```

    ## Use instead
    ```text
    You are a support agent.
    ```

    ## Options
    - `allow-markdown-line-breaks` (default `false`): in markdown files, accept exactly
      two trailing spaces (a markdown hard line break).
    """

    meta = RuleMeta(
        code="WS001",
        name="trailing-whitespace",
        summary="Whitespace at the end of a line",
        default_severity=Severity.WARNING,
        fix="always",
        options={
            "allow-markdown-line-breaks": Option(
                "bool", False, "In markdown files, accept two trailing spaces (a hard line break)."
            )
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        allow_breaks = ctx.options["allow-markdown-line-breaks"] and doc.format == "markdown"
        for m in _TRAILING.finditer(doc.source):
            if allow_breaks and m.group() == "  ":
                continue
            span = Span(m.start(), m.end())
            yield ctx.diagnostic(
                span,
                "Trailing whitespace",
                fix=Fix("Remove trailing whitespace", (Edit(span, ""),)),
            )
