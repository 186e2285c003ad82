"""The `promptlint-smoke` hook, installed by the real `pre-commit` from this repository
(with its declared additional dependencies), against a real model server on 127.0.0.1:
a staged prompt change that fails a golden case blocks the commit, a passing one goes
through, and the golden set of a prompt that is not part of the commit is not run."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO, git, pre_commit
from .fakemodel import FakeModel, last_user_text, serve, system_text

pytestmark = pytest.mark.e2e

KEY = "sk-test-c21va2UtaG9vay1rZXktMTIzNDU2Nzg5"
PROMPT = "---\nversion: 1.0.0\n---\nsystem:\nYou track refunds. Reply in JSON.\nuser:\n{{question}}\n"


def answer(body: dict[str, Any]) -> str:
    if "JSON" in system_text(body):
        return json.dumps({"status": "refund sent", "q": last_user_text(body)})
    return "Your refund was sent."


@pytest.fixture
def model() -> Iterator[FakeModel]:
    with serve(answer) as fake:
        yield fake


def test_hook_declares_the_eval_extra() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    smoke = hooks["promptlint-smoke"]
    assert smoke["require_serial"] is True and smoke["entry"] == "promptlint eval --only-matching"
    import tomllib

    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["eval"]
    assert sorted(smoke["additional_dependencies"]) == sorted(extra)


def test_smoke_hook_blocks_a_regressing_commit_and_passes_a_good_one(
    git_repo: Path,
    hook_repo: tuple[Path, str],
    pre_commit_home: Path,
    model: FakeModel,
) -> None:
    path, sha = hook_repo
    (git_repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {sha}\n    hooks:\n      - id: promptlint-smoke\n"
    )
    golden = (
        f"model: openai/gpt-4o-mini\napi-base: {model.url}/v1\ntests:\n"
        "  - description: answers in JSON\n    vars: {question: 'Where is my refund?'}\n"
        "    assert:\n      - type: is-json\n"
    )
    (git_repo / "support.prompty").write_text(PROMPT)
    (git_repo / "support.prompty.golden.yaml").write_text(golden)
    # Another prompt whose golden set fails: it is never part of a commit below.
    (git_repo / "other.prompty").write_text(PROMPT.replace("refunds", "orders"))
    (git_repo / "other.prompty.golden.yaml").write_text(
        golden.replace("Where is my refund?", "Where is my order?").replace(
            "is-json", "contains\n        value: banana"
        )
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home), "NO_COLOR": "1", "OPENAI_API_KEY": KEY}
    installed = pre_commit(git_repo, "install", env=env)
    assert installed.returncode == 0, installed.stderr
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-q", "--no-verify", "-m", "prompts and golden sets")

    def commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "commit", "-m", "change"], cwd=git_repo, capture_output=True, text=True,
                              env=env, timeout=900)  # fmt: skip

    (git_repo / "support.prompty").write_text(PROMPT.replace(" Reply in JSON.", " Reply in prose."))
    git(git_repo, "add", "support.prompty")
    blocked = commit()
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "FAIL  support.prompty.golden.yaml › answers in JSON" in output
    assert "expected valid JSON; not JSON" in output
    assert KEY not in output
    assert git(git_repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

    (git_repo / "support.prompty").write_text(PROMPT.replace("You track", "You track and explain"))
    git(git_repo, "add", "support.prompty")
    passed = commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git(git_repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"
    asked = [last_user_text(r["body"]) for r in model.requests]
    assert "Where is my order?" not in asked  # the unchanged prompt's set was not run
    assert asked.count("Where is my refund?") == 2
