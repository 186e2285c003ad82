"""The command line: exit codes, every output format on the bundled fixtures, options,
and errors that are one line with exit code 2, never a traceback."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, run_cli

COST = re.compile(r"; input ≈ \$[\d.,]+ per 1,000 calls")


def _normalise(payload: dict) -> dict:  # type: ignore[type-arg]
    payload["tool"]["version"] = "X"
    for d in payload["diagnostics"]:
        d["message"] = COST.sub("; input ≈ $COST per 1,000 calls", d["message"])
    return payload


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


def test_json_on_fixtures_matches_golden(in_repo: Path) -> None:
    result = run_cli("check", "fixtures", "--format", "json", "--no-cache")
    assert result.code == 1, result.err
    expected = json.loads((FIXTURES / "expected" / "check.json").read_text(encoding="utf-8"))
    assert _normalise(json.loads(result.out)) == _normalise(expected)


def test_json_shape_is_the_design_contract(in_repo: Path) -> None:
    payload = json.loads(run_cli("check", "fixtures", "--format", "json", "--no-cache").out)
    assert set(payload) == {"version", "tool", "diagnostics", "summary"}
    assert payload["version"] == 1 and payload["tool"]["name"] == "promptlint"
    for d in payload["diagnostics"]:
        assert set(d) == {"path", "code", "name", "severity", "message", "range", "fix", "related"}
        assert set(d["range"]) == {"start", "end"} and set(d["range"]["start"]) == {"line", "character"}
        if d["fix"] is not None:
            assert set(d["fix"]) == {"title", "applicability", "edits"}
            assert all(set(e) == {"range", "newText"} for e in d["fix"]["edits"])
    codes = {d["code"] for d in payload["diagnostics"]}
    assert {"WS001", "WS002", "WS003", "VER001", "VER003", "TOK001", "TPL001", "TPL002", "TPL003", "FMT001"} <= codes
    assert {"PII001", "SEC001", "UNI001", "MOD001", "MOD002"} <= codes
    assert payload["summary"] == {"files": 13, "diagnostics": len(payload["diagnostics"])}


def test_text_on_fixtures_matches_golden(in_repo: Path) -> None:
    result = run_cli("check", "fixtures", "--no-cache")
    expected = (FIXTURES / "expected" / "check.txt").read_text(encoding="utf-8")
    assert COST.sub("", result.out) == COST.sub("", expected)
    assert "\x1b[" not in result.out


def test_text_colour_is_forced_and_no_color_wins(in_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli("check", "fixtures/prompts/onboarding.txt", "--no-cache").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("check", "fixtures/prompts/onboarding.txt", "--no-cache").out


def test_github_annotations(in_repo: Path) -> None:
    out = run_cli("check", "fixtures/prompts/refund-policy.prompty", "--format", "github", "--no-cache").out
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=fixtures/prompts/refund-policy.prompty,line=1,col=1,endColumn=1,"
        "title=VER001 missing-version-header::VER001 Missing version header (add `version: 1.0.0` to the frontmatter)"
    )
    assert any(
        line.startswith("::warning file=fixtures/prompts/refund-policy.prompty,line=11,col=51,endColumn=54")
        for line in lines
    )


def test_github_escaping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a,b:c.txt").write_text("<!-- version: 1 -->\n50% off  \n")
    out = run_cli("check", "a,b:c.txt", "--format", "github", "--no-cache").out
    assert out.startswith("::warning file=a%2Cb%3Ac.txt,line=2,col=8,")


def test_junit(in_repo: Path) -> None:
    out = run_cli("check", "fixtures/prompts", "--format", "junit", "--no-cache").out
    root = ET.fromstring(out.split("\n", 1)[1])
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    assert suites["fixtures/prompts/support-agent.prompty"].get("failures") == "0"
    refund = suites["fixtures/prompts/refund-policy.prompty"]
    assert refund.get("failures") == "4"
    failure = refund.find("testcase/failure")
    assert failure is not None and failure.get("type") == "VER001"
    assert root.get("failures") == "23"


def test_statistics_and_exit_zero(in_repo: Path) -> None:
    result = run_cli("check", "fixtures", "--statistics", "--exit-zero", "--no-cache")
    assert result.code == 0
    assert re.search(r"^2\tFMT001\t    unparseable-file$", result.out, re.M)
    assert re.search(r"^1\tWS001\t\[\*\] trailing-whitespace$", result.out, re.M)


def test_select_and_ignore(in_repo: Path) -> None:
    payload = json.loads(
        run_cli("check", "fixtures", "--format", "json", "--select", "TPL", "--ignore", "TPL002", "--no-cache").out
    )
    assert sorted(d["code"] for d in payload["diagnostics"]) == ["TPL001", "TPL003"]


def test_clean_file_exits_zero(in_repo: Path) -> None:
    result = run_cli("check", "fixtures/prompts/support-agent.prompty", "--no-cache")
    assert result.code == 0
    assert result.out == "All checks passed! (1 file)\n"


def test_fail_on_error_ignores_warnings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promptlint.toml").write_text("fail-on = 'error'\n")
    (tmp_path / "a.md").write_text("<!-- version: 1 -->\ntrailing  \n")
    result = run_cli("check", "a.md", "--no-cache")
    assert result.code == 0 and "WS001" in result.out


def test_output_file(in_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    result = run_cli("check", "fixtures", "--format", "sarif", "--output-file", target, "--no-cache")
    assert result.code == 1 and result.out == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_fix_writes_files_and_reports_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.prompty"
    path.write_bytes(b"---\r\nname: x\r\n---\r\nsystem:   \r\nSay {{ a }}.\r\nuser:\r\n{{q}}")
    path.chmod(0o640)
    result = run_cli("check", "p.prompty", "--fix", "--no-cache")
    assert (
        path.read_bytes() == b"---\r\nversion: 1.0.0\r\nname: x\r\n---\r\nsystem:\r\nSay {{ a }}.\r\nuser:\r\n{{q}}\r\n"
    )
    assert path.stat().st_mode & 0o777 == 0o640
    assert result.code == 0
    assert result.out.startswith("Fixed 3 findings.")


def test_fix_leaves_unfixable_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text("<!-- version: 1.0 -->\nx  \n")
    result = run_cli("check", "p.md", "--fix", "--no-cache")
    assert (tmp_path / "p.md").read_text() == "<!-- version: 1.0 -->\nx\n"
    assert result.code == 1 and "VER003" in result.out and "Fixed 1 finding." in result.out


def test_unsafe_fixes_need_fix() -> None:
    result = run_cli("check", "--unsafe-fixes")
    assert result.code == 2 and result.err == "promptlint: error: --unsafe-fixes needs --fix\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "does/not/exist.md"), "promptlint: error: path not found: does/not/exist.md\n"),
        (("check", "--config", "missing.toml"), "promptlint: error: config file not found: missing.toml\n"),
        (("rule", "NOPE999"), "promptlint: error: unknown rule 'NOPE999' (see `promptlint rule`)\n"),
        (
            ("check", "--staged", "--fix"),
            "promptlint: error: --fix cannot be combined with --staged (fixes are written to the working tree)\n",
        ),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args, message) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run_cli(*args)
    assert result.code == 2
    assert result.err == message
    assert "Traceback" not in result.err


def test_bad_config_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promptlint.toml").write_text("[rules.WS001]\nbogus = 1\n")
    (tmp_path / "a.md").write_text("x\n")
    result = run_cli("check", "a.md")
    assert result.code == 2
    assert result.err.startswith(
        f"promptlint: error: {tmp_path / 'promptlint.toml'}: unknown option 'bogus' for rule WS001"
    )
    assert result.err.count("\n") == 1


def test_internal_error_has_no_traceback_unless_verbose(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import promptlint.runner

    def boom(*_a, **_k):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text("Hello\n")
    monkeypatch.setattr(promptlint.runner, "check", boom)
    result = run_cli("check")
    assert result.code == 2
    assert (
        result.err == "promptlint: internal error: RuntimeError: disk on fire (run with --verbose for the traceback)\n"
    )
    verbose = run_cli("check", "--verbose")
    assert "Traceback" in verbose.err and verbose.code == 2


def test_binary_huge_and_non_utf8_files_are_fmt001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bin.prompt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "big.md").write_bytes(b"a" * (3 * 1024 * 1024))
    payload = json.loads(run_cli("check", "bin.prompt", "latin.txt", "big.md", "--format", "json", "--no-cache").out)
    assert [(d["path"], d["code"]) for d in payload["diagnostics"]] == [
        ("bin.prompt", "FMT001"),
        ("latin.txt", "FMT001"),
        ("big.md", "FMT001"),
    ]
    assert (tmp_path / "latin.txt").read_bytes() == b"caf\xe9\n"
    run_cli("check", "latin.txt", "bin.prompt", "--fix", "--no-cache")
    assert (tmp_path / "latin.txt").read_bytes() == b"caf\xe9\n"
    assert (tmp_path / "bin.prompt").read_bytes() == b"\x00\x01\x02"


def test_directory_walk_uses_include_exclude_and_gitignore(git_repo: Path) -> None:
    (git_repo / "prompts" / "sub").mkdir(parents=True)
    (git_repo / "prompts" / "sub" / "a.md").write_text("x  \n")
    (git_repo / "prompts" / "ignored.md").write_text("x  \n")
    (git_repo / "prompts" / "code.py").write_text("x  \n")
    (git_repo / "docs").mkdir()
    (git_repo / "docs" / "readme.md").write_text("x  \n")
    (git_repo / "docs" / "agent.prompty").write_text("x  \n")
    (git_repo / "legacy").mkdir()
    (git_repo / "legacy" / "old.prompt").write_text("x  \n")
    (git_repo / ".gitignore").write_text("prompts/ignored.md\n")
    (git_repo / "promptlint.toml").write_text("exclude = ['legacy/']\n")
    payload = json.loads(run_cli("check", "--format", "json", "--select", "WS001", "--no-cache").out)
    assert sorted({d["path"] for d in payload["diagnostics"]}) == ["docs/agent.prompty", "prompts/sub/a.md"]
    # An explicit file is linted whatever its name, unless excluded.
    explicit = json.loads(
        run_cli("check", "docs/readme.md", "legacy/old.prompt", "--format", "json", "--select", "WS001").out
    )
    assert [d["path"] for d in explicit["diagnostics"]] == ["docs/readme.md"]


def test_cache_returns_the_same_results_and_sees_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.md"
    path.write_text("<!-- version: 1 -->\nx  \n")
    first = run_cli("check", "a.md", "--format", "json")
    assert (tmp_path / ".promptlint_cache" / ".gitignore").read_text().endswith("*\n")
    assert run_cli("check", "a.md", "--format", "json").out == first.out
    path.write_text("<!-- version: 1 -->\nx\n")
    assert run_cli("check", "a.md").out.startswith("All checks passed!")


def test_rule_listing_and_docs() -> None:
    listing = run_cli("rule").out
    assert re.search(
        r"^WS001\s+trailing-whitespace\s+warning\s+fix\s+on\s+Whitespace at the end of a line$", listing, re.M
    )
    assert re.search(r"^HYG010\s+output-format-unstated\s+info\s+off\s+", listing, re.M)
    doc = run_cli("rule", "token-budget-exceeded").out
    assert doc.startswith("# TOK001 token-budget-exceeded\n")
    assert "## Why is this bad?" in doc and "- `max-tokens` (int, default 0)" in doc


def test_init_writes_config_and_prints_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("init")
    assert result.code == 0
    assert "- id: promptlint" in result.out
    assert (tmp_path / "promptlint.toml").exists()
    # The starter config is valid.
    (tmp_path / "a.md").write_text("<!-- version: 1.0.0 -->\nok\n")
    assert run_cli("check", "a.md", "--no-cache").code == 0
    assert run_cli("init").code == 2


def test_init_appends_to_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert run_cli("init").code == 0
    text = (tmp_path / "pyproject.toml").read_text()
    assert "[tool.promptlint]" in text and "[tool.promptlint.rules.TOK001]" in text
    (tmp_path / "a.md").write_text("<!-- version: 1.0.0 -->\nok\n")
    assert run_cli("check", "a.md", "--no-cache").code == 0


def test_version_and_help() -> None:
    assert run_cli("--version").code == 0
    assert run_cli().code == 2
