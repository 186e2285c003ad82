"""``promptlint lsp``: a language server on stdio (live diagnostics, quick fixes, hover)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import TextIO

HELP = "run the language server on stdio (for editors)"


def configure(parser: argparse.ArgumentParser) -> None:
    # Editors' generic LSP clients often pass --stdio; stdio is the only transport.
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default and only mode)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logs on stderr")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from promptlint.lsp.server import build_server

    server = build_server()
    server.start_io(sys.stdin.buffer, sys.stdout.buffer)
    code = 0 if server.shutdown_requested else 1
    if server.scheduler is not None and server.scheduler.busy():
        # A model load in a worker thread cannot be interrupted, and the interpreter
        # would wait for it at exit: the editor asked us to go, so go now.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # pygls closed stdout at `exit`
                stream.flush()
        os._exit(code)
    return code
