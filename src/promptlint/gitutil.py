"""The git edge: repository root, staged paths, and file content at a revision.

Blobs are read with one ``git cat-file --batch`` process for any number of files, so
``--base``/``--staged`` cost one subprocess, not one per file. The environment is left
as git gave it: during ``git commit`` git points ``GIT_INDEX_FILE`` at the index being
committed, and that is exactly the content ``--staged`` must read.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path


def _git(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except (OSError, ValueError):
        return None


@cache
def toplevel(directory: Path) -> Path | None:
    """The work tree root containing ``directory``, or None outside git."""
    result = _git(["rev-parse", "--show-toplevel"], directory)
    if result is None or result.returncode != 0:
        return None
    return Path(result.stdout.decode("utf-8", "surrogateescape").strip()).resolve()


def repo_of(path: Path) -> Path | None:
    directory = path if path.is_dir() else path.parent
    return toplevel(directory.resolve()) if directory.exists() else None


def is_shallow(root: Path) -> bool:
    """A clone with part of its history (CI checkouts fetch one commit by default)."""
    result = _git(["rev-parse", "--is-shallow-repository"], root)
    return result is not None and result.stdout.strip() == b"true"


@cache
def rev_exists(root: Path, rev: str) -> bool:
    result = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    return result is not None and result.returncode == 0


def staged_files(root: Path) -> list[Path]:
    """Regular files added, copied, modified or renamed in the index (what will be committed).

    Staged symlinks (mode 120000: the blob is a path, not a prompt) and submodules
    (160000) are left out; a link's target is linted where it lives.
    """
    result = _git(["diff", "--cached", "--raw", "-z", "--no-abbrev", "--diff-filter=ACMR"], root)
    if result is None or result.returncode != 0:
        return []
    fields = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    files: list[Path] = []
    i = 0
    while i < len(fields):
        header = fields[i]
        if not header.startswith(":"):
            i += 1
            continue
        parts = header[1:].split()
        renamed = parts[-1][:1] in ("R", "C")
        name = fields[i + 2] if renamed else fields[i + 1]
        i += 3 if renamed else 2
        if parts[1] not in ("120000", "160000"):
            files.append(root / name)
    return files


def in_index(root: Path, name: str) -> bool:
    result = _git(["ls-files", "--error-unmatch", "--", name], root)
    return result is not None and result.returncode == 0


def listed_files(directory: Path) -> list[Path] | None:
    """Tracked and untracked-but-not-ignored files under ``directory`` (None outside git)."""
    root = toplevel(directory.resolve())
    if root is None:
        return None
    result = _git(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."], directory)
    if result is None or result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [directory / name for name in dict.fromkeys(names) if name]


def base_revision(path: Path, rev: str = "HEAD") -> tuple[str, bytes | None] | None:
    """``path``'s content at ``rev`` for one file, read afresh (a long-lived process).

    None outside git or when ``rev`` does not exist (a repository without commits);
    ``(rev, None)`` when the file is new at ``rev``. Uncached, unlike :func:`rev_exists`:
    the language server lives through commits.
    """
    root = repo_of(path)
    if root is None:
        return None
    result = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    if result is None or result.returncode != 0:
        return None
    spec = f"{rev}:{relative_to_root(root, path)}"
    return rev, read_blobs(root, [spec]).get(spec)


def renamed_from(root: Path, rev: str, names: Iterable[str], *, staged: bool) -> dict[str, str]:
    """``{new name: old name}`` for files renamed since ``rev`` (git's rename detection).

    VER002 and TOK002 compare a prompt with its base revision: after ``git mv a b`` and
    an edit, the base of ``b`` is ``a`` at ``rev``, not "a new file".
    """
    wanted = set(names)
    if not wanted:
        return {}
    args = ["diff", "--find-renames", "--name-status", "-z", *(["--cached"] if staged else []), rev, "--"]
    result = _git(args, root)
    if result is None or result.returncode != 0:
        return {}
    fields = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    out: dict[str, str] = {}
    i = 0
    while i < len(fields):
        status = fields[i]
        if status.startswith(("R", "C")) and i + 2 < len(fields):
            old, new = fields[i + 1], fields[i + 2]
            if status.startswith("R") and new in wanted:
                out[new] = old
            i += 3
        else:
            i += 2
    return out


def unresolved(path: Path) -> Path:
    """``path`` absolute with its folder resolved but not its last part (a symlink stays a link)."""
    absolute = path if path.is_absolute() else Path.cwd() / path
    return absolute.parent.resolve() / absolute.name if absolute.name else absolute.resolve()


def relative_to_root(root: Path, path: Path) -> str:
    """The index path of ``path``: a staged symlink is the link, not wherever it points."""
    return unresolved(path).relative_to(root).as_posix()


def read_blobs(root: Path, specs: Iterable[str]) -> dict[str, bytes | None]:
    """Content of ``REV:path`` (or ``:path`` for the index) specs; None where missing."""
    specs = [s for s in dict.fromkeys(specs) if "\n" not in s]
    if not specs:
        return {}
    result = _git(
        ["cat-file", "--batch"], root, stdin="".join(f"{s}\n" for s in specs).encode("utf-8", "surrogateescape")
    )
    out: dict[str, bytes | None] = dict.fromkeys(specs)
    if result is None or result.returncode != 0:
        return out
    data = result.stdout
    pos = 0
    for spec in specs:
        newline = data.find(b"\n", pos)
        if newline < 0:
            break
        header = data[pos:newline].split()
        pos = newline + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            out[spec] = data[pos : pos + size]
            pos += size + 1
        elif len(header) == 3:  # a tree or commit object: skip its body
            pos += int(header[2]) + 1
    return out


def last_commit(root: Path, path: Path) -> str | None:
    """The newest commit (full id) in HEAD's history that changed ``path``."""
    result = _git(["log", "-1", "--format=%H", "--", relative_to_root(root, path)], root)
    if result is None or result.returncode != 0:
        return None
    return result.stdout.decode().strip() or None


def commits_since(root: Path, since: str, path: Path, limit: int = 200) -> list[str]:
    """Commits after ``since`` up to HEAD that changed ``path``, oldest first (at most ``limit``)."""
    result = _git(["rev-list", f"--max-count={limit}", f"{since}..HEAD", "--", relative_to_root(root, path)], root)
    if result is None or result.returncode != 0:
        return []
    return list(reversed(result.stdout.decode().split()))


def has_uncommitted_changes(root: Path, path: Path) -> bool:
    """Whether ``path`` differs from HEAD in the index or the work tree (or is untracked)."""
    rel = relative_to_root(root, path)
    result = _git(["status", "--porcelain", "-z", "--", rel], root)
    return result is not None and result.returncode == 0 and bool(result.stdout.strip(b"\0"))


def changed_files(root: Path, *, staged: bool) -> list[Path]:
    """Files changed against HEAD: in the index (``staged``), or in the work tree
    (tracked changes and untracked files that are not ignored). In a repository without
    commits, every file listed counts as changed."""
    if not rev_exists(root, "HEAD"):
        args = (
            ["ls-files", "-z", "--cached"]
            if staged
            else ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        )
        result = _git(args, root)
        names = (
            result.stdout.decode("utf-8", "surrogateescape").split("\0") if result and result.returncode == 0 else []
        )
        return [root / n for n in dict.fromkeys(names) if n]
    if staged:
        return staged_files(root)
    names: list[str] = []
    for args in (
        ["diff", "HEAD", "--name-only", "-z", "--diff-filter=ACMR"],
        ["ls-files", "-z", "--others", "--exclude-standard"],
    ):
        result = _git(args, root)
        if result is not None and result.returncode == 0:
            names += result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [root / n for n in dict.fromkeys(names) if n]


@dataclass(frozen=True)
class Commit:
    id: str
    date: str  # the committer date, ISO 8601 (YYYY-MM-DD)


def last_commits(root: Path, paths: Iterable[Path]) -> dict[Path, Commit]:
    """The newest commit in HEAD's history that changed each of ``paths``, in one
    ``git log`` for all of them, read until every path has its commit (files never
    committed are absent from the result)."""
    wanted = {relative_to_root(root, p): p for p in paths}
    if not wanted or not rev_exists(root, "HEAD"):
        return {}
    args = ["git", "-c", "core.quotepath=off", "log", "--format=%x1e%H %cs", "--name-only", "HEAD", "--"]
    try:
        process = subprocess.Popen([*args, *wanted], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except (OSError, ValueError):
        return {}
    found: dict[Path, Commit] = {}
    current: Commit | None = None
    assert process.stdout is not None
    try:
        for raw in process.stdout:
            line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
            if line.startswith("\x1e"):
                commit, _, date = line[1:].partition(" ")
                current = Commit(commit, date)
            elif line and current is not None:
                path = wanted.get(line)
                if path is not None and path not in found:
                    found[path] = current
                    if len(found) == len(wanted):
                        break
    finally:
        process.stdout.close()
        if process.poll() is None:
            process.kill()
        process.wait()
    return found
