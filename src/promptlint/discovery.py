"""Which files a run lints.

Explicit file arguments are always linted (their format comes from the extension, then
the content), except those matching ``exclude`` — pre-commit passes every matching file
by name, and a project's ``exclude`` must still hold for them. Directories are walked
with the ``include``/``exclude`` globs of the config that governs each file; inside a
git work tree the walk uses ``git ls-files`` so ``.gitignore``d files are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from promptlint import gitutil, globs
from promptlint.config import DEFAULT_EXCLUDE, ConfigResolver
from promptlint.errors import PromptlintError


def discover(paths: Iterable[Path], resolver: ConfigResolver) -> list[Path]:
    found: dict[Path, None] = {}
    for path in paths:
        if not path.exists():
            raise PromptlintError(f"path not found: {path}")
        if path.is_file():
            config = resolver.for_path(path)
            if not _excluded(config.relative(path), config.file.exclude):
                found[path] = None
            continue
        for candidate in _walk(path):
            config = resolver.for_path(candidate)
            rel = config.relative(candidate)
            if globs.matches_any(rel, config.file.include) and not _excluded(rel, config.file.exclude):
                found[candidate] = None
    return list(found)


def _excluded(rel: str, exclude: tuple[str, ...]) -> bool:
    return globs.matches_any(rel, DEFAULT_EXCLUDE) or globs.matches_any(rel, exclude)


def _walk(directory: Path) -> list[Path]:
    listed = gitutil.listed_files(directory)
    if listed is not None:
        return sorted(p for p in listed if p.is_file())
    files = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__", "venv"))
        files.extend(Path(root) / name for name in sorted(names))
    return files
