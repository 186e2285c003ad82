"""Properties over random and mutated prompt files, every parser and every rule:

* parsing never raises, and every span it reports lies inside the document;
* linting with every rule never raises and no rule crashes (no INT001);
* every finding's range and every fix edit lie inside the document, edits of one fix
  do not overlap, and ranges convert to LSP positions and back;
* linting is deterministic, and a finding read back from the cache equals the original;
* applying every safe fix converges: the fixed text re-lints with nothing left to fix
  safely (but fixes the engine refuses because the file would parse worse), and a
  single pass changes no byte outside its edits;
* the smoke-eval renderer turns any prompt and any variables into messages or a
  RenderError (one clear line), never another exception.

CI runs 60 examples per property (`PROMPTLINT_HYPOTHESIS_EXAMPLES` sets the number);
`bench/fuzz.py` runs the same properties with many more and reports the time.
"""

from __future__ import annotations

import itertools
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promptlint.cache import _from_dict, _to_dict
from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Applicability
from promptlint.document.model import Document
from promptlint.document.parsers import parse_text
from promptlint.engine import LintOptions, apply_fixes, fix_document, lint_document
from promptlint.eval.render import RenderError, render

from .strategies import mutated_real_prompts, prompt_files

EXAMPLES = int(os.environ.get("PROMPTLINT_HYPOTHESIS_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
CONFIG = resolve(FileConfig(path=None, root=os.getcwd(), select=("ALL",)), Overrides(), plugins=False)  # type: ignore[arg-type]
RULES = CONFIG.rules_for(None)
OPTIONS = LintOptions(resolve_code=CONFIG.registry.code_for)
files = st.one_of(prompt_files(), mutated_real_prompts())


def _lint(doc: Document):  # type: ignore[no-untyped-def]
    return lint_document(doc, RULES, OPTIONS)


def _inside(doc: Document, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(doc.source)


@SETTINGS
@given(files)
def test_parsing_never_raises_and_spans_are_inside(file: tuple[str, str]) -> None:
    name, text = file
    doc = parse_text(text, name)
    assert doc.source == text
    spans = [p.span for p in doc.problems] + [p.span for p in doc.placeholders] + [c.span for c in doc.comments]
    spans += [b.span for b in doc.examples] + [m.span for m in doc.messages]
    assert all(_inside(doc, s.start, s.end) for s in spans)


@SETTINGS
@given(files)
def test_linting_never_crashes_and_findings_are_inside(file: tuple[str, str]) -> None:
    name, text = file
    doc = parse_text(text, name)
    found = _lint(doc)
    assert [d.message for d in found if d.code == "INT001"] == []
    for d in found:
        assert _inside(doc, d.span.start, d.span.end), d
        assert all(_inside(doc, r.span.start, r.span.end) for r in d.related if r.path is None)
        if d.fix is not None:
            edits = sorted(e.span for e in d.fix.edits)
            assert all(_inside(doc, a, b) for a, b in edits)
            assert all(a.end <= b.start for a, b in itertools.pairwise(edits))
        # Offsets ↔ LSP positions round-trip (the language server and JSON use them).
        position = doc.lines.position(d.span.start)
        assert doc.lines.offset_from_utf16(position.line, doc.lines.utf16_column(d.span.start)) == d.span.start
        # The cache stores what it read back.
        assert _from_dict(_to_dict(d), len(doc.source)) == d
    assert _lint(parse_text(text, name)) == found  # deterministic


@SETTINGS
@given(files)
def test_safe_fixes_converge_and_keep_every_other_byte(file: tuple[str, str]) -> None:
    name, text = file
    doc = parse_text(text, name)
    found = _lint(doc)
    fixes = [d.fix for d in found if d.fix is not None and d.fix.applicability is Applicability.SAFE]
    fixed, _ = apply_fixes(text, fixes)
    # One pass: the text between the chosen edits is the original text.
    chosen = []
    taken: list[tuple[int, int]] = []
    for fix in fixes:
        spans = [(e.span.start, e.span.end) for e in fix.edits]
        if not any((a < d and c < b) or a == c for a, b in spans for c, d in taken):
            chosen.extend(fix.edits)
            taken.extend(spans)
    cursor, kept = 0, []
    for edit in sorted(chosen, key=lambda e: (e.span.start, e.span.end)):
        kept.append(text[cursor : edit.span.start])
        cursor = edit.span.end
    kept.append(text[cursor:])
    for piece in kept:
        assert piece in fixed
    # The whole loop: nothing safely fixable is left, unless applying what is left would
    # make the file parse worse — the one case in which the engine refuses a fix.
    result = fix_document(doc, _lint)
    left = [d for d in _lint(result.document) if d.fix is not None and d.fix.applicability is Applicability.SAFE]
    if left:
        after = parse_text(apply_fixes(result.document.source, [d.fix for d in left if d.fix])[0], name)
        before = result.document
        refused = len(after.problems) > len(before.problems) or len(after.template_errors) > len(before.template_errors)
        assert refused, [(d.code, d.message) for d in left]


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(files, st.dictionaries(st.text(max_size=12), _values, max_size=6))
def test_the_eval_renderer_gives_messages_or_a_render_error(file: tuple[str, str], variables: dict) -> None:  # type: ignore[type-arg]
    name, text = file
    doc = parse_text(text, name)
    try:
        messages = render(doc, variables, case="fuzz")
    except RenderError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip(), str(exc)
        return
    assert all(isinstance(m["content"], str) and m["role"] for m in messages)
