from __future__ import annotations

from promptlint.document.lines import LineIndex, dominant_newline, line_endings


def test_positions_across_line_endings() -> None:
    text = "ab\r\ncd\ref\ngh"
    index = LineIndex(text)
    assert index.line_count == 4
    assert index.position(0) == (0, 0)
    assert index.position(4) == (1, 0)
    assert index.position(7) == (2, 0)
    assert index.position(10) == (3, 0)
    assert index.line_text(0) == "ab"
    assert index.line_end(0) == 2
    assert index.line_end(0, keep_break=True) == 4


def test_utf16_columns_count_astral_characters_twice() -> None:
    text = "a😀b é"
    index = LineIndex(text)
    assert index.utf16_column(2) == 3  # after "a😀"
    assert index.utf16_column(5) == 6
    assert index.offset_from_utf16(0, 3) == 2
    assert index.offset(0, 2) == 2


def test_offsets_are_clamped() -> None:
    index = LineIndex("abc\n")
    assert index.position(99) == (1, 0)
    assert index.offset(5, 0) == 4


def test_line_endings_and_dominant() -> None:
    assert line_endings("a\r\nb\nc\r\n") == {"\n": 1, "\r\n": 2, "\r": 0}
    assert dominant_newline("a\r\nb\nc\r\n") == "\r\n"
    assert dominant_newline("no newline") == "\n"
