"""The document model each parser builds: frontmatter, roles, sections, placeholders,
comments, version, declared inputs, model, and problems — with exact spans."""

from __future__ import annotations

import pytest

from promptlint.document.parsers import MAX_BYTES, detect_format, parse_bytes, parse_text

PROMPTY = """\
---
name: support
version: 1.4.0
model:
  configuration:
    azure_deployment: gpt-4o
inputs:
  question:
    type: string
---
# system:
You are helpful. {# internal note #}

user:
{{question}}
"""


def test_prompty_structure() -> None:
    doc = parse_text(PROMPTY, "a.prompty")
    assert doc.format == "prompty" and doc.dialect == "jinja"
    assert doc.frontmatter == {
        "name": "support",
        "version": "1.4.0",
        "model": {"configuration": {"azure_deployment": "gpt-4o"}},
        "inputs": {"question": {"type": "string"}},
    }
    assert doc.source[doc.frontmatter_span.start : doc.frontmatter_span.end].startswith("---\nname")
    assert doc.source[doc.frontmatter_span.end :].startswith("# system:")
    assert [(m.role, m.content.text.strip()) for m in doc.messages] == [
        ("system", "You are helpful. {# internal note #}"),
        ("user", "{{question}}"),
    ]
    assert doc.messages[1].templated and not doc.messages[0].templated
    assert doc.version is not None and doc.version.value == "1.4.0"
    assert doc.source[doc.version.span.start : doc.version.span.end] == "1.4.0"
    assert [i.name for i in doc.declared_inputs or ()] == ["question"]
    assert doc.model == "gpt-4o"
    assert [(v.name, doc.source[v.span.start : v.span.end]) for v in doc.template_vars] == [("question", "question")]
    assert [c.syntax for c in doc.comments] == ["{#"]
    assert [p.kind for p in doc.placeholders] == ["comment", "expression"]
    assert doc.problems == ()


def test_dotprompt_header_comments_roles_and_history() -> None:
    source = (
        "# Copyright 2026 Example\n# SPDX-License-Identifier: Apache-2.0\n\n---\nmodel: googleai/gemini-2.5-flash\n"
        'input:\n  schema:\n    name: string\n---\n{{role "system"}}\nBe kind.\n{{history}}\n'
        '{{#role "user"}}\nHi {{name}}\n{{/role}}\n'
    )
    doc = parse_text(source, "x.prompt")
    assert doc.frontmatter == {"model": "googleai/gemini-2.5-flash", "input": {"schema": {"name": "string"}}}
    assert doc.frontmatter_span.start == 0  # the license header belongs to the header block
    assert [(m.role, m.raw_role, m.content.text.strip()) for m in doc.messages] == [
        ("system", "system", "Be kind."),
        ("user", "user", "Hi {{name}}"),
    ]
    assert [c.syntax for c in doc.comments][:2] == ["#", "#"]
    assert doc.model == "googleai/gemini-2.5-flash"
    assert doc.dialect == "handlebars"


def test_markdown_sections_ignore_code_fences_and_loose_frontmatter() -> None:
    source = "---\ntitle: t\n---\n# Role\nText\n```\n# not a heading\n```\n## Rules\n- a\n# Output\n"
    doc = parse_text(source, "a.md")
    assert [(s.title, s.level) for s in doc.sections] == [("Role", 1), ("Rules", 2), ("Output", 1)]
    rules = doc.sections[1]
    assert doc.source[rules.span.start : rules.span.end] == "## Rules\n- a\n"
    assert doc.frontmatter == {"title": "t"}


def test_chat_json_messages_with_positions() -> None:
    source = '{"version": "1.0.0", "messages": [{"role": "system", "content": "Be \\"brief\\"."},\n {"role": "user", "content": [{"type": "text", "text": "Hi {{name}}"}]}]}\n'
    doc = parse_text(source, "chat.json")
    assert [(m.role, m.content.text) for m in doc.messages] == [("system", 'Be "brief".'), ("user", "Hi {{name}}")]
    user = doc.messages[1].content
    at = user.text.index("name")
    span = user.source_span(at, at + 4)
    assert source[span.start : span.end] == "name"
    assert doc.version is not None and doc.version.value == "1.0.0"
    assert doc.extra["top_level"] == "mapping"


def test_chat_yaml_top_level_list_and_template_messages() -> None:
    source = 'name: t\ntemplate: |\n  <message role="user">Time in Paris?</message>\n  <message role="assistant">3 PM.</message>\n  <message role="user">{{city}}</message>\ntemplate_format: handlebars\n'
    doc = parse_text(source, "t.yaml")
    assert [(m.role, m.content.text) for m in doc.messages] == [
        ("user", "Time in Paris?"),
        ("assistant", "3 PM."),
        ("user", "{{city}}"),
    ]
    span = doc.messages[1].content.span
    assert source[span.start : span.end] == "3 PM."
    assert doc.dialect == "handlebars"
    assert [t.text for t in doc.frontmatter_strings] == ["t", "handlebars"]


def test_taskweaver_style_conversation_is_read_as_messages() -> None:
    source = "rounds:\n  - post_list:\n      - message: count rows\n        send_from: User\n      - message: done\n        send_from: Planner\n"
    doc = parse_text(source, "example.yaml")
    assert [(m.raw_role, m.role, m.content.text) for m in doc.messages] == [
        ("User", "user", "count rows"),
        ("Planner", "unknown", "done"),
    ]


@pytest.mark.parametrize(
    ("path", "source", "fmt"),
    [
        ("a.prompty", "", "prompty"),
        ("a.prompt", "", "dotprompt"),
        ("a.yml", "", "yaml"),
        ("a.json", "", "json"),
        ("a.mdx", "", "markdown"),
        ("a.jinja2", "", "jinja"),
        ("a.txt", "", "text"),
        ("noext", '[{"role": "user"}]', "json"),
        ("noext", "---\na: 1\n---\nsystem:\nhi\n", "prompty"),
        ("noext", '{{role "system"}} hi', "dotprompt"),
        ("noext", "{% if x %}{% endif %}", "jinja"),
        ("noext", "---\ntitle: x\n---\n# Title\n", "markdown"),
        ("noext", "just text", "text"),
    ],
)
def test_detect_format(path: str, source: str, fmt: str) -> None:
    assert detect_format(path, source) == fmt


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01binary", "file is binary (contains NUL bytes)"),
        (b"caf\xe9", "file is not valid UTF-8 (byte 0xe9 at offset 3)"),
        (b"x" * (MAX_BYTES + 1), f"file is too large to lint ({MAX_BYTES + 1:,} bytes; limit {MAX_BYTES:,})"),
    ],
)
def test_unreadable_content_becomes_a_problem(data: bytes, message: str) -> None:
    doc = parse_bytes(data, "a.txt")
    assert [p.message for p in doc.problems] == [message]
    assert doc.source == "" and doc.extra["unreadable"]


def test_parser_never_raises_on_hostile_input() -> None:
    for source in ["---\n" + "[" * 5000 + "\n---\n", "{" * 100000, "---\n!!python/object:os.system x\n---\n"]:
        doc = parse_text(source, "a.prompty")
        assert doc.source == source


def test_bom_and_crlf() -> None:
    source = "\ufeff---\r\nversion: 2\r\n---\r\nsystem:\r\nHi\r\n"
    doc = parse_text(source, "a.prompty")
    assert doc.version is not None and doc.version.value == "2"
    assert [m.role for m in doc.messages] == ["system"]


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    # libyaml recurses in C and would crash the process on this.
    doc = parse_text("k: " + "[" * 200_000 + "\n", "deep.yaml")
    assert [p.message for p in doc.problems] == ["invalid YAML: nested more than 2000 levels deep"]
    front = parse_text("---\na: " + "{" * 50_000 + "\n---\nhi\n", "deep.prompty")
    assert front.problems and "nested more than" in front.problems[0].message
