from __future__ import annotations

import os
from pathlib import Path

import pytest

from promptlint import tokens


@pytest.mark.parametrize(
    ("model", "encoding", "exact"),
    [
        ("gpt-4o", "o200k_base", True),
        ("azure/gpt-4o-mini", "o200k_base", True),
        ("o3-mini", "o200k_base", True),
        ("gpt-4.1", "o200k_base", True),
        ("gpt-4-turbo", "cl100k_base", True),
        ("gpt-35-turbo", "cl100k_base", True),
        ("text-davinci-003", "p50k_base", True),
        ("claude-3-5-sonnet", "o200k_base", False),
        ("googleai/gemini-2.5-flash", "o200k_base", False),
        (None, "o200k_base", False),
    ],
)
def test_encoding_for_model(model: str | None, encoding: str, exact: bool) -> None:
    assert tokens.encoding_for(model) == tokens.EncodingChoice(encoding, exact)


def test_counts_with_the_bundled_encodings() -> None:
    assert tokens.count_tokens("Hello, world!", "gpt-4o") == tokens.TokenCount(4, "o200k_base", True)
    assert tokens.count_tokens("Hello, world!", "gpt-4") == tokens.TokenCount(4, "cl100k_base", True)


def test_missing_encoding_file_falls_back_to_an_estimate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tokens, "VENDORED_TIKTOKEN_DIR", tmp_path / "nothing-here")
    tokens._encoder.cache_clear()
    try:
        assert tokens.count_tokens("x" * 40, "gpt-4o") == tokens.TokenCount(10, "estimate", False)
    finally:
        tokens._encoder.cache_clear()


def test_a_users_empty_tiktoken_cache_still_counts_with_the_vendored_encoding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens._encoder.cache_clear()
    try:
        assert tokens.count_tokens("Hello, world!", "gpt-4o") == tokens.TokenCount(4, "o200k_base", True)
        assert os.environ["TIKTOKEN_CACHE_DIR"] == str(tmp_path)  # the user's setting is restored
        assert not list(tmp_path.iterdir())  # and nothing was downloaded into it
    finally:
        tokens._encoder.cache_clear()


def test_upper_bound_is_never_below_the_count() -> None:
    for text in ["hello", "héllo wörld", "日本語のテキスト", "😀😀😀", "a" * 1000]:
        assert tokens.count_tokens(text, "gpt-4o").tokens <= tokens.upper_bound(text)
