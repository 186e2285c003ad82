"""A progress line on the terminal for long runs: files done of total, and the rate.

Shown only when stderr is a terminal, ``CI`` is not set and ``TERM`` is not ``dumb``,
and only once the run has taken :data:`DELAY_S` seconds (a pre-commit run is over
before then and prints nothing extra). It is one line rewritten in place (``\\r``),
redrawn at most every :data:`INTERVAL_S`, and erased at the end, so what stays on the
screen is the report alone. A pipe or a CI log never sees it.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import TextIO

DELAY_S = 2.0
INTERVAL_S = 0.1


def wanted(stream: TextIO) -> bool:
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    return tty and not ci and os.environ.get("TERM") != "dumb"


class Progress:
    def __init__(self, total: int, stream: TextIO, *, delay: float | None = None) -> None:
        self.total = total
        self.stream = stream
        self.enabled = total > 0 and wanted(stream)
        self.delay = DELAY_S if delay is None else delay
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._width = 0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self.started
        if elapsed < self.delay or (now - self._drawn_at < INTERVAL_S and done < self.total):
            return
        self._drawn_at = now
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"promptlint: {done}/{self.total} files, {rate:.1f} files/s"
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
