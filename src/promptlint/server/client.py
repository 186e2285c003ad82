"""What ``check`` does with the server: ask it, and fall back to itself on any doubt.

:func:`analyse` returns None — and the caller analyses in-process — when the server is
missing (no socket), dead (refused), of another user, slow (no answer within the
timeout: it is then told to stop), or stale (another promptlint version, another
analysis environment: it exits itself after saying so). It never raises, so a server
can cost a commit at most the timeout, never the commit.

:func:`spawn` starts one in the background, detached, without waiting for it: the run
that had to load the models itself starts it for the next run.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promptlint.server import protocol, runtime

if TYPE_CHECKING:
    from promptlint.analysis import RunSetup
    from promptlint.diagnostics import Diagnostic

CONNECT_TIMEOUT_S = 1.0
# A warm server answers a pre-commit batch in well under a second: this is for a hung one.
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_IDLE_TIMEOUT_S = 15 * 60
_TRUE = {"1", "true", "yes", "on"}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in _TRUE


def enabled(config_setting: bool | None) -> bool:
    """Whether ``check`` may use (and start) the server.

    Off on Windows, with ``PROMPTLINT_NO_SERVER=1`` or ``server = false`` in the config;
    off in CI (``CI=true``: a fresh machine per job gains nothing) unless
    ``PROMPTLINT_SERVER=1`` asks for it; on otherwise.
    """
    if not runtime.supported() or _flag("PROMPTLINT_NO_SERVER"):
        return False
    if _flag("PROMPTLINT_SERVER"):
        return True
    if config_setting is not None:
        return config_setting
    return not _flag("CI")


def _float_env(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def timeout() -> float:
    return _float_env("PROMPTLINT_SERVER_TIMEOUT", DEFAULT_TIMEOUT_S)


def idle_timeout() -> float:
    return _float_env("PROMPTLINT_SERVER_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT_S)


def connect(wait: float = CONNECT_TIMEOUT_S) -> socket.socket | None:
    """A connection to this installation's server, or None (none, dead, not ours)."""
    path = runtime.socket_path(create=False)
    if path is None:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(wait)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    if not runtime.peer_allowed(conn):  # a socket of another user's process: never send it prompts
        conn.close()
        return None
    return conn


class NoAnswer(Exception):
    """Connected, but no whole answer came (the server died, hung or hung up)."""


def request(message: dict[str, Any], wait: float) -> dict[str, Any] | None:
    """The server's answer; None when there is no server to ask; NoAnswer when it failed us."""
    conn = connect()
    if conn is None:
        return None
    try:
        conn.settimeout(wait)
        protocol.send(conn, message)
        return protocol.receive(conn)
    except (OSError, protocol.ProtocolError):
        raise NoAnswer from None
    finally:
        conn.close()


def _ask(message: dict[str, Any], wait: float) -> dict[str, Any] | None:
    try:
        return request(message, wait)
    except NoAnswer:
        return None


def hello() -> dict[str, Any]:
    from promptlint import __version__

    return {"version": __version__, "prefix": os.path.realpath(sys.prefix)}


def analyse(
    jobs: Sequence[protocol.Job], lengths: Sequence[int], setup: RunSetup, use_cache: bool
) -> tuple[list[list[Diagnostic]], list[str]] | None:
    """The server's diagnostics for ``jobs`` (and its notices), or None: analyse here.

    ``lengths`` are the parsed sources' lengths: an answer is checked like a cache entry
    (every span inside its file), so a confused server costs a re-analysis, not a finding."""
    from promptlint.cache import decode_diagnostics

    wait = timeout() + 0.05 * len(jobs)
    message = {
        **hello(),
        "op": "lint",
        "setup": setup.to_json(),
        "cache": use_cache,
        "jobs": [protocol.job_to_json(job) for job in jobs],
    }
    try:
        answer = request(message, wait)
    except NoAnswer:
        stop()  # alive but no answer in time (hung), or dead: it goes, the next run starts a fresh one
        return None
    if answer is None:
        return None
    results = answer.get("results")
    if not answer.get("ok") or not isinstance(results, list) or len(results) != len(jobs):
        return None
    try:
        found = [decode_diagnostics(items, length) for items, length in zip(results, lengths, strict=True)]
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    notices = answer.get("notices")
    return found, [str(n) for n in notices] if isinstance(notices, list) else []


def status() -> dict[str, Any] | None:
    answer = _ask({**hello(), "op": "status"}, CONNECT_TIMEOUT_S * 2)
    return answer if answer is not None and answer.get("ok") else None


def stop() -> bool:
    """Ask the server to exit; True when one answered."""
    return _ask({**hello(), "op": "stop"}, CONNECT_TIMEOUT_S * 2) is not None


def spawn(cwd: Path | None = None, *, after_exit: bool = True) -> None:
    """Start ``promptlint server run`` detached (a new session, no terminal, stdio closed).

    With ``after_exit`` it loads the models only once this process has exited
    (``--after``), so the run that starts it finishes as fast as it would without a
    server; ``promptlint server start``, which waits for it, does not ask that.

    ``sh`` forks it and exits at once, so the server is nobody's child (no zombie in a
    long-lived caller) and this returns in milliseconds. Two runs spawning at once are
    fine: the second server finds the lock taken and exits.
    """
    command = [sys.executable, "-m", "promptlint", "server", "run", "--idle-timeout", str(idle_timeout())]
    if after_exit:
        command += ["--after", str(os.getpid())]
    script = '"$@" </dev/null >/dev/null 2>&1 &'
    # On failure, no server: every run analyses in-process, as without one.
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            ["/bin/sh", "-c", script, "sh", *command], cwd=cwd, start_new_session=True, check=False, timeout=10,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
