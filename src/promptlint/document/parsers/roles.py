"""Role markers: where one chat turn ends and the next begins, in each syntax.

* prompty / promptflow Jinja: a line holding only ``system:``/``user:``/``assistant:``
  (optionally ``# system:``);
* dotprompt: ``{{role "system"}}``, ``{{#role "user"}}…{{/role}}`` and ``{{history}}``;
* Semantic Kernel: ``<message role="user">…</message>`` tags, in any text.
"""

from __future__ import annotations

import re

from promptlint.document.model import Message, Span, Text
from promptlint.document.parsers.fewshot import is_templated

_ROLE_NAMES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "human": "user",
    "assistant": "assistant",
    "model": "assistant",
    "ai": "assistant",
    "bot": "assistant",
    "tool": "tool",
    "function": "tool",
}

ROLE_LINE = re.compile(
    r"(?im)^[ \t]*#?[ \t]*(?P<role>system|user|assistant|developer|function|tool)[ \t]*:[ \t]*(?:\r\n|\r|\n|$)"
)
_DOT_ROLE = re.compile(r"\{\{~?\s*(?P<block>#?)role\s+[\"'](?P<role>\w+)[\"']\s*~?\}\}|\{\{~?\s*history\s*~?\}\}")
_DOT_ROLE_END = re.compile(r"\{\{~?\s*/role\s*~?\}\}")
_MESSAGE_OPEN = re.compile(r"<message\s+role\s*=\s*[\"'](?P<role>\w+)[\"'][^<>]*>", re.I)
_MESSAGE_CLOSE = re.compile(r"</message\s*>", re.I)


def normalise(role: str) -> str:
    return _ROLE_NAMES.get(role.strip().lower(), "unknown")


def _message(source: str, raw: str, start: int, content_start: int, content_end: int) -> Message:
    content = Text.contiguous(source, content_start, content_end)
    return Message(normalise(raw), raw, Span(start, content_end), content, is_templated(content.text))


def role_lines(source: str, start: int, end: int) -> list[Message]:
    marks = list(ROLE_LINE.finditer(source, start, end))
    messages = []
    for index, m in enumerate(marks):
        content_end = marks[index + 1].start() if index + 1 < len(marks) else end
        messages.append(_message(source, m.group("role"), m.start(), m.end(), content_end))
    return messages


def dotprompt_roles(source: str, start: int, end: int) -> list[Message]:
    marks = list(_DOT_ROLE.finditer(source, start, end))
    messages = []
    for index, m in enumerate(marks):
        raw = m.group("role")
        if raw is None:  # {{history}}: the conversation so far, inserted at run time
            continue
        content_end = marks[index + 1].start() if index + 1 < len(marks) else end
        if m.group("block"):
            close = _DOT_ROLE_END.search(source, m.end(), content_end)
            if close is not None:
                content_end = close.start()
        messages.append(_message(source, raw, m.start(), m.end(), content_end))
    return messages


def message_tags(text: Text) -> list[Message]:
    messages = []
    pos = 0
    while (m := _MESSAGE_OPEN.search(text.text, pos)) is not None:
        close = _MESSAGE_CLOSE.search(text.text, m.end())
        if close is None:
            break  # no closing tag after here: later openers cannot close either
        content = text.sub(m.end(), close.start())
        span = text.source_span(m.start(), close.end())
        messages.append(Message(normalise(m.group("role")), m.group("role"), span, content, is_templated(content.text)))
        pos = close.end()
    return messages
