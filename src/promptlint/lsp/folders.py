"""Workspace folders: config resolution, services and base revisions per root.

Each workspace folder gets what a ``promptlint check`` run started in that folder
would have: a :class:`~promptlint.config.ConfigResolver` rooted there (the nearest
config file above each document wins), and :class:`~promptlint.services.Services`
whose store lives where ``check`` puts it (next to the folder's governing config), so
the editor and the CLI share cached results. Services never allow the network.
A document outside every folder is governed from its own directory.

Workers of two lanes resolve configs at once, and a watched config change invalidates
from the event loop, so each folder's resolver sits behind a lock.
"""

from __future__ import annotations

import threading
from pathlib import Path

from promptlint import gitutil
from promptlint.config import ConfigResolver, ResolvedConfig
from promptlint.document.parsers import MAX_BYTES, parse_bytes
from promptlint.errors import PromptlintError
from promptlint.rules.base import BaseRevision, GoldenLinks
from promptlint.runner import display_path
from promptlint.services import Services
from promptlint.store import Store


class Folder:
    """One root: its resolver, its services, and how its paths are shown."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.resolver = ConfigResolver(root=self.root)
        self._lock = threading.Lock()
        self._golden: dict[Path, GoldenLinks | None] = {}
        self._services: Services | None = None
        self._packs: set[Path] = set()
        self._disk: dict[Path, tuple[tuple[int, int], bytes | None, bool]] = {}

    def config_for(self, path: Path | None) -> ResolvedConfig:
        """The config governing ``path`` (the folder's own for a buffer without a file)."""
        with self._lock:
            config = self.resolver.for_path(path) if path is not None else self.resolver.default()
            self._packs.update(config.file.rule_packs)
            return config

    def pack_dirs(self) -> list[Path]:
        """The rule-pack folders of the configs read so far (a change there re-lints)."""
        with self._lock:
            return sorted(self._packs)

    def invalidate(self) -> None:
        with self._lock:
            self.resolver.invalidate()
            self._golden.clear()

    def golden_for(self, path: Path | None, config: ResolvedConfig) -> GoldenLinks | None:
        """What ``check`` hands the EVAL rules for ``path`` (golden sets beside it, and the
        prompt's history): read on first use and after a save or a watched-file change,
        never per keystroke (it reads files and git)."""
        if path is None or not config.needs_golden():
            return None
        with self._lock:
            if path not in self._golden:
                from promptlint.runner import CheckOptions, golden_links_for

                found = golden_links_for([path], self.resolver, CheckOptions(cwd=self.root))
                self._golden[path] = found.get(path)
            return self._golden[path]

    def forget_golden(self, path: Path | None = None) -> None:
        with self._lock:
            if path is None:
                self._golden.clear()
            else:
                self._golden.pop(path, None)

    @property
    def services(self) -> Services:
        """Created once: the store folder is where ``check`` run here would keep it."""
        with self._lock:
            if self._services is None:
                try:
                    store_root = self.resolver.default().root
                except PromptlintError:
                    store_root = self.root
                self._services = Services(store=Store(store_root), allow_network=False)
            return self._services

    def notices(self) -> list[str]:
        """Messages the rules left for the user (none before the first lint)."""
        with self._lock:
            return list(self._services.notices) if self._services is not None else []

    def display(self, path: Path | None, fallback: str) -> str:
        """The path findings carry: relative to the folder, as ``check`` run there shows it."""
        return display_path(path, self.root) if path is not None else fallback

    def _on_disk(self, path: Path) -> tuple[bytes | None, bool]:
        """The file's bytes (None if unreadable or too large) and whether ``check`` can
        read them, judged once per file version (size and modification time)."""
        try:
            info = path.stat()
        except OSError:
            return None, True
        stamp = (info.st_mtime_ns, info.st_size)
        with self._lock:
            known = self._disk.get(path)
        if known is not None and known[0] == stamp:
            return known[1], known[2]
        raw: bytes | None = None
        if path.is_file() and info.st_size <= MAX_BYTES:
            try:
                raw = path.read_bytes()
            except OSError:
                raw = None
        readable = raw is None or not parse_bytes(raw, path.name).extra.get("unreadable")
        if info.st_size > MAX_BYTES:
            readable = False  # `check` reports it as too large
        with self._lock:
            self._disk[path] = (stamp, raw, readable)
        return raw, readable

    def unreadable_on_disk(self, path: Path | None) -> bytes | None:
        """The file's bytes, when ``check`` could not read them (not UTF-8, binary).

        An editor shows such a file transcoded (Latin-1 read as text), so its buffer is
        valid Unicode; but the file that ``check`` and the hook read stays unreadable.
        The server then lints the bytes on disk, and shows the same FMT001 as ``check``.
        """
        if path is None:
            return None
        raw, readable = self._on_disk(path)
        return raw if raw is not None and not readable else None

    def matches_disk(self, path: Path | None, data: bytes) -> bool:
        """Whether ``data`` is the file as saved: only then is a result worth caching
        for ``check`` (a buffer being typed in would fill the cache with drafts)."""
        if path is None:
            return False
        raw, _ = self._on_disk(path)
        return raw == data

    def base_for(self, path: Path | None, config: ResolvedConfig) -> BaseRevision | None:
        """HEAD's version of the file, for VER002/TOK002 (None outside git or without commits)."""
        if path is None or not config.needs_git_base():
            return None
        found = gitutil.base_revision(path)
        if found is None:
            return None
        rev, blob = found
        return BaseRevision(rev, None if blob is None else blob.decode("utf-8", "replace"))


class Folders:
    """The workspace's folders; a document belongs to the deepest folder holding it."""

    def __init__(self) -> None:
        self._folders: dict[Path, Folder] = {}
        self._lock = threading.Lock()

    def add(self, root: Path) -> Folder:
        root = root.resolve()
        with self._lock:
            folder = self._folders.get(root)
            if folder is None:
                folder = self._folders[root] = Folder(root)
            return folder

    def remove(self, root: Path) -> None:
        with self._lock:
            self._folders.pop(root.resolve(), None)

    def all(self) -> list[Folder]:
        with self._lock:
            return list(self._folders.values())

    def for_path(self, path: Path | None) -> Folder:
        with self._lock:
            folders = sorted(self._folders.values(), key=lambda f: len(f.root.parts), reverse=True)
        if path is None:
            return folders[-1] if folders else self.add(Path.cwd())
        resolved = path.resolve()
        for folder in folders:
            if resolved.is_relative_to(folder.root):
                return folder
        return self.add(resolved.parent)

    def invalidate(self) -> None:
        for folder in self.all():
            folder.invalidate()
