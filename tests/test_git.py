"""Diff-aware rules against real git repositories: VER002 and TOK002 against --base,
--staged reading the index, new files, and repositories without commits."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import commit_all, git, run_cli

PROMPT = "---\nversion: 1.0.0\n---\nsystem:\nAnswer in English.\n"


def _codes(*args: str) -> list[tuple[str, str, int]]:
    payload = json.loads(run_cli("check", *args, "--format", "json", "--no-cache").out)
    return [(d["path"], d["code"], d["range"]["start"]["line"]) for d in payload["diagnostics"]]


def test_version_not_bumped_against_head(git_repo: Path) -> None:
    (git_repo / "a.prompty").write_text(PROMPT)
    commit_all(git_repo)
    assert _codes("a.prompty") == []
    (git_repo / "a.prompty").write_text(PROMPT.replace("English", "the user's language"))
    assert _codes("a.prompty") == [("a.prompty", "VER002", 1)]
    result = run_cli("check", "a.prompty", "--fix", "--no-cache")
    assert result.code == 0
    assert (git_repo / "a.prompty").read_text().startswith("---\nversion: 1.0.1\n")


def test_new_files_and_repos_without_commits_are_quiet(git_repo: Path) -> None:
    (git_repo / "a.prompty").write_text(PROMPT)
    assert _codes("a.prompty") == []  # no HEAD yet
    (git_repo / "b.prompty").write_text(PROMPT)
    commit_all(git_repo)
    (git_repo / "c.prompty").write_text(PROMPT)  # untracked, new
    assert _codes("c.prompty") == []


def test_outside_git_is_quiet(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompty").write_text(PROMPT)
    assert _codes("a.prompty") == []


def test_base_revision_option(git_repo: Path) -> None:
    (git_repo / "a.prompty").write_text(PROMPT)
    commit_all(git_repo, "v1")
    git(git_repo, "tag", "release")
    (git_repo / "a.prompty").write_text(PROMPT.replace("1.0.0", "1.1.0").replace("English", "French"))
    commit_all(git_repo, "v1.1")
    (git_repo / "a.prompty").write_text(PROMPT.replace("1.0.0", "1.1.0").replace("English", "German"))
    assert _codes("a.prompty") == [("a.prompty", "VER002", 1)]
    assert _codes("a.prompty", "--base", "release") == []
    bad = run_cli("check", "a.prompty", "--base", "nope")
    assert bad.code == 2 and "--base nope: no such revision" in bad.err


def test_staged_lints_exactly_what_will_be_committed(git_repo: Path) -> None:
    (git_repo / "prompts").mkdir()
    path = git_repo / "prompts" / "a.md"
    path.write_text("<!-- version: 1.0.0 -->\nclean\n")
    commit_all(git_repo)
    # Stage a version with trailing whitespace, then clean the working tree copy.
    path.write_text("<!-- version: 1.0.1 -->\nstaged  \n")
    git(git_repo, "add", "prompts/a.md")
    path.write_text("<!-- version: 1.0.1 -->\nworking tree\n")
    assert _codes("--staged") == [("prompts/a.md", "WS001", 1)]
    assert _codes("prompts/a.md") == []
    assert _codes("--staged", "prompts/a.md") == [("prompts/a.md", "WS001", 1)]


def test_staged_version_bump_check_uses_the_index(git_repo: Path) -> None:
    path = git_repo / "a.prompty"
    path.write_text(PROMPT)
    commit_all(git_repo)
    path.write_text(PROMPT.replace("English", "Spanish"))
    git(git_repo, "add", "a.prompty")
    path.write_text(PROMPT.replace("1.0.0", "1.0.1").replace("English", "Spanish"))  # bump not staged
    assert _codes("--staged", "a.prompty") == [("a.prompty", "VER002", 1)]
    git(git_repo, "add", "a.prompty")
    assert _codes("--staged", "a.prompty") == []


def test_token_growth_against_head(git_repo: Path) -> None:
    (git_repo / "promptlint.toml").write_text("[rules.TOK002]\nmin-growth-tokens = 5\n")
    path = git_repo / "a.md"
    path.write_text("<!-- version: 1 -->\nAnswer the question.\n")
    commit_all(git_repo)
    path.write_text("<!-- version: 2 -->\nAnswer the question. Cite sources, be friendly, and keep it short please.\n")
    payload = json.loads(
        run_cli("check", "a.md", "--format", "json", "--model", "gpt-5.4-2026-03-05", "--no-cache").out
    )
    (diag,) = payload["diagnostics"]
    assert diag["code"] == "TOK002"
    # The version comment counts: markdown HTML comments reach the model.
    assert diag["message"].startswith("Prompt grew from 10 to 22 tokens since HEAD (+12 tokens, +120 %)")
    assert "per 1,000 calls" in diag["message"]
