"""The warm analysis process (``promptlint server run``).

Start-up: take the installation's lock (a second server started by a concurrent run
exits at once), load the models of the config where it was started (the same
:func:`promptlint.linting.warm` the language server calls), then bind the socket —
so a run that comes while the models load analyses in-process instead of waiting.

Each connection is served on its own thread (a ``status`` or ``stop`` is answered even
while a lint runs); linting itself takes one lock, since the models are not shared
between threads, and runs in the request's folder with the request's config, store and
date — the same :func:`promptlint.runner.lint_cached` as ``check``. A request of another
promptlint version or environment, or whose config signature differs from the one the
server resolves, is answered ``stale`` and the server exits: the next run starts a
current one. After ``idle_timeout`` seconds without a request it exits too.

Nothing is logged: prompt text arrives, diagnostics (masked, as in the cache) leave.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from promptlint.server import protocol, runtime

_RECEIVE_TIMEOUT_S = 30.0
_LOCK_WAIT_S = 5.0


class Daemon:
    def __init__(self, socket_file: Path, idle_timeout: float) -> None:
        self.socket_file = socket_file
        self.idle_timeout = idle_timeout
        self.started = time.time()
        self.last_active = time.monotonic()
        self.requests = 0
        self.busy = 0
        self._lint_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._stopping = threading.Event()
        self._listener: socket.socket | None = None
        self._inode: int | None = None

    # ------------------------------------------------------------------ lifetime

    def bind(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.socket_file.unlink()  # a dead server's (we hold the lock: no live one)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            listener.bind(str(self.socket_file))
        finally:
            os.umask(old)
        self.socket_file.chmod(0o600)
        self._inode = self.socket_file.stat().st_ino
        listener.listen(16)
        listener.settimeout(0.5)
        self._listener = listener

    def serve_forever(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                with self._state_lock:
                    idle = self.busy == 0 and time.monotonic() - self.last_active > self.idle_timeout
                if idle or not self._reachable():
                    break
                continue
            except OSError:
                break
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _reachable(self) -> bool:
        """Whether our socket is still where clients look (removed or replaced: nobody can
        reach us, so there is no reason to stay)."""
        try:
            return self.socket_file.stat().st_ino == self._inode
        except OSError:
            return False

    def close(self) -> None:
        """Remove our socket (only ours: a newer server may have replaced the file)."""
        with contextlib.suppress(OSError):
            if self._inode is not None and self.socket_file.stat().st_ino == self._inode:
                self.socket_file.unlink()
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.close()

    def exit_now(self) -> None:
        self.close()
        os._exit(0)  # a lint in another thread cannot be interrupted, and need not finish

    # ------------------------------------------------------------------ requests

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            if not runtime.peer_allowed(conn):
                return  # another user: not a word
            conn.settimeout(_RECEIVE_TIMEOUT_S)
            with self._state_lock:
                self.busy += 1
            stale = False
            try:
                message = protocol.receive(conn)
                answer, stale = self._answer(message)
                protocol.send(conn, answer)
            except (OSError, protocol.ProtocolError):
                pass
            finally:
                with self._state_lock:
                    self.busy -= 1
                    self.last_active = time.monotonic()
            if stale or self._stopping.is_set():
                self.exit_now()

    def _answer(self, message: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        from promptlint.server.client import hello

        op = message.get("op")
        if op == "stop":
            self._stopping.set()
            return {"ok": True}, False
        ours = hello()
        if op == "status":
            return {
                "ok": True, **ours, "pid": os.getpid(), "socket": str(self.socket_file), "started": self.started,
                "requests": self.requests, "idle_timeout": self.idle_timeout,
            }, False  # fmt: skip
        if op != "lint":
            return {"ok": False, "error": f"unknown op {op!r}"}, False
        for key in ("version", "prefix"):
            if message.get(key) != ours[key]:
                return {"ok": False, "stale": key}, True
        with self._lint_lock:
            self.requests += 1
            return self._lint(message)

    def _lint(self, message: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        from promptlint.analysis import RunSetup, run_job
        from promptlint.cache import encode_diagnostics
        from promptlint.errors import PromptlintError

        try:
            setup = RunSetup.from_json(message["setup"])
            jobs = [protocol.job_from_json(j) for j in message["jobs"]]
        except (KeyError, TypeError, ValueError) as exc:
            return {"ok": False, "error": f"bad request: {exc}"}, False
        try:
            os.chdir(setup.cwd)  # relative paths and display names as the client sees them
            resolver = setup.resolver()
            services = setup.services()
            results = []
            for job in jobs:
                if resolver.for_path(job.path).signature != job.signature:
                    return {"ok": False, "stale": "config"}, True
                results.append(encode_diagnostics(run_job(job, resolver, services, bool(message.get("cache")))))
        except PromptlintError as exc:  # the client meets the same error in-process and reports it
            return {"ok": False, "error": str(exc)}, False
        except OSError as exc:
            return {"ok": False, "error": str(exc)}, False
        return {"ok": True, "results": results, "notices": list(services.notices)}, False


def _lock(socket_file: Path) -> int | None:
    """Hold the installation's lock for the server's life; None when another server has it."""
    fd = os.open(runtime.lock_path(socket_file), os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + _LOCK_WAIT_S  # a stale server may still be on its way out
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())  # who holds it (for `status` when the socket is gone)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                return None
            time.sleep(0.1)


def _warm() -> None:
    """The models of the config here, loaded once (the language server's loader)."""
    from promptlint.config import ConfigResolver
    from promptlint.linting import warm

    with contextlib.suppress(Exception):  # a broken config here is the requests' business
        warm(ConfigResolver().default())


def _wait_for_exit(pid: int, limit: float = 30.0) -> None:
    """Until process ``pid`` (the run that started us) is gone: its last moments are the
    user's, not our model load's."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        except PermissionError:
            return  # not ours (a recycled pid): nothing to wait for
        time.sleep(0.05)


def serve(idle_timeout: float, *, after: int | None = None) -> int:
    """Run the server until stopped, replaced or idle; 0 when it ran (or another runs)."""
    if not runtime.supported():
        sys.stderr.write("promptlint: the server needs Unix domain sockets (not on Windows)\n")
        return 2
    socket_file = runtime.socket_path()
    if socket_file is None:
        sys.stderr.write(f"promptlint: no private runtime folder at {runtime.runtime_dir()} (owned by us, mode 0700)\n")
        return 2
    lock = _lock(socket_file)
    if lock is None:
        return 0  # another server of this installation holds it
    daemon = Daemon(socket_file, idle_timeout)
    try:
        if after is not None:
            _wait_for_exit(after)
        _warm()
        daemon.bind()
        daemon.serve_forever()
    except KeyboardInterrupt:  # SIGTERM, Ctrl-C
        pass
    finally:
        daemon.close()
        os.close(lock)
    return 0
