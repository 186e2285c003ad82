"""Parsers: bytes or text in, one :class:`~promptlint.document.model.Document` out.

:func:`parse_bytes` is the safe door for file content: binary data, invalid UTF-8 and
oversized files become a Document carrying an FMT001 problem instead of an exception,
and a parser bug is caught and reported the same way, so one bad file never stops a run.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from promptlint.document.golden import is_golden_name
from promptlint.document.lines import LineIndex
from promptlint.document.model import Document, ParseProblem, Span
from promptlint.document.parsers.formats import DATA_FORMATS, FORMATS, PROMPT_FORMATS, parse_as

__all__ = ["DATA_FORMATS", "FORMATS", "MAX_BYTES", "PROMPT_FORMATS", "detect_format", "parse_bytes", "parse_text"]

MAX_BYTES = 2 * 1024 * 1024

_BY_SUFFIX = {
    ".prompty": "prompty",
    ".prompt": "dotprompt",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".j2": "jinja",
    ".jinja": "jinja",
    ".jinja2": "jinja",
    ".txt": "text",
}


def detect_format(path: str | None, source: str = "") -> str:
    """Format by extension, then by content (DESIGN.md: "format by extension, then content")."""
    if path and is_golden_name(path):
        return "golden"
    if path:
        suffix = PurePath(path).suffix.lower()
        if suffix in _BY_SUFFIX:
            return _BY_SUFFIX[suffix]
    head = source.lstrip("\ufeff \t\r\n")[:2000]
    if head.startswith(("{", "[")) and not head.startswith(("{{", "{%", "{#")):
        return "json"
    if head.startswith("---") and re.search(r"(?m)^[ \t]*#?[ \t]*(system|user)[ \t]*:[ \t]*$", source):
        return "prompty"
    if re.search(r"\{\{\s*#?role\s+\"", head):
        return "dotprompt"
    if "{%" in head or "{#" in head:
        return "jinja"
    if head.startswith("---"):
        return "markdown"
    return "text"


def parse_text(source: str, path: str | None = None, fmt: str | None = None) -> Document:
    """Parse ``source``; never raises (a parser failure becomes an FMT001 problem)."""
    fmt = fmt or detect_format(path, source)
    try:
        return parse_as(fmt, source, path)
    except RecursionError:
        return _broken(source, path, fmt, "file is nested too deeply to parse")
    except Exception as exc:
        return _broken(source, path, fmt, f"could not be parsed as {fmt} ({type(exc).__name__}: {exc})")


def parse_bytes(
    data: bytes, path: str | None = None, fmt: str | None = None, *, max_bytes: int = MAX_BYTES
) -> Document:
    """Decode and parse file content, turning unreadable content into FMT001."""
    fmt = fmt or (detect_format(path) if is_golden_name(path) else None)
    if len(data) > max_bytes:
        return _broken("", path, fmt or "text", f"file is too large to lint ({len(data):,} bytes; limit {max_bytes:,})")
    if b"\x00" in data[:8192]:
        return _broken("", path, fmt or "text", "file is binary (contains NUL bytes)")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _broken(
            "", path, fmt or "text", f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
    return parse_text(source, path, fmt)


def _broken(source: str, path: str | None, fmt: str, message: str) -> Document:
    problem = ParseProblem(message, Span(0, min(1, len(source))))
    return Document(
        source=source, path=path, format=fmt, lines=LineIndex(source), problems=(problem,), extra={"unreadable": True}
    )
