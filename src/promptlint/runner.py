"""Running a check over files: config per file, content (disk or index), git base,
cache, lint or fix, and writing fixed files back — the edge around
:func:`promptlint.linting.lint_text` that ``promptlint check`` drives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from promptlint import gitutil
from promptlint.cache import ResultCache
from promptlint.config import ConfigResolver, ResolvedConfig
from promptlint.diagnostics import Diagnostic
from promptlint.discovery import Discovery, discover, select_staged
from promptlint.document.model import Document
from promptlint.document.parsers import unreadable
from promptlint.errors import PromptlintError
from promptlint.files import NotReadable, read_file, write_atomic
from promptlint.linting import LintResult, lint_text
from promptlint.report import FileReport, exit_code
from promptlint.rules.base import BaseRevision, GoldenLinks, Services
from promptlint.store import Store

__all__ = [
    "CheckOptions",
    "FileReport",
    "cached_result",
    "check",
    "collect",
    "display_path",
    "exit_code",
    "lint_cached",
    "result_key",
]


@dataclass(frozen=True)
class CheckOptions:
    staged: bool = False
    base: str = "HEAD"
    fix: bool = False
    unsafe_fixes: bool = False
    cache: bool = True
    # Named files go through the same include/exclude selection as a walk (the hooks).
    only_matching: bool = False
    # Where findings' paths are shown relative to (the user's current folder).
    cwd: Path | None = None
    # Worker processes for the analysis (1: this process; 0: as many as the run pays
    # for, see promptlint.analysis) and whether the warm server may analyse.
    jobs: int = 1
    server: bool = False


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Relative to the current folder when below it (DESIGN.md), else absolute.

    The folder is resolved, the file name is not: a symlink is shown under its own name.
    """
    where = gitutil.unresolved(path)
    try:
        shown = where.relative_to((cwd or Path.cwd()).resolve()).as_posix()
    except ValueError:
        shown = where.as_posix()
    return printable_name(shown)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable_name(name: str) -> str:
    """A file name every output can carry: bytes that are not UTF-8 (kept by Python as
    surrogate escapes) and control characters (a newline or ESC in a name would forge
    lines or colours in a terminal, and are invalid in JUnit XML) become ``\\xNN``."""
    if name.isprintable():
        return name
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


def collect(paths: Sequence[Path], resolver: ConfigResolver, options: CheckOptions) -> Discovery:
    if options.fix and options.staged:
        raise PromptlintError("--fix cannot be combined with --staged (fixes are written to the working tree)")
    if options.staged and not paths:
        root = gitutil.toplevel((options.cwd or Path.cwd()).resolve())
        if root is None:
            raise PromptlintError("--staged needs a git repository")
        return Discovery(files=select_staged(gitutil.staged_files(root), resolver))
    if options.staged:
        # A file staged and then deleted from the work tree is still what will be committed.
        gone = [p for p in paths if not p.exists() and not p.is_symlink() and _staged(p)]
        found = discover([p for p in paths if p not in gone], resolver, only_matching=options.only_matching)
        found.files.extend(gone)
        return found
    return discover(paths or [Path()], resolver, only_matching=options.only_matching)


def _staged(path: Path) -> bool:
    root = gitutil.repo_of(gitutil.unresolved(path).parent)
    return root is not None and gitutil.in_index(root, gitutil.relative_to_root(root, path))


def services_for(resolver: ConfigResolver, options: CheckOptions) -> Services:
    """One run's services: the store next to the governing config (or in memory)."""
    store = Store(resolver.default().root) if options.cache else Store.memory()
    return Services(store=store, today=run_date())


def run_date() -> dt.date | None:
    """``PROMPTLINT_TODAY`` when set (a bad value is a usage error, said once, up front)."""
    from promptlint.models import today_from_environment

    try:
        return today_from_environment()
    except ValueError as exc:
        raise PromptlintError(str(exc)) from None


def check(
    paths: Sequence[Path],
    resolver: ConfigResolver,
    options: CheckOptions,
    *,
    found: Discovery | None = None,
    services: Services | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[FileReport]:
    """Lint the files ``paths`` select (or the ``found`` selection the caller already made).

    Files the cache already answers are reported at once; the rest are analysed in this
    process, by worker processes or by the warm server (:mod:`promptlint.analysis`
    picks; every way gives the same findings), and reported in the files' order.
    ``progress`` is told how many files are done each time some finish.
    """
    files = (found or collect(paths, resolver, options)).files
    services = services or services_for(resolver, options)
    contents = _read_contents(files, options.staged, resolver)
    bases = _read_bases(files, resolver, options)
    links = golden_links_for(files, resolver, options)
    reports: list[FileReport | None] = []
    pending: list[tuple[int, Pending]] = []
    for path in files:
        data = contents.get(path)
        if data is None:
            continue  # --staged: not in the index
        config = resolver.for_path(path)
        if isinstance(data, NotReadable):
            reports.append(_not_read(path, data, config, options, services))
            continue
        if options.fix:
            reports.append(_check_one(path, data, bases.get(path), config, options, services, links.get(path)))
            continue
        item = _lookup(path, data, bases.get(path), config, options, services, links.get(path))
        if item.cached is not None:
            reports.append(item.report(item.cached))
        else:
            pending.append((len(reports), item))
            reports.append(None)
    if progress is not None:
        progress(len(reports) - len(pending))
    if pending:
        from promptlint.analysis import analyse

        done = len(reports) - len(pending)

        def advance(count: int) -> None:
            if progress is not None:
                progress(done + count)

        found_diagnostics = analyse([item for _, item in pending], resolver, services, options, advance)
        for (index, item), diagnostics in zip(pending, found_diagnostics, strict=True):
            reports[index] = item.report(diagnostics)
    return [report for report in reports if report is not None]


@dataclass
class Pending:
    """A file the cache did not answer: parsed, keyed, waiting for its analysis."""

    path: Path
    display: str
    data: bytes
    base: BaseRevision | None
    golden: GoldenLinks | None
    config: ResolvedConfig
    doc: Document
    key: str | None
    cached: list[Diagnostic] | None

    def report(self, diagnostics: list[Diagnostic]) -> FileReport:
        return FileReport(
            self.path, self.display, self.doc, diagnostics, self.config.fail_on, self.config.registry.rules
        )

    def lint(self, services: Services) -> LintResult:
        """In this process: every enabled rule, and the result into the cache."""
        result = lint_text(self.doc, self.path, self.config, base=self.base, services=services, golden=self.golden)
        if self.key is not None:
            ResultCache(services.store).put(self.key, result.diagnostics)
        return result

    def analyse(self, services: Services) -> list[Diagnostic]:
        return self.lint(services).diagnostics


def pending(
    data: bytes,
    path: Path,
    config: ResolvedConfig,
    *,
    display: str,
    base: BaseRevision | None,
    services: Services,
    golden: GoldenLinks | None,
    use_cache: bool,
) -> Pending:
    """The file parsed, keyed and looked up in the store: the one cache look-up of
    ``check``, the language server and :func:`lint_cached`."""
    doc = config.parse(data, display, path)
    key = cached = None
    if use_cache:
        key = result_key(config, path, display, data, base, golden, _today(config, services))
        cached = ResultCache(services.store).get(key, len(doc.source))
    return Pending(path, display, data, base, golden, config, doc, key, cached)


def _lookup(
    path: Path,
    data: bytes,
    base: BaseRevision | None,
    config: ResolvedConfig,
    options: CheckOptions,
    services: Services,
    golden: GoldenLinks | None,
) -> Pending:
    display = display_path(path, options.cwd)
    return pending(
        data, path, config, display=display, base=base, services=services, golden=golden, use_cache=options.cache
    )


def _not_read(
    path: Path, why: NotReadable, config: ResolvedConfig, options: CheckOptions, services: Services
) -> FileReport:
    """A file that was not read (a FIFO, a device, too large, no permission): FMT001 alone."""
    display = display_path(path, options.cwd)
    result = lint_text(unreadable(display, why.reason), path, config, services=services)
    return FileReport(path, display, result.document, result.diagnostics, config.fail_on, config.registry.rules)


def golden_links_for(files: Sequence[Path], resolver: ConfigResolver, options: CheckOptions) -> dict[Path, GoldenLinks]:
    """Golden-set pairings (and the prompt's history since each changed) for the EVAL
    rules, read here at the edge so the rules stay pure. Only when such a rule is on.
    The language server asks the same for a document, so both key their cache alike."""
    wanted = [p for p in files if resolver.for_path(p).needs_golden()]
    if not wanted:
        return {}
    from promptlint.golden import GoldenIndex, IndexReader, beside, golden_links, read_worktree

    reader = IndexReader() if options.staged else read_worktree
    if isinstance(reader, IndexReader):  # one `git cat-file` for every candidate beside a prompt
        reader.prefetch([*wanted, *(b for p in wanted for b in beside(p))])
    index = GoldenIndex(resolver, reader)

    def show(path: Path) -> str:
        return display_path(path, options.cwd)

    return {
        path: golden_links(path, index, history=resolver.for_path(path).needs_git_history(), show=show)
        for path in wanted
    }


def _read_contents(
    files: Iterable[Path], staged: bool, resolver: ConfigResolver
) -> dict[Path, bytes | NotReadable | None]:
    if not staged:
        return {path: read_file(path, resolver.for_path(path).file.max_file_size) for path in files}
    by_repo: dict[Path, list[Path]] = defaultdict(list)
    for path in files:
        root = gitutil.repo_of(path)
        if root is None:
            raise PromptlintError(f"--staged: {path} is not in a git repository")
        by_repo[root].append(path)
    result: dict[Path, bytes | NotReadable | None] = {}
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
    if options.base != "HEAD" and wanted and not by_repo:
        raise PromptlintError(f"--base {options.base}: the files are not in a git repository")
    bases: dict[Path, BaseRevision] = {}
    for root, group in by_repo.items():
        if not gitutil.rev_exists(root, options.base):
            if options.base != "HEAD":
                hint = (
                    " (a shallow clone: fetch the base first, e.g. `git fetch --deepen=50` or"
                    " `git fetch origin main`; in GitHub Actions, actions/checkout with fetch-depth: 0)"
                    if gitutil.is_shallow(root)
                    else ""
                )
                raise PromptlintError(f"--base {options.base}: no such revision in {root}{hint}")
            continue  # a repository without commits: nothing to compare with
        names = {path: gitutil.relative_to_root(root, path) for path in group}
        blobs = gitutil.read_blobs(root, (f"{options.base}:{name}" for name in names.values()))
        missing = [name for name in names.values() if blobs.get(f"{options.base}:{name}") is None]
        renamed = gitutil.renamed_from(root, options.base, missing, staged=options.staged)
        if renamed:
            blobs.update(gitutil.read_blobs(root, (f"{options.base}:{old}" for old in renamed.values())))
        for path, name in names.items():
            blob = blobs.get(f"{options.base}:{renamed.get(name, name)}")
            source = None if blob is None else blob.decode("utf-8", "replace")
            bases[path] = BaseRevision(options.base, source)
    return bases


def _check_one(
    path: Path,
    data: bytes,
    base: BaseRevision | None,
    config: ResolvedConfig,
    options: CheckOptions,
    services: Services,
    golden: GoldenLinks | None = None,
) -> FileReport:
    display = display_path(path, options.cwd)

    def report(result_doc, diagnostics, applied=0):  # type: ignore[no-untyped-def]
        return FileReport(
            path, display, result_doc, diagnostics, config.fail_on, config.registry.rules, fixes_applied=applied
        )

    if options.fix:
        result = lint_text(
            data, path, config, display=display, base=base, services=services, golden=golden, fix=True,
            unsafe_fixes=options.unsafe_fixes,
        )  # fmt: skip
        if result.fixes_applied and result.document.source != data.decode("utf-8", "surrogatepass"):
            write_atomic(path, result.document.source.encode("utf-8", "surrogatepass"))
        return report(result.document, result.diagnostics, result.fixes_applied)

    doc, diagnostics = lint_cached(
        data, path, config, display=display, base=base, services=services, use_cache=options.cache, golden=golden
    )
    return report(doc, diagnostics)


def result_key(
    config: ResolvedConfig,
    path: Path,
    display: str,
    data: bytes,
    base: BaseRevision | None,
    golden: GoldenLinks | None = None,
    today: str | None = None,
) -> str:
    """The result-cache key of ``data`` as the file ``path`` (shown as ``display``) under ``config``.

    ``today`` is the run's date, for configs whose rules judge deprecations by it (a
    model that retires tomorrow changes tomorrow's result); other keys never expire."""
    return ResultCache.key(
        config.signature,
        ",".join(a.meta.code for a in config.rules_for(path)),
        display,
        data,
        None if base is None else (base.rev + "\x00" + (base.source if base.source is not None else "\x00absent")),
        None if golden is None else golden.digest(),
        *([today] if today is not None else []),
    )


def _today(config: ResolvedConfig, services: Services) -> str | None:
    return services.current_date().isoformat() if config.needs_date() else None


def cached_result(
    data: bytes,
    path: Path,
    config: ResolvedConfig,
    *,
    display: str,
    base: BaseRevision | None,
    services: Services,
    golden: GoldenLinks | None = None,
) -> tuple[Document, list[Diagnostic]] | None:
    """What :func:`lint_cached` would return, if the store already holds it (else None)."""
    item = pending(data, path, config, display=display, base=base, services=services, golden=golden, use_cache=True)
    return None if item.cached is None else (item.doc, item.cached)


def lint_cached(
    data: bytes,
    path: Path,
    config: ResolvedConfig,
    *,
    display: str,
    base: BaseRevision | None,
    services: Services,
    use_cache: bool = True,
    golden: GoldenLinks | None = None,
) -> tuple[Document, list[Diagnostic]]:
    """Every enabled rule on file content, through the run's result cache.

    ``promptlint check`` and the language server both lint a file's content this way,
    so an editor buffer and the same bytes on disk share one cache entry and can never
    disagree.
    """
    item = pending(
        data, path, config, display=display, base=base, services=services, golden=golden, use_cache=use_cache
    )
    if item.cached is not None:
        return item.doc, item.cached
    result = item.lint(services)
    return result.document, result.diagnostics
