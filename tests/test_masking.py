"""No output shows a detected value: not a second occurrence on the same line, not a
surname alone, not the e-mail's local part elsewhere, not on the line of another rule's
finding, and not after a baseline hides the privacy finding itself — in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from promptlint.document.model import Span
from promptlint.document.parsers import parse_text
from promptlint.reporters.masking import Masker

from .conftest import run_cli

# One line holds the name twice, the surname alone, the e-mail and its local part, and
# trailing blanks (WS001 shows this whole line as its snippet).
LINE = "Hi, I'm Odile Brakenridge. Odile again: Brakenridge is my surname, mail odile.brakenridge@fastmail.com (odile.brakenridge).   "
PROMPT = (
    "---\nname: support\nversion: 1.0.0\n---\nsystem:\nYou help customers.\n\n"
    f"user:\n{LINE}\n\nassistant:\nThanks, I updated your account.\n\nuser:\n{{{{q}}}}\n"
)
SECRETS = ("Odile", "Brakenridge", "odile.brakenridge", "fastmail")


def _assert_clean(text: str, where: str) -> None:
    for value in SECRETS:
        assert value.lower() not in text.lower(), f"{value!r} leaked into {where}:\n{text}"


@pytest.fixture
def prompt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "support.prompty"
    path.write_text(PROMPT, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_repeated_and_partial_values_are_masked_in_every_format(prompt: Path, fmt: str) -> None:
    result = run_cli("check", prompt, "--format", fmt, "--no-cache")
    assert result.code == 1
    assert "WS001" in result.out  # the line is shown (text) or referenced by a non-privacy finding
    assert "PII001" in result.out
    _assert_clean(result.out, f"--format {fmt}")
    _assert_clean(result.err, "stderr")


def test_text_snippet_masks_every_occurrence_and_keeps_the_caret_aligned(prompt: Path) -> None:
    result = run_cli("check", prompt, "--select", "WS001,PII001", "--no-cache")
    lines = result.out.splitlines()
    header = next(i for i, line in enumerate(lines) if ": WS001 " in line)
    snippet, caret = lines[header + 2], lines[header + 3]
    assert snippet.startswith("9 | ")
    assert len(snippet) == len("9 | ") + len(LINE)
    assert snippet.endswith(").   ")  # text outside the values is kept
    assert "I'm *****************. " in snippet and "my surname" in snippet
    assert caret == "  | " + " " * (len(LINE) - 3) + "^^^"


def test_baselined_value_stays_masked_on_other_findings_lines(prompt: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", prompt, "--select", "PII001", "--write-baseline", baseline).code == 0
    result = run_cli("check", prompt, "--select", "WS001,PII001", "--baseline", baseline, "--no-cache")
    assert "PII001" not in result.out  # hidden by the baseline
    assert "WS001" in result.out
    _assert_clean(result.out, "text after --baseline")


def test_masker_masks_values_parts_and_hyphenated_names() -> None:
    source = "Ann Smith-Jones wrote; smith-jones and SMITH agree, Ann too. Annex stays.\n"
    doc = parse_text(source, "x.txt")
    masker = Masker(doc, [Span(0, 15)])
    masked = masker.line(0)
    assert len(masked) == len(source.rstrip("\n"))
    for word in ("Ann ", "Smith", "Jones", "smith-jones", "SMITH"):
        assert word not in masked, masked
    assert "Annex stays." in masked  # whole words only
    assert masker.message("Person name: A*** S***") == "Person name: A*** S***"
    assert "Ann Smith-Jones" not in masker.message("found Ann Smith-Jones here")


def test_json_messages_and_related_messages_are_scrubbed(prompt: Path) -> None:
    payload = json.loads(run_cli("check", prompt, "--format", "json", "--no-cache").out)
    _assert_clean(json.dumps(payload), "json payload")
