"""Inline suppression directives, and the report of the ones that suppress nothing.

Directives live inside the format's own comments (``<!-- -->``, ``{# #}``,
``{{! }}``, ``#``, ``//``)::

    promptlint: disable=WS001,VER001 -- reason      from this line to `enable=` or EOF
    promptlint: enable=WS001                        ends a `disable=` range
    promptlint: disable-next-line=TPL001 -- reason  the next non-blank line
    promptlint: disable-file=TOK002 -- reason       the whole file

Codes may be written as codes or kebab names. The reason after ``--`` is free text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.model import Comment, Document, Span

_DIRECTIVE = re.compile(
    r"promptlint:\s*(?P<kind>disable-next-line|disable-file|disable|enable)\s*=\s*"
    r"(?P<codes>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)"
)


@dataclass
class Directive:
    kind: str
    codes: list[tuple[str, str]]  # (as written, resolved code or "")
    span: Span  # the directive text
    comment: Comment
    line: int
    used: set[str] = field(default_factory=set)


def parse_directives(doc: Document, resolve: Callable[[str], str | None]) -> list[Directive]:
    directives = []
    for comment in doc.comments:
        body = doc.source[comment.body.start : comment.body.end]
        for m in _DIRECTIVE.finditer(body):
            codes = [(c.strip(), resolve(c.strip()) or "") for c in m.group("codes").split(",")]
            start = comment.body.start + m.start()
            directives.append(
                Directive(
                    m.group("kind"),
                    codes,
                    Span(start, comment.body.start + m.end()),
                    comment,
                    doc.lines.position(start).line,
                )
            )
    return directives


def _next_content_line(doc: Document, line: int) -> int:
    for candidate in range(line + 1, doc.lines.line_count):
        if doc.lines.line_text(candidate).strip():
            return candidate
    return line + 1


def apply(
    doc: Document,
    diagnostics: Sequence[Diagnostic],
    *,
    resolve: Callable[[str], str | None],
    enabled: Iterable[str],
    unused_severity: Severity | None,
) -> list[Diagnostic]:
    """Drop suppressed diagnostics; add SUP001 for unused directives if it is enabled."""
    directives = parse_directives(doc, resolve)
    if not directives:
        return list(diagnostics)
    enabled = set(enabled)
    # (code, first line, last line, directive) ranges.
    ranges: list[tuple[str, int, int, Directive]] = []
    open_ranges: dict[str, tuple[int, Directive]] = {}
    last_line = doc.lines.line_count - 1
    for d in sorted(directives, key=lambda d: d.span.start):
        end_line = doc.lines.position(d.comment.span.end).line
        for _, code in d.codes:
            if not code:
                continue
            if d.kind == "disable-file":
                ranges.append((code, 0, last_line, d))
            elif d.kind == "disable-next-line":
                target = _next_content_line(doc, end_line)
                ranges.append((code, target, target, d))
            elif d.kind == "disable":
                open_ranges.setdefault(code, (d.line, d))
            elif d.kind == "enable" and code in open_ranges:
                start, opener = open_ranges.pop(code)
                ranges.append((code, start, d.line, opener))
                d.used.add(code)  # an enable that closes a range is doing its job
    for code, (start, opener) in open_ranges.items():
        ranges.append((code, start, last_line, opener))

    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        line = doc.lines.position(diagnostic.span.start).line
        hit = next((r for r in ranges if r[0] == diagnostic.code and r[1] <= line <= r[2]), None)
        if hit is None:
            kept.append(diagnostic)
        else:
            hit[3].used.add(diagnostic.code)
    if unused_severity is not None:
        kept.extend(_unused(doc, directives, enabled, unused_severity))
    return kept


def _unused(doc: Document, directives: list[Directive], enabled: set[str], severity: Severity) -> Iterable[Diagnostic]:
    for d in directives:
        if d.kind == "enable":
            continue
        unknown = [written for written, code in d.codes if not code]
        unused = [written for written, code in d.codes if code and code in enabled and code not in d.used]
        for written in unknown:
            yield _sup(d.span, f"Unknown rule '{written}' in suppression directive", severity)
        if not unused:
            continue
        fix = None
        everything_unused = len(unused) + len(unknown) == len(d.codes)
        comment_text = doc.source[d.comment.body.start : d.comment.body.end]
        if everything_unused and _DIRECTIVE.sub("", comment_text).strip(" \t-") == _reason(comment_text):
            fix = Fix("Remove unused suppression", (Edit(_whole_lines(doc, d.comment.span), ""),))
        names = ", ".join(unused)
        yield _sup(d.span, f"Unused suppression for {names} (no such finding here)", severity, fix)


def _reason(text: str) -> str:
    _, _, reason = text.partition("--")
    return reason.strip(" \t-") if reason else ""


def _whole_lines(doc: Document, span: Span) -> Span:
    """The comment's lines, if it sits on lines of its own; else just the comment."""
    first = doc.lines.position(span.start).line
    last = doc.lines.position(span.end).line
    line_start = doc.lines.line_start(first)
    line_end = doc.lines.line_end(last)
    if doc.source[line_start : span.start].strip() or doc.source[span.end : line_end].strip():
        return span
    return Span(line_start, doc.lines.line_end(last, keep_break=True))


def _sup(span: Span, message: str, severity: Severity, fix: Fix | None = None) -> Diagnostic:
    return Diagnostic("SUP001", "unused-suppression", message, span, severity, fix)
