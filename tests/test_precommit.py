"""End to end with the real `pre-commit`: the hook from this repository, installed into a
temporary git repository, blocks a bad commit, lets a clean one through, honours
`pre-commit run --files`, and lints the staged version under partial staging."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from .conftest import git, pre_commit

pytestmark = pytest.mark.e2e

BAD = "---\nname: refunds\n---\nsystem:\nExplain the refund policy.   \n"
GOOD = "---\nname: refunds\nversion: 1.0.0\n---\nsystem:\nExplain the refund policy.\n"


@pytest.fixture
def project(git_repo: Path, hook_repo: tuple[Path, str], pre_commit_home: Path) -> tuple[Path, dict[str, str]]:
    path, sha = hook_repo
    (git_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {sha}\n    hooks:\n      - id: promptlint\n"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "NO_COLOR": "1"}
    installed = pre_commit(git_repo, "install", env=env)
    assert installed.returncode == 0, installed.stderr
    git(git_repo, "add", ".pre-commit-config.yaml")
    git(git_repo, "commit", "-q", "--no-verify", "-m", "config")
    return git_repo, env


def _commit(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-m", "change"], cwd=repo, capture_output=True, text=True, env=env, timeout=900
    )


def test_bad_commit_is_blocked_and_clean_commit_passes(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    (repo / "prompts").mkdir()
    (repo / "prompts" / "refunds.md").write_text(BAD)
    git(repo, "add", "prompts/refunds.md")
    blocked = _commit(repo, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "prompts/refunds.md:1:1: VER001" in output
    assert "prompts/refunds.md:5:27: WS001" in output
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    (repo / "prompts" / "refunds.md").write_text(GOOD)
    git(repo, "add", "prompts/refunds.md")
    passed = _commit(repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_run_files_lints_the_given_file(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    (repo / "support.prompty").write_text(BAD)
    run = pre_commit(repo, "run", "promptlint", "--files", "support.prompty", env=env)
    assert run.returncode == 1
    assert "support.prompty:5:27: WS001" in run.stdout


def test_partial_staging_lints_the_staged_version(project: tuple[Path, dict[str, str]]) -> None:
    repo, env = project
    path = repo / "agent.prompty"
    # Staged: clean. Working tree: a new problem that is not part of this commit.
    path.write_text(GOOD)
    git(repo, "add", "agent.prompty")
    path.write_text(GOOD + "Unstaged line with trailing spaces.   \n")
    passed = _commit(repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert path.read_text().endswith("trailing spaces.   \n")  # the unstaged edit is restored

    # Staged: a problem. Working tree: fixed but not staged. The commit is blocked.
    path.write_text(GOOD.replace("1.0.0", "1.0.1").replace("policy.", "policy.   "))
    git(repo, "add", "agent.prompty")
    path.write_text(GOOD.replace("1.0.0", "1.0.1"))
    blocked = _commit(repo, env)
    assert blocked.returncode != 0
    assert "agent.prompty:6:27: WS001" in blocked.stdout + blocked.stderr


def test_configured_include_is_what_the_hook_lints(project: tuple[Path, dict[str, str]]) -> None:
    """The hook gets every staged text file; promptlint's own `include` decides, so a
    prompt in a layout the default globs do not know is linted, and code is not."""
    repo, env = project
    (repo / "promptlint.toml").write_text('include = ["bots/*/brief.txt"]\n')
    (repo / "bots" / "helpdesk").mkdir(parents=True)
    (repo / "bots" / "helpdesk" / "brief.txt").write_text(
        "# version: 1.0.0\nYou answer support tickets.\n\n"
        "Customer: Hi, I'm Dana Whitfield, write to dana.whitfield@fastmail.com please.\n"
        "Agent: Thanks, I found your order.\n"
    )
    (repo / "src").mkdir()
    (repo / "src" / "app.py").write_text("print('not a prompt')   \n")
    git(repo, "add", "-A")
    blocked = _commit(repo, env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "bots/helpdesk/brief.txt:4:" in output and "PII001" in output
    assert "dana.whitfield@fastmail.com" not in output
    assert "src/app.py" not in output
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"
