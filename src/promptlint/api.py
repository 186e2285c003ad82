"""A small programmatic API: lint a string with the default (or a given) configuration."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Diagnostic
from promptlint.document.parsers import parse_text
from promptlint.engine import LintOptions, lint_document


def lint_source(
    source: str,
    path: str | None = None,
    *,
    fmt: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    model: str | None = None,
    rule_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Diagnostic]:
    """Diagnostics for ``source`` (format from ``path``'s extension unless ``fmt`` is given).

    ``rule_options`` are per-rule options as in the ``[rules.<code>]`` config tables,
    e.g. ``{"CON001": {"model": "none"}}``.
    """
    overrides = Overrides(select=tuple(select) if select is not None else None, ignore=tuple(ignore), model=model)
    config = resolve(FileConfig(path=None, root=Path.cwd(), rules=dict(rule_options or {})), overrides)
    doc = parse_text(source, path, fmt)
    options = LintOptions(model=config.model, resolve_code=config.registry.code_for)
    return lint_document(doc, config.rules_for(None), options)
