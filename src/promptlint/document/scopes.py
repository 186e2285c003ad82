"""Named parts of a document that rules can be scoped to.

``system``, ``user``, ``assistant``: the role turns outside few-shot examples (a file
with no role markers is all system prompt, as fabric's ``system.md`` files are);
``examples``: the turns of few-shot blocks; ``frontmatter``: the frontmatter's string
values; ``body``: the prompt text (everything but the frontmatter).
"""

from __future__ import annotations

import re
from functools import lru_cache

from promptlint.document.model import Document, Span, Text

SCOPES = ("system", "user", "assistant", "examples", "frontmatter", "body")


def texts(doc: Document, scope: str) -> list[Text]:
    if scope == "body":
        return list(doc.body)
    if scope == "frontmatter":
        return list(doc.frontmatter_strings)
    if scope == "examples":
        return [turn.content for block in doc.examples for turn in block.turns]
    example_spans = [block.span for block in doc.examples]
    if not doc.messages:
        if scope != "system":
            return []
        return [piece for text in doc.body for piece in outside(text, example_spans)]
    return [
        piece for message in doc.messages if message.role == scope for piece in outside(message.content, example_spans)
    ]


def outside(text: Text, spans: list[Span]) -> list[Text]:
    """The parts of ``text`` whose source positions fall outside every span."""
    if not text.text:
        return []
    cuts: list[tuple[int, int]] = []
    for span in sorted(spans):
        lo, hi = text.from_source(span.start), text.from_source(span.end)
        if lo < hi:
            cuts.append((lo, hi))
    pieces: list[Text] = []
    start = 0
    for lo, hi in cuts:
        if lo > start:
            pieces.append(text.sub(start, lo))
        start = max(start, hi)
    if start < len(text.text):
        pieces.append(text.sub(start, len(text.text)))
    return [p for p in pieces if p.text.strip()]


_FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.S)
_INLINE_CODE = re.compile(r"(?<!`)(`{1,2})(?!`)[^`\n]+?\1(?!`)")


@lru_cache(maxsize=64)
def _code_spans(source: str) -> tuple[Span, ...]:
    spans = [Span(m.start(), m.end()) for m in _FENCE.finditer(source)]
    for m in _INLINE_CODE.finditer(source):
        if not any(s.contains_offset(m.start()) for s in spans):
            spans.append(Span(m.start(), m.end()))
    return tuple(sorted(spans))


def fenced_code_spans(doc: Document) -> tuple[Span, ...]:
    """Fenced code blocks only: inline code in a sentence ("respond in `JSON`") is part of it."""
    if "```" not in doc.source and "~~~" not in doc.source:
        return ()
    return tuple(Span(m.start(), m.end()) for m in _FENCE.finditer(doc.source))


def code_spans(doc: Document) -> tuple[Span, ...]:
    """Markdown fenced code blocks and inline code spans: quoted code, not instructions."""
    if "`" not in doc.source and "~~~" not in doc.source:
        return ()
    return _code_spans(doc.source)
