"""Few-shot example detection: each detector, literal-vs-templated, and nesting."""

from __future__ import annotations

import pytest

from promptlint.document.parsers import parse_text


def _blocks(source: str, path: str) -> list[tuple[str, str]]:
    doc = parse_text(source, path)
    return [(b.kind, doc.source[b.span.start : b.span.end]) for b in doc.examples]


def test_chat_turns_before_the_final_user_turn() -> None:
    source = "system:\nTranslate.\nuser:\nHello\nassistant:\nBonjour\nuser:\n{{text}}\n"
    doc = parse_text(source, "a.prompty")
    assert len(doc.examples) == 1
    block = doc.examples[0]
    assert block.kind == "chat"
    assert [(t.role, t.content.text.strip()) for t in block.turns] == [("user", "Hello"), ("assistant", "Bonjour")]


def test_assistant_prefill_without_an_example_pair_is_not_an_example() -> None:
    assert _blocks("system:\nBe brief.\nuser:\n{{q}}\nassistant:\nSure,", "a.prompty") == []


def test_templated_exchange_is_not_a_demonstration() -> None:
    source = "user:\nHi {{name}}\nassistant:\nHello {{name}}\nuser:\n{{q}}\n"
    assert _blocks(source, "a.prompty") == []


def test_example_tags() -> None:
    source = "Classify.\n<examples>\n<example>Input: late parcel\nOutput: shipping</example>\n<example>Input: refund\nOutput: billing</example>\n</examples>\n"
    doc = parse_text(source, "a.md")
    assert [b.kind for b in doc.examples] == ["tag", "tag"]
    assert [(t.role, t.content.text) for t in doc.examples[0].turns] == [
        ("user", "late parcel"),
        ("assistant", "shipping"),
    ]


def test_example_heading_section_stops_at_next_heading() -> None:
    source = "# Task\nSummarise.\n## Examples\nA long text about tents.\nSummary: tents.\n## Output\nOne line.\n"
    assert _blocks(source, "a.md") == [("heading", "## Examples\nA long text about tents.\nSummary: tents.")]


def test_example_heading_stops_before_the_templated_query() -> None:
    source = '**Example 1**\nCode: print(1)\nOUTPUT: {"ok": true}\n\nNow evaluate:\nCode: {{code}}\nOUTPUT:\n'
    blocks = _blocks(source, "a.txt")
    assert blocks == [("heading", '**Example 1**\nCode: print(1)\nOUTPUT: {"ok": true}')]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Q: What is 2+2?\nA: 4\n\nQ: {{question}}\nA:", ["Q: What is 2+2?\nA: 4"]),
        (
            "Customer: My order is late.\nAgent: Sorry, let me check.\n",
            ["Customer: My order is late.\nAgent: Sorry, let me check."],
        ),
        ("User: hi\nAssistant: hello\nUser: {{input}}\n", ["User: hi\nAssistant: hello"]),
        (
            "question: Why?\nstars: 1\n\nquestion: How?\nstars: 5\n\nquestion: {{q}}\nstars:",
            ["question: Why?\nstars: 1", "question: How?\nstars: 5"],
        ),
        ("Input: <insert text here>\nOutput: <summary>\n", []),
        ("Rules:\nBe brief.\nNote: nothing else.\n", []),
    ],
)
def test_label_pairs(source: str, expected: list[str]) -> None:
    assert [text for kind, text in _blocks(source, "a.txt")] == expected


def test_frontmatter_examples_key() -> None:
    source = "---\nexamples:\n  - input: my card was charged twice\n    output: billing\n  - input: '{{x}}'\n    output: y\n---\nClassify.\n"
    doc = parse_text(source, "a.prompty")
    assert [b.kind for b in doc.examples] == ["frontmatter"]
    assert [(t.role, t.content.text) for t in doc.examples[0].turns] == [
        ("user", "my card was charged twice"),
        ("assistant", "billing"),
    ]


def test_inputs_named_examples_is_a_declaration_not_an_example() -> None:
    source = "---\ninputs:\n  examples:\n    type: list\n---\n{{examples}}\n"
    assert _blocks(source, "a.prompty") == []


def test_runtime_injected_examples_are_not_examples() -> None:
    assert _blocks("## Examples\n{% for ex in examples %}{{ ex }}{% endfor %}\n", "a.md") == []
    assert _blocks("Examples:\n{{few_shot_examples}}\n", "a.txt") == []


def test_commented_out_example_is_not_an_example() -> None:
    assert _blocks("{{!\n  KITCHEN SINK EXAMPLE\n  shows everything\n}}\nHello\n", "a.prompt") == []
