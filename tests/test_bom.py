"""`promptlint bom`: snapshots of the table and JSON, CycloneDX 1.6 validated against its
schema, one `git log` for the last commits, and the same output with sockets blocked."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from promptlint import gitutil

from .conftest import FIXTURES, REPO, commit_all, git, run_cli
from .test_offline import GUARD

EXPECTED = FIXTURES / "expected"
# Fixed identities and dates: the sample repository's commit ids never change.
_DATES = {"GIT_AUTHOR_DATE": "2026-11-02T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-02T10:00:00Z"}


@pytest.fixture
def sample_repo(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled sample prompts and their config in a repository with a fixed history."""
    shutil.copytree(FIXTURES / "prompts", git_repo / "prompts")
    shutil.copy(FIXTURES / "promptlint.toml", git_repo / "promptlint.toml")
    for key, value in _DATES.items():
        monkeypatch.setenv(key, value)
    commit_all(git_repo, "sample prompts")
    with (git_repo / "prompts" / "chat.yaml").open("a", encoding="utf-8") as handle:
        handle.write('  - role: assistant\n    content: "Gern."\n')
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-20T09:30:00Z")
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-20T09:30:00Z")
    commit_all(git_repo, "chat: one more turn")
    (git_repo / "prompts" / "draft.prompt").write_text("---\nmodel: gpt4o\n---\nDraft.\n")  # never committed
    return git_repo


def test_table_snapshot(sample_repo: Path) -> None:
    result = run_cli("bom", "prompts")
    assert result.code == 0, result.err
    assert result.out == (EXPECTED / "bom.txt").read_text(encoding="utf-8")


def test_json_snapshot(sample_repo: Path) -> None:
    result = run_cli("bom", "prompts", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == json.loads((EXPECTED / "bom.json").read_text(encoding="utf-8"))


def test_json_answers_what_runs_where_and_what_expires(sample_repo: Path) -> None:
    payload = json.loads(run_cli("bom", "prompts", "--format", "json").out)
    prompts = {p["path"]: p for p in payload["prompts"]}
    chat = prompts["prompts/chat.yaml"]
    assert (
        chat["last_commit"]["date"] == "2026-11-20"
        and chat["last_commit"]["id"] == git(sample_repo, "rev-parse", "HEAD").stdout.strip()
    )
    assert prompts["prompts/summarize.prompt"]["last_commit"]["date"] == "2026-11-02"
    assert prompts["prompts/draft.prompt"]["last_commit"] is None
    assert prompts["prompts/draft.prompt"]["models"][0]["status"] == "unknown"
    assert prompts["prompts/triage.prompt"]["golden_sets"] == ["prompts/triage.prompt.golden.yaml"]
    assert "prompts/triage.prompt.golden.yaml" not in prompts  # golden sets are not prompts
    summarize = prompts["prompts/summarize.prompt"]["models"][0]
    assert summarize["status"] == "deprecated" and summarize["deprecation_date"] == "2026-12-01"
    assert summarize["catalog_name"] == "gemini/gemini-2.5-flash"
    triage = prompts["prompts/triage.prompt"]["models"][0]
    assert triage["status"] == "alias" and triage["pin"] == "claude-opus-4-6-20260205"
    assert prompts["prompts/support-agent.prompty"]["models"][0]["status"] == "deployment"
    assert prompts["prompts/classifier.md"]["models"][0]["source"] == "config"
    data = (sample_repo / "prompts" / "web-tools.yaml").read_bytes()
    assert prompts["prompts/web-tools.yaml"]["sha256"] == hashlib.sha256(data).hexdigest()
    dates = [m["deprecation_date"] for m in payload["models"] if m["deprecation_date"]]
    assert dates == sorted(dates)  # soonest first


def test_cyclonedx_on_fixtures_validates_against_the_1_6_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    monkeypatch.chdir(REPO)
    result = run_cli("bom", "fixtures/", "--format", "cyclonedx")
    assert result.code == 0, result.err
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(result.out)
    assert error is None, str(error)
    bom = json.loads(result.out)
    assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6"
    prompts = [c for c in bom["components"] if c["type"] == "data"]
    model_refs = {c["bom-ref"] for c in bom["components"] if c["type"] == "machine-learning-model"}
    assert {"model:claude-opus-4-6", "model:gemini/gemini-2.5-flash", "model:gpt-4o-mini"} <= model_refs
    by_name = {c["name"]: c for c in prompts}
    triage = by_name["fixtures/prompts/triage.prompt"]
    digest = hashlib.sha256((FIXTURES / "prompts" / "triage.prompt").read_bytes()).hexdigest()
    assert triage["hashes"] == [{"alg": "SHA-256", "content": digest}] and triage["version"] == "2.0.0"
    depends = {d["ref"]: d["dependsOn"] for d in bom["dependencies"]}
    assert depends["prompt:fixtures/prompts/triage.prompt"] == ["model:claude-opus-4-6"]
    assert depends["prompt:fixtures/prompts/classifier.md"] == ["model:gpt-5.4-2026-03-05"]  # the config's
    assert all(set(depends[r]) <= model_refs for r in depends)
    # The same tree gives the same document (serial number and timestamp included).
    assert run_cli("bom", "fixtures/", "--format", "cyclonedx").out == result.out


def test_the_validator_really_rejects(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    monkeypatch.chdir(REPO)
    bom = json.loads(run_cli("bom", "fixtures/prompts/triage.prompt", "--format", "cyclonedx").out)
    bom["components"][0]["type"] = "prompt"
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(bom)) is not None


def test_last_commits_in_one_git_log(sample_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.Popen

    def counting(args, *rest, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(list(args))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting)
    files = sorted((sample_repo / "prompts").iterdir())
    found = gitutil.last_commits(sample_repo, files)
    assert len([c for c in calls if "log" in c]) == 1
    head = git(sample_repo, "rev-parse", "HEAD").stdout.strip()
    assert found[sample_repo / "prompts" / "chat.yaml"].id == head
    assert (
        found[sample_repo / "prompts" / "summarize.prompt"].id == git(sample_repo, "rev-parse", "HEAD~1").stdout.strip()
    )
    assert sample_repo / "prompts" / "draft.prompt" not in found


def test_no_git_and_output_file(sample_repo: Path) -> None:
    out = sample_repo / "bom.json"
    result = run_cli("bom", "prompts", "--format", "json", "--no-git", "--output-file", str(out))
    assert result.code == 0 and result.out == ""
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert all(p["last_commit"] is None for p in payload["prompts"])


PROBE = """
import sys
from promptlint.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "args",
    [
        ("bom", "prompts"),
        ("bom", "prompts", "--format", "json"),
        ("bom", "prompts", "--format", "cyclonedx"),
        ("check", "prompts", "--select", "MOD,TOK003", "--format", "json", "--no-cache"),
    ],
    ids=["table", "json", "cyclonedx", "check-MOD-TOK003"],
)
def test_offline_gives_the_same_output(sample_repo: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    env = {**os.environ, "PYTHONPATH": str(guard), "NO_COLOR": "1"}
    blocked = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=sample_repo, capture_output=True, text=True, env=env
    )
    assert "NETWORK ATTEMPT" not in blocked.stderr
    online = run_cli(*args)
    assert blocked.returncode == online.code, blocked.stderr
    assert blocked.stdout == online.out
    if args[0] == "check":
        codes = {d["code"] for d in json.loads(blocked.stdout)["diagnostics"]}
        assert {"MOD001", "MOD002", "MOD003"} <= codes
