"""Git edge cases for --staged, --base and the diff rules: shallow clones whose base is
missing, detached HEAD, submodules, a repository with no commits yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import commit_all, git, run_cli

PROMPT = "---\nversion: 1.0.0\n---\nsystem:\nAnswer in English.\n"


def _codes(*args: str) -> list[tuple[str, str, int]]:
    """(path, code, 0-based line) of each finding, from the JSON report."""
    payload = json.loads(run_cli("check", *args, "--format", "json", "--no-cache").out)
    return [(d["path"], d["code"], d["range"]["start"]["line"]) for d in payload["diagnostics"]]


@pytest.fixture
def upstream(git_repo: Path) -> Path:
    """A repository with three commits of one prompt, each bumping its version."""
    path = git_repo / "a.prompty"
    for n, language in enumerate(("English", "French", "German")):
        path.write_text(PROMPT.replace("1.0.0", f"1.0.{n}").replace("English", language))
        commit_all(git_repo, f"v{n}")
    return git_repo


def test_shallow_clone_whose_base_is_missing_says_how_to_fetch_it(
    upstream: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{upstream}", str(clone))
    monkeypatch.chdir(clone)
    (clone / "a.prompty").write_text((clone / "a.prompty").read_text().replace("German", "Dutch"))
    assert _codes("a.prompty") == [("a.prompty", "VER002", 1)]  # HEAD is there: compared with it
    result = run_cli("check", "a.prompty", "--base", "HEAD~2", "--no-cache")
    assert result.code == 2
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert "--base HEAD~2: no such revision" in result.err and "shallow clone" in result.err
    assert "fetch-depth: 0" in result.err


def test_detached_head_compares_with_the_checked_out_commit(upstream: Path) -> None:
    git(upstream, "checkout", "-q", "--detach", "HEAD~1")
    assert _codes("a.prompty") == []
    (upstream / "a.prompty").write_text((upstream / "a.prompty").read_text().replace("French", "Greek"))
    assert _codes("a.prompty") == [("a.prompty", "VER002", 1)]
    git(upstream, "add", "a.prompty")
    assert _codes("--staged") == [("a.prompty", "VER002", 1)]


def test_submodules_are_their_own_repositories(upstream: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    superproject = tmp_path / "super"
    superproject.mkdir()
    git(superproject, "init", "-q", "-b", "main")
    git(superproject, "config", "commit.gpgsign", "false")
    (superproject / "top.prompt.md").write_text("<!-- version: 1.0.0 -->\nBe brief.\n")
    commit_all(superproject)
    git(superproject, "-c", "protocol.file.allow=always", "submodule", "add", "-q", f"file://{upstream}", "sub")
    monkeypatch.chdir(superproject)
    # The staged gitlink is a commit id, not a prompt: nothing to lint, no error.
    staged = run_cli("check", "--staged", "--no-cache")
    assert staged.code == 0, staged.err
    # A walk of the superproject lists its own files, as git does; the submodule's are its own.
    assert json.loads(run_cli("check", ".", "--format", "json", "--no-cache").out)["summary"]["files"] == 1
    # A file in the submodule named explicitly is compared with the submodule's HEAD.
    inner = superproject / "sub" / "a.prompty"
    inner.write_text(inner.read_text().replace("German", "Greek"))
    assert _codes("sub/a.prompty") == [("sub/a.prompty", "VER002", 1)]


def test_staged_files_in_a_repository_without_commits(git_repo: Path) -> None:
    (git_repo / "a.prompty").write_text(PROMPT)
    (git_repo / "b.prompt.md").write_text("Be brief.\n")
    git(git_repo, "add", "-A")
    assert _codes("--staged") == [("b.prompt.md", "VER001", 0)]  # no base: no VER002, no error
