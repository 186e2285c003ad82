"""``--format junit``: one test suite per file, one failing test case per finding.

CI systems (GitLab, Jenkins, Azure) render JUnit XML natively; a file with no findings
is one passing test case so the report shows what was checked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from promptlint.report import DEFAULT_OPTIONS, FileReport, ReportOptions
from promptlint.reporters.masking import Masker
from promptlint.reporters.positions import one_based, printable


def report(reports: Sequence[FileReport], stream: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
    total = sum(max(1, len(r.diagnostics)) for r in reports)
    failures = sum(len(r.diagnostics) for r in reports)
    root = ET.Element("testsuites", name="promptlint", tests=str(total), failures=str(failures), errors="0")
    for rep in reports:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=rep.display,
            tests=str(max(1, len(rep.diagnostics))),
            failures=str(len(rep.diagnostics)),
            errors="0",
            skipped="0",
        )
        if not rep.diagnostics:
            ET.SubElement(suite, "testcase", name="promptlint", classname=rep.display)
            continue
        masker = Masker(rep.doc, rep.sensitive)
        for d in rep.diagnostics:
            message = printable(masker.message(d.message))
            line, col = one_based(rep.doc, d.span.start)
            case = ET.SubElement(
                suite, "testcase", name=f"{d.code} {d.name} (line {line}, col {col})", classname=rep.display
            )
            failure = ET.SubElement(case, "failure", message=message, type=d.code)
            failure.text = f"{rep.display}:{line}:{col}: {d.code} [{d.severity.label}] {message}"
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
