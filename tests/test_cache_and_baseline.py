"""The result cache answers only for the environment that produced the result, its
folder is always ignored by git, and baselines are keyed on content, not on lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from promptlint import environment, nlp
from promptlint.detect.pii import engine

from .conftest import run_cli

# A name only NER finds (no cue such as "I'm"): with a spaCy pipeline it is a PII001
# finding, without one it is not.
PROMPT = (
    "---\nname: t\nversion: 1.0.0\n---\nsystem:\nYou route tickets.\n\n"
    "user:\nPlease forward this to Margaret Okonkwo today.\n\nassistant:\nForwarded.\n\nuser:\n{{q}}\n"
)


def _pii(path: Path) -> list[str]:
    payload = json.loads(run_cli("check", path, "--format", "json", "--select", "PII001").out)
    return [d["message"] for d in payload["diagnostics"]]


def _forget_environment() -> None:
    environment.signature.cache_clear()
    engine.get_engine.cache_clear()


@pytest.fixture
def prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "router.prompty"
    path.write_text(PROMPT, encoding="utf-8")
    yield path
    _forget_environment()


def test_each_environment_gets_its_own_cached_result(prompt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not nlp.installed_models():
        pytest.skip("needs a spaCy English pipeline")
    _forget_environment()
    with_model = _pii(prompt)
    assert len(with_model) == 1 and "Person name" in with_model[0]
    # The hook's environment: same file, same config, no pipeline installed.
    with monkeypatch.context() as hook:  # (not monkeypatch.undo(): that would undo conftest's env too)
        hook.setattr(nlp, "installed_models", list)
        _forget_environment()
        assert _pii(prompt) == []  # not the cached answer of the other environment
    _forget_environment()
    assert _pii(prompt) == with_model  # and each environment's entry is still there


def test_signature_names_pipelines_and_detectors(monkeypatch: pytest.MonkeyPatch) -> None:
    _forget_environment()
    monkeypatch.setattr(nlp, "installed_models", list)
    assert "spacy-pipelines=none" in environment.signature()
    assert "detect-secrets=" in environment.signature()
    _forget_environment()


def test_cache_folder_carries_its_gitignore_on_every_path(prompt: Path, tmp_path: Path) -> None:
    assert run_cli("check", prompt, "--fix").code == 1  # --fix writes no result entries, PII blocks only
    assert (tmp_path / ".promptlint_cache" / ".gitignore").read_text().endswith("*\n")


BASELINED = (
    "---\nname: support\n---\nsystem:\nAlways answer in JSON.   \nExplain the the refund policy.\n\n"
    "Reply in plain prose, never JSON.\n"
)


def test_baseline_survives_lines_inserted_above_its_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "support.prompty"
    path.write_text(BASELINED, encoding="utf-8")
    selection = ("--select", "WS001,VER001,HYG004,CON001")
    before = json.loads(run_cli("check", path, "--format", "json", *selection).out)["diagnostics"]
    assert {d["code"] for d in before} == {"WS001", "VER001", "HYG004", "CON001"}
    assert run_cli("check", path, *selection, "--write-baseline", "baseline.json").code == 0

    moved = BASELINED.replace("system:\n", "system:\nYou are the support assistant of a shop.\n\n\n")
    path.write_text(moved, encoding="utf-8")
    result = run_cli("check", path, *selection, "--baseline", "baseline.json", "--format", "json")
    assert json.loads(result.out)["diagnostics"] == [], result.out
    assert result.code == 0

    # Editing a finding's own text brings that finding back, and only that one.
    path.write_text(moved.replace("the the refund", "the the return"), encoding="utf-8")
    result = run_cli("check", path, *selection, "--baseline", "baseline.json", "--format", "json")
    assert [d["code"] for d in json.loads(result.out)["diagnostics"]] == ["HYG004"]


def test_old_and_malformed_baselines_are_one_line_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text("Hello\n")
    (tmp_path / "old.json").write_text('{"version": 1, "findings": {}}')
    (tmp_path / "bad.json").write_text('{"version": 2, "findings": {"a.prompt": [{"code": 1}]}}')
    old = run_cli("check", "a.prompt", "--baseline", "old.json")
    assert old.code == 2 and old.err == (
        "promptlint: error: old.json: baseline written by an older promptlint (format 1); "
        "write it again with --write-baseline\n"
    )
    bad = run_cli("check", "a.prompt", "--baseline", "bad.json")
    assert bad.code == 2 and bad.err.startswith("promptlint: error: bad.json: malformed entries for 'a.prompt'")


def test_config_baseline_key_is_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text("Hello   \n")
    assert run_cli("check", "a.prompt", "--write-baseline", "known.json").code == 0
    (tmp_path / "promptlint.toml").write_text('baseline = "known.json"\n')
    assert run_cli("check", "a.prompt").code == 0
