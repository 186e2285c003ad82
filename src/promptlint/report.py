"""What a run hands to reporters: findings per file, the rules behind them, the fail level.

Reporters are edges: they turn this neutral shape into text, JSON, SARIF, annotations or
JUnit, and know nothing of configs, runners or git. Each file carries the metadata of
the rules its own config knows (a pack rule configured for one folder only is known
there), so SARIF documents every rule that produced a result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span


@dataclass
class FileReport:
    path: Path
    display: str
    doc: Document
    diagnostics: list[Diagnostic]
    fail_on: Severity = Severity.WARNING
    # code -> rule class, for the rules the file's config knows (metadata and docs).
    rules: Mapping[str, Any] = field(default_factory=dict)
    fixes_applied: int = 0
    notes: list[str] = field(default_factory=list)
    # Spans of every sensitive finding, kept when a baseline hides the finding itself:
    # reporters mask these values wherever they show source text.
    sensitive: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sensitive:
            self.sensitive = [d.span for d in self.diagnostics if d.sensitive]

    def failing(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity >= self.fail_on]


@dataclass(frozen=True)
class ReportOptions:
    """How to render, the same for every reporter (each uses what applies to it)."""

    statistics: bool = False
    color: bool = False
    show_source: bool = True
    unsafe_fixes: bool = False


DEFAULT_OPTIONS = ReportOptions()


def exit_code(reports: Sequence[FileReport]) -> int:
    return 1 if any(report.failing() for report in reports) else 0


def rule_of(reports: Sequence[FileReport], code: str) -> Any | None:
    """The rule class behind ``code``, from the first file whose config knows it."""
    for report in reports:
        rule = report.rules.get(code)
        if rule is not None:
            return rule
    return None
