"""A live progress display while requests are in flight (rich, on a terminal only).

It writes to stderr, so stdout keeps nothing but the report; it is transient (the
bars disappear when the run ends, leaving the table); rich honours ``NO_COLOR``. Off a
terminal (CI logs, the pre-commit hook's captured output) nothing is drawn, and
without rich installed neither: progress is a nicety, never a dependency of a result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO


class Progress:
    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and bool(getattr(stream, "isatty", lambda: False)())
        self._bar: Any = None
        self._lock = threading.Lock()

    def __enter__(self) -> Progress:
        if self.enabled:
            try:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
                from rich.progress import Progress as RichProgress
            except ImportError:
                return self
            self._bar = RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(file=self.stream), transient=True,
            )  # fmt: skip
            self._bar.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def stage(self, label: str, total: int) -> Callable[[], None]:
        """A new bar; the returned function advances it by one (from any thread)."""
        if self._bar is None:
            return lambda: None
        task = self._bar.add_task(label, total=total)

        def tick() -> None:
            with self._lock:
                self._bar.advance(task)

        return tick
