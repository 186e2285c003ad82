"""Output formats. Each reporter turns file reports into text for a stream.

Positions are converted here, at the edge: LSP-style 0-based lines with UTF-16
columns for JSON, 1-based lines and columns for humans, SARIF and GitHub annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from promptlint.reporters import github, json_format, junit, sarif, text
from promptlint.runner import FileReport

Reporter = Callable[[Sequence[FileReport], TextIO], None]

REPORTERS: dict[str, Callable[..., None]] = {
    "text": text.report,
    "json": json_format.report,
    "sarif": sarif.report,
    "github": github.report,
    "junit": junit.report,
}
