"""The ``promptlint`` command: a table of subcommands (:mod:`promptlint.commands`).

``main(argv) -> int`` never raises: usage, configuration and plugin errors print one
line and return 2; an unexpected error does the same and shows the traceback only with
``--verbose``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from types import ModuleType
from typing import TextIO

from promptlint import __version__
from promptlint.commands import COMMANDS
from promptlint.errors import PromptlintError


def _command(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="promptlint",
        description="Lint LLM prompt files: privacy, secrets, contradictions, versions, token budgets, templates.",
    )
    parser.add_argument("--version", action="version", version=f"promptlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _command(name)
        module.configure(sub.add_parser(name, help=module.HELP, description=module.__doc__.split("\n")[0]))
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    verbose = bool(getattr(args, "verbose", False))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="promptlint: %(message)s")
    if args.command is None:
        parser.print_help(stdout)
        return 2
    previous = _terminate_as_interrupt()
    try:
        return int(_command(args.command).run(args, stdout, stderr))
    except PromptlintError as exc:
        stderr.write(f"promptlint: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("promptlint: interrupted\n")
        return 2
    except Exception as exc:
        if verbose:
            traceback.print_exc(file=stderr)
        stderr.write(
            f"promptlint: internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)\n"
        )
        return 2
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate_as_interrupt() -> object | None:
    """SIGTERM (a CI job cancelled, a hook timed out) unwinds like Ctrl-C: every write in
    flight is finished or removed, and the run ends with "interrupted", exit 2."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
