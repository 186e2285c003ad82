"""Where the server's socket lives and who may use it.

The socket sits in a per-user runtime folder: ``$XDG_RUNTIME_DIR/promptlint`` when the
session has one, else ``<tempdir>/promptlint-<uid>``; ``PROMPTLINT_RUNTIME_DIR`` names
another (tests give each test its own). The folder is created 0700 and must be owned by
us with no group or other access, or it is not used at all (someone else could have
created it to catch our prompts); the socket is 0600. On Linux each connection's peer
credentials (``SO_PEERCRED``) are checked too, so a socket passed around or a folder
with loosened permissions still serves only its owner; elsewhere the folder permission
is the guard.

One server per interpreter installation: the socket's name carries a hash of
``sys.prefix``, so two virtual environments (two worktrees) each keep their own warm
process instead of replacing each other's on every run; within one environment an
upgraded promptlint replaces the old server (the request carries the version).
"""

from __future__ import annotations

import hashlib
import os
import socket
import stat
import struct
import sys
import tempfile
from pathlib import Path

# sun_path is 108 bytes on Linux (104 on macOS): a longer path cannot be bound.
_MAX_SOCKET_PATH = 100


def supported() -> bool:
    """Unix domain sockets with permissions: not on Windows (in-process only there)."""
    return sys.platform != "win32" and hasattr(socket, "AF_UNIX") and hasattr(os, "getuid")


def runtime_dir() -> Path:
    explicit = os.environ.get("PROMPTLINT_RUNTIME_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_dir():
        return Path(xdg) / "promptlint"
    return Path(tempfile.gettempdir()) / f"promptlint-{os.getuid()}"


def private_dir(create: bool = True) -> Path | None:
    """The runtime folder, created 0700; None when it is missing or not safely ours."""
    folder = runtime_dir()
    if create:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return None
    try:
        info = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def instance_name() -> str:
    """This installation's server name (a hash of the interpreter's prefix)."""
    return "server-" + hashlib.sha256(os.path.realpath(sys.prefix).encode()).hexdigest()[:12]


def socket_path(create: bool = True) -> Path | None:
    folder = private_dir(create)
    if folder is None:
        return None
    path = folder / f"{instance_name()}.sock"
    return path if len(os.fsencode(path)) <= _MAX_SOCKET_PATH else None


def lock_path(socket_file: Path) -> Path:
    return socket_file.with_suffix(".lock")


def peer_uid(conn: socket.socket) -> int | None:
    """The connected peer's user id (Linux ``SO_PEERCRED``); None where unavailable."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    try:
        raw = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    except OSError:
        return None
    _pid, uid, _gid = struct.unpack("3i", raw)
    return uid


def peer_allowed(conn: socket.socket) -> bool:
    """Only our own user: a peer of another user is refused (unknown: the folder guards)."""
    uid = peer_uid(conn)
    return uid is None or uid == os.getuid()
