"""Config discovery, validation (errors name the key and the file), selection semantics."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptlint.config import ConfigResolver, FileConfig, Overrides, find_config_file, load_file_config, resolve
from promptlint.diagnostics import Severity
from promptlint.errors import ConfigError


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _enabled(**kwargs) -> set[str]:  # type: ignore[no-untyped-def]
    file = FileConfig(path=None, root=Path.cwd(), **kwargs)
    return resolve(file, plugins=False).enabled


def test_nearest_config_wins(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.promptlint]\nfail-on = 'error'\n")
    inner = _write(tmp_path / "prompts" / "promptlint.toml", "fail-on = 'info'\n")
    (tmp_path / "prompts" / "deep").mkdir()
    assert find_config_file(tmp_path / "prompts" / "deep") == inner
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"
    resolver = ConfigResolver(plugins=False)
    assert resolver.for_path(tmp_path / "prompts" / "deep" / "a.md").fail_on == Severity.INFO
    assert resolver.for_path(tmp_path / "b.md").fail_on == Severity.ERROR


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    (tmp_path / "sub").mkdir()
    assert (
        find_config_file(tmp_path / "sub") in (None,)
        or find_config_file(tmp_path / "sub") != tmp_path / "pyproject.toml"
    )


def test_explicit_config_overrides_search(tmp_path: Path) -> None:
    _write(tmp_path / "promptlint.toml", "fail-on = 'info'\n")
    other = _write(tmp_path / "other.toml", "fail-on = 'error'\n")
    resolver = ConfigResolver(other, plugins=False)
    assert resolver.for_path(tmp_path / "a.md").fail_on == Severity.ERROR


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct = ['WS']\n", "unknown key 'selct'"),
        ("select = 'WS001'\nignore = [1]\n", "'ignore' must be a list of strings"),
        ("fail-on = 'fatal'\n", "'fail-on': unknown severity 'fatal'"),
        ("select = ['NOPE']\n", "unknown rule or prefix 'NOPE' in 'select'"),
        ("ignore = ['trailing-whitespaces']\n", "unknown rule or prefix 'trailing-whitespaces' in 'ignore'"),
        (
            "[rules.WS001]\nallow-markdown-line-break = true\n",
            "unknown option 'allow-markdown-line-break' for rule WS001",
        ),
        ("[rules.TOK001]\nmax-tokens = 'many'\n", "[rules.TOK001] option 'max-tokens': expected an integer"),
        ("[rules.TOK001]\nmax-tokens = -1\n", "must be at least 0"),
        ("[rules.WS001]\nseverity = 'loud'\n", "unknown severity 'loud'"),
        ("[rules.XYZ001]\nfoo = 1\n", "unknown rule 'XYZ001' in [rules]"),
        ("[rules.WS003]\nline-ending = 'mac'\n", "expected one of auto, lf, crlf"),
        ("rule-packs = ['missing-dir']\n", "rule pack folder not found"),
        ("per-file-ignores = { 'a/*' = 'NOPE' }\n", "unknown rule or prefix 'NOPE' in 'per-file-ignores'"),
        ("model = 3\n", "'model' must be a model name string"),
        ("this is not toml\n", "invalid TOML"),
    ],
)
def test_invalid_config_names_key_and_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "promptlint.toml", text)
    with pytest.raises(ConfigError) as info:
        resolver = ConfigResolver(plugins=False)
        resolver.for_path(tmp_path / "a.md")
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_pyproject_keys_are_reported_with_their_table(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.promptlint]\nexlude = []\n")
    with pytest.raises(ConfigError, match=r"unknown key 'tool\.promptlint\.exlude'"):
        load_file_config(path)


def test_default_selection_is_every_default_enabled_rule() -> None:
    enabled = _enabled()
    assert {"WS001", "VER001", "TPL003", "FMT001", "SUP001", "HYG001"} <= enabled
    assert "HYG010" not in enabled  # opt-in pack rule


def test_select_prefix_ignore_specific_and_names() -> None:
    assert _enabled(select=("WS",), ignore=("WS002",)) == {"WS001", "WS003"}
    assert _enabled(select=("trailing-whitespace",)) == {"WS001"}
    assert _enabled(select=("WS001",), ignore=("WS",)) == {"WS001"}  # the more specific wins
    assert _enabled(select=("ALL",), ignore=("VER",)) >= {"HYG010", "WS001"}
    assert "VER001" not in _enabled(select=("ALL",), ignore=("HYG", "VER"))
    assert _enabled(extend_select=("HYG010",)) >= {"HYG010", "WS001"}


def test_cli_overrides_replace_select_and_extend_ignore() -> None:
    file = FileConfig(path=None, root=Path.cwd(), select=("WS",), ignore=("WS003",))
    config = resolve(file, Overrides(select=("VER", "WS"), ignore=("VER002",)), plugins=False)
    assert config.enabled == {"VER001", "VER003", "WS001", "WS002"}


def test_per_rule_options_and_severity(tmp_path: Path) -> None:
    _write(
        tmp_path / "promptlint.toml",
        "[rules.trailing-whitespace]\nseverity = 'error'\nallow-markdown-line-breaks = true\n",
    )
    config = ConfigResolver(plugins=False).for_path(tmp_path / "a.md")
    active = {a.meta.code: a for a in config.rules_for(tmp_path / "a.md")}
    assert active["WS001"].severity == Severity.ERROR
    assert active["WS001"].options == {"allow-markdown-line-breaks": True}


def test_per_file_ignores_match_relative_to_the_config(tmp_path: Path) -> None:
    _write(tmp_path / "promptlint.toml", "[per-file-ignores]\n'legacy/**' = ['VER']\n'*.txt' = ['WS001']\n")
    config = ConfigResolver(plugins=False).for_path(tmp_path / "x.md")
    codes = lambda p: {a.meta.code for a in config.rules_for(p)}  # noqa: E731
    assert "VER001" not in codes(tmp_path / "legacy" / "deep" / "a.md")
    assert "VER001" in codes(tmp_path / "new" / "a.md")
    assert "WS001" not in codes(tmp_path / "notes" / "a.txt")
