"""The shared real-world corpus: every file lints without a crash, and few-shot
detection agrees with the hand-reviewed labels on most files (skipped when absent)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from promptlint.document.parsers import parse_bytes

from .conftest import run_cli

pytestmark = pytest.mark.corpus


def test_every_corpus_file_lints_without_crash(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.parent != corpus)
    assert len(files) == 284
    monkeypatch.chdir(corpus)
    result = run_cli(
        "check", *[str(p.relative_to(corpus)) for p in files], "--format", "json", "--no-cache", "--select", "ALL"
    )
    assert result.code in (0, 1), result.err
    assert result.err == ""
    payload = json.loads(result.out)
    assert payload["summary"]["files"] == 284
    assert not [d for d in payload["diagnostics"] if d["code"] == "INT001"]
    # The known-broken files are reported as broken, and nothing is reported as unreadable.
    fmt = {(d["path"].split("/")[-1]) for d in payload["diagnostics"] if d["code"] == "FMT001"}
    assert "google__dotprompt__examples__error-invalid-yaml.prompt" in fmt
    assert not [d for d in payload["diagnostics"] if d["code"] == "FMT001" and "could not be parsed" in d["message"]]


def test_few_shot_detection_agrees_with_labels(corpus: Path) -> None:
    rows = list(csv.DictReader((corpus / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    labelled = [r for r in rows if r["has_few_shot"] in ("yes", "no")]
    agree = 0
    for row in labelled:
        doc = parse_bytes((corpus / row["local_path"]).read_bytes(), row["local_path"])
        agree += bool(doc.examples) == (row["has_few_shot"] == "yes")
    assert agree / len(labelled) >= 0.93, f"{agree}/{len(labelled)}"
