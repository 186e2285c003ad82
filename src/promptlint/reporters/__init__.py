"""Output formats. Each reporter turns file reports into text for a stream.

Positions are converted here, at the edge: LSP-style 0-based lines with UTF-16
columns for JSON, 1-based lines and columns for humans, SARIF and GitHub annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from promptlint.report import FileReport, ReportOptions
from promptlint.reporters import github, json_format, junit, sarif, text

# Every reporter: the run's file reports, a stream, and the same rendering options.
Reporter = Callable[[Sequence[FileReport], TextIO, ReportOptions], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_format.report,
    "sarif": sarif.report,
    "github": github.report,
    "junit": junit.report,
}
