"""Reading files to lint: regular files only, bounded, never blocking.

A linter in a pre-commit hook must not hang a commit or eat the machine's memory on a
strange file. So a file is opened without blocking (a FIFO would otherwise wait for a
writer forever), checked to be a regular file *after* opening (no window for a swap
between check and read), and read only up to the size limit (a symlink to
``/dev/zero`` is a character device and is never read at all). What cannot be read
comes back as a reason, which the caller turns into an FMT001 finding for that file —
one bad file never stops the run.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


@dataclass(frozen=True)
class NotReadable:
    """Why a file was not read (the text of its FMT001 finding)."""

    reason: str


def kind_of(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def is_regular(path: Path) -> bool:
    """A regular file (symlinks followed); devices, FIFOs, sockets and broken links are not."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> bytes | NotReadable:
    """The file's bytes, or why they were not read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return NotReadable(f"cannot read the file ({exc.strerror or exc})")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return NotReadable(f"not a regular file: {kind_of(info.st_mode)}; it is not read")
        if info.st_size > max_bytes:
            return NotReadable(f"file is too large to lint ({info.st_size:,} bytes; limit {max_bytes:,})")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:  # the file grew while being read
                return NotReadable(f"file is too large to lint (more than {max_bytes:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        return NotReadable(f"cannot read the file ({exc.strerror or exc})")
    finally:
        os.close(fd)
