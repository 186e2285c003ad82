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
