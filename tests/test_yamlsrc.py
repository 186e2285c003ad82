"""Decoded YAML/JSON scalars map back to their exact source characters."""

from __future__ import annotations

import pytest

from promptlint.document.yamlsrc import load_region, mapping_get, scalar_text


def _text(source: str, key: str = "k"):  # type: ignore[no-untyped-def]
    region, problem = load_region(source, 0, len(source))
    assert problem is None and region is not None
    return scalar_text(source, region, mapping_get(region.node, key))


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("k: plain value here\n", "value"),
        ("k: |\n  line one\n  line two with value\n", "value"),
        ("k: >\n  folded\n  text value\n", "value"),
        ('k: "escaped \\"q\\" and value"\n', "value"),
        ("k: 'it''s the value'\n", "value"),
        ('{"k": "tab\\tthen value"}', "value"),
        ("\ufeffk: bom then value\n", "value"),
    ],
)
def test_substring_maps_to_its_source_position(source: str, needle: str) -> None:
    text = _text(source)
    start = text.text.index(needle)
    span = text.source_span(start, start + len(needle))
    assert source[span.start : span.end] == needle


def test_folded_line_break_maps_near_the_break() -> None:
    source = "k: >\n  first\n  second\n"
    text = _text(source)
    assert text.text == "first second\n"
    span = text.source_span(6, 12)
    assert source[span.start : span.end] == "second"


def test_invalid_yaml_reports_position() -> None:
    source = "a: 1\nb:\n  - x\n - y\n"
    region, problem = load_region(source, 0, len(source))
    assert region is None and problem is not None
    assert problem.message.startswith("invalid YAML")
    assert source[problem.span.start] in "- "
