"""A real LSP client over stdio for the language-server tests (pytest-lsp's client).

``Session`` starts ``python -m promptlint lsp`` as a subprocess, initializes it with a
workspace folder, and records every ``publishDiagnostics`` and every
``$/promptlint/lintFinished`` the server sends, so a test can wait for the final
result of a given version and read what was published for it.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

LINT_FINISHED = "$/promptlint/lintFinished"


@dataclass
class Published:
    uri: str
    version: int | None
    diagnostics: list[types.Diagnostic]
    at: float


@dataclass
class Finished:
    uri: str
    version: int
    final: bool
    count: int
    at: float


def _get(value: Any, name: str) -> Any:
    return value[name] if isinstance(value, dict) else getattr(value, name)


@dataclass
class Session:
    root: Path
    options: dict[str, Any] = field(default_factory=dict)
    capabilities: types.ClientCapabilities | None = None
    env: dict[str, str] | None = None
    published: list[Published] = field(default_factory=list)
    finished: list[Finished] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)
    returncode: int | None = None

    async def start(self) -> types.InitializeResult:
        self.client = client = LanguageClient(converter_factory=default_converter)
        defaults = {
            method: handler
            for method, handler in DEFAULT_CLIENT_FEATURES.items()
            if method not in (types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, types.WORKSPACE_APPLY_EDIT)
        }
        register_lsp_features(client, defaults)

        @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(ls: Any, params: types.PublishDiagnosticsParams) -> None:
            ls.diagnostics[params.uri] = params.diagnostics
            self.published.append(Published(params.uri, params.version, list(params.diagnostics), time.monotonic()))

        @client.feature(LINT_FINISHED)
        def on_finished(ls: Any, params: Any) -> None:
            self.finished.append(
                Finished(
                    _get(params, "uri"),
                    _get(params, "version"),
                    _get(params, "final"),
                    _get(params, "count"),
                    time.monotonic(),
                )
            )

        @client.feature(types.WORKSPACE_APPLY_EDIT)
        def on_apply(ls: Any, params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
            self.applied.append(params.edit)
            return types.ApplyWorkspaceEditResult(applied=True)

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def on_register(ls: Any, params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

        self.applied: list[types.WorkspaceEdit] = []
        self.registrations: list[types.Registration] = []
        env = {**os.environ, **(self.env or {})}
        await client.start_io(sys.executable, "-m", "promptlint", "lsp", env=env, cwd=str(self.root))
        capabilities = self.capabilities or client_capabilities("visual-studio-code")
        return await client.initialize_session(
            types.InitializeParams(
                capabilities=capabilities,
                root_uri=self.root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=self.root.as_uri(), name=self.root.name)],
                initialization_options={"lintFinished": True, "diagnosticMode": "push", **self.options},
            )
        )

    async def stop(self) -> int | None:
        await self.client.shutdown_session()
        server = self.client._server
        self.returncode = server.returncode if server is not None else None
        await self.client.stop()
        return self.returncode

    @property
    def pid(self) -> int:
        return self.client._server.pid

    # ----------------------------------------------------------- documents

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str, language: str = "markdown") -> str:
        uri = self.uri(name)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
            )
        )
        return uri

    def replace(self, uri: str, text: str) -> int:
        """Send the whole new text (a full-content change)."""
        version = self.versions[uri] = self.versions[uri] + 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return version

    def edit(self, uri: str, rng: types.Range, text: str) -> int:
        """An incremental change, as editors send while typing."""
        version = self.versions[uri] = self.versions[uri] + 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=rng, text=text)],
            )
        )
        return version

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )

    # -------------------------------------------------------------- waiting

    async def wait(self, predicate: Any, timeout: float = 60.0, what: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what}")

    async def final(
        self, uri: str, version: int | None = None, timeout: float = 60.0, *, after: float = 0.0
    ) -> list[types.Diagnostic]:
        """The diagnostics published with the final result for ``version`` (default:
        current), from a lint finished after the monotonic time ``after``."""
        version = self.versions[uri] if version is None else version

        def done() -> Finished | None:
            return next(
                (f for f in self.finished if f.uri == uri and f.version == version and f.final and f.at > after),
                None,
            )

        finished = await self.wait(done, timeout, f"the final lint of {uri} v{version}")
        matching = [p for p in self.published if p.uri == uri and p.version == version and p.at <= finished.at]
        assert matching, f"nothing published for {uri} v{version}"
        return matching[-1].diagnostics

    async def first(self, uri: str, version: int | None = None, timeout: float = 60.0) -> Published:
        version = self.versions[uri] if version is None else version

        def found() -> Published | None:
            return next((p for p in self.published if p.uri == uri and p.version == version), None)

        return await self.wait(found, timeout, f"a publish of {uri} v{version}")

    def diagnostics_for(self, uri: str, version: int) -> list[types.Diagnostic]:
        matching = [p for p in self.published if p.uri == uri and p.version == version]
        assert matching, f"nothing published for {uri} v{version}"
        return matching[-1].diagnostics


def summary(diagnostics: list[types.Diagnostic]) -> list[tuple[str, int, int, int, int]]:
    """(code, start line, start character, end line, end character), sorted."""
    return sorted(
        (
            str(d.code),
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    )


def apply_text_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to ``text``, as an editor would."""
    from promptlint.document.lines import LineIndex

    lines = LineIndex(text)
    spans = []
    for edit in edits:
        start = lines.offset_from_utf16(edit.range.start.line, edit.range.start.character)
        end = lines.offset_from_utf16(edit.range.end.line, edit.range.end.character)
        spans.append((start, end, edit.new_text))
    out = []
    cursor = 0
    for start, end, new in sorted(spans):
        out.append(text[cursor:start])
        out.append(new)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def edits_of(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))
