"""Running a check over files: config per file, content (disk or index), git base,
cache, lint or fix, and writing fixed files back. This is the edge around the pure
engine that the CLI (and later the LSP) drive.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from promptlint import environment, gitutil
from promptlint.cache import ResultCache
from promptlint.config import ConfigResolver, ResolvedConfig
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.discovery import Discovery, discover, select_staged
from promptlint.document.model import Document, Span
from promptlint.document.parsers import parse_bytes
from promptlint.engine import LintOptions, fix_document, lint_document
from promptlint.errors import PromptlintError
from promptlint.rules.base import BaseRevision


@dataclass(frozen=True)
class CheckOptions:
    staged: bool = False
    base: str = "HEAD"
    fix: bool = False
    unsafe_fixes: bool = False
    cache: bool = True
    # Named files go through the same include/exclude selection as a walk (the hooks).
    only_matching: bool = False


@dataclass
class FileReport:
    path: Path
    display: str
    doc: Document
    diagnostics: list[Diagnostic]
    config: ResolvedConfig
    fixes_applied: int = 0
    notes: list[str] = field(default_factory=list)
    # Spans of every sensitive finding, kept when a baseline hides the finding itself:
    # reporters mask these values wherever they show source text.
    sensitive: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sensitive:
            self.sensitive = [d.span for d in self.diagnostics if d.sensitive]

    def failing(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity >= self.config.fail_on]


def display_path(path: Path) -> str:
    """Relative to the current folder when below it (DESIGN.md), else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def collect(paths: Sequence[Path], resolver: ConfigResolver, options: CheckOptions) -> Discovery:
    if options.fix and options.staged:
        raise PromptlintError("--fix cannot be combined with --staged (fixes are written to the working tree)")
    if options.staged and not paths:
        root = gitutil.toplevel(Path.cwd().resolve())
        if root is None:
            raise PromptlintError("--staged needs a git repository")
        return Discovery(files=select_staged(gitutil.staged_files(root), resolver))
    return discover(paths or [Path()], resolver, only_matching=options.only_matching)


def check(
    paths: Sequence[Path], resolver: ConfigResolver, options: CheckOptions, *, found: Discovery | None = None
) -> list[FileReport]:
    """Lint the files ``paths`` select (or the ``found`` selection the caller already made)."""
    files = (found or collect(paths, resolver, options)).files
    _configure_privacy_cache(resolver, options)
    contents = _read_contents(files, options.staged)
    bases = _read_bases(files, resolver, options)
    reports = []
    for path in files:
        data = contents.get(path)
        if data is None:
            continue  # --staged: not in the index
        reports.append(_check_one(path, data, bases.get(path), resolver.for_path(path), options))
    return reports


def _configure_privacy_cache(resolver: ConfigResolver, options: CheckOptions) -> None:
    """Analysed few-shot blocks are cached next to the results (offsets and types only)."""
    from promptlint.privacy.engine import set_cache_dir

    directory = None
    if options.cache:
        cache = ResultCache(resolver.default().root)
        # Whoever writes first (results, PII blocks, judge verdicts), the folder is ignored by git.
        directory = cache.directory if cache.prepare() else None
    set_cache_dir(directory)


def _read_contents(files: Iterable[Path], staged: bool) -> dict[Path, bytes | None]:
    if not staged:
        out: dict[Path, bytes | None] = {}
        for path in files:
            try:
                out[path] = path.read_bytes()
            except OSError as exc:
                raise PromptlintError(f"cannot read {path}: {exc.strerror or exc}") from None
        return out
    by_repo: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        root = gitutil.repo_of(path)
        if root is None:
            raise PromptlintError(f"--staged: {path} is not in a git repository")
        by_repo[root].append(path)
    result: dict[Path, bytes | None] = {}
    for root, group in by_repo.items():
        specs = {path: f":{gitutil.relative_to_root(root, path)}" for path in group}
        blobs = gitutil.read_blobs(root, specs.values())
        for path, spec in specs.items():
            result[path] = blobs.get(spec)
    return result


def _read_bases(files: Sequence[Path], resolver: ConfigResolver, options: CheckOptions) -> dict[Path, BaseRevision]:
    wanted = [p for p in files if resolver.for_path(p).needs_git_base()]
    by_repo: dict[Path, list[Path]] = defaultdict(list)
    for path in wanted:
        root = gitutil.repo_of(path)
        if root is not None:
            by_repo[root].append(path)
    bases: dict[Path, BaseRevision] = {}
    for root, group in by_repo.items():
        if not gitutil.rev_exists(root, options.base):
            if options.base != "HEAD":
                raise PromptlintError(f"--base {options.base}: no such revision in {root}")
            continue  # a repository without commits: nothing to compare with
        specs = {path: f"{options.base}:{gitutil.relative_to_root(root, path)}" for path in group}
        blobs = gitutil.read_blobs(root, specs.values())
        for path, spec in specs.items():
            blob = blobs.get(spec)
            source = None if blob is None else blob.decode("utf-8", "replace")
            bases[path] = BaseRevision(options.base, source)
    return bases


def _check_one(
    path: Path, data: bytes, base: BaseRevision | None, config: ResolvedConfig, options: CheckOptions
) -> FileReport:
    display = display_path(path)
    rules = config.rules_for(path)
    doc = parse_bytes(data, display)
    lint_options = LintOptions(
        model=config.model, base=base, rel_path=config.relative(path), resolve_code=config.registry.code_for
    )

    def lint(document: Document) -> list[Diagnostic]:
        return lint_document(document, rules, lint_options)

    if options.fix and not doc.extra.get("unreadable"):
        result = fix_document(doc, lint, unsafe=options.unsafe_fixes)
        if result.applied and result.source != doc.source:
            _write_atomic(path, result.source.encode("utf-8", "surrogatepass"))
        return FileReport(path, display, result.document, result.diagnostics, config, result.applied)

    cache = ResultCache(config.root) if options.cache else None
    key = None
    if cache is not None:
        key = ResultCache.key(
            _config_signature(config),
            ",".join(a.meta.code for a in rules),
            display,
            data,
            None if base is None else (base.rev + "\x00" + (base.source if base.source is not None else "\x00absent")),
        )
        cached = cache.get(key)
        if cached is not None:
            return FileReport(path, display, doc, cached, config)
    diagnostics = lint(doc)
    if cache is not None and key is not None:
        cache.put(key, diagnostics)
    return FileReport(path, display, doc, diagnostics, config)


@cache
def _signature_of(config_path: str | None, overrides: str, model: str | None, origins: str) -> str:
    digest = hashlib.sha256()
    for part in (config_path or "", overrides, model or "", origins):
        digest.update(part.encode())
        digest.update(b"\x00")
    if config_path:
        with contextlib.suppress(OSError):
            digest.update(Path(config_path).read_bytes())
    return digest.hexdigest()


def _config_signature(config: ResolvedConfig) -> str:
    origins = []
    for rule in config.registry:
        meta = rule.meta
        spec = getattr(rule, "spec", None)
        source_file = getattr(spec, "source_file", None)
        origins.append(f"{meta.code}:{meta.origin}:{_file_hash(source_file) if source_file else ''}")
    origins.append(_plugin_versions())
    origins.append(environment.signature())
    return _signature_of(
        str(config.file.path) if config.file.path else None,
        repr((sorted(config.enabled), config.fail_on)),
        config.model,
        "|".join(origins),
    )


@cache
def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


@cache
def _plugin_versions() -> str:
    from promptlint.rules.registry import _entry_points

    return ",".join(f"{ep.name}={ep.dist.version if ep.dist else '?'}" for ep in _entry_points())


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, keeping the file's permissions."""
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".promptlint")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def exit_code(reports: Sequence[FileReport]) -> int:
    return 1 if any(report.failing() for report in reports) else 0


def worst(reports: Sequence[FileReport]) -> Severity | None:
    severities = [d.severity for r in reports for d in r.diagnostics]
    return max(severities) if severities else None
