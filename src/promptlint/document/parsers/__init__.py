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

__all__ = [
    "DATA_FORMATS", "FORMATS", "MAX_BYTES", "MAX_LINE", "PROMPT_FORMATS", "detect_format", "parse_bytes", "parse_text",
    "unreadable",
]  # fmt: skip

MAX_BYTES = 2 * 1024 * 1024
# Longer lines are minified data or an attack, not a prompt anyone reads (and some
# scanners' work grows with line length): FMT001 instead of analysis.
MAX_LINE = 1_000_000
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)

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
    data: bytes,
    path: str | None = None,
    fmt: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    max_line: int = MAX_LINE,
) -> Document:
    """Decode and parse file content, turning unreadable content into FMT001."""
    fmt = fmt or (detect_format(path) if is_golden_name(path) else None)
    if len(data) > max_bytes:
        return _broken("", path, fmt or "text", f"file is too large to lint ({len(data):,} bytes; limit {max_bytes:,})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _broken(
                "", path, fmt or "text",
                f"file is {encoding} (it starts with a byte-order mark); promptlint reads UTF-8: "
                f"convert it, e.g. `iconv -f {encoding} -t UTF-8`",
            )  # fmt: skip
    if b"\x00" in data[:8192]:
        return _broken("", path, fmt or "text", "file is binary (contains NUL bytes)")
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _broken(
            "", path, fmt or "text", f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        )
    line = _long_line(source, max_line) if len(source) > max_line else None
    if line is not None:
        return _broken("", path, fmt or "text", f"line {line} is longer than {max_line:,} characters; not analysed")
    return parse_text(source, path, fmt)


def _long_line(source: str, limit: int) -> int | None:
    """The first line (1-based) longer than ``limit`` characters: one pass, no regex."""
    start, number, size = 0, 1, len(source)
    while start <= size:
        end = source.find("\n", start)
        end = size if end < 0 else end
        if end - start > limit:
            return number
        start, number = end + 1, number + 1
    return None


def unreadable(path: str | None, reason: str, fmt: str | None = None) -> Document:
    """The Document of a file that was not read (a FIFO, a device, no permission)."""
    return _broken("", path, fmt or "text", reason)


def _broken(source: str, path: str | None, fmt: str, message: str) -> Document:
    problem = ParseProblem(message, Span(0, min(1, len(source))))
    return Document(
        source=source, path=path, format=fmt, lines=LineIndex(source), problems=(problem,), extra={"unreadable": True}
    )
