"""The one entry point from text to findings, shared by every edge.

``promptlint check`` (through the runner), the language server, ``api.lint_source`` and
the test helpers all lint through :func:`lint_text`: parse, pick the rules the resolved
config enables for the path (``per-file-ignores`` included), run them with the run's
services, apply suppressions — and optionally fix. So the CLI, the editor and a
plugin's tests can never disagree about what a prompt's findings are.

It reads no file, no git and no config: the caller resolves the config for the path
and passes the base revision; this keeps it usable on unsaved editor buffers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from promptlint.config import ResolvedConfig
from promptlint.diagnostics import Diagnostic
from promptlint.document.model import Document
from promptlint.document.parsers import parse_text
from promptlint.engine import LintOptions, fix_document, lint_document
from promptlint.rules.base import ActiveRule, BaseRevision, GoldenLinks, Services


@dataclass(frozen=True)
class LintResult:
    document: Document  # after fixes, when fixing
    diagnostics: list[Diagnostic]
    fixes_applied: int = 0


def lint_text(
    source: str | bytes | Document,
    path: Path | None,
    config: ResolvedConfig,
    *,
    display: str | None = None,
    fmt: str | None = None,
    base: BaseRevision | None = None,
    services: Services | None = None,
    golden: GoldenLinks | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    fix_only: Collection[str] | None = None,
    rule_filter: Callable[[ActiveRule], bool] | None = None,
) -> LintResult:
    """Findings for ``source`` as the file ``path`` under ``config``.

    ``display`` is the path findings carry (relative to where the user stands); the
    format comes from ``fmt``, else the path's extension, else the content. Bytes go
    through the safe decoder (binary, invalid UTF-8, oversized → FMT001); a Document the
    caller already parsed is linted as it is. With ``fix_only``, fixing applies (and
    reports) only those rules' findings — a rule's tests fix with its neighbours enabled.
    ``rule_filter`` runs a subset of the enabled rules (the language server runs the
    fast ones first and the :func:`heavy` ones after); suppressions and SUP001 judge
    only the rules that ran.
    ``golden`` is what the edge found about the file's golden sets (EVAL rules).
    """
    if fmt is None and path is not None:
        fmt = config.format_for(path)
    name = display if display is not None else (path.as_posix() if path is not None else None)
    if isinstance(source, Document):
        doc = source
    elif isinstance(source, bytes):
        doc = config.parse(source, name, path, fmt)
    else:
        doc = parse_text(source, name, fmt)
    rules = config.rules_for(path)
    if rule_filter is not None:
        rules = [active for active in rules if rule_filter(active)]
    options = LintOptions(
        model=config.model,
        base=base,
        rel_path=config.relative(path) if path is not None else None,
        resolve_code=config.registry.code_for,
        services=services,
        vocabulary_dirs=config.registry.topic_dirs,
        golden=golden,
        models=config.models,
    )

    def lint(document: Document) -> list[Diagnostic]:
        found = lint_document(document, rules, options)
        return found if fix_only is None or not fix else [d for d in found if d.code in fix_only]

    if fix and not doc.extra.get("unreadable"):
        result = fix_document(doc, lint, unsafe=unsafe_fixes)
        return LintResult(result.document, result.diagnostics, result.applied)
    return LintResult(doc, lint(doc))


def heavy(active: ActiveRule) -> bool:
    """A rule that loads a model (spaCy, presidio) on first use: it has a ``warm`` hook.

    Rules declare ``warm(options)`` when their first call is slow, so a long-lived
    process can load the models before the first keystroke needs them.
    """
    return callable(getattr(active.rule, "warm", None))


def warm(config: ResolvedConfig) -> None:
    """Load what the config's heavy rules need, once per process (call it off the hot path)."""
    for active in config.rules_for(None):
        if heavy(active):
            active.rule.warm(active.options)  # type: ignore[attr-defined]
