"""One content-addressed store for everything promptlint keeps between runs.

Lint results, analysed few-shot blocks, CON001 judge verdicts and smoke-eval responses
are all "this input, under this environment, gave that output": a hash of the input is
the key, the output is a small JSON value. One store holds them in namespaces:

    .promptlint_cache/v1/<namespace>/<key[:2]>/<key>.json

* **Atomic writes**: a temporary file in the same folder, then ``os.replace``; two
  processes writing one entry at once (two worktrees, the hook and the editor) leave
  one whole entry, never a mix.
* **Tolerant reads**: a missing, truncated, unparseable or foreign entry reads as a
  miss (the consumer validates the value's shape and treats anything odd as a miss),
  so a corrupted cache costs a re-analysis, never a wrong result or a crash.
* **Bounded**: when the folder grows past ``max_bytes`` the oldest entries (by last
  write) are evicted; the size is checked at most once an hour, so the hot path pays
  one ``stat`` of a marker file.
* **Ignored by git**: the folder is created with its own ``.gitignore``.
* **Private**: values are what consumers write — diagnostics with masked messages,
  offsets and entity types, verdicts, model answers — never raw PII values or secrets,
  and never an API key, header or environment value.

With no folder (``--no-cache``) the store keeps up to ``MEMORY_ENTRIES`` entries in
memory for the life of the process, so one run still analyses each block once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from pathlib import Path
from typing import Any

from promptlint.files import write_atomic

CACHE_DIR_NAME = ".promptlint_cache"
LAYOUT = "v1"
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
_PRUNE_EVERY_S = 3600
_MARKER = ".last-pruned"
MEMORY_ENTRIES = 20_000


def content_key(*parts: str | bytes | None) -> str:
    """A SHA-256 over length-prefixed parts (so ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    digest = hashlib.sha256()
    for part in parts:
        data = b"\x00none" if part is None else part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Store:
    """Namespaced JSON values by content key, on disk under ``root`` (or in memory)."""

    def __init__(self, root: Path | None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        # The folder the cache sits in (None: in memory): another process given the same
        # root (a worker, the warm server) reads and writes the very same entries.
        self.root = root
        self.directory = root / CACHE_DIR_NAME / LAYOUT if root is not None else None
        self.max_bytes = max_bytes
        self._memory: dict[tuple[str, str], Any] = {}
        self._ready: bool | None = None

    @classmethod
    def memory(cls) -> Store:
        return cls(None)

    @property
    def persistent(self) -> bool:
        return self.directory is not None and self._prepare()

    def path(self, namespace: str, key: str) -> Path | None:
        if self.directory is None or not key.isalnum():
            return None
        return self.directory / namespace / key[:2] / f"{key}.json"

    def get(self, namespace: str, key: str) -> Any | None:
        """The stored value, or None for a miss (absent, unreadable or not JSON)."""
        path = self.path(namespace, key)
        if path is None:
            return self._memory.get((namespace, key))
        try:
            return json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        path = self.path(namespace, key)
        if path is None:
            if self.directory is None:
                if len(self._memory) >= MEMORY_ENTRIES:
                    del self._memory[next(iter(self._memory))]
                self._memory[(namespace, key)] = value
            return
        if not self._prepare():
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
            write_atomic(path, payload)
        except OSError:
            pass  # a full disk or a read-only checkout: the run goes on without a cache

    def forget(self, namespace: str, key: str) -> None:
        """Drop an entry the consumer found invalid (it is rewritten by the next put)."""
        self._memory.pop((namespace, key), None)
        path = self.path(namespace, key)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()

    # ------------------------------------------------------------------ upkeep

    def _prepare(self) -> bool:
        """Create the folder and its ``.gitignore`` once; False where it cannot be written."""
        if self._ready is not None:
            return self._ready
        assert self.directory is not None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by promptlint.\n*\n", encoding="utf-8")
            self._ready = True
        except OSError:
            self._ready = False
        if self._ready:
            self._maybe_prune()
        return self._ready

    def _maybe_prune(self) -> None:
        assert self.directory is not None
        marker = self.directory / _MARKER
        try:
            if time.time() - marker.stat().st_mtime < _PRUNE_EVERY_S:
                return
        except OSError:
            pass
        with contextlib.suppress(OSError):
            marker.touch()
        self.prune()

    def prune(self) -> int:
        """Evict the oldest entries until the folder is within ``max_bytes``; return how many."""
        if self.directory is None:
            return 0
        entries = []
        total = 0
        for path in self.directory.glob("*/*/*.json"):
            try:
                info = path.stat()
            except OSError:
                continue
            entries.append((info.st_mtime, info.st_size, path))
            total += info.st_size
        removed = 0
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                removed += 1
        return removed
