"""Versioned, debounced linting of open documents in two lanes.

Each open document has one pipeline at a time, for its latest version:

1. wait the debounce delay (typing: only the last keystroke of a burst is linted;
   open, save and pull requests skip the wait);
2. in the **fast lane** (one worker thread): resolve the config, read the base revision,
   answer from the result cache if ``check`` (or an earlier session) already linted this
   content, else run every rule that loads no model — publish at once;
3. in the **heavy lane** (another worker thread, where the models also load in the
   background after ``initialized``): run every enabled rule through the result cache,
   exactly as ``promptlint check`` does — publish again, now final.

A newer version cancels the pipeline of the older one; a lane job whose version is
no longer current is skipped before it starts, and a result that comes back for an
old version is dropped. The final publish is the same call ``check`` makes on the same
bytes, so the editor's last word always equals ``check``'s. The fast lane never waits
for the heavy one, so a keystroke is never held up by a model load, and requests
(hover, code actions) are answered on the event loop from the latest result.

Nothing is kept per version: a document holds its latest result only, so a storm of
edits costs time, not memory.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promptlint.config import ResolvedConfig
from promptlint.diagnostics import Diagnostic
from promptlint.discovery import is_selected
from promptlint.document.model import Document
from promptlint.errors import PromptlintError
from promptlint.linting import heavy, lint_text, warm
from promptlint.lsp.folders import Folder
from promptlint.rules.base import BaseRevision, GoldenLinks

LOG = logging.getLogger("promptlint.lsp")
DEFAULT_DEBOUNCE_S = 0.15


@dataclass(frozen=True)
class Snapshot:
    """The findings of one version of a document (what was last published for it)."""

    uri: str
    version: int
    final: bool  # every enabled rule ran (the model-loading ones too)
    result_id: str
    doc: Document | None = None  # None: not linted (see ``note``)
    diagnostics: tuple[Diagnostic, ...] = ()
    config: ResolvedConfig | None = None
    note: str | None = None  # why the document was not linted
    error: str | None = None  # a config error the user must see

    @property
    def rules(self) -> Mapping[str, Any]:
        return self.config.registry.rules if self.config is not None else {}


@dataclass
class _Job:
    """What a lane needs to lint one version (immutable once built)."""

    uri: str
    version: int
    text: str
    path: Path | None
    folder: Folder
    # Filled by the fast lane for the heavy lane:
    config: ResolvedConfig | None = None
    base: BaseRevision | None = None
    golden: GoldenLinks | None = None
    data: bytes | None = None  # what was linted: the buffer as UTF-8, or unreadable disk bytes


@dataclass
class DocState:
    uri: str
    path: Path | None
    folder: Folder
    version: int
    snapshot: Snapshot | None = None
    task: asyncio.Task[None] | None = None
    fresh: asyncio.Event = field(default_factory=asyncio.Event)


Publisher = Callable[[Snapshot], Awaitable[None] | None]
TextSource = Callable[[str], tuple[str, int] | None]


class Scheduler:
    def __init__(
        self,
        text_of: TextSource,
        publish: Publisher,
        *,
        debounce: float = DEFAULT_DEBOUNCE_S,
        only_matching: bool = True,
    ) -> None:
        self._text_of = text_of
        self._publish = publish
        self.debounce = debounce
        self.only_matching = only_matching
        self.docs: dict[str, DocState] = {}
        self._fast = _Lane("promptlint-fast")
        self._heavy = _Lane("promptlint-heavy")
        self._ids = itertools.count(1)
        self.warming: asyncio.Future[Any] | None = None

    # ------------------------------------------------------------------ events

    def opened(self, uri: str, version: int, path: Path | None, folder: Folder) -> None:
        self.docs[uri] = DocState(uri, path, folder, version)
        self._schedule(self.docs[uri], 0.0)

    def changed(self, uri: str, version: int) -> None:
        state = self.docs.get(uri)
        if state is None:
            return
        self._new_version(state, version)
        self._schedule(state, self.debounce)

    def saved(self, uri: str) -> None:
        state = self.docs.get(uri)
        if state is not None:
            self._schedule(state, 0.0)

    def closed(self, uri: str) -> None:
        state = self.docs.pop(uri, None)
        if state is not None and state.task is not None:
            state.task.cancel()
        if state is not None:
            state.version += 1  # anything still running for it is stale now
            state.fresh.set()

    def relint_all(self) -> None:
        for state in list(self.docs.values()):
            self._schedule(state, 0.0)

    def _new_version(self, state: DocState, version: int) -> None:
        state.version = version
        state.fresh.set()  # wake waiters: they re-check against the new version
        state.fresh = asyncio.Event()

    def _schedule(self, state: DocState, delay: float) -> None:
        if state.task is not None and not state.task.done():
            state.task.cancel()
        state.task = asyncio.get_running_loop().create_task(self._pipeline(state, state.version, delay))

    # ---------------------------------------------------------------- requests

    async def current(self, uri: str, *, final: bool = False) -> Snapshot | None:
        """The findings of the document's current version (waits for the fast lane,
        or with ``final`` for every rule); None for a document that is not open."""
        while True:
            state = self.docs.get(uri)
            if state is None:
                return None
            snap = state.snapshot
            if snap is not None and snap.version == state.version and (snap.final or not final):
                return snap
            if state.task is None or state.task.done():
                self._schedule(state, 0.0)
            await state.fresh.wait()

    # ---------------------------------------------------------------- pipeline

    async def _pipeline(self, state: DocState, version: int, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            if state.version != version:
                return
            got = self._text_of(state.uri)
            if got is None:  # the editor's copy is gone: nothing to lint, but answer waiters
                await self._store(state, Snapshot(state.uri, version, True, f"{version}.0", note="no text"))
                return
            job = _Job(state.uri, version, got[0], state.path, state.folder)
            first = await self._fast.run(self._lint_fast, job, state)
            if first is None or state.version != version or self.docs.get(state.uri) is not state:
                return
            await self._store(state, first)
            if first.final:
                return
            last = await self._heavy.run(self._lint_full, job, state)
            if last is None or state.version != version or self.docs.get(state.uri) is not state:
                return
            await self._store(state, last)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # A bug must not leave requests waiting for a result that never comes.
            LOG.exception("linting %s failed", state.uri)
            if state.version == version and self.docs.get(state.uri) is state:
                failed = Snapshot(state.uri, version, True, f"{version}.x", error=f"internal error: {exc!r}")
                try:
                    await self._store(state, failed)
                except Exception:
                    LOG.exception("reporting the failure for %s failed", state.uri)

    async def _store(self, state: DocState, snapshot: Snapshot) -> None:
        state.snapshot = snapshot
        result = self._publish(snapshot)
        if result is not None:
            await result
        event, state.fresh = state.fresh, asyncio.Event()
        event.set()

    def _snapshot(self, job: _Job, **fields: Any) -> Snapshot:
        final = fields.pop("final", True)
        return Snapshot(job.uri, job.version, final, f"{job.version}.{next(self._ids)}", **fields)

    def _lint_fast(self, job: _Job, state: DocState) -> Snapshot | None:
        """Fast lane: cached result, or every rule that loads no model."""
        if state.version != job.version:
            return None
        from promptlint.runner import cached_result, lint_cached

        folder = job.folder
        try:
            config = folder.config_for(job.path)
        except PromptlintError as exc:
            return self._snapshot(job, error=str(exc))
        if self.only_matching and (job.path is None or not is_selected(job.path, config)):
            return self._snapshot(job, config=config, note="not selected by the config's include/exclude globs")
        services = folder.services
        display = folder.display(job.path, job.uri)
        data = folder.unreadable_on_disk(job.path) or job.text.encode("utf-8", "surrogatepass")
        job.data = data
        base = folder.base_for(job.path, config)
        golden = folder.golden_for(job.path, config)
        job.golden = golden
        if job.path is not None:
            hit = cached_result(data, job.path, config, display=display, base=base, services=services, golden=golden)
            if hit is not None:
                return self._snapshot(job, doc=hit[0], diagnostics=tuple(hit[1]), config=config)
            if not any(heavy(active) for active in config.rules_for(job.path)):
                doc, found = lint_cached(
                    data, job.path, config, display=display, base=base, services=services,
                    use_cache=folder.matches_disk(job.path, data), golden=golden,
                )  # fmt: skip
                return self._snapshot(job, doc=doc, diagnostics=tuple(found), config=config)
        result = lint_text(
            data, job.path, config, display=display, base=base, services=services, golden=golden,
            rule_filter=lambda active: not heavy(active),
        )  # fmt: skip
        job.config, job.base = config, base
        final = job.path is None and not any(heavy(a) for a in config.rules_for(None))
        found = tuple(result.diagnostics)
        return self._snapshot(job, doc=result.document, diagnostics=found, config=config, final=final)

    def _lint_full(self, job: _Job, state: DocState) -> Snapshot | None:
        """Heavy lane: every enabled rule, through the cache, as ``check`` runs them."""
        if state.version != job.version or job.config is None:
            return None
        from promptlint.runner import lint_cached

        folder = job.folder
        services = folder.services
        display = folder.display(job.path, job.uri)
        data = job.data if job.data is not None else job.text.encode("utf-8", "surrogatepass")
        if job.path is None:
            result = lint_text(data, None, job.config, display=display, base=None, services=services)
            doc, found = result.document, result.diagnostics
        else:
            doc, found = lint_cached(
                data, job.path, job.config, display=display, base=job.base, services=services,
                use_cache=folder.matches_disk(job.path, data), golden=job.golden,
            )  # fmt: skip
        return self._snapshot(job, doc=doc, diagnostics=tuple(found), config=job.config)

    # ------------------------------------------------------------------- models

    def warm_in_background(self, folders: list[Folder]) -> asyncio.Future[Any]:
        """Load the heavy rules' models once, in the heavy lane, off the request path."""
        self.warming = self._heavy.run(_warm_all, folders)
        return self.warming

    async def run_fast(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run ``function`` in the fast lane (fix-all: it runs fixable rules only)."""
        return await self._fast.run(function, *args)

    def busy(self) -> bool:
        """Whether a lane is still working (a model load cannot be interrupted)."""
        return self._fast.running > 0 or self._heavy.running > 0

    def shutdown(self) -> None:
        for state in self.docs.values():
            if state.task is not None:
                state.task.cancel()
        self._fast.shutdown()
        self._heavy.shutdown()


class _Lane:
    """One worker thread, and whether it is working right now."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._lock = threading.Lock()
        self.running = 0

    def run(self, function: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        return asyncio.get_running_loop().run_in_executor(self._executor, self._call, function, args)

    def _call(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        with self._lock:
            self.running += 1
        try:
            return function(*args)
        finally:
            with self._lock:
                self.running -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _warm_all(folders: list[Folder]) -> list[str]:
    problems = []
    for folder in folders:
        try:
            warm(folder.config_for(None))
        except Exception as exc:  # a missing model is reported by the rule itself later
            problems.append(f"{folder.root}: {type(exc).__name__}: {exc}")
            LOG.warning("loading models for %s failed: %s", folder.root, exc)
    return problems
