"""Baselines: adopt promptlint on a repository with existing findings, hear only about new ones.

``promptlint check --write-baseline F`` records every current finding as
``(path, code, fingerprint)``; ``--baseline F`` then hides findings that match an entry.
Fingerprints (:mod:`promptlint.fingerprints`) never contain a line number or a
message, so moving text does not resurrect findings, and never a raw value. Matching
is a multiset per file: two identical findings need two entries.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from promptlint import __version__
from promptlint.errors import PromptlintError
from promptlint.files import write_atomic
from promptlint.fingerprints import fingerprint_of
from promptlint.report import FileReport

# 2: fingerprints from matched text and block, no message (promptlint.fingerprints).
FORMAT_VERSION = 2


def write(path: Path, reports: Sequence[FileReport]) -> int:
    findings: dict[str, list[dict[str, str]]] = {}
    for report in reports:
        entries = [{"code": d.code, "fingerprint": fingerprint_of(report.doc, d)} for d in report.diagnostics]
        if entries:
            findings[report.display] = sorted(entries, key=lambda e: (e["code"], e["fingerprint"]))
    payload = {"version": FORMAT_VERSION, "tool": {"name": "promptlint", "version": __version__}, "findings": findings}
    try:
        write_atomic(path, (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    except OSError as exc:
        raise PromptlintError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return sum(len(v) for v in findings.values())


def load(path: Path) -> dict[str, Counter[tuple[str, str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PromptlintError(f"baseline not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise PromptlintError(f"cannot read baseline {path}: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] < FORMAT_VERSION:
        raise PromptlintError(
            f"{path}: baseline written by an older promptlint (format {data['version']}); "
            "write it again with --write-baseline"
        )
    if (
        not isinstance(data, dict)
        or data.get("version") != FORMAT_VERSION
        or not isinstance(data.get("findings"), dict)
    ):
        raise PromptlintError(f"{path}: not a promptlint baseline (format {FORMAT_VERSION})")
    table: dict[str, Counter[tuple[str, str]]] = {}
    for file, entries in data["findings"].items():
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("code"), str) and isinstance(e.get("fingerprint"), str)
            for e in entries
        ):
            raise PromptlintError(f"{path}: malformed entries for {file!r} (expected a list of {{code, fingerprint}})")
        table[file] = Counter((e["code"], e["fingerprint"]) for e in entries)
    return table


def apply(reports: Sequence[FileReport], table: dict[str, Counter[tuple[str, str]]]) -> int:
    """Drop baselined findings from the reports; return how many were hidden."""
    hidden = 0
    for report in reports:
        remaining = Counter(table.get(report.display, Counter()))
        kept = []
        for diagnostic in report.diagnostics:
            key = (diagnostic.code, fingerprint_of(report.doc, diagnostic))
            if remaining[key] > 0:
                remaining[key] -= 1
                hidden += 1
            else:
                kept.append(diagnostic)
        report.diagnostics = kept
    return hidden
