"""Few-shot examples written as text: ``<example>`` tags, example headings and
label pairs (``Input:``/``Output:``, ``Q:``/``A:``, ``Customer:``/``Agent:``) whose
sides are literal text."""

from __future__ import annotations

import re

from promptlint.document.model import FewShotBlock, Message, Text
from promptlint.document.parsers.fewshot.structured import TEMPLATE_BITS, is_literal, is_templated, merge
from promptlint.document.parsers.scan import comment_spans
from promptlint.document.scopes import prompt_fence

INPUT_LABELS = frozenset(
    {
        "user", "human", "customer", "client", "q", "question", "input", "message", "query",
        "prompt", "text", "code", "request", "student", "patient", "caller", "me", "context",
        "conversation", "sentence", "review", "email", "task", "problem", "document", "article",
        "passage", "claim", "statement", "ticket", "instruction",
    }
)  # fmt: skip
OUTPUT_LABELS = frozenset(
    {
        "assistant", "ai", "agent", "bot", "a", "answer", "output", "response", "reply", "model",
        "completion", "label", "result", "rating", "score", "category", "classification",
        "summary", "translation", "sql", "verdict", "support", "chatbot", "gpt", "expected output",
        "solution", "importance",
    }
)  # fmt: skip

_LABEL_LINE = re.compile(
    r"(?m)^[ \t]*(?:[-*>][ \t]+)?(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z0-9 _'\-]{0,30}?)"
    r"(?:\*\*|__)?[ \t]*:(?:\*\*|__)?(?!//)[ \t]*(?P<rest>[^\r\n]*)$"
)
_BRACKET_LABEL = re.compile(r"(?m)^[ \t]*\[(?P<label>[A-Za-z][A-Za-z ]{0,30})\][ \t]*$")
_MD_HEADING = re.compile(r"(?m)^(?P<hashes>#{1,6})[ \t]+(?P<title>[^\r\n]*?)[ \t]*#*[ \t]*(?=\r?$)")
_EXAMPLE_WORD = re.compile(r"(?i)\b(examples?|few[- ]?shots?|samples?|demonstrations?|shots?)\b")
_PSEUDO_HEADING = re.compile(
    r"(?m)^[ \t]*(?:\*\*|__)?(?P<title>(?:[A-Z][A-Za-z]*[ \t]+){0,2}(?:EXAMPLES?|Examples?|"
    r"FEW[- ]?SHOT|Few[- ]?[Ss]hot|SAMPLES?|Samples?|DEMONSTRATIONS?|Demonstrations?)"
    r"(?:[ \t]*(?:#?\d+|[A-Z]\b))?[^\r\n]{0,70}?)(?:\*\*|__)?[ \t]*$"
)
_ALLCAPS_HEADING = re.compile(r"(?m)^[ \t]*(?:\*\*|__)?[A-Z][A-Z0-9 &/()_\-]{2,60}:?(?:\*\*|__)?[ \t]*$")
_FENCE = re.compile(r"(?m)^[ \t]*(```|~~~)")
_TAG_OPEN = re.compile(r"<(?P<name>examples?(?:[_-]?\w+)?)(?:\s[^<>]*)?>", re.I)

# ---------------------------------------------------------------- prose detectors


def from_text(text: Text) -> list[FewShotBlock]:
    """Tag, heading and label-pair demonstrations in a prose/template text."""
    if not text.text.strip():
        return []
    # Comments are not sent to the model; a demonstration "inside" one is not one.
    comments = comment_spans(text.text)
    if comments:
        chars = list(text.text)
        for span in comments:
            for i in range(span.start, span.end):
                if chars[i] != "\n":
                    chars[i] = " "
        text = Text("".join(chars), text.pieces, text.escapes)
    fences = _fenced_ranges(text.text)
    blocks = [*_tag_blocks(text), *_heading_blocks(text, fences), *_pair_blocks(text, 0, len(text.text))]
    return merge(blocks)


def _fenced_ranges(s: str) -> list[tuple[int, int]]:
    ranges = []
    marks = list(_FENCE.finditer(s))
    whole = prompt_fence(s)
    if whole is not None:  # a fence around the whole prompt is the prompt, not code
        content = whole[1]
        marks = [m for m in marks if content.start <= m.start() < content.end]
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        ranges.append((opening.start(), closing.end()))
    return ranges


def _in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _tag_blocks(text: Text) -> list[FewShotBlock]:
    """``<example>`` / ``<examples>`` / ``<example_1>`` elements (nested ones too)."""
    s = text.text
    blocks = []
    absent: set[str] = set()
    for m in _TAG_OPEN.finditer(s):
        name = m.group("name")
        closer = f"</{name}>"
        found = None if name.lower() in absent else re.compile(re.escape(closer), re.I).search(s, m.end())
        close = found.start() if found else -1
        if close < 0:
            absent.add(name.lower())
            continue
        body = s[m.end() : close]
        if not is_literal(body):
            continue
        pairs = _pair_turns(text, m.end(), close)
        turns = pairs or (_turn(text, m.end(), close, "unknown", name),)
        blocks.append(FewShotBlock("tag", f"<{name}>", text.source_span(m.start(), close + len(closer)), turns))
    return blocks


def _heading_blocks(text: Text, fences: list[tuple[int, int]]) -> list[FewShotBlock]:
    s = text.text
    boundaries: list[tuple[int, int, int]] = []  # (start, level, is_example)
    for m in _MD_HEADING.finditer(s):
        if _in_ranges(m.start(), fences):
            continue
        title = m.group("title")
        boundaries.append((m.start(), len(m.group("hashes")), 1 if _EXAMPLE_WORD.search(title) else 0))
    for m in _PSEUDO_HEADING.finditer(s):
        if _in_ranges(m.start(), fences) or s[m.start() : m.end()].lstrip().startswith("#"):
            continue
        title = m.group("title").strip()
        line = s[m.start() : m.end()].strip()
        if not _pseudo_heading_ok(title, line):
            continue
        boundaries.append((m.start(), 7, 1))
    for m in _ALLCAPS_HEADING.finditer(s):
        words = m.group().strip().strip("*_:").strip()
        if _in_ranges(m.start(), fences) or len(re.findall(r"[A-Z]", words)) < 3 or _label_kind(words):
            continue
        boundaries.append((m.start(), 7, 0))
    boundaries.sort()
    blocks = []
    for index, (start, level, is_example) in enumerate(boundaries):
        if not is_example:
            continue
        end = len(s)
        for later in range(index + 1, len(boundaries)):
            later_start, later_level, _ = boundaries[later]
            if later_start > start and (later_level <= level or level == 7 or later_level == 7):
                end = later_start
                break
        line_end = s.find("\n", start)
        body_start = len(s) if line_end < 0 or line_end >= end else line_end + 1
        end = _cut_at_query(s, body_start, end)
        body = s[body_start:end]
        if not is_literal(body):
            continue
        title = s[start : line_end if 0 <= line_end < end else end].strip().strip("#*_ :")
        inner = text.sub(body_start, end)
        records = _records(inner.text, 0, len(inner.text))
        if len(records) >= 2:
            # Several demonstrations under one heading ("## Examples" and four User:/Assistant:
            # pairs) are several examples: each pair is judged on its own, and the text before
            # the first pair (the heading, an introduction) goes with the first.
            for index, record in enumerate(records):
                piece_start = start if index == 0 else body_start + record[0][1]
                piece_end = body_start + records[index + 1][0][1] if index + 1 < len(records) else end
                span = text.source_span(piece_start, _rstrip(s, piece_end))
                blocks.append(FewShotBlock("heading", title[:60], span, _record_turns(inner, record)))
            continue
        pairs = tuple(turn for record in records for turn in _record_turns(inner, record))
        if not pairs and is_templated(body):
            continue  # an example *template* ("Example: Analyze a ${videoType} video"), filled at run time
        turns = pairs or (_turn(text, body_start, end, "unknown", title),)
        blocks.append(FewShotBlock("heading", title[:60], text.source_span(start, _rstrip(s, end)), turns))
    return blocks


def _pseudo_heading_ok(title: str, line: str) -> bool:
    """`EXAMPLE:`, `Example 2:`, `**Example 1**`, `Example input:` — not prose that mentions one."""
    if line.startswith(("**", "__")) and line.endswith(("**", "__", "**:", ":**")):
        return True
    if line.endswith(":"):
        return len(line) <= 80
    words = title.split()
    return len(words) <= 4 and not title.endswith(".")


def _cut_at_query(s: str, start: int, end: int) -> int:
    """End the example before the paragraph that holds the templated query."""
    for m in re.finditer(r"(?:\r?\n[ \t]*){2,}", s[start:end]):
        paragraph_start = start + m.end()
        next_break = re.search(r"(?:\r?\n[ \t]*){2,}", s[paragraph_start:end])
        paragraph_end = paragraph_start + next_break.start() if next_break else end
        if is_templated(s[paragraph_start:paragraph_end]):
            return start + m.start()
    return end


def _rstrip(s: str, end: int) -> int:
    while end > 0 and s[end - 1] in " \t\r\n":
        end -= 1
    return end


def _label_kind(label: str) -> str | None:
    key = label.strip().lower()
    key = re.sub(r"^(example|sample)\s+", "", key)
    if key in INPUT_LABELS:
        return "user"
    if key in OUTPUT_LABELS:
        return "assistant"
    return None


_XML_LABEL = re.compile(r"(?m)^[ \t]*<(?P<label>[A-Za-z][\w-]{0,30})>(?P<rest>[^\r\n]*?)</(?P=label)>[ \t]*$")


Segment = tuple[str, int, int, int]  # (label, line_start, content_start, content_end)


def _segments(s: str, start: int, end: int) -> list[Segment]:
    """Labelled segments in ``s[start:end]``: ``Label: text``, ``[Label]``, ``<label>text</label>``."""
    found: list[tuple[str, int, int, int | None]] = []
    for m in _LABEL_LINE.finditer(s, start, end):
        label = m.group("label").strip()
        if len(label.split()) > 3 or label.lower() in ("http", "https", "e.g", "i.e"):
            continue
        found.append((label, m.start(), m.start("rest"), None))
    for m in _BRACKET_LABEL.finditer(s, start, end):
        found.append((m.group("label").strip(), m.start(), m.end(), None))
    for m in _XML_LABEL.finditer(s, start, end):
        found.append((m.group("label"), m.start(), m.start("rest"), m.end("rest")))
    found.sort(key=lambda item: item[1])
    segments = []
    for index, (label, line_start, content_start, fixed_end) in enumerate(found):
        limit = found[index + 1][1] if index + 1 < len(found) else end
        content_end = fixed_end if fixed_end is not None else _segment_end(s, content_start, limit)
        segments.append((label, line_start, content_start, content_end))
    return segments


def _segment_end(s: str, content_start: int, limit: int) -> int:
    """A segment runs to the next label, or to the first blank line after some content."""
    pos = content_start
    seen_content = False
    while pos < limit:
        nl = s.find("\n", pos, limit)
        line_end = limit if nl < 0 else nl
        if not s[pos:line_end].strip():
            if seen_content:
                return _rstrip(s, pos)
        else:
            seen_content = True
        if nl < 0:
            break
        pos = nl + 1
    return _rstrip(s, limit)


_EMPHASIS = frozenset(
    {"important", "note", "warning", "critical", "mandatory", "required", "optional", "tip", "caution",
     "low", "medium", "high", "yes", "no", "true", "false", "step", "rule", "goal", "thought", "action",
     "date", "time", "version", "author", "name", "description", "title", "tags", "type"}
)  # fmt: skip


def _generic_label(label: str) -> bool:
    """A label that may form a record by repetition (``Message:``/``Importance:``)."""
    return not label.isupper() and "-" not in label and "_" not in label and label.lower() not in _EMPHASIS


def _records(s: str, start: int, end: int) -> list[list[Segment]]:
    """Demonstration records: groups of adjacent labelled segments with literal content.

    Two shapes count. A *known pair*: an input label (``Q``, ``User``, ``Input``…)
    followed by an output label (``A``, ``Assistant``, ``Output``…), the record running
    from the input label to the next input label. A *repeated record*: a run of
    segments split wherever its first label comes back, whose label sequence occurs two
    or more times (``question``/``correct answer``/``stars`` five times). Every side
    must be written out: a record holding a template slot is the query, not an example.
    """
    fences = _fenced_ranges(s)
    segments = _segments(s, start, end)
    # Loose runs: segments with only whitespace between them ("Q: …\n\nA: …" pairs).
    # Paragraphs: a blank line ends one, so a repeated record never swallows its neighbours.
    runs: list[list[Segment]] = []
    paragraphs: list[list[Segment]] = []
    for seg in segments:
        gap = s[runs[-1][-1][3] : seg[1]] if runs else "x"
        if not gap.strip():
            runs[-1].append(seg)
        else:
            runs.append([seg])
        if paragraphs and not gap.strip() and not re.search(r"\n[ \t]*\r?\n", gap):
            paragraphs[-1].append(seg)
        else:
            paragraphs.append([seg])

    known: list[list[Segment]] = []
    for run in runs:
        current: list[Segment] | None = None
        answered = False
        for seg in run:
            kind = _label_kind(seg[0])
            if kind == "user" and (current is None or answered):
                if current:
                    known.append(current)
                current, answered = [seg], False
            elif current is not None:
                current.append(seg)
                answered = answered or kind == "assistant"
        if current:
            known.append(current)
    known = [r for r in known if any(_label_kind(seg[0]) == "assistant" for seg in r[1:])]

    grouped: list[list[Segment]] = []
    for run in paragraphs:
        first = run[0][0].lower()
        current = []
        for seg in run:
            if current and seg[0].lower() == first:
                grouped.append(current)
                current = []
            current.append(seg)
        grouped.append(current)
    shapes: dict[tuple[str, ...], int] = {}
    for record in grouped:
        shape = tuple(seg[0].lower() for seg in record)
        shapes[shape] = shapes.get(shape, 0) + 1
    repeated = [
        record
        for record in grouped
        if len(record) >= 2
        and shapes[tuple(seg[0].lower() for seg in record)] >= 2
        and len({seg[0].lower() for seg in record}) == len(record)
        and all(_generic_label(seg[0]) for seg in record)
        and not any(_in_ranges(seg[1], fences) for seg in record)
        and not any(s[seg[2] : seg[3]].rstrip().endswith((";", "{", ",")) for seg in record)
    ]

    result: list[list[Segment]] = []
    last_end = -1
    # Sweep by position; at equal starts a known pair wins over a repeated record.
    for _, _, record in sorted([(r[0][1], 0, r) for r in known] + [(r[0][1], 1, r) for r in repeated]):
        if record[0][1] < last_end:
            continue
        contents = [s[seg[2] : seg[3]] for seg in record]
        written = all(re.search(r"\w", TEMPLATE_BITS.sub(" ", c)) for c in contents)
        if not (written and is_literal(" ".join(contents)) and not any(is_templated(c) for c in contents)):
            continue
        result.append(record)
        last_end = record[-1][3]
    return result


def _record_turns(text: Text, record: list[Segment]) -> tuple[Message, ...]:
    turns = []
    for index, (label, line_start, content_start, content_end) in enumerate(record):
        kind = _label_kind(label) or ("assistant" if index == len(record) - 1 else "user")
        turns.append(_turn(text, content_start, content_end, kind, label, line_start=line_start))
    return tuple(turns)


def _pair_turns(text: Text, start: int, end: int) -> tuple[Message, ...]:
    """Turns of the records in ``text[start:end]`` (which may start mid-line, after a tag)."""
    inner = text.sub(start, end)
    return tuple(turn for record in _records(inner.text, 0, len(inner.text)) for turn in _record_turns(inner, record))


def _pair_blocks(text: Text, start: int, end: int) -> list[FewShotBlock]:
    blocks = []
    for record in _records(text.text, start, end):
        label = "/".join(seg[0] for seg in record[:3])
        span = text.source_span(record[0][1], record[-1][3])
        blocks.append(FewShotBlock("pairs", label, span, _record_turns(text, record)))
    return blocks


def _turn(text: Text, start: int, end: int, role: str, raw: str, *, line_start: int | None = None) -> Message:
    content = text.sub(start, end)
    span = text.source_span(line_start if line_start is not None else start, end)
    return Message(role, raw, span, content, is_templated(content.text))
