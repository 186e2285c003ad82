"""Third-party rules: a tiny plugin package, installed with pip, is discovered through
the `promptlint.rules` entry-point group; broken plugins fail with a clear message.
Also: a team's YAML rule pack loaded from `rule-packs`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import run_cli

PLUGIN = '''
"""A tiny promptlint plugin: ACME001 flags shouting ("!!")."""

from promptlint.diagnostics import Severity
from promptlint.document.model import Span
from promptlint.rules.base import RuleMeta


class NoShouting:
    """Doubled exclamation marks.

    ## What it does
    Flags "!!".

    ## Why is this bad?
    Shouting at the model does not help.

    ## Example
    Do it now!!

    ## Use instead
    Do it now.
    """

    meta = RuleMeta(code="ACME001", name="no-shouting", summary="Doubled exclamation marks",
                    default_severity=Severity.WARNING)

    def check(self, doc, ctx):
        start = doc.source.find("!!")
        while start >= 0:
            yield ctx.diagnostic(Span(start, start + 2), "Do not shout at the model")
            start = doc.source.find("!!", start + 2)


def get_rules():
    return [NoShouting]
'''


def _install(tmp_path: Path, name: str, module: str, entry: str) -> Path:
    package = tmp_path / name
    (package / name.replace("-", "_")).mkdir(parents=True)
    (package / name.replace("-", "_") / "__init__.py").write_text(module)
    (package / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "{name}"
            version = "1.2.3"

            [project.entry-points."promptlint.rules"]
            {entry}

            [tool.setuptools]
            packages = ["{name.replace("-", "_")}"]
        """)
    )
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(package)],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.skip(f"cannot build the test plugin here: {result.stderr.strip().splitlines()[-1:]}")
    return site


def _promptlint(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "promptlint", *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_installed_plugin_rule_runs(tmp_path: Path) -> None:
    site = _install(tmp_path, "acme-promptlint", PLUGIN, 'acme = "acme_promptlint:get_rules"')
    (tmp_path / "p.md").write_text("<!-- version: 1.0.0 -->\nDo it now!!\n")
    result = _promptlint(site, tmp_path, "check", "p.md", "--no-cache")
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("p.md:2:10: ACME001 Do not shout at the model\n")
    docs = _promptlint(site, tmp_path, "rule", "no-shouting")
    assert "Source: plugin:acme-promptlint." in docs.stdout
    ignored = _promptlint(site, tmp_path, "check", "p.md", "--ignore", "ACME", "--no-cache")
    assert ignored.returncode == 0


def test_plugin_using_a_builtin_family_is_rejected(tmp_path: Path) -> None:
    module = PLUGIN.replace('code="ACME001"', 'code="WS999"')
    site = _install(tmp_path, "bad-promptlint", module, 'bad = "bad_promptlint:get_rules"')
    (tmp_path / "p.md").write_text("x\n")
    result = _promptlint(site, tmp_path, "check", "p.md")
    assert result.returncode == 2
    assert "rule WS999 from plugin:bad-promptlint uses the built-in family WS" in result.stderr
    assert "Traceback" not in result.stderr


def test_plugin_that_fails_to_import_is_named(tmp_path: Path) -> None:
    site = _install(
        tmp_path,
        "broken-promptlint",
        "raise ImportError('missing dependency')\n",
        'broken = "broken_promptlint:get_rules"',
    )
    (tmp_path / "p.md").write_text("x\n")
    result = _promptlint(site, tmp_path, "check", "p.md")
    assert result.returncode == 2
    assert result.stderr == (
        "promptlint: error: plugin 'broken' (broken-promptlint) failed to load: ImportError: missing dependency\n"
    )


def test_team_rule_pack_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    pack = tmp_path / "team-rules" / "brand"
    pack.mkdir(parents=True)
    (pack / "pack.yaml").write_text("name: brand\nversion: 1.0.0\n")
    (pack / "BRD001.yaml").write_text(
        textwrap.dedent("""\
            code: BRD001
            name: old-product-name
            kind: substitution
            message: "Use the current product name instead of '{match}'"
            scope: [system, examples]
            swap:
              '\\bContoso Cloud\\b': Contoso One
            examples:
              - fail: "system:\\nYou support Contoso Cloud.\\n"
                format: prompty
              - pass: "system:\\nYou support Contoso One.\\n"
                format: prompty
        """)
    )
    (pack / "BRD002.yaml").write_text(
        "code: BRD002\nname: must-greet\nkind: require\nmessage: Greet the user\nscope: [system]\npatterns: ['(?i)hello|hi']\n"
    )
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['team-rules']\nselect = ['BRD']\n")
    (tmp_path / "a.prompty").write_text("system:\nYou support Contoso Cloud.\nuser:\n{{q}} about Contoso Cloud\n")
    result = run_cli("check", "a.prompty", "--no-cache")
    headlines = [line for line in result.out.splitlines() if line.startswith("a.prompty:")]
    assert headlines == [
        "a.prompty:2:1: BRD002 Greet the user",
        "a.prompty:2:13: BRD001 [*] Use the current product name instead of 'Contoso Cloud'",
    ]  # the user turn (line 4) is out of the rules' scope
    run_cli("check", "a.prompty", "--fix", "--no-cache")
    assert (
        tmp_path / "a.prompty"
    ).read_text() == "system:\nYou support Contoso One.\nuser:\n{{q}} about Contoso Cloud\n"


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        ("code: brd1\nname: x\nkind: existence\nmessage: m\ntokens: [a]\n", "code 'brd1' must be 2-4 capital letters"),
        (
            "code: BRD001\nname: x\nkind: regex\nmessage: m\n",
            "kind 'regex' is not one of: existence, require, substitution",
        ),
        (
            "code: BRD001\nname: x\nkind: existence\nmessage: m\ntokens: [a]\nscop: [body]\n",
            "BRD001.yaml:6: unknown key 'scop'",
        ),
        ("code: BRD001\nname: x\nkind: existence\nmessage: m\npatterns: ['(']\n", "invalid regular expression"),
        (
            "code: BRD001\nname: x\nkind: existence\nmessage: m\ntokens: [a]\nscope: [everywhere]\n",
            "scope must be a list of",
        ),
        ("code: BRD001\nname: x\nkind: substitution\nmessage: m\n", "a substitution rule needs a 'swap' mapping"),
        ("code: WS001\nname: x\nkind: existence\nmessage: m\ntokens: [a]\n", "rule code WS001 is defined twice"),
    ],
)
def test_invalid_pack_rules_are_clear_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule_yaml: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "BRD001.yaml").write_text(rule_yaml)
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['packs']\n")
    (tmp_path / "a.md").write_text("x\n")
    result = run_cli("check", "a.md")
    assert result.code == 2
    assert message in result.err
