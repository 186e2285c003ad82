"""Span → positions for each consumer."""

from __future__ import annotations

import re
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


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text from a prompt file, safe to print: control characters (an ESC sequence in a
    hostile prompt would recolour or rewrite the terminal; most are invalid in XML)
    become U+FFFD, one character each, so carets under a snippet stay aligned."""
    return _CONTROL.sub("\ufffd", text) if not text.isprintable() else text
