"""The stdio transport: pygls's message loop over a pipe the event loop reads itself.

pygls reads each header line and each body through a thread-pool call; a storm of
keystrokes then spends its time handing buffers between threads (hovers during 1,000
rapid changes waited up to 2 s). A pipe (or socket) on stdin is read by the event loop
itself, one read serving many messages; anything else (a file redirected to stdin)
falls back to pygls's threaded reader.
"""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
import threading
from typing import Any

from pygls.io_ import StdinAsyncReader, StdoutWriter, run_async
from pygls.server import JsonRPCServer


def serve(server: JsonRPCServer, stdin: Any, stdout: Any, log: logging.Logger) -> None:
    """What ``JsonRPCServer.start_io`` does, with the event-loop reader."""
    stop = server._stop_event = threading.Event()
    server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    source = stdin or sys.stdin.buffer

    async def main() -> None:
        reader = await pipe_reader(source) or StdinAsyncReader(source, server.thread_pool)
        await run_async(
            stop_event=stop, reader=reader, protocol=server.protocol, logger=log,
            error_handler=server.report_server_error,
        )  # fmt: skip

    try:
        asyncio.run(main())
    except BrokenPipeError:
        log.error("the client closed the connection")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()


class PipeReader:
    """pygls's reader interface over an asyncio stream (EOF mid-message ends the loop)."""

    def __init__(self, stream: asyncio.StreamReader) -> None:
        self._stream = stream

    async def readline(self) -> bytes:
        return await self._stream.readline()

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self._stream.readexactly(n)
        except asyncio.IncompleteReadError:
            return b""


async def pipe_reader(source: Any) -> PipeReader | None:
    try:
        if not stat.S_ISFIFO(os.fstat(source.fileno()).st_mode) and not stat.S_ISSOCK(
            os.fstat(source.fileno()).st_mode
        ):
            return None
        stream = asyncio.StreamReader(limit=2**26)
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stream), source)
    except (OSError, ValueError, AttributeError):
        return None
    return PipeReader(stream)
