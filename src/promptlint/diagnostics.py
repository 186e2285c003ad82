"""What a rule reports: a diagnostic with a severity, a span, and optionally a fix.

Diagnostics hold character offsets into the linted source, never line/column: the
reporters convert at the edge (see :mod:`promptlint.document.lines`). They are frozen
so the engine, the cache and the LSP can share them freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from promptlint.document.model import Span


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected info, warning or error)") from None


class Applicability(StrEnum):
    """How safe a fix is (ruff's model): only ``safe`` fixes are applied by ``--fix``."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display-only"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``source[span.start:span.end]`` with ``text`` (an empty span inserts)."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Related:
    """Another location that explains a finding (the earlier of two contradictions)."""

    span: Span
    message: str
    path: str | None = None  # None: the same file


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    message: str
    span: Span
    severity: Severity
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    # A stable identity for baselines: hashes the rule, the normalised matched text and
    # its enclosing block, never a line number and never a raw PII or secret value.
    fingerprint: str | None = None
    # The span holds a secret or personal data: outputs must not show its characters
    # (source snippets are masked, messages already carry only a masked preview).
    sensitive: bool = False

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.span.start, self.span.end, self.code)
