"""The pygls wiring: LSP messages to the scheduler, the actions and the hover.

Capabilities: incremental text sync with save; push diagnostics (``publishDiagnostics``)
or, for clients that can pull and be told to re-pull (LSP 3.17
``textDocument/diagnostic`` with ``workspace/diagnostic/refresh``), pull; code actions
(``quickfix`` per safe fix and per suppression, ``source.fixAll.promptlint``); hover;
the command ``promptlint.fixAll``; watched config files.

Positions are UTF-16 whatever the client offers (the one encoding every client must
accept), so the ranges are exactly those of ``check --format json``.

``initializationOptions`` (all optional):

* ``debounce`` — milliseconds to wait after a keystroke before linting (150);
* ``onlyMatching`` — lint only documents the config's ``include``/``exclude`` select, as
  the pre-commit hook does (true); false lints every document the editor sends;
* ``diagnosticMode`` — ``auto`` (pull where the client supports it and refresh, else
  push), ``push`` or ``pull``;
* ``warm`` — load the PII/CON models in the background after ``initialized`` (true);
* ``lintFinished`` — send ``$/promptlint/lintFinished`` {uri, version, final} after each
  publish (false; for tests and status lines — a ``$/`` notification clients may ignore).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from promptlint import __version__
from promptlint.config import CONFIG_NAMES
from promptlint.document.lines import LineIndex
from promptlint.lsp import actions
from promptlint.lsp.code_actions import fix_all_edit, quick_fixes, workspace_edit
from promptlint.lsp.convert import text_edits, to_lsp_all, to_offset, to_range
from promptlint.lsp.folders import Folders
from promptlint.lsp.hover import at_offset, hover_markdown
from promptlint.lsp.scheduler import DEFAULT_DEBOUNCE_S, Scheduler, Snapshot
from promptlint.lsp.stdio import serve

LOG = logging.getLogger("promptlint.lsp")
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.promptlint"
FIX_ALL_COMMAND = "promptlint.fixAll"
LINT_FINISHED = "$/promptlint/lintFinished"
# A hover waits this long for the result of the version being typed, then answers from
# the previous result (if the hovered line is the same in both).
HOVER_WAIT_S = 0.1
_WATCHED = ("**/pyproject.toml", "**/promptlint.toml", "**/.promptlint.toml", "**/*.yaml", "**/*.yml")


class _Protocol(LanguageServerProtocol):
    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):  # type: ignore[no-untyped-def]
        """UTF-16 positions only: drop the client's other encodings before pygls picks one."""
        general = params.capabilities.general
        if general is not None:
            general.position_encodings = None
        return (yield from super().lsp_initialize(params))


class PromptlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "promptlint",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=_Protocol,
        )
        self.folders = Folders()
        self.scheduler: Scheduler | None = None
        self.push = True
        self.refresh = False
        self.warm = True
        self.lint_finished = False
        self.shutdown_requested = False
        self._shown: set[str] = set()
        self._notices: dict[int, int] = {}
        self._refresh_pending = False

    def start_io(self, stdin: Any = None, stdout: Any = None) -> None:
        """Serve on stdio until ``exit`` (or the client closes stdin): see :mod:`.stdio`."""
        serve(self, stdin, stdout, LOG)

    # ------------------------------------------------------------- plumbing

    def text_of(self, uri: str) -> tuple[str, int] | None:
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        return doc.source, doc.version if doc.version is not None else 0

    def path_of(self, uri: str) -> Path | None:
        if not uri.startswith("file:"):
            return None
        path = to_fs_path(uri)
        return Path(path) if path else None

    def sched(self) -> Scheduler:
        if self.scheduler is None:  # a client that skipped `initialize`: defaults
            self.scheduler = Scheduler(self.text_of, self.publish)
        return self.scheduler

    def publish(self, snap: Snapshot) -> None:
        items = to_lsp_all(snap.doc, snap.diagnostics, snap.uri) if snap.doc is not None else []
        if snap.error:
            self._show_once(f"promptlint: {snap.error}", types.MessageType.Error)
        elif snap.note and snap.doc is None:
            LOG.info("%s not linted: %s", snap.uri, snap.note)
        if self.push:
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=snap.uri, diagnostics=items, version=snap.version)
            )
        elif self.refresh:
            self._request_refresh()
        if self.lint_finished:
            self.protocol.notify(
                LINT_FINISHED, {"uri": snap.uri, "version": snap.version, "final": snap.final, "count": len(items)}
            )
        self._forward_notices()

    def _request_refresh(self) -> None:
        """One ``workspace/diagnostic/refresh`` per burst of results."""
        if self._refresh_pending:
            return
        self._refresh_pending = True

        def send() -> None:
            self._refresh_pending = False
            self.workspace_diagnostic_refresh(None)

        asyncio.get_running_loop().call_soon(send)

    def _show_once(self, message: str, kind: types.MessageType) -> None:
        if message in self._shown:
            return
        self._shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def _forward_notices(self) -> None:
        for folder in self.folders.all():
            notices = folder.notices()
            sent = self._notices.get(id(folder), 0)
            for notice in notices[sent:]:
                self._show_once(f"promptlint: {notice}", types.MessageType.Info)
            self._notices[id(folder)] = len(notices)


def _client_pulls(capabilities: types.ClientCapabilities) -> tuple[bool, bool]:
    text = capabilities.text_document
    workspace = capabilities.workspace
    pulls = text is not None and text.diagnostic is not None
    diagnostics = workspace.diagnostics if workspace is not None else None
    refresh = bool(diagnostics is not None and diagnostics.refresh_support)
    return pulls, refresh


def _option(options: Any, name: str, default: Any) -> Any:
    return options.get(name, default) if isinstance(options, dict) else default


def build_server() -> PromptlintServer:
    server = PromptlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: PromptlintServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        roots = [ls.path_of(f.uri) for f in params.workspace_folders or []]
        if not roots and params.root_uri:
            roots = [ls.path_of(params.root_uri)]
        elif not roots and params.root_path:
            roots = [Path(params.root_path)]
        for root in roots:
            if root is not None:
                ls.folders.add(root)
        pulls, refresh = _client_pulls(params.capabilities)
        mode = _option(options, "diagnosticMode", "auto")
        ls.push = mode == "push" or (mode == "auto" and not (pulls and refresh))
        ls.refresh = refresh
        ls.warm = bool(_option(options, "warm", True))
        ls.lint_finished = bool(_option(options, "lintFinished", False))
        debounce = _option(options, "debounce", DEFAULT_DEBOUNCE_S * 1000)
        ls.scheduler = Scheduler(
            ls.text_of,
            ls.publish,
            debounce=max(0.0, float(debounce) / 1000),
            only_matching=bool(_option(options, "onlyMatching", True)),
        )

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PromptlintServer, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is not None and watched.dynamic_registration:
            registration = types.Registration(
                id="promptlint-config-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in _WATCHED]
                ),
            )
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception as exc:  # the client said no: configs are still re-read on save
                LOG.info("file watching not registered: %s", exc)
        if ls.warm:
            folders = ls.folders.all() or [ls.folders.for_path(None)]
            ls.sched().warm_in_background(folders)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PromptlintServer, params: None) -> None:
        ls.shutdown_requested = True
        ls.sched().shutdown()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PromptlintServer, params: types.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = ls.path_of(uri)
        ls.sched().opened(uri, params.text_document.version, path, ls.folders.for_path(path))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PromptlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.sched().changed(params.text_document.uri, params.text_document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(ls: PromptlintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = ls.path_of(params.text_document.uri)
        if path is not None and _is_config(ls, path):
            _config_changed(ls)
            return
        if path is not None:  # a saved golden set or prompt changes what EVAL001-003 see
            ls.folders.for_path(path).forget_golden()
        ls.sched().saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PromptlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.sched().closed(uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: PromptlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [ls.path_of(change.uri) for change in params.changes]
        if any(path is not None and _is_config(ls, path) for path in paths):
            _config_changed(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: PromptlintServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        for removed in params.event.removed:
            path = ls.path_of(removed.uri)
            if path is not None:
                ls.folders.remove(path)
        for added in params.event.added:
            path = ls.path_of(added.uri)
            if path is not None:
                ls.folders.add(path)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(identifier="promptlint", inter_file_dependencies=False, workspace_diagnostics=False),
    )
    async def pull(ls: PromptlintServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        snap = await ls.sched().current(params.text_document.uri)
        if snap is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        if params.previous_result_id == snap.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=snap.result_id)
        items = to_lsp_all(snap.doc, snap.diagnostics, snap.uri) if snap.doc is not None else []
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=snap.result_id)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: PromptlintServer, params: types.HoverParams) -> types.Hover | None:
        snap = await _hover_snapshot(ls, params.text_document.uri, params.position.line)
        if snap is None or snap.doc is None:
            return None
        found = at_offset(snap.diagnostics, to_offset(snap.doc, params.position))
        text = hover_markdown(snap.doc, found, snap.rules)
        if text is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=to_range(snap.doc, found[0].span),
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]),
    )
    async def code_action(ls: PromptlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        snap = await ls.sched().current(uri)
        if snap is None or snap.doc is None or snap.config is None:
            return []
        only = params.context.only

        def wanted(kind: str) -> bool:
            return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)

        out: list[types.CodeAction] = []
        doc = snap.doc
        if wanted(types.CodeActionKind.QuickFix):
            out.extend(await ls.sched().run_fast(quick_fixes, ls, snap, doc, params))
        if wanted(FIX_ALL_KIND) and actions.fixable(list(snap.diagnostics)):
            edit = await ls.sched().run_fast(fix_all_edit, ls, snap)
            if edit is not None:
                out.append(
                    types.CodeAction(
                        title="promptlint: apply all safe fixes",
                        kind=FIX_ALL_KIND,
                        edit=workspace_edit(ls, uri, snap.version, text_edits(doc, [edit])),
                    )
                )
        return out

    @server.command(FIX_ALL_COMMAND)
    async def fix_all(ls: PromptlintServer, *args: Any) -> dict[str, Any]:
        uri = _uri_argument(args)
        if uri is None:
            raise ValueError(f"{FIX_ALL_COMMAND} takes the document URI")
        snap = await ls.sched().current(uri)
        if snap is None or snap.doc is None:
            return {"applied": False}
        edit = await ls.sched().run_fast(fix_all_edit, ls, snap)
        if edit is None:
            return {"applied": False}
        change = workspace_edit(ls, uri, snap.version, text_edits(snap.doc, [edit]))
        response = await ls.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(edit=change, label="promptlint: apply all safe fixes")
        )
        return {"applied": bool(response.applied)}

    return server


async def _hover_snapshot(ls: PromptlintServer, uri: str, line: int) -> Snapshot | None:
    """The current result, or while typing goes on (no result for the latest version
    within :data:`HOVER_WAIT_S`) the last one, if the hovered line is unchanged since."""
    scheduler = ls.sched()
    try:
        return await asyncio.wait_for(scheduler.current(uri), HOVER_WAIT_S)
    except TimeoutError:
        pass
    state = scheduler.docs.get(uri)
    got = ls.text_of(uri)
    snap = state.snapshot if state is not None else None
    if snap is None or snap.doc is None or got is None:
        return None
    lines = LineIndex(got[0])
    if line >= snap.doc.lines.line_count or line >= lines.line_count:
        return None
    return snap if snap.doc.lines.line_text(line) == lines.line_text(line) else None


def _uri_argument(args: tuple[Any, ...]) -> str | None:
    for arg in args:
        if isinstance(arg, str):
            return arg
        if isinstance(arg, dict) and isinstance(arg.get("uri"), str):
            return str(arg["uri"])
        if isinstance(arg, (list, tuple)):
            found = _uri_argument(tuple(arg))
            if found is not None:
                return found
    return None


def _is_config(ls: PromptlintServer, path: Path) -> bool:
    """A config file or a rule-pack file of a folder (a change re-lints everything)."""
    if path.name in CONFIG_NAMES:
        return True
    if path.suffix.lower() not in (".yaml", ".yml"):
        return False
    resolved = path.resolve()
    return any(resolved.is_relative_to(pack) for folder in ls.folders.all() for pack in folder.pack_dirs())


def _config_changed(ls: PromptlintServer) -> None:
    LOG.info("config changed: re-reading and re-linting %d open documents", len(ls.sched().docs))
    ls.folders.invalidate()
    ls.sched().relint_all()


__all__ = ["FIX_ALL_COMMAND", "FIX_ALL_KIND", "LINT_FINISHED", "PromptlintServer", "build_server"]
