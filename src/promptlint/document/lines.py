"""Offsets ↔ line/column conversion.

Everything inside promptlint addresses text by character offsets into the original
source (a Python ``str`` index). Humans want 1-based lines and columns, and LSP/SARIF
clients want 0-based lines with columns in UTF-16 code units. This module is the single
place that converts, so the rest of the code never has to think about it.

Line breaks are ``\\n``, ``\\r\\n`` and a lone ``\\r`` — the three the LSP specification
recognises — and nothing else (``str.splitlines`` also splits on form feeds and
U+2028, which editors do not).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

_BREAK = re.compile(r"\r\n|\r|\n")


class Position(NamedTuple):
    """A 0-based line and a 0-based column counted in Python characters."""

    line: int
    column: int


class LineIndex:
    """Line starts of a text, for offset ↔ position conversion in O(log n)."""

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        return self._starts[line]

    def line_end(self, line: int, *, keep_break: bool = False) -> int:
        """Offset where ``line`` ends (before its line break unless ``keep_break``)."""
        if line + 1 < len(self._starts):
            end = self._starts[line + 1]
            if keep_break:
                return end
            if self._text[end - 2 : end] == "\r\n":
                return end - 2
            return end - 1
        return len(self._text)

    def line_text(self, line: int) -> str:
        return self._text[self._starts[line] : self.line_end(line)]

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        # An offset between "\r" and "\n" belongs to the end of the line.
        return Position(line, offset - self._starts[line])

    def utf16_column(self, offset: int) -> int:
        """Column of ``offset`` in UTF-16 code units (what LSP and SARIF count)."""
        line, column = self.position(offset)
        start = self._starts[line]
        prefix = self._text[start : start + column]
        if prefix.isascii():
            return column
        return column + sum(1 for ch in prefix if ord(ch) > 0xFFFF)

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based line and character column (clamped to the line)."""
        if line >= len(self._starts):
            return len(self._text)
        start = self._starts[line]
        return min(start + column, self.line_end(line))

    def offset_from_utf16(self, line: int, utf16_column: int) -> int:
        """Offset of a 0-based line and a UTF-16 column (as LSP clients send)."""
        if line >= len(self._starts):
            return len(self._text)
        start = self._starts[line]
        end = self.line_end(line)
        units = 0
        index = start
        while index < end and units < utf16_column:
            units += 2 if ord(self._text[index]) > 0xFFFF else 1
            index += 1
        return index


def line_endings(text: str) -> dict[str, int]:
    """How many ``\\n``, ``\\r\\n`` and lone ``\\r`` line endings ``text`` has."""
    counts = {"\n": 0, "\r\n": 0, "\r": 0}
    for m in _BREAK.finditer(text):
        counts[m.group()] += 1
    return counts


def dominant_newline(text: str) -> str:
    """The line ending most of ``text`` uses (``\\n`` for a file with none)."""
    counts = line_endings(text)
    best = max(counts, key=lambda k: (counts[k], k == "\n"))
    return best if counts[best] else "\n"
