"""Code actions for a document's latest result: quick fixes, suppressions, fix-all.

The edits come from :mod:`.actions` (pure); this module picks the findings under the
requested range, builds the ``WorkspaceEdit``\\ s (versioned where the client accepts
them, so an edit made for an older text is refused) and gives the suppression check a
way to run the finding's rule. It runs in the fast lane, off the event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lsprotocol import types

from promptlint.diagnostics import Diagnostic, Edit
from promptlint.document.model import Document, Span
from promptlint.linting import heavy, lint_text
from promptlint.lsp import actions
from promptlint.lsp.convert import replacement, same_diagnostic, text_edits, to_lsp_all, to_span
from promptlint.lsp.scheduler import Snapshot
from promptlint.rules.base import BaseRevision

if TYPE_CHECKING:
    from promptlint.lsp.server import PromptlintServer


def range_overlaps(d: Diagnostic, span: Span) -> bool:
    return d.span.start <= span.end and span.start <= max(d.span.end, d.span.start + 1)


def workspace_edit(
    server: PromptlintServer, uri: str, version: int, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    capabilities = server.client_capabilities.workspace
    versioned = bool(
        capabilities is not None
        and capabilities.workspace_edit is not None
        and capabilities.workspace_edit.document_changes
    )
    if versioned:
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=identifier, edits=edits)])
    return types.WorkspaceEdit(changes={uri: edits})


def fix_all_edit(server: PromptlintServer, snap: Snapshot) -> Edit | None:
    """Every safe fix of the document, as one edit (runs in the fast lane)."""
    got = server.text_of(snap.uri)
    if got is None or snap.config is None or got[1] != snap.version:
        return None
    text = got[0]
    path = server.path_of(snap.uri)
    folder = server.folders.for_path(path)
    fixed = actions.fix_all(
        text.encode("utf-8", "surrogatepass"),
        path,
        snap.config,
        display=folder.display(path, snap.uri),
        base=folder.base_for(path, snap.config),
        services=folder.services,
    )
    return None if fixed is None else replacement(text, fixed)


def quick_fixes(
    ls: PromptlintServer, snap: Snapshot, doc: Document, params: types.CodeActionParams
) -> list[types.CodeAction]:
    span = to_span(doc, params.range)
    lsp_items = to_lsp_all(doc, snap.diagnostics, snap.uri)
    sent = params.context.diagnostics
    out: list[types.CodeAction] = []
    resolve = snap.config.registry.code_for if snap.config is not None else (lambda ref: None)
    recheck = rechecker(ls, snap)
    for diagnostic, item in zip(snap.diagnostics, lsp_items, strict=True):
        if not (range_overlaps(diagnostic, span) or any(same_diagnostic(item, s) for s in sent)):
            continue
        if diagnostic.fix is not None and actions.fixable([diagnostic]):
            out.append(
                types.CodeAction(
                    title=f"{diagnostic.fix.title} ({diagnostic.code})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[item],
                    is_preferred=True,
                    edit=workspace_edit(ls, snap.uri, snap.version, text_edits(doc, diagnostic.fix.edits)),
                )
            )
        if diagnostic.code in ("SUP001", "INT001"):
            continue  # an unused directive is removed, not suppressed; an internal error is a bug
        suppression = actions.disable_actions(doc, diagnostic, resolve, recheck(diagnostic.code))
        if suppression is not None:
            out.append(
                types.CodeAction(
                    title=suppression.title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[item],
                    edit=workspace_edit(ls, snap.uri, snap.version, text_edits(doc, suppression.edits)),
                )
            )
    return out


def rechecker(ls: PromptlintServer, snap: Snapshot) -> Callable[[str], actions.Recheck | None]:
    """For a code: a function running that rule (and SUP001) on a text, as the document.

    None for a rule that loads a model: its findings are spans of the text, which the
    structural check follows, and its model belongs to the heavy lane.
    """
    config = snap.config
    path = ls.path_of(snap.uri)
    folder = ls.folders.for_path(path)
    active = {a.meta.code: a for a in config.rules_for(path)} if config is not None else {}
    base: list[BaseRevision | None] = []

    def for_code(code: str) -> actions.Recheck | None:
        rule = active.get(code)
        if config is None or rule is None or heavy(rule):
            return None

        def run(text: str) -> list[Diagnostic]:
            if not base:
                base.append(folder.base_for(path, config))
            return lint_text(
                text.encode("utf-8", "surrogatepass"),
                path,
                config,
                display=folder.display(path, snap.uri),
                base=base[0],
                services=folder.services,
                rule_filter=lambda a: a.meta.code in (code, "SUP001"),
            ).diagnostics

        return run

    return for_code
