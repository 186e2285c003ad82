"""Cached lint results: unchanged files under an unchanged configuration are not re-linted.

Entries live in the run's :class:`~promptlint.store.Store` (namespace ``results``),
keyed by a hash of everything that can change the result: promptlint's version, the
config file's content, the command-line overrides, the rules and their origins (packs
and plugins), the analysis environment (:mod:`promptlint.environment`), the file's path
and content, and the base revision's content. Values are the diagnostics as JSON
(offsets, messages, fixes) — messages of privacy rules carry only masked previews, so
nothing sensitive is written here.

An entry is trusted only if it has exactly the shape this module writes and every span
lies inside the file: anything else (an empty object, a truncated list, a span past the
end, a wrong type) is a miss, so a damaged cache costs a re-lint, never a lost finding.
"""

from __future__ import annotations

from typing import Any

from promptlint import __version__
from promptlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity
from promptlint.document.model import Span
from promptlint.store import Store, content_key

NAMESPACE = "results"
_FORMAT = 2


class ResultCache:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def key(*parts: str | bytes | None) -> str:
        return content_key(__version__, str(_FORMAT), *parts)

    def get(self, key: str, source_length: int) -> list[Diagnostic] | None:
        value = self.store.get(NAMESPACE, key)
        if not isinstance(value, dict) or value.get("format") != _FORMAT:
            return None
        items = value.get("diagnostics")
        if not isinstance(items, list):
            return None
        try:
            diagnostics = [_from_dict(item, source_length) for item in items]
        except (KeyError, TypeError, ValueError, IndexError):
            self.store.forget(NAMESPACE, key)
            return None
        return diagnostics

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        self.store.put(NAMESPACE, key, {"format": _FORMAT, "diagnostics": [_to_dict(d) for d in diagnostics]})


def encode_diagnostics(diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    """Diagnostics as JSON values, in the shape the cache keeps (the warm server sends them so)."""
    return [_to_dict(d) for d in diagnostics]


def decode_diagnostics(items: Any, source_length: int) -> list[Diagnostic]:
    """The inverse of :func:`encode_diagnostics`, validated as a cache entry is (raises on any doubt)."""
    if not isinstance(items, list):
        raise TypeError("expected a list")
    return [_from_dict(item, source_length) for item in items]


def _span(data: Any, limit: int) -> Span:
    if not isinstance(data, list) or len(data) != 2 or not all(type(v) is int for v in data):
        raise ValueError("span")
    start, end = data
    if not 0 <= start <= end <= limit:
        raise ValueError("span outside the file")
    return Span(start, end)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _related(entry: Any, limit: int) -> Related:
    span, message, path = entry
    if path is None:
        return Related(_span(span, limit), _str(message))
    return Related(_span(span, 1 << 62), _str(message), _str(path))  # another file: its length is unknown here


def _to_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "message": d.message,
        "span": list(d.span),
        "severity": int(d.severity),
        "fix": None
        if d.fix is None
        else {
            "title": d.fix.title,
            "applicability": d.fix.applicability.value,
            "edits": [[e.span.start, e.span.end, e.text] for e in d.fix.edits],
        },
        "related": [[list(r.span), r.message, r.path] for r in d.related],
        "fingerprint": d.fingerprint,
        "sensitive": d.sensitive,
    }


def _from_dict(item: Any, limit: int) -> Diagnostic:
    if not isinstance(item, dict):
        raise TypeError("expected an object")
    fix = item["fix"]
    if fix is not None and not isinstance(fix, dict):
        raise TypeError("fix")
    fingerprint = item["fingerprint"]
    if fingerprint is not None:
        _str(fingerprint)
    related = item["related"]
    if not isinstance(related, list):
        raise TypeError("related")
    return Diagnostic(
        code=_str(item["code"]),
        name=_str(item["name"]),
        message=_str(item["message"]),
        span=_span(item["span"], limit),
        severity=Severity(item["severity"]),
        fix=None
        if fix is None
        else Fix(
            _str(fix["title"]),
            tuple(Edit(_span([a, b], limit), _str(text)) for a, b, text in fix["edits"]),
            Applicability(fix["applicability"]),
        ),
        related=tuple(
            Related(
                _span(span, limit if path is None else 1 << 62), _str(message), None if path is None else _str(path)
            )
            for span, message, path in related
        ),
        fingerprint=fingerprint,
        sensitive=item["sensitive"] is True,
    )
