"""Helpers for testing rules — promptlint's own and plugin authors'.

    from promptlint.testing import check_rule, fix_rule

    found = check_rule("ACME001", "system:\\nBe brief.\\n", path="x.prompty")
    assert [(d.code, line, col) for d, line, col in found] == [("ACME001", 2, 1)]

Only the rule under test runs, with the options you give, so a case asserts exactly
that rule's findings (1-based lines and columns).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Diagnostic
from promptlint.document.parsers import parse_text
from promptlint.engine import LintOptions, fix_document, lint_document
from promptlint.rules.base import BaseRevision


def _setup(code: str, options: Mapping[str, Any] | None, also: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    rules = {code: dict(options)} if options else {}
    file = FileConfig(path=None, root=Path.cwd(), rules=rules, select=(code, *also))
    return resolve(file, Overrides())


def check_rule(
    code: str,
    source: str,
    *,
    path: str | None = None,
    fmt: str | None = None,
    options: Mapping[str, Any] | None = None,
    base: str | None = None,
    model: str | None = None,
    also: tuple[str, ...] = (),
) -> list[tuple[Diagnostic, int, int]]:
    """Findings of one rule as ``(diagnostic, line, column)``, 1-based.

    ``also`` enables more rules next to it (their findings are not returned), for rules
    that react to others, such as SUP001.
    """
    config = _setup(code, options, also)
    doc = parse_text(source, path, fmt)
    base_rev = BaseRevision("HEAD", base) if base is not None else None
    found = lint_document(
        doc, config.rules_for(None), LintOptions(model=model, base=base_rev, resolve_code=config.registry.code_for)
    )
    out = []
    for d in found:
        if d.code != code:
            continue
        pos = doc.lines.position(d.span.start)
        out.append((d, pos.line + 1, pos.column + 1))
    return out


def fix_rule(
    code: str,
    source: str,
    *,
    path: str | None = None,
    fmt: str | None = None,
    options: Mapping[str, Any] | None = None,
    base: str | None = None,
    unsafe: bool = False,
    also: tuple[str, ...] = (),
) -> str:
    """The source after applying the rule's fixes (as ``promptlint check --fix`` would)."""
    config = _setup(code, options, also)
    doc = parse_text(source, path, fmt)
    base_rev = BaseRevision("HEAD", base) if base is not None else None
    options_ = LintOptions(base=base_rev, resolve_code=config.registry.code_for)
    rules = config.rules_for(None)

    def lint(document):  # type: ignore[no-untyped-def]
        return [d for d in lint_document(document, rules, options_) if d.code == code]

    return fix_document(doc, lint, unsafe=unsafe).source
