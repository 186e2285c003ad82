"""A small programmatic API: lint a string as the project would lint that file.

``lint_source(text, "prompts/support.prompty")`` resolves the nearest
``promptlint.toml``/``pyproject.toml`` above the path (its selection, ignores,
per-file-ignores and rule options apply, as in ``promptlint check``), unless
``use_config=False``. Keyword arguments refine the result on top, like the command
line: ``select``/``ignore``/``model`` override, ``rule_options`` add per-rule options.
Each call reads the config files afresh, so an edited config is seen by the next call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from promptlint.config import ConfigResolver, FileConfig, Overrides, resolve
from promptlint.diagnostics import Diagnostic
from promptlint.linting import lint_text


def lint_source(
    source: str,
    path: str | Path | None = None,
    *,
    fmt: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    model: str | None = None,
    rule_options: Mapping[str, Mapping[str, Any]] | None = None,
    use_config: bool = True,
    root: Path | None = None,
) -> list[Diagnostic]:
    """Diagnostics for ``source`` (format from ``path``'s extension unless ``fmt`` is given).

    ``rule_options`` are per-rule options as in the ``[rules.<code>]`` config tables,
    e.g. ``{"CON001": {"spacy-model": "none"}}``. ``root`` is the folder a relative
    ``path`` is taken from (the current folder by default).
    """
    overrides = Overrides(select=tuple(select) if select is not None else None, ignore=tuple(ignore), model=model)
    base = (root or Path.cwd()).resolve()
    file_path = None if path is None else (base / path)
    if use_config and file_path is not None:
        config = ConfigResolver(overrides=overrides).for_path(file_path)
        if rule_options:
            merged = {**config.file.rules}
            for code, options in rule_options.items():
                merged[code] = {**merged.get(code, {}), **options}
            config = resolve(replace(config.file, rules=merged), overrides)
    else:
        config = resolve(FileConfig(path=None, root=base, rules=dict(rule_options or {})), overrides)
    display = None if path is None else Path(path).as_posix()
    return lint_text(source, file_path, config, display=display, fmt=fmt).diagnostics
