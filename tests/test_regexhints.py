"""Literal hints: strings one of which occurs (normalised) in every match of a pattern."""

from __future__ import annotations

import re

import pytest

from promptlint.regexhints import LazyPattern, literal_hints, normalise


@pytest.mark.parametrize(
    ("pattern", "hints"),
    [
        (r"[Mm]y name is", {"my name is"}),  # a small class of literals is a choice of letters
        (r"(?m)^[ \t]*(?:[Rr]egards|[Bb]est regards)", {"regards", "best regar"}),  # leading blanks skipped
        (r"\s*(?:json|yaml)", {"json", "yaml"}),
        (r"x?bar", {"bar", "xbar"}),
        (r"ab*c", {"ab", "ac"}),
        (r"\bnever\b", {" never"}),
    ],
)
def test_hints(pattern: str, hints: set[str]) -> None:
    assert literal_hints(pattern) == hints


@pytest.mark.parametrize("pattern", [r"[A-Z]\w+", r"(?:Mr\.?\s+)?[A-Z][a-z]+", r"[^a]bc", r"\d+"])
def test_no_hints_where_a_match_can_start_with_anything(pattern: str) -> None:
    assert literal_hints(pattern) is None


@pytest.mark.parametrize(
    "text",
    ["Best regards,\nAna", "  regards\nBo", "My name is Li.", "my  name   is x", "Regards - Zoë", "bar", "abbbc"],
)
def test_a_pattern_ruled_out_by_its_hints_never_matches(text: str) -> None:
    """The hint test is a necessary condition: whenever the pattern matches, it passes."""
    for pattern in (r"(?m)^[ \t]*(?:[Rr]egards|[Bb]est regards)", r"[Mm]y\s+name\s+is", r"x?bar", r"ab*c"):
        lazy = LazyPattern.hinted(pattern)
        if re.search(pattern, text):
            assert lazy.may_occur(normalise(text)), (pattern, text)


def test_a_lazy_pattern_is_compiled_only_when_it_runs() -> None:
    lazy = LazyPattern.hinted(r"[Mm]y name is (?P<name>\w+)")
    assert not lazy.may_occur(normalise("Answer briefly."))
    assert lazy._compiled is None
    assert lazy.search("my name is Ana") is not None and lazy._compiled is not None
