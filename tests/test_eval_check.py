"""The EVAL rules through `promptlint check`: the edge pairs prompts with golden sets
and reads git history, the rules report exact positions, and golden sets are never
linted as prompts."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import commit_all, git, run_cli

PROMPT = (
    "---\nversion: 1.0.0\ninputs:\n  question: {type: string}\n---\nsystem:\nAnswer briefly.\nuser:\n{{question}}\n"
)
GOLDEN = "tests:\n  - description: brief\n    vars: {question: Where is my refund?}\n    assert:\n      - type: max-chars\n        value: 300\n"


def check_json(*args: str) -> list[dict]:  # type: ignore[type-arg]
    result = run_cli("check", "--format", "json", "--no-cache", *args)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["diagnostics"]


def codes(diagnostics: list[dict]) -> list[tuple[str, str, int, int]]:  # type: ignore[type-arg]
    return [(d["path"], d["code"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1)
            for d in diagnostics]  # fmt: skip


def test_stale_golden_set_from_git_history(git_repo: Path) -> None:
    (git_repo / "support.prompty").write_text(PROMPT)
    (git_repo / "support.prompty.golden.yaml").write_text(GOLDEN)
    commit_all(git_repo, "prompt and golden set")
    for index, new in enumerate(["Answer briefly, in JSON.", "Answer in JSON.", "Answer in JSON, in English."]):
        source = PROMPT.replace("1.0.0", f"1.{index + 1}.0").replace("Answer briefly.", new)
        (git_repo / "support.prompty").write_text(source)
        commit_all(git_repo, f"edit {index}")
        found = [d for d in check_json("--select", "EVAL", "support.prompty") if d["code"] == "EVAL001"]
        assert bool(found) is (index == 2)
    (finding,) = found
    assert codes([finding]) == [("support.prompty", "EVAL001", 6, 1)]
    assert finding["message"].startswith(
        "The prompt's body changed in 3 commits since its golden set support.prompty.golden.yaml last changed ("
    )
    # A version-only commit is not a body change; updating the golden set clears it.
    (git_repo / "support.prompty.golden.yaml").write_text(GOLDEN.replace("300", "250"))
    assert not [d for d in check_json("--select", "EVAL") if d["code"] == "EVAL001"]  # uncommitted: fresh
    commit_all(git_repo, "golden set reviewed")
    assert not [d for d in check_json("--select", "EVAL") if d["code"] == "EVAL001"]


def test_invalid_golden_set_in_a_checked_folder(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "support.prompty").write_text(PROMPT)
    # Trailing whitespace, no version, a typo'd var: only EVAL003 speaks about a golden set.
    (tmp_path / "prompts" / "support.prompty.golden.yaml").write_text(
        GOLDEN.replace("question: Where", "questoin: Where").replace("brief\n", "brief   \n")
    )
    (tmp_path / "prompts" / "gone.prompty.golden.yaml").write_text(GOLDEN)
    found = codes(check_json("prompts"))
    assert found == [
        ("prompts/gone.prompty.golden.yaml", "EVAL003", 1, 1),
        ("prompts/support.prompty.golden.yaml", "EVAL003", 3, 12),
    ]
    result = run_cli("rule", "EVAL003")
    assert result.code == 0 and "## What it does" in result.out


def test_configured_golden_sets_and_required_golden_sets(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "billing.prompty").write_text(PROMPT)
    (tmp_path / "prompts" / "faq.prompty").write_text(PROMPT)
    (tmp_path / "evals").mkdir()
    (tmp_path / "evals" / "billing.yaml").write_text("prompt: ../prompts/billing.prompty\n" + GOLDEN)
    (tmp_path / "evals" / "orphan.yaml").write_text(GOLDEN)
    (tmp_path / "promptlint.toml").write_text(
        '[eval]\ngolden = ["evals/*.yaml"]\n\n[rules.EVAL002]\nrequire-golden = ["prompts/*.prompty"]\n'
    )
    found = codes(check_json("--select", "EVAL", "prompts", "evals"))
    assert found == [
        ("prompts/faq.prompty", "EVAL002", 1, 1),
        ("evals/orphan.yaml", "EVAL003", 1, 1),  # names no prompt
    ]


def test_staged_check_reads_golden_links_from_the_index(git_repo: Path) -> None:
    (git_repo / "support.prompty").write_text(PROMPT)
    (git_repo / "support.prompty.golden.yaml").write_text(GOLDEN.replace("question:", "questoin:"))
    git(git_repo, "add", "-A")
    (git_repo / "support.prompty.golden.yaml").write_text(GOLDEN)  # fixed, but not staged
    staged = codes(check_json("--staged", "--select", "EVAL"))
    assert staged == [("support.prompty.golden.yaml", "EVAL003", 3, 12)]
    assert codes(check_json("--select", "EVAL")) == []
