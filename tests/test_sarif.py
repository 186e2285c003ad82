"""SARIF output validates against the OASIS 2.1.0 schema and carries rule metadata,
fixes, related locations and fingerprints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import REPO, SARIF_SCHEMA, run_cli


@pytest.fixture
def schema() -> dict:  # type: ignore[type-arg]
    if not SARIF_SCHEMA.is_file():
        pytest.skip("SARIF schema not available (../shared/schemas)")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


def _sarif(*args: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("check", *args, "--format", "sarif", "--no-cache")
    assert result.err == ""
    return json.loads(result.out)


def test_fixtures_sarif_is_valid(schema: dict, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    import jsonschema

    monkeypatch.chdir(REPO)
    log = _sarif("fixtures")
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["WS001"]["name"] == "trailing-whitespace"
    assert rules["WS001"]["defaultConfiguration"] == {"level": "warning"}
    assert "## What it does" in rules["WS001"]["help"]["markdown"]
    ws = next(r for r in run["results"] if r["ruleId"] == "WS001")
    assert run["tool"]["driver"]["rules"][ws["ruleIndex"]]["id"] == "WS001"
    region = ws["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (11, 51, 54)
    assert region["snippet"]["text"] == "   "
    replacement = ws["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == ""
    assert replacement["deletedRegion"]["charLength"] == 3
    assert all("partialFingerprints" in r for r in run["results"])


def test_related_locations_and_sensitive_snippets_are_valid(
    schema: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[type-arg]
    """Rules of later issues report related spans and sensitive values; SARIF stays valid."""
    import jsonschema

    from promptlint.config import ConfigResolver
    from promptlint.diagnostics import Diagnostic, Related, Severity
    from promptlint.document.model import Span
    from promptlint.document.parsers import parse_text
    from promptlint.report import FileReport
    from promptlint.reporters import sarif

    monkeypatch.chdir(tmp_path)
    source = "Always answer in JSON.\nContact: jane@corp.io\nNever use JSON.\n"
    doc = parse_text(source, "p.md")
    diagnostics = [
        Diagnostic("WS001", "trailing-whitespace", "conflict", Span(46, 61), Severity.WARNING,
                   related=(Related(Span(0, 22), "earlier instruction"),)),
        Diagnostic("WS002", "missing-final-newline", "email j***@c***.io", Span(32, 44), Severity.ERROR, sensitive=True),
    ]  # fmt: skip
    config = ConfigResolver().default()
    log = sarif.build([FileReport(tmp_path / "p.md", "p.md", doc, diagnostics, config.fail_on, config.registry.rules)])
    jsonschema.validate(log, schema)
    assert source[32:44] == "jane@corp.io"
    results = log["runs"][0]["results"]
    assert results[0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert results[0]["relatedLocations"][0]["message"]["text"] == "earlier instruction"
    assert results[1]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "*" * 12
    assert "jane@corp.io" not in json.dumps(log)


def test_empty_run_is_valid(schema: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    import jsonschema

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("<!-- version: 1.0.0 -->\nclean\n")
    log = _sarif("a.md")
    jsonschema.validate(log, schema)
    assert log["runs"][0]["results"] == []
