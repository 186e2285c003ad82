from __future__ import annotations

import pytest

from promptlint.document.model import Text
from promptlint.document.parsers.templates import analyze, detect_dialect


def _vars(source: str, dialect: str) -> list[tuple[str, int]]:
    info = analyze(Text.contiguous(source, 0, len(source)), dialect)
    return [(v.name, v.span.start) for v in info.variables]


def _errors(source: str, dialect: str) -> list[tuple[str, int]]:
    info = analyze(Text.contiguous(source, 0, len(source)), dialect)
    return [(e.message, e.span.start) for e in info.errors]


@pytest.mark.parametrize(
    ("text", "declared", "dialect"),
    [
        ("{{ x }}", "jinja2", "jinja"),
        ("{{ x }}", "handlebars", "handlebars"),
        ("{{$x}}", None, "semantic-kernel"),
        ("{% if x %}{% endif %}", None, "jinja"),
        ("{{#if x}}{{/if}}", None, "handlebars"),
        ("{{x}}", None, "mustache"),
        ("plain", None, "none"),
        ("{{ x }}", "liquid", "liquid"),
    ],
)
def test_detect_dialect(text: str, declared: str | None, dialect: str) -> None:
    assert detect_dialect(text, declared) == dialect


def test_jinja_variables_exclude_locals_and_globals() -> None:
    source = "{% set a = 1 %}{% for i in items %}{{ i }}{{ loop.index }}{% endfor %}{{ range(3) }}{{ user.name }}"
    assert _vars(source, "jinja") == [("items", source.index("items")), ("user", source.index("user"))]


def test_jinja_string_literals_are_not_variables() -> None:
    source = "{{ 'items' ~ items }}"
    assert _vars(source, "jinja") == [("items", 13)]


def test_jinja_syntax_error_line() -> None:
    assert _errors("ok\n  {% if x %}\n", "jinja") == [
        ("Jinja syntax error: Unexpected end of template. Jinja was looking for the following tags: "
         "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.", 5)
    ]  # fmt: skip


def test_handlebars_helpers_and_context() -> None:
    source = '{{role "user"}}{{#each list}}{{name}}{{@root.top}}{{/each}}{{json obj}}{{#if (eq a b)}}{{/if}}{{x.y}}'
    names = [n for n, _ in _vars(source, "handlebars")]
    assert names == ["list", "top", "obj", "a", "b", "x"]


def test_handlebars_partial_blocks_and_comments() -> None:
    source = "{{!-- a }} inside --}}{{#> layout}}body{{/layout}}{{> footer}}"
    assert _errors(source, "handlebars") == []


def test_mustache_sections_change_context() -> None:
    assert [n for n, _ in _vars("{{#items}}{{name}}{{/items}}{{title}}", "mustache")] == ["items", "title"]


def test_semantic_kernel_variables_and_function_arguments() -> None:
    source = '{{$input}} {{time.now}} {{search.query $q limit="3"}}'
    assert [n for n, _ in _vars(source, "semantic-kernel")] == ["input", "q"]
