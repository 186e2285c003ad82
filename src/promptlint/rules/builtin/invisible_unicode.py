"""UNI001 invisible-unicode."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.detect import unicode
from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import RuleContext, RuleMeta


class InvisibleUnicode:
    """Invisible or bidirectional control characters in the prompt.

    ## What it does
    Flags zero-width characters, bidirectional controls, Unicode tag characters
    (U+E0000–E007F), other invisible format characters, invisible fillers, stray
    variation selectors and private-use characters — each run of them once, with a safe
    fix that removes the run. No fix is offered for a run inside a template placeholder
    (`{{ na​me }}`), since fixes never edit template code; the message then says so and
    where the placeholder opens — often an unclosed `{{` in prose that runs on to a
    `}}` far below. For tag characters the message spells out the hidden text
    they encode. Ordinary non-ASCII text is never flagged: accents, CJK, emoji and emoji
    sequences (ZWJ families, subdivision flags, keycaps), typographic quotes and dashes,
    ZWNJ/ZWJ inside Persian, Arabic and Indic words, direction marks in right-to-left
    text, and a byte-order mark at the start of the file.

    ## Why is this bad?
    The model reads characters the reviewer cannot see. Tag characters can carry a whole
    hidden instruction ("ASCII smuggling"); bidi overrides make text display in a
    different order than it is read ("Trojan Source"); zero-width characters split
    words so filters and token budgets behave differently than the text looks.

    ## Example
    ```text
    Summarise the ticket.󠁉󠁧󠁮󠁯󠁲󠁥 (invisible tag characters follow the period)
    ```

    ## Use instead
    ```text
    Summarise the ticket.
    ```
    """

    meta = RuleMeta(
        code="UNI001",
        name="invisible-unicode",
        summary="Invisible or bidirectional control characters",
        default_severity=Severity.ERROR,
        fix="sometimes",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for run in unicode.find_runs(doc.source):
            span = Span(run.start, run.end)
            hidden = run.hidden_text
            if hidden is not None:
                shown = hidden if len(hidden) <= 80 else hidden[:79] + "…"
                message = f"{len(run.chars)} invisible Unicode tag characters spell hidden text: {shown!r}"
            elif len(run.chars) == 1:
                message = f"Invisible {unicode.kind(run.chars)} {unicode.describe(run.chars)}"
            else:
                kinds = sorted({unicode.kind(c) for c in run.chars})
                names = ", ".join(sorted({unicode.describe(c) for c in run.chars})[:3])
                message = f"{len(run.chars)} invisible characters ({', '.join(kinds)}: {names})"
            placeholder = next((p for p in doc.placeholders if p.span.overlaps(span)), None)
            if placeholder is not None:
                # The engine drops fixes that edit template code: say so rather than
                # leave the user wondering where the promised fix went.
                opens = doc.lines.position(placeholder.span.start)
                message += (
                    "; no automatic fix: it is inside the template placeholder that opens at "
                    f"line {opens.line + 1}, column {opens.column + 1}"
                )
                yield ctx.diagnostic(span, message)
                continue
            yield ctx.diagnostic(span, message, fix=Fix("Remove invisible characters", (Edit(span, ""),)))
