"""The lint engine: run rules over a document, apply suppressions, and fix.

Pure: text in, diagnostics out. Reading files, git, the cache and output formats are
edges around it (:mod:`promptlint.runner`, :mod:`promptlint.cli`). A rule that raises
never stops a run: its failure becomes an INT001 diagnostic.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
import signal
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from promptlint import suppress
from promptlint.diagnostics import Applicability, Diagnostic, Fix, Severity
from promptlint.document.model import Document, Span
from promptlint.document.parsers import parse_text
from promptlint.models import Models
from promptlint.rules.base import ActiveRule, BaseRevision, FileServices, GoldenLinks, RuleContext, Services, applies_to

LOG = logging.getLogger(__name__)
MAX_FIX_PASSES = 10
# One rule on one file: at most this many findings (a 2 MB file of doubled words is one
# problem to fix, not 240,000 to print) and this many seconds (a pathological input
# becomes INT001 for that rule, never a hung commit).
MAX_FINDINGS_PER_RULE = 500
RULE_TIMEOUT_S = 30.0


class RuleTimeout(BaseException):
    """A rule ran past ``RULE_TIMEOUT_S`` on one file (a BaseException: a rule's own
    ``except Exception`` must not swallow it and carry on)."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`RuleTimeout` in the rule after ``seconds`` (main thread on POSIX only:
    elsewhere — the language server's worker threads, Windows — there is no guard)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise RuleTimeout(f"stopped after {seconds:g} s on this file")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded_findings(active: ActiveRule, doc: Document, ctx: RuleContext, limit: int) -> list[Diagnostic]:
    produced = iter(active.rule.check(doc, ctx))
    taken = list(itertools.islice(produced, limit + 1))
    if len(taken) <= limit:
        return taken
    close = getattr(produced, "close", None)
    if close is not None:
        close()
    meta = active.meta
    more = Diagnostic(
        meta.code,
        meta.name,
        f"More {meta.code} findings in this file are not shown (at most {limit} per rule and file)",
        taken[limit].span,
        active.severity,
    )
    return [*taken[:limit], more]


@dataclass(frozen=True)
class LintOptions:
    model: str | None = None
    base: BaseRevision | None = None
    rel_path: str | None = None
    resolve_code: Callable[[str], str | None] | None = None
    services: Services | None = None
    max_findings_per_rule: int = MAX_FINDINGS_PER_RULE
    rule_timeout: float = RULE_TIMEOUT_S
    # CON001 topic packs of the file's config (see Registry.topic_dirs).
    vocabulary_dirs: tuple[Path, ...] = ()
    golden: GoldenLinks | None = None
    # The config's model catalogue (None: the vendored one, nothing declared).
    models: Models | None = None


_WORDS = re.compile(r"[^\s'\"()\[\]{},:;=<>]{4,}")


def scrubbed(message: str, source: str) -> str:
    """``message`` with every run of 4+ characters that also occurs in ``source``
    replaced by ``****``.

    A crashing rule's exception often quotes its input (``KeyError('ana.lopez@…')``,
    ``ValueError: invalid literal for int(): '4111…'``), and the input may be a customer's
    e-mail or an API key. INT001 messages and ``--verbose`` tracebacks are output like any
    other, so nothing of the prompt reaches them; the exception's type and its own words
    (which are not in the prompt) still say what went wrong.
    """
    return _WORDS.sub(lambda m: "****" if m.group() in source else m.group(), message)


def lint_document(doc: Document, rules: Sequence[ActiveRule], options: LintOptions = LintOptions()) -> list[Diagnostic]:
    shared = FileServices(options.base, doc.path, doc.format)
    services = options.services or Services()
    found: list[Diagnostic] = []
    unused_severity: Severity | None = None
    enabled = {active.meta.code for active in rules}
    internal = next((a for a in rules if a.meta.code == "INT001"), None)
    for active in rules:
        meta = active.meta
        if meta.code == "SUP001":
            unused_severity = active.severity
            continue
        if not applies_to(meta, doc.format):
            continue
        ctx = RuleContext(
            meta,
            active.options,
            active.severity,
            model=options.model,
            base=options.base,
            shared=shared,
            rel_path=options.rel_path,
            services=services,
            vocabulary_dirs=options.vocabulary_dirs,
            golden=options.golden,
            models=options.models,
        )
        try:
            with _deadline(options.rule_timeout):
                found.extend(_bounded_findings(active, doc, ctx, options.max_findings_per_rule))
        except (Exception, RuleTimeout) as exc:
            what = f"{type(exc).__name__}: {scrubbed(str(exc), doc.source)}"
            LOG.debug(
                "rule %s failed on %s\n%s%s", meta.code, doc.path, "".join(traceback.format_tb(exc.__traceback__)), what
            )
            if internal is not None:
                found.append(
                    Diagnostic(
                        "INT001",
                        "internal-error",
                        f"rule {meta.code} ({meta.name}) failed: {what}",
                        Span(0, 0),
                        internal.severity,
                    )
                )
    found = [_safe_fix(doc, d) for d in found]
    resolve = options.resolve_code or (lambda ref: ref.upper() if ref.upper() in enabled else None)
    found = suppress.apply(doc, found, resolve=resolve, enabled=enabled, unused_severity=unused_severity)
    found.sort(key=lambda d: d.sort_key)
    return found


def _safe_fix(doc: Document, diagnostic: Diagnostic) -> Diagnostic:
    """Drop a fix that would edit inside a template placeholder or overlaps itself."""
    fix = diagnostic.fix
    if fix is None:
        return diagnostic
    spans = sorted(edit.span for edit in fix.edits)
    overlapping = any(a.end > b.start for a, b in pairwise(spans))
    if overlapping or any(_touches_placeholder(doc, edit.span) for edit in fix.edits):
        return replace(diagnostic, fix=None)
    return diagnostic


def _touches_placeholder(doc: Document, span: Span) -> bool:
    for placeholder in doc.placeholders:
        p = placeholder.span
        if span.start == span.end:
            if p.start < span.start < p.end:
                return True
        elif span.start < p.end and p.start < span.end:
            return True
    return False


# ------------------------------------------------------------------------ fixes


def apply_fixes(source: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """Apply non-overlapping fixes (whole fixes only); return the text and how many applied."""
    chosen: list[Fix] = []
    taken: list[Span] = []
    for fix in fixes:
        spans = [edit.span for edit in fix.edits]
        if any(_conflicts(a, b) for a in spans for b in taken):
            continue
        chosen.append(fix)
        taken.extend(spans)
    edits = sorted((edit for fix in chosen for edit in fix.edits), key=lambda e: (e.span.start, e.span.end))
    out: list[str] = []
    cursor = 0
    for edit in edits:
        out.append(source[cursor : edit.span.start])
        out.append(edit.text)
        cursor = edit.span.end
    out.append(source[cursor:])
    return "".join(out), len(chosen)


def _conflicts(a: Span, b: Span) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class FixResult:
    source: str
    document: Document
    diagnostics: list[Diagnostic]
    applied: int


def fix_document(
    doc: Document,
    lint: Callable[[Document], list[Diagnostic]],
    *,
    unsafe: bool = False,
    max_passes: int = MAX_FIX_PASSES,
) -> FixResult:
    """Apply fixes, re-parse and re-lint, until nothing is fixable or the pass limit.

    A pass whose result parses with more format problems than before is thrown away:
    a fix may never turn a readable file into an unreadable one.
    """
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    diagnostics = lint(doc)
    applied_total = 0
    previous: Counter[str] | None = None
    seen = {doc.source}
    for _ in range(max_passes):
        fixable = [d for d in diagnostics if d.fix is not None and d.fix.applicability in allowed]
        fixes = [d.fix for d in fixable if d.fix is not None]
        if not fixes:
            break
        counts = Counter(d.code for d in fixable)
        if counts == previous:
            # Every fix was applied and as many fixable findings came back: the fix does
            # not converge (a rule bug). Stop rather than apply it again and again. A run
            # that makes progress ("the the the the" → "the the" → "the") goes on.
            LOG.warning("%s: fixes for %s do not converge; stopped", doc.path, ", ".join(sorted(counts)))
            break
        previous = counts
        new_source, applied = apply_fixes(doc.source, fixes)
        if applied == 0 or new_source in seen:
            break
        seen.add(new_source)
        new_doc = parse_text(new_source, doc.path, doc.format)
        if len(new_doc.problems) > len(doc.problems) or len(new_doc.template_errors) > len(doc.template_errors):
            LOG.warning("%s: a fix made the file unparseable; it was not applied", doc.path)
            break
        doc = new_doc
        applied_total += applied
        diagnostics = lint(doc)
    return FixResult(doc.source, doc, diagnostics, applied_total)
