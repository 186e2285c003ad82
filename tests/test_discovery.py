"""Which files a run lints: prompt libraries, flow templates and prompt-named files are
found with no configuration; READMEs, docs and code templates are not; a run that finds
nothing, or walks past files that look like prompts, says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from promptlint.config import ConfigResolver, Overrides
from promptlint.discovery import discover, is_code_template, is_project_doc, suggest_globs

from .conftest import SHARED, run_cli

TREE = {
    # a prompt library (one folder per pattern)
    "data/patterns/summarize/system.md": "# IDENTITY\nYou summarise.\n",
    "data/patterns/summarize/user.md": "{{input}}\n",
    "data/patterns/summarize/README.md": "# Summarize\nA pattern.\n",
    "data/patterns/explain/system.md": "You explain.\n",
    # flows keep Jinja prompts next to their code
    "flows/chat/chat.jinja2": "system:\nYou chat.\n",
    "flows/chat/flow.dag.yaml.jinja2": "inputs: {{ inputs }}\n",
    "flows/chat/setup.py.j2": "from setuptools import setup\n",
    "docker/Dockerfile.jinja2": "FROM python:3.12\n",
    "docker/run.jinja2": "#! /bin/bash\nexec {{ cmd }}\n",
    "tools/summarize_prompt.j2": "Summarise {{ text }}\n",
    # prompts/ folders and prompt file extensions
    "prompts/support.md": "You support.\n",
    "prompts/README.md": "# Our prompts\n",
    "app/agent.prompty": "---\nname: a\n---\nsystem:\nHi\n",
    "docs/guide.prompt": "You guide.\n",
    "docs/prompts/example.md": "Not a prompt: documentation.\n",
    "src/system_prompt.txt": "You are helpful.\n",
    # not prompts
    "README.md": "# project\n",
    "CHANGELOG.md": "## 1.0\n",
    "src/main.py": "print('hi')\n",
    "notes/ideas.md": "- ideas\n",
    # looks like a prompt, matches no default glob: reported, not linted
    "agents/helper/instructions.md": "You help.\n",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for rel, text in TREE.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _selected(root: Path) -> tuple[list[str], list[str]]:
    found = discover([Path()], ConfigResolver(None, Overrides()))
    rel = sorted(p.as_posix() for p in found.files)
    return rel, sorted(p.as_posix() for p in found.candidates)


def test_default_selection(tree: Path) -> None:
    files, candidates = _selected(tree)
    assert files == [
        "app/agent.prompty",
        "data/patterns/explain/system.md",
        "data/patterns/summarize/system.md",
        "data/patterns/summarize/user.md",
        "docs/guide.prompt",
        "flows/chat/chat.jinja2",
        "prompts/support.md",
        "src/system_prompt.txt",
        "tools/summarize_prompt.j2",
    ]
    assert candidates == ["agents/helper/instructions.md"]


def test_configured_include_replaces_defaults_and_extend_include_adds(tree: Path) -> None:
    (tree / "promptlint.toml").write_text('extend-include = ["agents/*/instructions.md"]\n')
    files, candidates = _selected(tree)
    assert "agents/helper/instructions.md" in files and candidates == []
    (tree / "promptlint.toml").write_text('include = ["notes/*.md", "prompts/*.md"]\n')
    files, _ = _selected(tree)
    assert files == ["notes/ideas.md", "prompts/support.md"]  # README is never a prompt


@pytest.mark.parametrize(
    ("name", "head", "code"),
    [
        ("chat.jinja2", b"system:\n", False),
        ("summarize_text_content__variant_1.jinja2", b"Summarize", False),
        ("step.yml.jinja2", b"- name: x", True),
        ("README.md.jinja2", b"# x", True),
        ("setup.py.j2", b"from x", True),
        ("Dockerfile.jinja2", b"FROM x", True),
        ("finish.jinja2", b"#! /bin/bash\n", True),
        ("app.spec.jinja2", b"# -*- mode: python", True),
    ],
)
def test_code_templates(name: str, head: bytes, code: bool) -> None:
    assert is_code_template(Path(name), head) is code


@pytest.mark.parametrize(
    ("name", "doc"),
    [("README.md", True), ("readme.md", True), ("LICENSE", True), ("CONTRIBUTING.md", True),
     ("SECURITY.md", True), ("security.md", False), ("support-agent.prompty", False), ("readme_prompt.md", False)],
)  # fmt: skip
def test_project_documents(name: str, doc: bool) -> None:
    assert is_project_doc(name) is doc


def test_suggested_globs_generalise_sibling_folders() -> None:
    assert suggest_globs(["lib/a/system.md", "lib/b/system.md", "lib/c/system.md", "x/one.md", "x/two.md", "y.md"]) == [
        "lib/*/system.md",
        "x/*.md",
        "y.md",
    ]


def test_skipped_candidates_are_reported_on_stderr(tree: Path) -> None:
    result = run_cli("check", "--select", "WS001", "--no-cache")
    assert result.err.startswith("promptlint: note: 1 file that looks like a prompt is not linted")
    assert '`extend-include = ["agents/helper/instructions.md"]`' in result.err
    assert result.err.count("\n") == 1


def test_no_prompt_files_in_named_folder_is_an_error(tree: Path) -> None:
    result = run_cli("check", "notes")
    assert result.code == 2
    assert result.err == (
        "promptlint: error: no prompt files found in notes (1 file looked at). Name the files, or set "
        "`include`/`extend-include` in promptlint.toml (`promptlint init` proposes globs for this repository)\n"
    )


def test_nothing_to_lint_without_paths_exits_0_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.py").write_text("x = 1\n")
    result = run_cli("check")
    assert result.code == 0
    assert result.err.startswith("promptlint: note: no prompt files found in . (1 file looked at).")
    assert result.out == "All checks passed! (0 files)\n"


def test_only_matching_applies_the_selection_to_named_files(tree: Path) -> None:
    result = run_cli("check", "--only-matching", "--format", "json", "--no-cache", "src/main.py", "README.md",
                     "prompts/support.md", "docs/prompts/example.md")  # fmt: skip
    assert result.err == ""
    assert '"files": 1' in result.out
    # Named without the flag, a file is always linted.
    assert '"files": 2' in run_cli("check", "--format", "json", "--no-cache", "README.md", "src/main.py").out


REPOS = SHARED / "corpus" / "repos"


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("repo", "wanted"),
    [
        ("fabric", lambda p: p.name in ("system.md", "user.md") and "/data/patterns/" in f"/{p.as_posix()}"),
        ("promptflow", lambda p: p.suffix == ".prompty" or (p.suffix == ".jinja2" and not is_code_template(p))),
        ("genkit", lambda p: p.suffix == ".prompt"),
    ],
)
def test_shared_repositories_are_found_without_configuration(
    repo: str, wanted, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = REPOS / repo
    if not root.is_dir():
        pytest.skip(f"shared repository not available ({root})")
    monkeypatch.chdir(root)
    found = discover([Path()], ConfigResolver(None, Overrides()))
    files = sorted(p.as_posix() for p in found.files)
    expected = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and wanted(p))
    assert files == expected
    assert not any(is_project_doc(Path(f).name) for f in files)
