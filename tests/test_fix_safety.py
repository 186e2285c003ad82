"""Fixes never touch what they do not fix: a property test over every fixable rule.

For every case of every rule that offers fixes (fixtures/rules/*.yaml and the YAML
packs' examples), and for variants of it with CRLF line endings and with non-ASCII text
(accents, CJK, an astral emoji ZWJ sequence) in front and behind, the real ``--fix`` loop
is run with unsafe fixes allowed, recording every pass. For each pass:

* the new text is exactly the old text with the pass's edits spliced in: the bytes
  outside the edit spans are the same bytes (UTF-8, compared byte for byte);
* no edit starts or ends between the ``\\r`` and ``\\n`` of a CRLF;
* what an edit removes lies on the lines of the finding it fixes (a fix does not
  reach elsewhere in the file), and what it inserts uses the file's line ending —
  except edits of nothing but line breaks (WS002, WS003), whose job that is.

A variant is used only when the rule finds as many problems in it as in the case
itself, so the variant is the same case, not a different one.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Applicability, Diagnostic, Edit
from promptlint.document.lines import dominant_newline
from promptlint.document.model import Document
from promptlint.document.parsers import parse_text
from promptlint.engine import LintOptions, apply_fixes, fix_document, lint_document
from promptlint.rules.base import BaseRevision
from promptlint.rules.packs import PackRule
from promptlint.rules.registry import build_registry

from .conftest import FIXTURES

_NON_ASCII = "Grüße aus 東京 👩\u200d💻 — “déjà vu”"
_PACK_SUFFIX = {"text": "txt", "markdown": "md", "jinja": "j2", "prompty": "prompty"}


def _fixable_codes() -> set[str]:
    registry = build_registry(plugins=False)
    return {code for code, rule in registry.rules.items() if rule.meta.fix != "never"}


def _cases() -> list[Any]:
    fixable = _fixable_codes()
    params = []
    for path in sorted((FIXTURES / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["rule"] not in fixable:
            continue
        for case in data["cases"]:
            spec = {
                "code": data["rule"],
                "source": case["source"],
                "path": case.get("path", "prompt.txt"),
                "options": case.get("options"),
                "base": case.get("base"),
                "also": tuple(data.get("also", ())),
            }
            params.append(pytest.param(spec, id=f"{data['rule']}-{case['name']}"))
    for rule in build_registry(plugins=False):
        if isinstance(rule, type) and issubclass(rule, PackRule) and rule.meta.code in fixable:
            for index, example in enumerate(rule.spec.examples):
                spec = {
                    "code": rule.meta.code,
                    "source": example.source,
                    "path": f"prompt.{_PACK_SUFFIX.get(example.format, 'txt')}",
                    "options": None,
                    "base": None,
                    "also": (),
                }
                params.append(pytest.param(spec, id=f"{rule.meta.code}-example-{index}"))
    return params


def _linter(spec: dict[str, Any]) -> Callable[[Document], list[Diagnostic]]:
    code = spec["code"]
    rules_table = {code: dict(spec["options"])} if spec["options"] else {}
    config = resolve(
        FileConfig(path=None, root=Path.cwd(), rules=rules_table, select=(code, *spec["also"])), Overrides()
    )
    rules = config.rules_for(None)
    base = BaseRevision("HEAD", spec["base"]) if spec["base"] is not None else None
    options = LintOptions(base=base, resolve_code=config.registry.code_for)
    return lambda doc: [d for d in lint_document(doc, rules, options) if d.code == code]


def _variants(source: str) -> list[tuple[str, str]]:
    out = [("as written", source)]
    if "\r" not in source:
        out.append(("CRLF", source.replace("\n", "\r\n")))
    nl = dominant_newline(source)
    out.append(("non-ASCII before", f"{_NON_ASCII}{nl}{source}"))
    tail = "" if source.endswith(("\n", "\r")) or not source else nl
    out.append(("non-ASCII after", f"{source}{tail}{_NON_ASCII}{nl}"))
    return out


def _line_bounds(source: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the line holding ``start`` to the end of the line holding ``end``."""
    lo = max(source.rfind("\n", 0, start), source.rfind("\r", 0, start)) + 1
    hi = min((i for i in (source.find("\r", end), source.find("\n", end)) if i >= 0), default=len(source))
    return lo, hi


def _check_pass(source: str, fixed: str, diagnostics: list[Diagnostic]) -> None:
    fixes = [d.fix for d in diagnostics if d.fix is not None]
    spliced, _ = apply_fixes(source, fixes)
    assert fixed.encode("utf-8") == spliced.encode("utf-8"), "bytes outside the edits changed"
    newline = dominant_newline(source)
    for diagnostic in diagnostics:
        if diagnostic.fix is None:
            continue
        for edit in diagnostic.fix.edits:
            _check_edit(source, edit, diagnostic, newline)


def _check_edit(source: str, edit: Edit, diagnostic: Diagnostic, newline: str) -> None:
    for offset in (edit.span.start, edit.span.end):
        assert not (0 < offset < len(source) and source[offset - 1] == "\r" and source[offset] == "\n"), (
            f"{diagnostic.code}: an edit splits a CRLF at {offset}"
        )
    old = source[edit.span.start : edit.span.end]
    new = edit.text
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    removed_start, removed_end = edit.span.start + prefix, edit.span.end - suffix
    inserted = new[prefix : len(new) - suffix]
    if not (old + new).strip("\r\n"):
        return  # a line-ending edit (WS002, WS003): line endings are what it fixes
    if removed_end > removed_start:
        lo, hi = _line_bounds(source, diagnostic.span.start, diagnostic.span.end)
        # A fix may take the line break that ends the finding's line (removing a line).
        hi += len(newline) if source.startswith(newline, hi) else 0
        assert lo <= removed_start and removed_end <= hi, (
            f"{diagnostic.code}: the fix removes {old[prefix : len(old) - suffix]!r}, off the finding's lines"
        )
    if ("\n" in inserted or "\r" in inserted) and newline == "\r\n":
        assert inserted.replace("\r\n", "").count("\n") == 0, f"{diagnostic.code}: inserts LF into a CRLF file"


class _Recorder:
    """The lint function for the fix loop, keeping every pass's document and findings."""

    def __init__(self, lint: Callable[[Document], list[Diagnostic]]) -> None:
        self.lint = lint
        self.seen: list[tuple[Document, list[Diagnostic]]] = []

    def __call__(self, document: Document) -> list[Diagnostic]:
        found = self.lint(document)
        self.seen.append((document, found))
        return found


@pytest.mark.parametrize("spec", _cases())
def test_fix_changes_only_its_edits(spec: dict[str, Any]) -> None:
    lint = _linter(spec)
    baseline = len(lint(parse_text(spec["source"], spec["path"])))
    for variant, source in _variants(spec["source"]):
        doc = parse_text(source, spec["path"])
        if len(lint(doc)) != baseline:
            continue  # the variant changed what the case is about
        passes = _Recorder(lint)
        result = fix_document(doc, passes, unsafe=True)
        allowed = {Applicability.SAFE, Applicability.UNSAFE}
        for (before, found), (after, _) in pairwise(passes.seen):
            fixable = [d for d in found if d.fix is not None and d.fix.applicability in allowed]
            try:
                _check_pass(before.source, after.source, fixable)
            except AssertionError as exc:
                raise AssertionError(f"{variant}: {exc}") from None
        result.source.encode("utf-8")  # raises on a lone surrogate: the result is still valid UTF-8


def test_every_fixable_rule_has_a_case() -> None:
    covered = {p.values[0]["code"] for p in _cases()}
    assert _fixable_codes() <= covered, _fixable_codes() - covered
