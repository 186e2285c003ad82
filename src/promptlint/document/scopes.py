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


_FENCE = re.compile(r"(?m)^[ \t]*(`{3,}|~{3,})([^\n]*)\n.*?^[ \t]*\1[ \t]*$", re.S)
_INLINE_CODE = re.compile(r"(?<!`)(`{1,2})(?!`)[^`\n]+?\1(?!`)")
# Fence info strings that say "this is prose", not a programming language.
_PROSE_INFO = frozenset({"", "text", "txt", "plain", "plaintext", "markdown", "md", "prompt", "system", "instructions"})
_OUTSIDE_LINE = re.compile(r"(?m)^[ \t]*(?!#{1,6}[ \t])(?!<!--)\S[^\n]*$")
_FRONTMATTER = re.compile(r"\A\ufeff?---[ \t]*\n.*?^---[ \t]*$", re.S | re.M)
_PROSE_LINE = re.compile(r"[A-Za-z]+(?:[^A-Za-z\n]+[A-Za-z]+){3}")


def prompt_fence(source: str) -> tuple[Span, Span] | None:
    """The fence that wraps the whole prompt, as (fence, content) spans, if there is one.

    Prompt libraries often keep a prompt whole inside a fence (```` ```text ```` or a bare
    ```` ``` ````) so that their markdown renders it verbatim. Such a fence is not a code
    sample: it *is* the prompt. It is recognised when everything outside it is at most a
    title, a lead-in line or two and comments, its info string names no programming
    language, and most of its lines read as prose.
    """
    if "```" not in source and "~~~" not in source:
        return None
    fences = list(_FENCE.finditer(source))
    if not fences:
        return None
    fence = max(fences, key=lambda m: m.end() - m.start())
    if fence.group(2).strip().lower() not in _PROSE_INFO:
        return None
    front = _FRONTMATTER.match(source)
    outside = source[front.end() if front else 0 : fence.start()] + source[fence.end() :]
    lead = _OUTSIDE_LINE.findall(outside)
    if len(lead) > 3 or sum(len(line.strip()) for line in lead) > 300:
        return None
    content_start = source.index("\n", fence.start()) + 1
    content_end = source.rindex("\n", fence.start(), fence.end()) + 1
    lines = [line for line in source[content_start:content_end].splitlines() if line.strip()]
    if len(lines) < 3 or sum(1 for line in lines if _PROSE_LINE.search(line)) * 2 < len(lines):
        return None
    return Span(fence.start(), fence.end()), Span(content_start, content_end)


def _fences(source: str) -> list[Span]:
    """Fenced code blocks; inside a fence that wraps the whole prompt, the fences it holds."""
    whole = prompt_fence(source)
    if whole is None:
        return [Span(m.start(), m.end()) for m in _FENCE.finditer(source)]
    _, content = whole
    return [Span(m.start(), m.end()) for m in _FENCE.finditer(source, content.start, content.end)]


@lru_cache(maxsize=64)
def _code_spans(source: str) -> tuple[Span, ...]:
    spans = _fences(source)
    for m in _INLINE_CODE.finditer(source):
        if not any(s.contains_offset(m.start()) for s in spans):
            spans.append(Span(m.start(), m.end()))
    return tuple(sorted(spans))


def fenced_code_spans(doc: Document) -> tuple[Span, ...]:
    """Fenced code blocks only: inline code in a sentence ("respond in `JSON`") is part of it."""
    if "```" not in doc.source and "~~~" not in doc.source:
        return ()
    return tuple(_fences(doc.source))


def code_spans(doc: Document) -> tuple[Span, ...]:
    """Markdown fenced code blocks and inline code spans: quoted code, not instructions.

    A fence that wraps the whole prompt (:func:`prompt_fence`) is the prompt, not code.
    """
    if "`" not in doc.source and "~~~" not in doc.source:
        return ()
    return _code_spans(doc.source)
