"""Hover on a finding: the rule's documentation, as ``promptlint rule CODE`` prints it.

The message shown is masked like every other output; the documentation is the rule's
own docstring (its examples are written by the rule's author, never the user's text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from promptlint.diagnostics import Diagnostic
from promptlint.document.model import Document
from promptlint.lsp.convert import docs_url, masker_for
from promptlint.rules.base import rule_doc


def at_offset(diagnostics: Sequence[Diagnostic], offset: int) -> list[Diagnostic]:
    """Findings under ``offset``; an empty span covers the character it points at."""
    return [d for d in diagnostics if d.span.start <= offset <= max(d.span.end, d.span.start + 1)]


def hover_markdown(doc: Document, diagnostics: Sequence[Diagnostic], rules: Mapping[str, Any]) -> str | None:
    """Markdown for the findings under the cursor: each message, then each rule's docs once."""
    if not diagnostics:
        return None
    masker = masker_for(doc, diagnostics)
    parts: list[str] = []
    shown: set[str] = set()
    for d in diagnostics:
        parts.append(f"**{d.code}** `{d.name}` ({d.severity.label}): {masker.message(d.message)}")
    for d in diagnostics:
        if d.code in shown:
            continue
        shown.add(d.code)
        rule = rules.get(d.code)
        docs = rule_doc(rule).strip() if rule is not None else ""
        parts.append("---")
        if rule is not None:
            meta = rule.meta
            parts.append(f"### {meta.code} {meta.name}")
        parts.append(_demote_headings(docs) if docs else (rule.meta.summary if rule is not None else ""))
        parts.append(f"[Documentation]({docs_url(d.code)})")
    return "\n\n".join(parts)


def _demote_headings(text: str) -> str:
    """Rule docs use ``##`` sections; under the hover's ``###`` title they become ``####``."""
    out = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "##" + line
        out.append(line)
    return "\n".join(out)
