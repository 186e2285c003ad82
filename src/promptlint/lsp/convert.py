"""Conversion between promptlint's findings and LSP types (pure: no I/O, no server).

Ranges come from :func:`promptlint.reporters.positions.lsp_range`, the function the JSON
reporter uses, so a range in the editor is the range ``check --format json`` prints
(0-based lines, UTF-16 code units: right after emoji and other astral characters).
Messages are masked with the reporters' :class:`~promptlint.reporters.masking.Masker`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lsprotocol import types

from promptlint.diagnostics import Diagnostic, Edit, Severity
from promptlint.document.model import Document, Span
from promptlint.reporters.masking import Masker
from promptlint.reporters.positions import lsp_range
from promptlint.reporters.sarif import HELP_URI

SOURCE = "promptlint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Findings an editor should render as faded (an unused directive) or struck through.
_TAGS = {"SUP001": [types.DiagnosticTag.Unnecessary]}
_TAGS_BY_NAME = {"deprecated-model": [types.DiagnosticTag.Deprecated]}


def to_range(doc: Document, span: Span) -> types.Range:
    raw = lsp_range(doc, span)
    return types.Range(
        start=types.Position(line=raw["start"]["line"], character=raw["start"]["character"]),
        end=types.Position(line=raw["end"]["line"], character=raw["end"]["character"]),
    )


def to_offset(doc: Document, position: types.Position) -> int:
    """The character offset of an LSP position (UTF-16 column, clamped to the line)."""
    return doc.lines.offset_from_utf16(position.line, position.character)


def to_span(doc: Document, rng: types.Range) -> Span:
    start, end = to_offset(doc, rng.start), to_offset(doc, rng.end)
    return Span(min(start, end), max(start, end))


def docs_url(code: str) -> str:
    """The rule's documentation (the same link SARIF's ``helpUri`` carries)."""
    return f"{HELP_URI}-{code.lower()}"


def masker_for(doc: Document, diagnostics: Iterable[Diagnostic]) -> Masker:
    return Masker(doc, [d.span for d in diagnostics if d.sensitive])


def to_lsp(doc: Document, diagnostic: Diagnostic, uri: str, masker: Masker) -> types.Diagnostic:
    """One finding as an LSP diagnostic: code, link, source, severity, tags, related.

    Related locations in the same file (CON001's earlier instruction) become
    ``relatedInformation``; a location in another file is left out, since its range
    cannot be computed without that file's text.
    """
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=to_range(doc, r.span)), message=masker.message(r.message)
        )
        for r in diagnostic.related
        if r.path is None
    ]
    return types.Diagnostic(
        range=to_range(doc, diagnostic.span),
        message=masker.message(diagnostic.message),
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=docs_url(diagnostic.code)),
        source=SOURCE,
        tags=_TAGS.get(diagnostic.code) or _TAGS_BY_NAME.get(diagnostic.name),
        related_information=related or None,
        data={"name": diagnostic.name, "fixable": diagnostic.fix is not None},
    )


def to_lsp_all(doc: Document, diagnostics: Sequence[Diagnostic], uri: str) -> list[types.Diagnostic]:
    masker = masker_for(doc, diagnostics)
    return [to_lsp(doc, d, uri, masker) for d in diagnostics]


def text_edits(doc: Document, edits: Iterable[Edit]) -> list[types.TextEdit]:
    return [types.TextEdit(range=to_range(doc, e.span), new_text=e.text) for e in edits]


def replacement(old: str, new: str) -> Edit | None:
    """One edit turning ``old`` into ``new``: the changed middle, common ends kept.

    Fix-all sends this rather than the whole text, so the editor keeps the cursor,
    folds and marks outside the changed region.
    """
    if old == new:
        return None
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    # Never split a CRLF pair: an edit boundary between \r and \n confuses editors.
    if 0 < prefix < len(old) and old[prefix - 1] == "\r" and old[prefix] == "\n":
        prefix -= 1
    end = len(old) - suffix
    if suffix and 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        suffix -= 1
    return Edit(Span(prefix, len(old) - suffix), new[prefix : len(new) - suffix])


def same_diagnostic(a: types.Diagnostic, b: types.Diagnostic) -> bool:
    """Whether a client-sent diagnostic (code action context) is one of ours."""
    return a.code == b.code and a.range == b.range and a.message == b.message


def as_dict(value: Any) -> Any:
    """An lsprotocol value as JSON-ready data (for tests and logs)."""
    from lsprotocol import converters

    return converters.get_converter().unstructure(value)
