"""Helpers for testing rules — promptlint's own and plugin authors'.

    from promptlint.testing import check_rule, fix_rule

    found = check_rule("ACME001", "system:\\nBe brief.\\n", path="x.prompty")
    assert [(d.code, line, col) for d, line, col in found] == [("ACME001", 2, 1)]

Only the rule under test runs, with the options you give, so a case asserts exactly
that rule's findings (1-based lines and columns).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Diagnostic
from promptlint.linting import lint_text
from promptlint.models import CustomModel
from promptlint.rules.base import BaseRevision, GoldenLinks, Services


def _setup(  # type: ignore[no-untyped-def]
    code: str,
    options: Mapping[str, Any] | None,
    also: tuple[str, ...],
    model: str | None,
    custom_models: tuple[CustomModel, ...] = (),
):
    rules = {code: dict(options)} if options else {}
    file = FileConfig(path=None, root=Path.cwd(), rules=rules, select=(code, *also), custom_models=custom_models)
    return resolve(file, Overrides(model=model))


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
    golden: GoldenLinks | None = None,
    today: dt.date | None = None,
    custom_models: tuple[CustomModel, ...] = (),
) -> list[tuple[Diagnostic, int, int]]:
    """Findings of one rule as ``(diagnostic, line, column)``, 1-based.

    ``also`` enables more rules next to it (their findings are not returned), for rules
    that react to others, such as SUP001. ``golden`` stands in for what the edge finds
    about golden sets (the EVAL rules): the sets that test a prompt, the prompt a golden
    set names, the prompt's history since its golden set changed. ``today`` is the date
    the MOD rules judge deprecations by (default: ``PROMPTLINT_TODAY``, else the clock);
    ``model`` is the config's default model, ``custom_models`` its declared models.
    """
    config = _setup(code, options, also, model, custom_models)
    base_rev = BaseRevision("HEAD", base) if base is not None else None
    services = Services(today=today)
    result = lint_text(source, None, config, display=path, fmt=fmt, base=base_rev, golden=golden, services=services)
    doc = result.document
    out = []
    for d in result.diagnostics:
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
    config = _setup(code, options, also, None)
    base_rev = BaseRevision("HEAD", base) if base is not None else None
    result = lint_text(
        source, None, config, display=path, fmt=fmt, base=base_rev, fix=True, unsafe_fixes=unsafe, fix_only={code}
    )
    return result.document.source
