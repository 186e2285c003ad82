"""Large runs on every core: worker processes that each analyse a share of the files.

Each worker rebuilds the run (config resolver, services over the same store folder)
from a :class:`~promptlint.analysis.RunSetup` once, in the pool's initializer, and loads
a model the first time one of its files needs it — once per worker, and never when no
file does. Results come back per file and are put in the files' order, so the output
is the same as a single-process run's; cache entries are written by the workers
through the store's atomic writes.

Workers are forked where that is safe (Linux, and this process runs no other thread: a
fork copies locks held by other threads); otherwise they are spawned. A forked worker
inherits what this process loaded, so when any file's config has a model-loading rule
the models are loaded here first, once, and shared copy-on-write by every worker:
two cores cost one model load, not two.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING

from promptlint.diagnostics import Diagnostic
from promptlint.services import Services

if TYPE_CHECKING:
    from promptlint.analysis import RunSetup
    from promptlint.config import ConfigResolver
    from promptlint.runner import CheckOptions
    from promptlint.server.protocol import Job

_state: tuple[ConfigResolver, Services, bool] | None = None


def _start(setup: RunSetup, use_cache: bool) -> None:
    global _state
    _state = (setup.resolver(), setup.services(), use_cache)


def _run(job: Job) -> tuple[list[Diagnostic], list[str]]:
    from promptlint.analysis import run_job

    assert _state is not None, "the pool's initializer did not run"
    resolver, services, use_cache = _state
    return run_job(job, resolver, services, use_cache), list(services.notices)


def _warm_configs(jobs: Sequence[Job], setup: RunSetup) -> None:
    from promptlint.linting import heavy, warm

    resolver = setup.resolver()
    seen: set[str] = set()
    for job in jobs:
        config = resolver.for_path(job.path)
        if config.signature not in seen and any(heavy(a) for a in config.rules_for(job.path)):
            seen.add(config.signature)
            warm(config)


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def analyse_parallel(
    jobs: Sequence[Job],
    setup: RunSetup,
    options: CheckOptions,
    workers: int,
    advance: Callable[[int], None],
    services: Services,
) -> list[list[Diagnostic]]:
    results: list[list[Diagnostic] | None] = [None] * len(jobs)
    context = _context()
    if context.get_start_method() == "fork":
        _warm_configs(jobs, setup)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(setup, options.cache))
    try:
        futures = {pool.submit(_run, job): index for index, job in enumerate(jobs)}
        for done, future in enumerate(as_completed(futures), 1):
            diagnostics, notices = future.result()
            results[futures[future]] = diagnostics
            for notice in notices:
                services.notice(notice)
            advance(done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [r if r is not None else [] for r in results]
