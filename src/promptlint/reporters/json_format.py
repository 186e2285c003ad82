"""``--format json``: exactly the shape in DESIGN.md ("JSON output")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from promptlint import __version__
from promptlint.diagnostics import Diagnostic
from promptlint.report import DEFAULT_OPTIONS, FileReport, ReportOptions
from promptlint.reporters.masking import Masker
from promptlint.reporters.positions import lsp_range


def diagnostic_dict(rep: FileReport, d: Diagnostic, masker: Masker | None = None) -> dict[str, Any]:
    doc = rep.doc
    masker = masker or Masker(doc, rep.sensitive)
    fix = None
    if d.fix is not None:
        fix = {
            "title": d.fix.title,
            "applicability": d.fix.applicability.value,
            "edits": [{"range": lsp_range(doc, e.span), "newText": e.text} for e in d.fix.edits],
        }
    return {
        "path": rep.display,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": masker.message(d.message),
        "range": lsp_range(doc, d.span),
        "fix": fix,
        "related": [
            {"path": r.path or rep.display, "range": lsp_range(doc, r.span), "message": masker.message(r.message)}
            for r in d.related
        ],
    }


def report(reports: Sequence[FileReport], stream: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
    diagnostics = []
    for rep in reports:
        masker = Masker(rep.doc, rep.sensitive)
        diagnostics.extend(diagnostic_dict(rep, d, masker) for d in rep.diagnostics)
    payload = {
        "version": 1,
        "tool": {"name": "promptlint", "version": __version__},
        "diagnostics": diagnostics,
        "summary": {"files": len(reports), "diagnostics": len(diagnostics)},
    }
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
