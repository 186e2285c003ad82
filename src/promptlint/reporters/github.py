"""``--format github``: GitHub Actions workflow commands (annotations on the PR diff).

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from promptlint.diagnostics import Severity
from promptlint.report import DEFAULT_OPTIONS, FileReport, ReportOptions
from promptlint.reporters.masking import Masker
from promptlint.reporters.positions import one_based, printable

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def report(reports: Sequence[FileReport], stream: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
    for rep in reports:
        masker = Masker(rep.doc, rep.sensitive)
        for d in rep.diagnostics:
            line, col = one_based(rep.doc, d.span.start)
            end_line, end_col = one_based(rep.doc, d.span.end)
            props = [f"file={_escape_property(rep.display)}", f"line={line}", f"col={col}"]
            if end_line == line:
                props.append(f"endColumn={end_col}")
            else:
                props.append(f"endLine={end_line}")
            props.append(f"title={_escape_property(f'{d.code} {d.name}')}")
            message = _escape_data(f"{d.code} {printable(masker.message(d.message))}")
            stream.write(f"::{_LEVEL[d.severity]} {','.join(props)}::{message}\n")
