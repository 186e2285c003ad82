"""A result cache: unchanged files under an unchanged configuration are not re-linted.

Entries live in ``.promptlint_cache/`` next to the governing config file (or in the
current folder), keyed by a hash of everything that can change the result: promptlint's
version, the config file's content, the command-line overrides, the rules and their
origins (packs and plugins), the file's path and content, and the base revision's
content. Values are the diagnostics as JSON (offsets, messages, fixes) — messages of
privacy rules carry only masked previews, so nothing sensitive is written here.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from promptlint import __version__
from promptlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Related, Severity
from promptlint.document.model import Span

CACHE_DIR_NAME = ".promptlint_cache"
_FORMAT = 1


class ResultCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory / CACHE_DIR_NAME / f"v{_FORMAT}"
        self._ready = False

    @staticmethod
    def key(*parts: str | bytes | None) -> str:
        digest = hashlib.sha256(__version__.encode())
        for part in parts:
            data = (
                b"\x00none"
                if part is None
                else part.encode("utf-8", "surrogatepass")
                if isinstance(part, str)
                else part
            )
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> list[Diagnostic] | None:
        path = self.directory / key[:2] / f"{key}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return [_from_dict(item) for item in data]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        try:
            if not self.prepare():
                return
            folder = self.directory / key[:2]
            folder.mkdir(exist_ok=True)
            payload = json.dumps([_to_dict(d) for d in diagnostics], separators=(",", ":"))
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            Path(tmp).replace(folder / f"{key}.json")
        except OSError:
            pass  # a read-only checkout still lints, just without a cache

    def prepare(self) -> bool:
        """Create the folder with its ``.gitignore``; False where it cannot be written."""
        if self._ready:
            return True
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by promptlint.\n*\n", encoding="utf-8")
        except OSError:
            return False  # a read-only checkout still lints, just without a cache
        self._ready = True
        return True


def _span(data: list[int]) -> Span:
    return Span(int(data[0]), int(data[1]))


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


def _from_dict(item: dict[str, Any]) -> Diagnostic:
    fix = item["fix"]
    return Diagnostic(
        code=item["code"],
        name=item["name"],
        message=item["message"],
        span=_span(item["span"]),
        severity=Severity(item["severity"]),
        fix=None
        if fix is None
        else Fix(
            fix["title"],
            tuple(Edit(Span(a, b), text) for a, b, text in fix["edits"]),
            Applicability(fix["applicability"]),
        ),
        related=tuple(Related(_span(span), message, path) for span, message, path in item["related"]),
        fingerprint=item["fingerprint"],
        sensitive=bool(item.get("sensitive", False)),
    )
