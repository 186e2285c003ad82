"""The load-time test for catastrophic backtracking in topic-pack patterns."""

from __future__ import annotations

import pytest

from promptlint.contradictions.vocabulary import vocabulary
from promptlint.regexrisk import backtracks_catastrophically


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*", r"(\w+\s?)*:", r"(?:x|\w+)*y", r"(?:\s*\w+)+!", r"(.*)*x"])
def test_nested_ambiguous_repetitions_are_refused(pattern: str) -> None:
    assert backtracks_catastrophically(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:an\s+|a\s+)*json",  # a required literal in each branch
        r"(?:\w+\s+)*:",  # two required repetitions: one way to split
        r"[^.;\n]{0,30}?\brivals?\b",
        r"(?:ab){2,}",
        r"(?:a+){2}",  # bounded outer repetition
    ],
)
def test_patterns_with_one_way_to_match_pass(pattern: str) -> None:
    assert not backtracks_catastrophically(pattern)


def test_every_shipped_topic_pattern_passes() -> None:
    """The shipped vocabulary loads (it would raise ConfigError on a refused pattern)."""
    assert vocabulary().topics
