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

    In JSON and YAML files the rule also reads each string as the model receives it:
    an invisible character written as an escape (`"\\u200b"`, or the surrogate pairs
    `"\\udb40\\udc49"` that `json.dumps` writes for tag characters, or `"\\U000E0049"`
    in YAML) is reported at the escape, with the hidden text decoded, and the fix
    removes the escape sequences whole.

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
        found: list[tuple[Span, str]] = [
            (Span(run.start, run.end), _message(run.chars, "")) for run in unicode.find_runs(doc.source)
        ]
        found.extend(_escaped_runs(doc))
        for span, message in sorted(found):
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


def _message(chars: str, written: str) -> str:
    hidden = unicode.InvisibleRun(0, len(chars), chars).hidden_text
    if hidden is not None:
        shown = hidden if len(hidden) <= 80 else hidden[:79] + "…"
        return f"{len(chars)} invisible Unicode tag characters{written} spell hidden text: {shown!r}"
    if len(chars) == 1:
        return f"Invisible {unicode.kind(chars)} {unicode.describe(chars)}{written}"
    kinds = sorted({unicode.kind(c) for c in chars})
    names = ", ".join(sorted({unicode.describe(c) for c in chars})[:3])
    return f"{len(chars)} invisible characters{written} ({', '.join(kinds)}: {names})"


def _escaped_runs(doc: Document) -> Iterator[tuple[Span, str]]:
    """Invisible characters the file writes as escapes, judged in the decoded string.

    The decoded string is what the model reads, so context (an emoji ZWJ sequence
    written as escapes is fine) is judged there. Characters written raw are already
    found in the file's own text; each stretch of escapes that follow one another in
    the file is one finding, and removing that stretch removes whole escapes only.
    """
    for text in doc.escaped_strings:
        for run in unicode.find_runs(text.text):
            stretch: list[tuple[str, Span]] = []
            for index in range(run.start, run.end):
                escape = text.escape_at(index)
                if escape is not None and stretch and stretch[-1][1].end == escape.start:
                    stretch.append((text.text[index], escape))
                    continue
                if stretch:
                    yield _stretch(stretch)
                stretch = [(text.text[index], escape)] if escape is not None else []
            if stretch:
                yield _stretch(stretch)


def _stretch(stretch: list[tuple[str, Span]]) -> tuple[Span, str]:
    chars = "".join(c for c, _ in stretch)
    written = " written as escapes" if len(chars) > 1 else " written as an escape"
    return Span(stretch[0][1].start, stretch[-1][1].end), _message(chars, written)
