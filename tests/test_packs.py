"""YAML pack capabilities that keep a rule off mentions: ``in-quotes``, ``skip``, and
``fix: unsafe`` on substitutions (README "Writing a YAML rule")."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from .conftest import run_cli

_RULE = textwrap.dedent("""\
    code: BRD001
    name: old-product-name
    kind: substitution
    message: "Use 'Contoso One', not '{match}'"
    swap:
      '\\bContoso Cloud\\b': Contoso One
    fix: unsafe
    in-quotes: skip
    skip:
      - '\\bformerly\\s+Contoso Cloud\\b'
""")


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "BRD001.yaml").write_text(_RULE)
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['packs']\nselect = ['BRD']\n")
    return tmp_path


def test_quotes_and_skip_context_are_mentions(team: Path) -> None:
    (team / "a.md").write_text(
        'Contoso Cloud is the old name.\nA user may write "Contoso Cloud" or “Contoso Cloud”.\n'
        "> Customer: is Contoso Cloud down?\nContoso One (formerly Contoso Cloud) is up.\n"
    )
    result = run_cli("check", "a.md", "--no-cache")
    headlines = [line for line in result.out.splitlines() if line.startswith("a.md:")]
    # Only line 1: quoted text, the blockquote line and the skip context are mentions.
    assert headlines == ["a.md:1:1: BRD001 Use 'Contoso One', not 'Contoso Cloud'"]


def test_unsafe_substitution_needs_unsafe_fixes(team: Path) -> None:
    (team / "a.md").write_text("Contoso Cloud is the old name.\n")
    run_cli("check", "a.md", "--fix", "--no-cache")
    assert (team / "a.md").read_text() == "Contoso Cloud is the old name.\n"
    run_cli("check", "a.md", "--fix", "--unsafe-fixes", "--no-cache")
    assert (team / "a.md").read_text() == "Contoso One is the old name.\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("in-quotes: always\n", "in-quotes must be 'skip' (ignore matches in quoted text) or 'include'"),
        ("skip: '\\bformerly'\n", "skip must be a list of regexes"),
        ("skip: ['(']\n", "invalid regular expression in skip"),
    ],
)
def test_bad_context_keys_are_clear_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "packs").mkdir()
    rule = "code: BRD001\nname: x\nkind: existence\nmessage: m\ntokens: [a]\n" + extra
    (tmp_path / "packs" / "BRD001.yaml").write_text(rule)
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['packs']\n")
    (tmp_path / "a.md").write_text("x\n")
    result = run_cli("check", "a.md")
    assert result.code == 2
    assert message in result.err
