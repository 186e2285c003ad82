"""Who analyses the files the cache did not answer: this process, workers, or the server.

Every way runs the same :func:`promptlint.runner.lint_cached` on the same bytes under
the same config, store and date, so the findings (and the cache entries written) are
the same; only the time differs:

* **the warm server** (:mod:`promptlint.server`), when it is allowed and running and a
  file needs a model-loading rule: the models are already loaded there;
* **worker processes** for large runs (``--jobs``; automatic from
  :data:`PARALLEL_MIN_FILES` files on): each loads the models it needs once, on first
  use, so a run whose files need no model pays for none;
* **this process** otherwise — small runs, where starting workers would cost more than
  it saves. When that run had to load the models itself, the server is started in the
  background for the next run (after the analysis: it never competes with this one).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from promptlint.config import ConfigResolver, Overrides
from promptlint.diagnostics import Diagnostic
from promptlint.linting import heavy
from promptlint.services import Services
from promptlint.store import Store

if TYPE_CHECKING:
    from promptlint.runner import CheckOptions, Pending
    from promptlint.server.protocol import Job

# Below this many files to analyse, one process: forking and loading models twice would
# cost more than the second core gives back.
PARALLEL_MIN_FILES = 40
# Each worker should get at least this many files.
_FILES_PER_WORKER = 20
_MAX_WORKERS = 8
# Modules whose presence means this process paid for a model load.
_MODEL_MODULES = ("spacy", "presidio_analyzer")


@dataclass(frozen=True)
class RunSetup:
    """What another process needs to analyse exactly as this run would (picklable, JSON-able)."""

    cwd: str
    config: str | None
    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    model: str | None
    plugins: bool
    store: str | None
    today: str

    @classmethod
    def of(cls, resolver: ConfigResolver, services: Services) -> RunSetup:
        store = services.store.root
        return cls(
            cwd=str(Path.cwd()),
            config=None if resolver.explicit is None else str(resolver.explicit.resolve()),
            select=resolver.overrides.select,
            ignore=resolver.overrides.ignore,
            model=resolver.overrides.model,
            plugins=resolver.plugins,
            store=None if store is None else str(Path(store).resolve()),
            today=services.current_date().isoformat(),
        )

    def resolver(self) -> ConfigResolver:
        overrides = Overrides(select=self.select, ignore=self.ignore, model=self.model)
        explicit = None if self.config is None else Path(self.config)
        return ConfigResolver(explicit, overrides, plugins=self.plugins, root=Path(self.cwd))

    def services(self) -> Services:
        store = Store(Path(self.store)) if self.store is not None else Store.memory()
        return Services(store=store, today=dt.date.fromisoformat(self.today))

    def to_json(self) -> dict[str, object]:
        return {
            "cwd": self.cwd, "config": self.config, "select": None if self.select is None else list(self.select),
            "ignore": list(self.ignore), "model": self.model, "plugins": self.plugins, "store": self.store,
            "today": self.today,
        }  # fmt: skip

    @classmethod
    def from_json(cls, value: dict[str, object]) -> RunSetup:
        select = value["select"]
        return cls(
            cwd=str(value["cwd"]),
            config=None if value["config"] is None else str(value["config"]),
            select=None if select is None else tuple(str(s) for s in select),  # type: ignore[attr-defined]
            ignore=tuple(str(s) for s in value["ignore"]),  # type: ignore[attr-defined]
            model=None if value["model"] is None else str(value["model"]),
            plugins=bool(value["plugins"]),
            store=None if value["store"] is None else str(value["store"]),
            today=str(value["today"]),
        )


def job_of(item: Pending) -> Job:
    from promptlint.server.protocol import Job

    return Job(item.path, item.display, item.data, item.base, item.golden, item.config.signature)


def run_job(job: Job, resolver: ConfigResolver, services: Services, use_cache: bool) -> list[Diagnostic]:
    """One file as ``check`` analyses it (in a worker or the server)."""
    from promptlint.runner import lint_cached

    config = resolver.for_path(job.path)
    _, diagnostics = lint_cached(
        job.data, job.path, config, display=job.display, base=job.base, services=services, use_cache=use_cache,
        golden=job.golden,
    )  # fmt: skip
    return diagnostics


def workers_for(jobs: int, count: int) -> int:
    """Worker processes for ``count`` files: ``jobs`` when set, else by the run's size."""
    if jobs >= 1:
        return min(jobs, count)
    if count < PARALLEL_MIN_FILES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cpus, count // _FILES_PER_WORKER, _MAX_WORKERS))


def analyse(
    items: Sequence[Pending],
    resolver: ConfigResolver,
    services: Services,
    options: CheckOptions,
    advance: Callable[[int], None],
) -> list[list[Diagnostic]]:
    """Each item's diagnostics, in the items' order."""
    offload = resolver.defaults is None  # `promptlint init` tries an unsaved config: here only
    workers = workers_for(options.jobs, len(items)) if offload else 1
    if workers > 1:
        from promptlint.parallel import analyse_parallel

        setup = RunSetup.of(resolver, services)
        return analyse_parallel([job_of(i) for i in items], setup, options, workers, advance, services)
    use_server = (
        offload
        and options.server
        and any(heavy(active) for item in items for active in item.config.rules_for(item.path))
    )
    if use_server:
        from promptlint.server import client

        jobs = [job_of(i) for i in items]
        lengths = [len(i.doc.source) for i in items]
        answered = client.analyse(jobs, lengths, RunSetup.of(resolver, services), options.cache)
        if answered is not None:
            found, notices = answered
            for notice in notices:
                services.notice(notice)
            advance(len(items))
            return found
    results = []
    for done, item in enumerate(items, 1):
        results.append(item.analyse(services))
        advance(done)
    if use_server and _models_loaded():  # this run paid for the models: the next need not
        from promptlint.server import client

        client.spawn()
    return results


def _models_loaded() -> bool:
    return any(name in sys.modules for name in _MODEL_MODULES)
