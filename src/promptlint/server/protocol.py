"""What crosses the server's socket: length-prefixed JSON frames.

A frame is a 4-byte big-endian length and that many bytes of UTF-8 JSON. JSON, not
pickle: the socket is private to one user, but a frame should never be able to run code.

A lint request names everything the in-process path would use, so the server computes
exactly what ``check`` would have: promptlint's version and the interpreter prefix (a
server of another release or environment answers ``stale`` and exits), the folder the
run started in, the explicit config file and command-line overrides, the store folder
(None: ``--no-cache``), the run's date, and per file its path, display name, bytes
(base64: they may not be UTF-8), base revision, golden-set links and the resolved
config's signature (the server resolves the config itself and refuses when its
signature differs). The answer is each file's diagnostics in the result cache's shape
and the notices the rules left. Prompt text crosses the socket and nothing else: the
server keeps no log of it and writes only what the in-process run writes (the cache's
masked results).
"""

from __future__ import annotations

import base64
import json
import socket
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promptlint.rules.base import BaseRevision, GoldenHistory, GoldenLinks, LinkedFile

MAX_FRAME = 512 * 1024 * 1024
_HEADER = struct.Struct(">I")


class ProtocolError(Exception):
    """The peer closed, timed out or sent something that is not a frame."""


def send(conn: socket.socket, message: dict[str, Any]) -> None:
    payload = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
    conn.sendall(_HEADER.pack(len(payload)) + payload)


def _exactly(conn: socket.socket, size: int) -> bytes:
    chunks = []
    while size:
        try:
            chunk = conn.recv(min(size, 1 << 20))
        except (OSError, TimeoutError) as exc:
            raise ProtocolError(str(exc) or type(exc).__name__) from None
        if not chunk:
            raise ProtocolError("connection closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(conn: socket.socket) -> dict[str, Any]:
    (size,) = _HEADER.unpack(_exactly(conn, _HEADER.size))
    if size > MAX_FRAME:
        raise ProtocolError("frame too large")
    try:
        value = json.loads(_exactly(conn, size).decode("utf-8", "surrogatepass"))
    except ValueError as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ProtocolError("not an object")
    return value


@dataclass(frozen=True)
class Job:
    """One file to analyse: what :func:`promptlint.runner.lint_cached` takes."""

    path: Path
    display: str
    data: bytes
    base: BaseRevision | None = None
    golden: GoldenLinks | None = None
    signature: str = ""


def job_to_json(job: Job) -> dict[str, Any]:
    golden = job.golden
    return {
        "path": str(job.path),
        "display": job.display,
        "data": base64.b64encode(job.data).decode("ascii"),
        "base": None if job.base is None else [job.base.rev, job.base.source],
        "golden": None
        if golden is None
        else {
            "golden_sets": list(golden.golden_sets),
            "prompt": None if golden.prompt is None else [golden.prompt.path, golden.prompt.source],
            "history": [[h.golden, h.since, list(h.revisions), list(h.commits)] for h in golden.history],
        },
        "signature": job.signature,
    }


def job_from_json(value: dict[str, Any]) -> Job:
    base = value["base"]
    golden = value["golden"]
    return Job(
        path=Path(value["path"]),
        display=str(value["display"]),
        data=base64.b64decode(value["data"]),
        base=None if base is None else BaseRevision(str(base[0]), base[1]),
        golden=None
        if golden is None
        else GoldenLinks(
            golden_sets=tuple(golden["golden_sets"]),
            prompt=None if golden["prompt"] is None else LinkedFile(*golden["prompt"]),
            history=tuple(GoldenHistory(g, s, tuple(r), tuple(c)) for g, s, r, c in golden["history"]),
        ),
        signature=str(value["signature"]),
    )
