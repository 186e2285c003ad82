"""`api.lint_source` lints a string the way `promptlint check` lints that file: the
nearest config applies, and a config written or edited later is seen by the next call."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptlint.api import lint_source

TEXT = "# version: 1.0.0\nAnswer politely.   \n"


def test_config_beside_the_path_applies_and_changes_are_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert [d.code for d in lint_source(TEXT, "prompts/a.txt")] == ["WS001"]
    (tmp_path / "promptlint.toml").write_text('ignore = ["WS001"]\n')
    assert lint_source(TEXT, "prompts/a.txt") == []
    (tmp_path / "promptlint.toml").write_text('per-file-ignores = { "legacy/*" = ["WS001"] }\n')
    assert [d.code for d in lint_source(TEXT, "prompts/a.txt")] == ["WS001"]
    assert lint_source(TEXT, "legacy/a.txt") == []


def test_nearest_config_wins_and_use_config_false_ignores_it(tmp_path: Path) -> None:
    (tmp_path / "promptlint.toml").write_text('ignore = ["WS001"]\n')
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "promptlint.toml").write_text('select = ["WS001"]\n')
    assert [d.code for d in lint_source(TEXT, "team/a.txt", root=tmp_path)] == ["WS001"]
    assert lint_source(TEXT, "a.txt", root=tmp_path) == []
    assert [d.code for d in lint_source(TEXT, "a.txt", root=tmp_path, use_config=False)] == ["WS001"]


def test_keyword_overrides_apply_on_top_of_the_config(tmp_path: Path) -> None:
    (tmp_path / "promptlint.toml").write_text('ignore = ["WS001"]\n[rules.TOK001]\nmax-tokens = 100000\n')
    assert lint_source(TEXT, "a.txt", root=tmp_path, select=["WS001"]) == []  # the config's ignore still holds
    found = lint_source("Hello world, this is long enough.\n", "a.txt", root=tmp_path, select=["TOK001"],
                        rule_options={"TOK001": {"max-tokens": 2}})  # fmt: skip
    assert [d.code for d in found] == ["TOK001"]
