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

import contextlib
import os
import stat
import tempfile
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


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that a reader (or an interrupted run) sees the old
    file or the new one, never a mix: a temporary file beside it, then a rename.

    Every file promptlint writes goes through here: fixed prompts, baselines, reports,
    cache entries. A symlink is written through (its target gets the data, the link
    stays a link); a file with other hard links is rewritten in place instead, since a
    rename would give it a new inode and leave the other names with the old text.
    ``mode`` defaults to the existing file's permissions (new files: 0644 minus umask).
    """
    target = path.resolve() if path.is_symlink() else path
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and info.st_nlink > 1:
        with target.open("r+b") as handle:
            handle.write(data)
            handle.truncate()
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None or info is not None:
            Path(tmp).chmod(mode if mode is not None else stat.S_IMODE(info.st_mode))  # type: ignore[union-attr]
        else:
            umask = os.umask(0)
            os.umask(umask)
            Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
