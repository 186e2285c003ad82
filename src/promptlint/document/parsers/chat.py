"""Chat YAML/JSON: ``messages:`` lists, top-level ``[{role, content}]`` lists, and
YAML prompt configs whose prompt lives in a ``template:``-like key.

Files are read with positions (YAML composer marks), so a finding inside a message
reports its real line and column. JSON validity is judged by :mod:`json` (its error
positions are exact); a JSON or YAML file that is itself a Jinja/Nunjucks template
(``{% for %}`` between list items) is not "invalid JSON": it is parsed as a template.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from promptlint.document.lines import LineIndex
from promptlint.document.model import (
    Document,
    Message,
    ParseProblem,
    Span,
    Text,
)
from promptlint.document.parsers import fewshot, meta, roles, templates
from promptlint.document.parsers.scan import line_comments, scan_placeholders
from promptlint.document.yamlsrc import (
    STR_TAG,
    YamlRegion,
    escaped_strings,
    iter_string_scalars,
    load_region,
    mapping_get,
    scalar_text,
)

_SENDER_KEYS = ("role", "send_from", "from", "speaker", "sender", "author")
_CONTENT_KEYS = ("content", "message", "text")
_PROMPT_KEYS = frozenset(
    {
        "template", "prompt", "system", "system_prompt", "system_message", "user", "user_prompt",
        "instruction", "instructions", "instruction_template", "prompt_template", "content",
        # Lists of rules sent with the prompt ("rules: [- Never …]").
        "rules", "guidelines", "constraints", "guardrails", "policies", "requirements", "style_guide",
    }
)  # fmt: skip
_TEMPLATE_STATEMENT = re.compile(r"\{%|\{\{[^\"\n{}]*\}\}\s*[,\]\}]")


def parse_chat(source: str, path: str | None, fmt: str) -> Document:
    lines = LineIndex(source)
    start = 1 if source.startswith("\ufeff") else 0
    problems: list[ParseProblem] = []
    templated_file = (fmt == "json" and bool(_TEMPLATE_STATEMENT.search(source))) or (fmt == "yaml" and "{%" in source)
    json_ok = True
    if fmt == "json" and source[start:].strip():
        try:
            json.loads(source[start:])
        except json.JSONDecodeError as exc:
            json_ok = False
            if not templated_file:
                at = start + exc.pos
                problems.append(ParseProblem(f"invalid JSON: {exc.msg}", Span(at, min(at + 1, len(source)))))
        except RecursionError:
            json_ok = False
            problems.append(ParseProblem("invalid JSON: nested too deeply", Span(start, start + 1)))
    region: YamlRegion | None = None
    if json_ok:
        region, problem = load_region(source, start, len(source), json_text=fmt == "json")
        if problem is not None and fmt == "yaml" and not templated_file:
            problems.append(problem)
    placeholders = scan_placeholders(source)
    if region is None:
        return _templated(source, path, fmt, lines, problems, placeholders)

    data = region.data
    root = region.node
    messages = _find_messages(source, region, root)
    prompt_nodes = [] if messages else _prompt_scalars(root)
    body_nodes = {id(node) for node in prompt_nodes}
    message_spans = [m.span for m in messages]
    body: list[Text] = [m.content for m in messages]
    for node in prompt_nodes:
        text = scalar_text(source, region, node)
        tag_messages = roles.message_tags(text)
        messages.extend(tag_messages)
        body.append(text)
    if not messages and not prompt_nodes:
        # No recognisable prompt keys: every string is prompt text.
        prompt_nodes = [node for _, node in iter_string_scalars(root)]
        body_nodes = {id(node) for node in prompt_nodes}
        body = [scalar_text(source, region, node) for node in prompt_nodes]
    frontmatter_strings = tuple(
        scalar_text(source, region, node)
        for _, node in iter_string_scalars(root)
        if id(node) not in body_nodes and not any(s.contains(region.span(node)) for s in message_spans)
    )

    declared = data.get("template_format") if isinstance(data, dict) else None
    dialect = templates.detect_dialect("\n".join(t.text for t in body), declared if isinstance(declared, str) else None)
    # Syntax is only judged when the file names its dialect, or uses Jinja statements.
    syntax = isinstance(declared, str) or (dialect == "jinja" and any("{%" in t.text for t in body))
    variables, errors = [], []
    for text in body:
        info = templates.analyze(text, dialect, syntax=syntax)
        variables.extend(info.variables)
        errors.extend(info.errors)

    examples = fewshot.merge(
        [
            *fewshot.from_chat(messages, templated_file=bool(placeholders)),
            *fewshot.from_mapping(source, region),
            *[block for text in body for block in fewshot.from_text(text)],
        ]
    )
    comments = line_comments(source, 0, len(source), "#") if fmt == "yaml" else []
    mapping = data if isinstance(data, dict) else None
    version = meta.version_from_mapping(source, region) or meta.version_from_comments(source)
    models = meta.model_refs(source, region) if mapping is not None else ()
    return Document(
        source=source,
        path=path,
        format=fmt,
        lines=lines,
        frontmatter=mapping,
        frontmatter_span=None,
        frontmatter_strings=frontmatter_strings,
        body=tuple(body),
        escaped_strings=escaped_strings(source, region),
        messages=tuple(sorted(messages, key=lambda m: m.span.start)),
        examples=tuple(examples),
        placeholders=tuple(placeholders),
        comments=tuple(comments),
        dialect=dialect,
        template_vars=tuple(variables),
        template_errors=tuple(errors),
        declared_inputs=meta.declared_inputs(source, region),
        version=version,
        model=models[0].name if models else None,
        models=models,
        output_budget=meta.output_budget(source, region) if mapping is not None else None,
        problems=tuple(problems),
        extra={"top_level": "mapping" if mapping is not None else type(data).__name__},
    )


def _find_messages(source: str, region: YamlRegion, root: yaml.Node | None) -> list[Message]:
    """Messages of every conversation-like list in the file, in document order."""
    found: list[Message] = []
    for seq in _conversation_lists(root):
        for item in seq.value:
            message = _message(source, region, item)
            if message is not None:
                found.append(message)
    return found


def _conversation_lists(node: yaml.Node | None) -> list[yaml.SequenceNode]:
    if isinstance(node, yaml.SequenceNode):
        if sum(1 for item in node.value if _sender_and_content(item) is not None) >= 1 and all(
            isinstance(item, yaml.MappingNode) for item in node.value
        ):
            return [node]
        return [seq for item in node.value for seq in _conversation_lists(item)]
    if isinstance(node, yaml.MappingNode):
        return [seq for _, value in node.value for seq in _conversation_lists(value)]
    return []


def _sender_and_content(item: yaml.Node) -> tuple[yaml.Node, yaml.Node] | None:
    if not isinstance(item, yaml.MappingNode):
        return None
    sender = next((mapping_get(item, k) for k in _SENDER_KEYS if mapping_get(item, k) is not None), None)
    content = next((mapping_get(item, k) for k in _CONTENT_KEYS if mapping_get(item, k) is not None), None)
    if isinstance(sender, yaml.ScalarNode) and content is not None:
        return sender, content
    return None


def _message(source: str, region: YamlRegion, item: yaml.Node) -> Message | None:
    pair = _sender_and_content(item)
    if pair is None:
        return None
    sender, content = pair
    parts: list[Text] = []
    if isinstance(content, yaml.ScalarNode) and content.tag == STR_TAG:
        parts.append(scalar_text(source, region, content))
    elif isinstance(content, yaml.SequenceNode):  # [{type: text, text: "..."}]
        for part in content.value:
            text_node = mapping_get(part, "text")
            if isinstance(text_node, yaml.ScalarNode):
                parts.append(scalar_text(source, region, text_node))
            elif isinstance(part, yaml.ScalarNode) and part.tag == STR_TAG:
                parts.append(scalar_text(source, region, part))
    if not parts:
        span = region.span(content)
        parts.append(Text("", ((0, span.start, 0),)))
    text = parts[0] if len(parts) == 1 else Text.join(parts)
    raw = str(sender.value)
    return Message(roles.normalise(raw), raw, region.span(item), text, fewshot.is_templated(text.text))


def _prompt_scalars(node: yaml.Node | None) -> list[yaml.ScalarNode]:
    found: list[yaml.ScalarNode] = []
    for path, scalar in iter_string_scalars(node):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        if key.lower() in _PROMPT_KEYS and len(scalar.value) > 0:
            found.append(scalar)
    return found


_JSON_MESSAGE = re.compile(
    r"\"role\"\s*:\s*\"(?P<role>[^\"]*)\"\s*,\s*\"content\"\s*:\s*\"(?P<content>(?:[^\"\\]|\\.)*)\"", re.S
)


def _templated(
    source: str, path: str | None, fmt: str, lines: LineIndex, problems: list[ParseProblem], placeholders: list[Any]
) -> Document:
    """A file that is a template producing JSON/YAML: structure read by pattern only."""
    body = Text.contiguous(source, 1 if source.startswith("\ufeff") else 0, len(source))
    messages = []
    for m in _JSON_MESSAGE.finditer(source):
        content = Text.contiguous(source, m.start("content"), m.end("content"))
        raw = m.group("role")
        messages.append(
            Message(roles.normalise(raw), raw, Span(m.start(), m.end()), content, fewshot.is_templated(content.text))
        )
    dialect = templates.detect_dialect(source)
    info = templates.analyze(body, dialect)
    return Document(
        source=source,
        path=path,
        format=fmt,
        lines=lines,
        body=(body,),
        messages=tuple(messages),
        examples=tuple(fewshot.from_chat(messages, templated_file=True)),
        placeholders=tuple(placeholders),
        comments=tuple(line_comments(source, 0, len(source), "#")) if fmt == "yaml" else (),
        dialect=dialect,
        template_vars=info.variables,
        template_errors=info.errors,
        version=meta.version_from_comments(source),
        problems=tuple(problems),
        extra={"top_level": "template"},
    )
