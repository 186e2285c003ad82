"""Decoded YAML/JSON scalars map back to their exact source characters."""

from __future__ import annotations

import json
import random
import re

import pytest
import yaml

from promptlint.document.model import Span
from promptlint.document.parsers import parse_text
from promptlint.document.yamlsrc import double_quoted, load_region, mapping_get, scalar_text
from promptlint.testing import fix_rule


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


# ---------------------------------------------------------------- escapes and the text as sent

_ALPHABET = [*"ab  \t\n\n\r\\\"'xyz/", "\u200b", "\U000e0049", "\U0001f600", "\u00e9", "\ufeff", "\x00", "\x1b"]


def _values(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 24))) for _ in range(count)]


def _sources(value: str, rng: random.Random) -> list[tuple[str, bool]]:
    return [
        (json.dumps({"k": value}), True),  # escapes everything non-ASCII, astral as surrogate pairs
        (json.dumps({"k": value}, ensure_ascii=False), True),
        (yaml.dump({"k": value}, default_style='"', width=rng.randint(5, 40), allow_unicode=rng.random() < 0.5), False),
    ]


def test_double_quoted_strings_decode_exactly_with_every_escape_mapped() -> None:
    """The exact decoder agrees with the loader on JSON and on YAML's folded,
    escaped-line-break form, and every piece and escape it records is where it says."""
    rng = random.Random(7)
    checked = 0
    for value in _values(1500, 11):
        for source, is_json in _sources(value, rng):
            region, problem = load_region(source, 0, len(source), json_text=is_json)
            assert problem is None and region is not None, source
            node = mapping_get(region.node, "k")
            span = region.span(node)
            text = double_quoted(source, span.start, span.end)
            assert text is not None and text.text == node.value == value, source
            for text_start, source_start, length in text.pieces:
                assert source[source_start : source_start + length] == text.text[text_start : text_start + length]
            for index, start, end in text.escapes:
                assert source[start] == "\\"
                assert yaml.safe_load(f'"{source[start:end]}"') == text.text[index] or is_json
                if is_json:
                    assert (
                        json.loads(f'"{source[start:end]}"').encode("utf-16", "surrogatepass").decode("utf-16")
                        == text.text[index]
                    )
            checked += 1
    assert checked == 4500


def test_json_surrogate_pairs_keep_the_file_structured() -> None:
    """json.dumps writes emoji and tag characters as surrogate pairs, which YAML
    rejects: the file is still read as chat messages, not as a template."""
    source = json.dumps(
        {
            "messages": [
                {"role": "system", "content": "Hi \U0001f600 there.\U000e0049"},
                {"role": "user", "content": "x"},
            ]
        }
    )
    doc = parse_text(source, "chat.json")
    assert doc.extra["top_level"] == "mapping"
    assert [(m.role, m.content.text) for m in doc.messages] == [
        ("system", "Hi \U0001f600 there.\U000e0049"),
        ("user", "x"),
    ]
    content = doc.messages[0].content
    emoji = content.text.index("\U0001f600")
    assert content.escape_at(emoji) == Span(source.index("\\ud83d"), source.index("\\ud83d") + 12)
    assert content.source_span(0, emoji + 1) == Span(source.index('"Hi') + 1, source.index("\\ud83d") + 12)


def test_a_file_already_using_the_stand_in_range_is_not_misread() -> None:
    """Surrogate escapes are read through private-use stand-ins; a file that holds one of
    those characters itself is left to fail as before rather than be decoded wrongly."""
    source = '{"k": "\\ue000 \\ud83d\\ude00"}'
    region, _ = load_region(source, 0, len(source), json_text=True)
    assert region is None
    source = '{"k": "\\\\ud83d"}'  # an escaped backslash, then the letters "ud83d"
    region, problem = load_region(source, 0, len(source), json_text=True)
    assert problem is None and region is not None and region.data == {"k": "\\ud83d"}


def test_char_span_knows_which_characters_the_file_writes() -> None:
    source = 'k: "a \\t\\n\n\n  b"\n'
    region, _ = load_region(source, 0, len(source))
    text = scalar_text(source, region, mapping_get(region.node, "k"))
    assert text.text == "a \t\n\nb"
    assert [text.char_span(i) for i in range(len(text.text))] == [
        Span(4, 5),  # a
        Span(5, 6),  # the raw space
        Span(6, 8),  # \t
        Span(8, 10),  # \n
        None,  # the newline the two raw line breaks fold into
        Span(14, 15),  # b
    ]
    assert text.to_source_end(3) == 8  # an end position after an escape covers it whole


def test_escaped_strings_lists_each_escaped_scalar_once_keys_included() -> None:
    source = 'a: &x "one\\u200b"\nb: *x\nc: plain\n"k\\u2060": "no escape"\nd: "\\\\"\n'
    doc = parse_text(source, "p.yaml")
    assert [t.text for t in doc.escaped_strings] == ["one\u200b", "k\u2060", "\\"]


@pytest.mark.parametrize("seed", range(3))
def test_fixes_in_json_strings_change_the_decoded_text_exactly(seed: int) -> None:
    """WS001 and UNI001 fixes applied to JSON strings: the file stays valid JSON and the
    decoded string loses exactly the reported characters."""
    rng = random.Random(seed)
    pieces = ["word", " ", "  ", "\t", "\n", "\r\n", "\u200b", "\U000e0041", "\U0001f469\u200d\U0001f4bb", "\\", '"']
    for _ in range(150):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        source = json.dumps([{"role": "user", "content": value}], ensure_ascii=rng.random() < 0.7)
        expected = re.sub(r"[ \t]+(?=[\r\n])", "", value)  # trailing blanks of each sent line
        expected = expected.replace("\u200b", "").replace("\U000e0041", "")
        fixed_source = fix_rule("WS001", source, path="chat.json")
        fixed_source = fix_rule("UNI001", fixed_source, path="chat.json")
        # Raw tag and ZWSP characters (ensure_ascii=False) are fixed by the file scan.
        assert json.loads(fixed_source)[0]["content"] == expected, (source, fixed_source)
