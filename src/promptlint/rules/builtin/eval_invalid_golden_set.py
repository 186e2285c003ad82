"""EVAL003 invalid-golden-set."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.golden import GoldenSpec
from promptlint.document.model import Document, Span
from promptlint.document.parsers import parse_text
from promptlint.rules.base import LinkedFile, RuleContext, RuleMeta

_PARENT_REF = re.compile(r"(?:\.\./)+([A-Za-z_]\w*)|@root\.([A-Za-z_]\w*)")


class InvalidGoldenSet:
    """A golden set that `promptlint eval` cannot run as written.

    ## What it does
    Checks golden sets (`*.golden.yaml`, and the files `[tool.promptlint.eval] golden`
    matches) without running them: the YAML parses and has the golden-set shape (a
    `tests:` list of cases with `description`, `vars`, `assert`; known keys only, with
    a did-you-mean); every assertion type is one promptlint runs and has the value it
    needs (a valid regex, a number for `max-chars`, a `threshold` for `latency`…); the
    prompt it names exists; and every var a case gives is one the prompt's template
    reads or declares. An assertion type that only promptfoo runs (`javascript`,
    `similar`…) is reported as a warning: that case is skipped, never passed.

    ## Why is this bad?
    A golden set with a typo'd assertion type or a misspelt var does not test what its
    author thinks: the var is ignored, the assertion never checked, and the commit goes
    through on a check that did not happen. Finding it offline costs nothing; finding
    it in the pre-commit eval costs a model call and a confusing failure.

    ## Example
    ```yaml
    prompt: support.prompty
    tests:
      - vars: {questoin: "Where is my refund?"}
        assert:
          - type: contans
            value: refund
    ```

    ## Use instead
    ```yaml
    prompt: support.prompty
    tests:
      - vars: {question: "Where is my refund?"}
        assert:
          - type: contains
            value: refund
    ```
    """

    meta = RuleMeta(
        code="EVAL003",
        name="invalid-golden-set",
        summary="Golden set does not parse, names a missing prompt, or uses an unknown assertion or var",
        default_severity=Severity.ERROR,
        formats=("golden",),
        needs_golden=True,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in doc.problems:
            yield ctx.diagnostic(problem.span, problem.message)
        spec = doc.extra.get("golden")
        if not isinstance(spec, GoldenSpec):
            return
        for problem in spec.problems:
            yield ctx.diagnostic(problem.span, problem.message)
        lesser = Severity.WARNING if ctx.severity > Severity.WARNING else ctx.severity
        for case in spec.tests:
            for assertion in case.asserts:
                if assertion.unsupported:
                    yield ctx.diagnostic(
                        assertion.type_span,
                        f"{assertion.unsupported[0].upper()}{assertion.unsupported[1:]} is not run by promptlint "
                        f"eval: case '{case.description}' is skipped",
                        severity=lesser,
                    )
        if ctx.golden is None:
            return  # not linted through an edge that pairs files (an editor buffer)
        start = 1 if doc.source.startswith("\ufeff") else 0
        prompt = ctx.golden.prompt
        if prompt is None:
            yield ctx.diagnostic(Span(start, start), "The golden set names no prompt: add `prompt: <file>`")
            return
        if prompt.source is None:
            span = spec.prompt_span or Span(start, start)
            written = spec.prompt or prompt.path
            yield ctx.diagnostic(span, f"The golden set names a prompt that does not exist: {written}")
            return
        yield from _check_vars(doc, ctx, spec, prompt)


def _check_vars(doc: Document, ctx: RuleContext, spec: GoldenSpec, prompt: LinkedFile) -> Iterator[Diagnostic]:
    target = parse_text(prompt.source or "", prompt.path)
    if target.problems or target.template_errors:
        return  # FMT001 / TPL003 report the prompt itself; its variables are not known
    known = {v.name for v in target.template_vars} | {i.name for i in target.declared_inputs or ()}
    for placeholder in target.placeholders:
        inner = target.source[placeholder.inner.start : placeholder.inner.end]
        known |= {a or b for a, b in _PARENT_REF.findall(inner)}
    shown = ", ".join(sorted(known)) if known else "none"
    for case in spec.tests:
        for name, span in case.var_spans.items():
            if name not in known:
                yield ctx.diagnostic(
                    span,
                    f"Case '{case.description}' gives var '{name}', which {prompt.path} does not use "
                    f"(its template reads: {shown})",
                )
