"""Masking for everything a reporter prints from the source: snippets, lines, messages.

A privacy rule reports one span, but the value it found rarely appears once: the same
name twice on a line, the surname alone a few words later, the e-mail's local part in a
greeting. Masking only the reported span would print the rest. So every detected value
of a file is masked wherever a reporter shows source text — the value itself and its
parts (``Dana``, ``Whitfield``, ``dana.whitfield``), as whole words, case-insensitively —
plus every sensitive span by position. The values come from the spans of the file's
sensitive findings, including those a baseline hides from the report: a finding that is
no longer reported is still somebody's data.

Masks keep the length (``*`` per character) so carets under a snippet still line up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from promptlint.document.model import Document, Span

# Separators inside a value: its parts are masked on their own too.
_PARTS = re.compile(r"[\s,;:/\\@.()\[\]<>\"'`|+=_-]+")
# Parts too common to identify anyone (masking them would only hide the context).
_COMMON = frozenset("com org net edu gov www http https mailto the and von van der de la le".split())


class Masker:
    """Masks the sensitive values of one document in any text taken from it."""

    def __init__(self, doc: Document, sensitive: Iterable[Span]) -> None:
        self.doc = doc
        self.spans = sorted({s for s in sensitive if s.end > s.start})

    def _values(self) -> set[str]:
        return {v for v in (self.doc.source[s.start : s.end].strip() for s in self.spans) if v}

    @cached_property
    def _whole(self) -> re.Pattern[str] | None:
        return _alternation(self._values())

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        words: set[str] = set()
        for value in self._values():
            words.add(value)
            for part in _PARTS.split(value):
                if part.lower() in _COMMON:
                    continue
                if (len(part) >= 2 and not part.isdigit()) or (part.isdigit() and len(part) >= 4):
                    words.add(part)
            # A hyphenated or dotted whole (Smith-Jones, dana.whitfield) is one word too.
            for part in re.split(r"[\s,;:/\\@()\[\]<>\"'`|+=]+", value):
                if len(part) >= 2:
                    words.add(part.strip(".-_"))
        words.discard("")
        return _alternation(words)

    @property
    def active(self) -> bool:
        return bool(self.spans)

    def text(self, text: str) -> str:
        """Source text shown to a reader: every value and each of its parts masked."""
        pattern = self._pattern if self.spans else None
        if pattern is None or not text:
            return text
        return pattern.sub(lambda m: _stars(m.group()), text)

    def message(self, text: str) -> str:
        """A message: whole values masked (a rule message may quote the text it matched).

        Parts are left alone here: a privacy rule's own masked preview (``sk-p…****``)
        shares harmless fragments with the value.
        """
        pattern = self._whole if self.spans else None
        if pattern is None or not text:
            return text
        return pattern.sub(lambda m: _stars(m.group()), text)

    def source(self, start: int, end: int) -> str:
        """``doc.source[start:end]`` with sensitive spans masked by position, then by value."""
        text = self.doc.source[start:end]
        if not self.spans:
            return text
        chars = list(text)
        for span in self.spans:
            if span.end <= start or span.start >= end:
                continue
            for offset in range(max(span.start, start), min(span.end, end)):
                if chars[offset - start] not in "\r\n":
                    chars[offset - start] = "*"
        return self.text("".join(chars))

    def span(self, span: Span) -> str:
        return self.source(span.start, span.end)

    def line(self, line: int) -> str:
        return self.source(self.doc.lines.line_start(line), self.doc.lines.line_end(line))


def _alternation(words: set[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Whole words only: a value is masked where it stands, not inside a longer word.
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.I)


def _stars(text: str) -> str:
    return "".join(ch if ch in "\r\n" else "*" for ch in text)
