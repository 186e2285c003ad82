"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other viewers.

Carries rule metadata (descriptions, help, default level), results with regions,
fixes (``artifactChanges`` with replacements), related locations, and
``partialFingerprints`` so a viewer can follow a finding as lines move. Snippets of
sensitive findings are masked.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from promptlint import __version__
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.fingerprints import fingerprint_of
from promptlint.report import DEFAULT_OPTIONS, FileReport, ReportOptions, rule_of
from promptlint.reporters.masking import Masker
from promptlint.reporters.positions import sarif_region
from promptlint.rules.base import rule_doc

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
HELP_URI = "https://github.com/promptlint/promptlint#rules"


def _rules(reports: Sequence[FileReport]) -> list[dict[str, Any]]:
    codes = sorted({d.code for r in reports for d in r.diagnostics})
    rules = []
    for code in codes:
        rule = rule_of(reports, code)
        if rule is None:
            rules.append({"id": code})
            continue
        meta = rule.meta
        docs = rule_doc(rule)
        rules.append(
            {
                "id": meta.code,
                "name": meta.name,
                "shortDescription": {"text": meta.summary},
                "fullDescription": {"text": docs.split("\n\n", 1)[0] if docs else meta.summary},
                "help": {"text": docs or meta.summary, "markdown": docs or meta.summary},
                "helpUri": f"{HELP_URI}-{meta.code.lower()}",
                "defaultConfiguration": {"level": _LEVEL[meta.default_severity]},
                "properties": {"tags": [meta.origin], "fix": meta.fix},
            }
        )
    return rules


def _location(rep: FileReport, span: Any, masker: Masker, message: str | None = None) -> dict[str, Any]:
    region = sarif_region(rep.doc, span)
    snippet = masker.span(span)
    if snippet:
        region["snippet"] = {"text": snippet}
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(rep.display), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }
    if message:
        location["message"] = {"text": masker.message(message)}
    return location


def _result(rep: FileReport, d: Diagnostic, rule_index: dict[str, int], masker: Masker) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index[d.code],
        "level": _LEVEL[d.severity],
        "message": {"text": masker.message(d.message)},
        "locations": [_location(rep, d.span, masker)],
    }
    result["partialFingerprints"] = {"promptlintFingerprint/v2": fingerprint_of(rep.doc, d)}
    if d.related:
        result["relatedLocations"] = [
            {"id": index, **_location(rep, r.span, masker, r.message)} for index, r in enumerate(d.related, 1)
        ]
    if d.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": d.fix.title},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(rep.display), "uriBaseId": "%SRCROOT%"},
                        "replacements": [
                            {
                                "deletedRegion": _deleted_region(rep, e.span),
                                "insertedContent": {"text": e.text},
                            }
                            for e in d.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def _deleted_region(rep: FileReport, span: Any) -> dict[str, Any]:
    # charOffset/charLength count UTF-16 code units like columns do; offsets into the
    # file are the least ambiguous way to express an insertion (an empty region).
    prefix = rep.doc.source[: span.start]
    body = rep.doc.source[span.start : span.end]
    return {"charOffset": _utf16_len(prefix), "charLength": _utf16_len(body)}


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def build(reports: Sequence[FileReport]) -> dict[str, Any]:
    rules = _rules(reports)
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    results = []
    for rep in reports:
        masker = Masker(rep.doc, rep.sensitive)
        results.extend(_result(rep, d, rule_index, masker) for d in rep.diagnostics)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "promptlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": "https://github.com/promptlint/promptlint",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "artifacts": [
                    {"location": {"uri": _uri(rep.display), "uriBaseId": "%SRCROOT%"}, "encoding": "utf-8"}
                    for rep in reports
                    if rep.diagnostics
                ],
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }


def report(reports: Sequence[FileReport], stream: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
    json.dump(build(reports), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _uri(display: str) -> str:
    """A relative URI reference: spaces and other reserved characters percent-encoded."""
    return quote(display, safe="/")
