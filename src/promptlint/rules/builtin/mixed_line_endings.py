"""WS003 mixed-line-endings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.lines import line_endings
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta

_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
_BY_OPTION = {"lf": "\n", "crlf": "\r\n"}
_BREAK = re.compile(r"\r\n|\r|\n")


class MixedLineEndings:
    """The file mixes LF, CRLF and CR line endings.

    ## What it does
    Flags a file whose lines do not all end the same way, at the first line that
    differs from the file's majority ending, with a fix that converts every line to it.
    With `line-ending = "lf"` or `"crlf"`, any other ending is flagged.

    ## Why is this bad?
    A prompt with mixed endings usually came from a copy-paste between Windows and Unix
    tools. The model sees stray `\\r` characters, token counts change, and diffs show
    whole-file changes when an editor normalises the file later.

    ## Example
    ```text
    line one⏎ (LF)
    line two␍⏎ (CRLF)
    ```

    ## Use instead
    ```text
    line one⏎
    line two⏎
    ```

    ## Options
    - `line-ending` (default `"auto"`): `auto` (the majority ending), `lf` or `crlf`.
    """

    meta = RuleMeta(
        code="WS003",
        name="mixed-line-endings",
        summary="File mixes LF, CRLF and CR line endings",
        default_severity=Severity.WARNING,
        fix="always",
        options={
            "line-ending": Option(
                "str", "auto", "Expected line ending: auto (majority), lf or crlf.", choices=("auto", "lf", "crlf")
            )
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        counts = line_endings(doc.source)
        used = {k: v for k, v in counts.items() if v}
        wanted = _BY_OPTION.get(ctx.options["line-ending"])
        if wanted is None:
            if len(used) < 2:
                return
            wanted = max(used, key=lambda k: (used[k], k == "\n"))
        elif set(used) <= {wanted}:
            return
        edits = tuple(
            Edit(Span(m.start(), m.end()), wanted) for m in _BREAK.finditer(doc.source) if m.group() != wanted
        )
        summary = ", ".join(f"{n} {_NAMES[k]}" for k, n in used.items())
        first = edits[0].span
        yield ctx.diagnostic(
            first,
            f"Mixed line endings ({summary}); expected {_NAMES[wanted]}",
            fix=Fix(f"Convert all line endings to {_NAMES[wanted]}", edits),
        )
