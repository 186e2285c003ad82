"""``promptlint server``: the warm analysis process ``check`` reuses (models kept loaded).

``check`` starts it on its own, in the background, after a run that had to load the
models; it exits after an idle timeout. These actions are for looking at it and for
scripts: ``run`` (the default) serves in the foreground, ``start`` starts it in the
background and waits until it answers, ``stop`` and ``status`` do what they say.
"""

from __future__ import annotations

import argparse
import time
from typing import TextIO

HELP = "warm analysis process for check (run | start | stop | status)"
ACTIONS = ("run", "start", "stop", "status")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=ACTIONS, default="run", help="what to do (default: run)")
    parser.add_argument(
        "--idle-timeout",
        type=float,
        metavar="S",
        help="exit after S seconds without a request (default: $PROMPTLINT_SERVER_IDLE_TIMEOUT or 900)",
    )
    parser.add_argument(
        "--after", type=int, metavar="PID", help=argparse.SUPPRESS
    )  # started by `check`: load the models once that run has exited, not alongside it
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from promptlint.server import client, runtime

    if not runtime.supported():
        stderr.write("promptlint: the server needs Unix domain sockets: on Windows, check analyses in-process\n")
        return 2
    if args.action == "run":
        from promptlint.server.daemon import serve

        return serve(args.idle_timeout or client.idle_timeout(), after=args.after)
    if args.action == "stop":
        stdout.write("stopped\n" if client.stop() else "not running\n")
        return 0
    if args.action == "start" and client.status() is None:
        if args.idle_timeout:
            import os

            os.environ["PROMPTLINT_SERVER_IDLE_TIMEOUT"] = str(args.idle_timeout)
        client.spawn(after_exit=False)
        deadline = time.monotonic() + 60  # the models load before the socket opens
        while client.status() is None and time.monotonic() < deadline:
            time.sleep(0.1)
    info = client.status()
    if info is None:
        stdout.write(f"not running (socket {runtime.socket_path(create=False) or runtime.runtime_dir()})\n")
        return 1
    stdout.write(
        f"running: pid {info['pid']}, promptlint {info['version']}, socket {info['socket']}, "
        f"idle timeout {info['idle_timeout']:g} s, {info['requests']} requests\n"
    )
    return 0
