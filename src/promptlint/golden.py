"""Pairing prompts with their golden sets, and reading both (work tree or index).

A golden set belongs to a prompt in one of two ways: it is named after it and sits
beside it (``support.prompty.golden.yaml`` tests ``support.prompty``), or the config's
``[tool.promptlint.eval] golden`` globs match it and its ``prompt:`` names the prompt
(relative to the golden set). ``prompt:`` in a ``*.golden.yaml`` file overrides the
name. The check runner (EVAL rules) and ``promptlint eval`` share this pairing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from promptlint import gitutil, globs
from promptlint.config import DEFAULT_EXCLUDE, ConfigResolver
from promptlint.document.golden import GOLDEN_SUFFIXES, GoldenSpec, implied_prompt, parse_golden
from promptlint.rules.base import GoldenHistory, GoldenLinks, LinkedFile

Reader = Callable[[Path], bytes | None]


def read_worktree(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


class IndexReader:
    """File content as staged (the index), one ``git cat-file`` per repository and batch."""

    def __init__(self) -> None:
        self._cache: dict[Path, bytes | None] = {}

    def prefetch(self, paths: Iterable[Path]) -> None:
        by_repo: dict[Path, list[Path]] = {}
        for path in paths:
            path = path.resolve()
            if path in self._cache:
                continue
            root = gitutil.repo_of(path)
            if root is None:
                self._cache[path] = None
                continue
            by_repo.setdefault(root, []).append(path)
        for root, group in by_repo.items():
            specs = {p: f":{gitutil.relative_to_root(root, p)}" for p in group}
            blobs = gitutil.read_blobs(root, specs.values())
            for path, spec in specs.items():
                self._cache[path] = blobs.get(spec)

    def __call__(self, path: Path) -> bytes | None:
        path = path.resolve()
        if path not in self._cache:
            self.prefetch([path])
        return self._cache[path]


@dataclass(frozen=True)
class GoldenFile:
    path: Path
    spec: GoldenSpec
    source: str
    prompt: Path | None  # the prompt it names (None: names none)


class GoldenIndex:
    """One run's view of golden sets: parsed once, paired both ways."""

    def __init__(self, resolver: ConfigResolver, read: Reader = read_worktree) -> None:
        self.resolver = resolver
        self.read = read
        self._files: dict[Path, GoldenFile | None] = {}
        self._configured: dict[Path, list[Path]] = {}

    def load(self, path: Path) -> GoldenFile | None:
        """The golden set at ``path`` (None when it cannot be read at all)."""
        path = path.resolve()
        if path not in self._files:
            data = self.read(path)
            if data is None:
                self._files[path] = None
            else:
                source = data.decode("utf-8", "replace")
                spec, _ = parse_golden(source)
                self._files[path] = GoldenFile(path, spec, source, prompt_path(path, spec))
        return self._files[path]

    def golden_sets_of(self, prompt: Path) -> list[Path]:
        """Golden sets that test ``prompt``: the ones beside it, then configured ones."""
        prompt = prompt.resolve()
        found: list[Path] = []
        for candidate in beside(prompt):
            golden = self.load(candidate) if self.read(candidate) is not None else None
            if golden is not None and golden.prompt == prompt:
                found.append(candidate)
        for golden_path in self.configured(prompt):
            golden = self.load(golden_path)
            if golden is not None and golden.prompt == prompt and golden_path not in found:
                found.append(golden_path)
        return found

    def configured(self, near: Path) -> list[Path]:
        """Golden sets the ``eval.golden`` globs of the config governing ``near`` match."""
        config = self.resolver.file_for(near)
        patterns = config.eval.golden
        if not patterns:
            return []
        root = config.root.resolve()
        if root not in self._configured:
            self._configured[root] = sorted(
                path for path in _walk(root, patterns) if globs.matches_any(config.relative(path), patterns)
            )
        return self._configured[root]

    def all_golden_sets(self, roots: Iterable[Path]) -> list[Path]:
        """Every golden set under ``roots`` (``--all``): named ones and configured ones."""
        found: dict[Path, None] = {}
        for root in roots:
            root = root.resolve()
            listed = gitutil.listed_files(root)
            files = listed if listed is not None else _walk(root, ("**",))
            for path in files:
                path = path.resolve()
                if path.name.lower().endswith(GOLDEN_SUFFIXES) and not _excluded(root, path):
                    found[path] = None
            for path in self.configured(root):
                found[path] = None
        return sorted(found)


def beside(prompt: Path) -> list[Path]:
    """Where a prompt's own golden sets would be: ``<name>.golden.yaml`` / ``.yml``."""
    prompt = prompt.resolve()
    return [prompt.with_name(prompt.name + suffix) for suffix in GOLDEN_SUFFIXES]


def prompt_path(golden: Path, spec: GoldenSpec) -> Path | None:
    """The prompt a golden set names: its ``prompt:`` (relative to it), else its name."""
    name = spec.prompt or implied_prompt(golden.name)
    if not name:
        return None
    if name.startswith("file://"):
        name = name[len("file://") :]
    return (golden.parent / name).resolve()


def _excluded(root: Path, path: Path) -> bool:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        return False
    return globs.matches_any(rel, DEFAULT_EXCLUDE)


def _walk(root: Path, patterns: Iterable[str]) -> list[Path]:
    """Files under the fixed leading folders of ``patterns`` (``evals/**/*.yaml`` → evals/)."""
    starts: set[Path] = set()
    for pattern in patterns:
        fixed: list[str] = []
        for part in pattern.strip("/").split("/")[:-1]:
            if any(ch in part for ch in "*?[{"):
                break
            fixed.append(part)
        starts.add(root.joinpath(*fixed) if "/" in pattern else root)
    skip = {glob.rstrip("/") for glob in DEFAULT_EXCLUDE}
    files: list[Path] = []
    for start in sorted(starts):
        if any(start != other and other in start.parents for other in starts):
            continue
        if start.is_file():
            files.append(start)
            continue
        for folder, dirs, names in os.walk(start):
            dirs[:] = sorted(d for d in dirs if d not in skip)
            files.extend(Path(folder) / name for name in sorted(names))
    return files


def golden_links(
    path: Path,
    index: GoldenIndex,
    *,
    history: bool,
    show: Callable[[Path], str],
    max_commits: int = 200,
) -> GoldenLinks:
    """What the EVAL rules need to know about ``path`` (a prompt or a golden set)."""
    config = index.resolver.file_for(path)
    if config.is_golden(path):
        golden = index.load(path)
        if golden is None or golden.prompt is None:
            return GoldenLinks()
        data = index.read(golden.prompt)
        source = None if data is None else data.decode("utf-8", "replace")
        return GoldenLinks(prompt=LinkedFile(show(golden.prompt), source))
    sets = index.golden_sets_of(path)
    found = tuple(show(g) for g in sets)
    if not history or not sets:
        return GoldenLinks(golden_sets=found)
    return GoldenLinks(golden_sets=found, history=tuple(_histories(path, sets, show, max_commits)))


def _histories(prompt: Path, sets: list[Path], show: Callable[[Path], str], limit: int) -> list[GoldenHistory]:
    root = gitutil.repo_of(prompt)
    if root is None or not gitutil.rev_exists(root, "HEAD"):
        return []
    out = []
    rel = gitutil.relative_to_root(root, prompt)
    for golden in sets:
        if gitutil.has_uncommitted_changes(root, golden):
            continue  # being updated right now: fresh
        since = gitutil.last_commit(root, golden)
        if since is None:
            continue
        commits = gitutil.commits_since(root, since, prompt, limit)
        specs = [f"{rev}:{rel}" for rev in (since, *commits)]
        blobs = gitutil.read_blobs(root, specs)
        revisions = tuple(
            None if blobs.get(spec) is None else blobs[spec].decode("utf-8", "replace")  # type: ignore[union-attr]
            for spec in specs
        )
        out.append(GoldenHistory(show(golden), since[:7], revisions, tuple(c[:7] for c in commits)))
    return out
