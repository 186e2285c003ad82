"""The rule contract: declared metadata, typed options, and a ``check`` generator.

A rule is a small stateless class::

    class TrailingWhitespace:
        \"\"\"## What it does ... (the user documentation, four sections)\"\"\"

        meta = RuleMeta(code="WS001", name="trailing-whitespace", summary="...",
                        default_severity=Severity.WARNING, fix="always")

        def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
            yield ctx.diagnostic(span, "Trailing whitespace", fix=...)

Options are declared in ``meta.options`` and arrive validated and defaulted in
``ctx.options`` (yamllint's model), so rules never parse configuration themselves.
Rules keep no state between calls: one instance serves every file, thread and editor.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from promptlint.diagnostics import Diagnostic, Fix, Related, Severity
from promptlint.document.model import Document, Span
from promptlint.models import Models
from promptlint.options import Option
from promptlint.services import Services

__all__ = [
    "ActiveRule", "BaseRevision", "FileServices", "GoldenHistory", "GoldenLinks", "LinkedFile", "Option", "Rule",
    "RuleContext", "RuleMeta", "Services", "applies_to",
]  # fmt: skip

CODE_PATTERN = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    summary: str
    default_severity: Severity = Severity.WARNING
    default_enabled: bool = True
    fix: Literal["never", "sometimes", "always"] = "never"
    options: Mapping[str, Option] = field(default_factory=dict)
    # Where the rule comes from: "builtin", "pack:<name>" or "plugin:<dist>".
    origin: str = "builtin"
    # The file being linted must hold this to be worth checking (saves work).
    needs_git_base: bool = False
    # The formats the rule runs on. None: every prompt format — files promptlint reads
    # that are not prompts (golden sets) are checked only by rules that name them.
    formats: tuple[str, ...] | None = None
    # The edge pairs prompts with their golden sets (file system) for this rule, and
    # with ``needs_git_history`` also reads the prompt's history since each golden set
    # last changed; both arrive in ``ctx.golden`` (rules never read files or git).
    needs_golden: bool = False
    needs_git_history: bool = False
    # Findings depend on today's date (model deprecations): the date joins cache keys.
    needs_date: bool = False


def applies_to(meta: RuleMeta, fmt: str) -> bool:
    """Whether a rule runs on a document of format ``fmt``."""
    if meta.formats is not None:
        return fmt in meta.formats
    from promptlint.document.parsers import DATA_FORMATS

    return fmt not in DATA_FORMATS


@runtime_checkable
class Rule(Protocol):
    meta: ClassVar[RuleMeta]

    def check(self, doc: Document, ctx: RuleContext) -> Iterable[Diagnostic]: ...


@dataclass(frozen=True)
class ActiveRule:
    """A rule enabled for a file, with its validated options and effective severity."""

    rule: Rule
    options: Mapping[str, Any]
    severity: Severity

    @property
    def meta(self) -> RuleMeta:
        return self.rule.meta


@dataclass(frozen=True)
class BaseRevision:
    """The same file at ``--base`` (default HEAD), read by the git edge.

    ``source`` is None when the file does not exist at that revision (a new file).
    No BaseRevision at all means there is nothing to compare with (not in git).
    """

    rev: str
    source: str | None


@dataclass(frozen=True)
class LinkedFile:
    """Another file a rule is told about: its path as shown, its text (None: missing)."""

    path: str
    source: str | None


@dataclass(frozen=True)
class GoldenHistory:
    """A prompt's history since one of its golden sets last changed, read by the git edge.

    ``revisions`` holds the prompt as it was in the commit that last changed the golden
    set (None: absent then), followed by its text after each later commit that touched
    it, oldest first; ``commits`` are those later commits' short ids.
    """

    golden: str
    since: str
    revisions: tuple[str | None, ...]
    commits: tuple[str, ...]


@dataclass(frozen=True)
class GoldenLinks:
    """What the edge found about golden sets for the file being linted.

    For a prompt: the golden sets that test it and, when asked, its history since each
    last changed. For a golden set: the prompt it names (``None`` when it names none).
    """

    golden_sets: tuple[str, ...] = ()
    prompt: LinkedFile | None = None
    history: tuple[GoldenHistory, ...] = ()

    def digest(self) -> str:
        """A stable summary for result-cache keys (the linked content changes the result)."""
        from promptlint.store import content_key

        parts: list[str | None] = ["golden", *self.golden_sets, "prompt"]
        if self.prompt is not None:
            parts += [self.prompt.path, self.prompt.source]
        for item in self.history:
            parts += ["history", item.golden, item.since, *item.commits, *item.revisions]
        return content_key(*parts)


class RuleContext:
    """Everything a rule may use besides the document: options, severity, base, model."""

    def __init__(
        self,
        meta: RuleMeta,
        options: Mapping[str, Any],
        severity: Severity,
        *,
        model: str | None = None,
        base: BaseRevision | None = None,
        shared: FileServices | None = None,
        rel_path: str | None = None,
        services: Services | None = None,
        vocabulary_dirs: tuple[Path, ...] = (),
        golden: GoldenLinks | None = None,
        models: Models | None = None,
    ) -> None:
        self.meta = meta
        # The config's model catalogue and declared models (read on the first question).
        self.models = models or Models()
        # Golden-set facts from the edge (rules with needs_golden); None: not known.
        self.golden = golden
        self.services = services or Services()
        # Topic-pack folders of this file's config (CON001's vocabulary).
        self.vocabulary_dirs = vocabulary_dirs
        # The path relative to the config file's folder, for rule options holding globs.
        self.rel_path = rel_path
        self.options = options
        self.severity = severity
        self.model = model
        self.base = base
        self.shared = shared or FileServices(base)

    def diagnostic(
        self,
        span: Span,
        message: str,
        *,
        fix: Fix | None = None,
        related: Iterable[Related] = (),
        fingerprint: str | None = None,
        severity: Severity | None = None,
        sensitive: bool = False,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.meta.code,
            name=self.meta.name,
            message=message,
            span=span,
            severity=severity or self.severity,
            fix=fix,
            related=tuple(related),
            fingerprint=fingerprint,
            sensitive=sensitive,
        )

    @property
    def base_document(self) -> Document | None:
        return self.shared.base_document

    @property
    def today(self) -> dt.date:
        """The run's date (fixed in tests and reproducible runs): rules never read the clock."""
        return self.services.current_date()


class FileServices:
    """Per-file work shared between rules (the parsed base revision)."""

    def __init__(self, base: BaseRevision | None, path: str | None = None, fmt: str | None = None) -> None:
        self._base = base
        self._path = path
        self._fmt = fmt
        # Results several rules compute from the same file (PII001 and PII002 share one scan).
        self.memo: dict[Any, Any] = {}

    @cached_property
    def base_document(self) -> Document | None:
        if self._base is None or self._base.source is None:
            return None
        from promptlint.document.parsers import parse_text

        return parse_text(self._base.source, self._path, self._fmt)


def rule_doc(rule: type[Any] | Any) -> str:
    """The rule's user documentation: its class docstring, dedented."""
    cls = rule if isinstance(rule, type) else type(rule)
    return inspect.cleandoc(cls.__doc__ or "")


DOC_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")

RuleFactory = Callable[[], Rule]
