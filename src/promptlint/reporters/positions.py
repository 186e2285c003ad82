"""Span → positions for each consumer."""

from __future__ import annotations

from typing import Any

from promptlint.document.model import Document, Span


def lsp_range(doc: Document, span: Span) -> dict[str, Any]:
    """0-based lines, ``character`` in UTF-16 code units (LSP, DESIGN.md JSON)."""
    start, end = doc.lines.position(span.start), doc.lines.position(span.end)
    return {
        "start": {"line": start.line, "character": doc.lines.utf16_column(span.start)},
        "end": {"line": end.line, "character": doc.lines.utf16_column(span.end)},
    }


def one_based(doc: Document, offset: int) -> tuple[int, int]:
    """1-based line and 1-based column (in characters) for humans."""
    pos = doc.lines.position(offset)
    return pos.line + 1, pos.column + 1


def sarif_region(doc: Document, span: Span) -> dict[str, Any]:
    """1-based region; SARIF's default column unit is UTF-16 code units."""
    start, end = doc.lines.position(span.start), doc.lines.position(span.end)
    return {
        "startLine": start.line + 1,
        "startColumn": doc.lines.utf16_column(span.start) + 1,
        "endLine": end.line + 1,
        "endColumn": doc.lines.utf16_column(span.end) + 1,
    }


def masked_source(doc: Document, span: Span, sensitive: bool) -> str:
    """The source of ``span``; characters of a sensitive span are replaced by ``*``."""
    text = doc.source[span.start : span.end]
    if not sensitive:
        return text
    return "".join(ch if ch in "\r\n" else "*" for ch in text)


def mask_line(doc: Document, line: int, spans: list[Span]) -> str:
    """A source line with every sensitive span inside it masked."""
    start = doc.lines.line_start(line)
    end = doc.lines.line_end(line)
    chars = list(doc.source[start:end])
    for span in spans:
        for offset in range(max(span.start, start), min(span.end, end)):
            chars[offset - start] = "*"
    return "".join(chars)
