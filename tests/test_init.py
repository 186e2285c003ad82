"""`promptlint init` adopts a repository: it proposes globs for prompts the defaults
miss, counts today's findings, makes the baseline and VER001 choices explicit, and
leaves a repository whose next commit is checked for new findings only."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from promptlint.commands import init as adopt

from .conftest import run_cli

TREE = {
    "library/patterns/summarize/system.md": "# IDENTITY\nYou summarise articles.   \n",
    "library/patterns/explain/system.md": "You explain concepts.\n",
    "library/patterns/explain/README.md": "# explain\n",
    "bots/helpdesk/instructions.md": "You answer tickets.\n",
    "bots/billing/instructions.md": "You answer billing questions.\n",
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for rel, text in TREE.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _args(**kwargs: object) -> argparse.Namespace:
    return argparse.Namespace(**{"force": False, "yes": False, "baseline": None, **kwargs})


def test_init_yes_adopts_the_repository(repo: Path) -> None:
    result = run_cli("init", "--yes")
    assert result.code == 0, result.err
    assert "Found 2 prompt files with the default globs." in result.out
    assert "  bots/*/instructions.md\n" in result.out
    assert "  VER001       4  missing-version-header\n" in result.out
    config = (repo / "promptlint.toml").read_text()
    assert 'extend-include = ["bots/*/instructions.md"]' in config
    assert 'ignore = ["VER001"]' in config  # 4 of 4 files unversioned, and --yes accepts
    assert 'baseline = ".promptlint-baseline.json"' in config
    assert "Wrote 1 finding to .promptlint-baseline.json" in result.out  # the WS001; VER001 is ignored
    # Today's findings no longer block; a new one does.
    assert run_cli("check", "--no-cache").code == 0
    (repo / "bots" / "billing" / "instructions.md").write_text("You answer billing questions.  \n")
    new = run_cli("check", "--no-cache")
    assert new.code == 1 and "bots/billing/instructions.md:1:30: WS001" in new.out


def test_init_asks_on_a_terminal_and_does_what_it_was_told(repo: Path) -> None:
    out = io.StringIO()
    # No to the extra globs, yes to ignoring VER001, no to the baseline.
    assert adopt.run(_args(), out, stdin=_Terminal("n\ny\nn\n")) == 0
    text = out.getvalue()
    assert 'Lint these too (extend-include = ["bots/*/instructions.md"])? [Y/n] ' in text
    assert "Ignore VER001 for now? [y/N] " in text
    config = (repo / "promptlint.toml").read_text()
    assert "extend-include" not in config and 'ignore = ["VER001"]' in config and "baseline =" not in config
    assert not (repo / ".promptlint-baseline.json").exists()


def test_init_without_a_terminal_uses_defaults_and_says_so(repo: Path) -> None:
    result = run_cli("init", "--no-baseline")
    assert result.code == 0
    assert (
        "[Y/n] yes (not a terminal)" in result.out and "Ignore VER001 for now? [y/N] no (not a terminal)" in result.out
    )
    assert not (repo / ".promptlint-baseline.json").exists()
    assert "ignore = [" not in (repo / "promptlint.toml").read_text().replace("# ignore", "")


def test_init_refuses_to_overwrite(repo: Path) -> None:
    (repo / "promptlint.toml").write_text("# mine\n")
    result = run_cli("init")
    assert result.code == 2 and "already exists" in result.err
    assert (repo / "promptlint.toml").read_text() == "# mine\n"
