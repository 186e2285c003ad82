"""`promptlint lsp` end to end: a real LSP client (pytest-lsp's) drives the server over stdio.

Each test starts `python -m promptlint lsp` in a temporary workspace, opens documents,
and asserts on what the server really sent: published diagnostics (codes, UTF-16
ranges, links, tags, related locations), code actions and the text they produce, hover,
pull diagnostics, the reaction to config changes, and a clean exit.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import client_capabilities

from .conftest import commit_all, git
from .lspclient import Session, apply_text_edits, edits_of, summary

pytestmark = pytest.mark.e2e

# Trailing whitespace after an emoji (an astral character: two UTF-16 code units), no
# version header, and a template variable that is not a declared input.
SUPPORT = (
    "---\n"
    "name: support\n"
    "inputs:\n"
    "  question:\n"
    "    type: string\n"
    "---\n"
    "system:\n"
    "You help customers \N{GRINNING FACE} \n"
    "user:\n"
    "{{question}} from {{customer}}\n"
)
SUPPORT_FINDINGS = [
    ("TPL001", 9, 20, 9, 28),
    ("VER001", 0, 0, 0, 0),
    # "You help customers " is 19 code units, the emoji 2: the blank is at 21, not 20.
    ("WS001", 7, 21, 7, 22),
]


def run(body: Callable[[Session], Awaitable[None]], root: Path, **kwargs) -> Session:  # type: ignore[no-untyped-def]
    """Start a session in ``root``, run ``body``, shut down; the session is returned for
    assertions on what happened (its return code included)."""

    async def main() -> Session:
        session = Session(root, **kwargs)
        await session.start()
        try:
            await body(session)
        finally:
            await session.stop()
        return session

    return asyncio.run(main())


def doc_id(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def at(line: int, character: int) -> types.Range:
    return types.Range(start=pos(line, character), end=pos(line, character))


async def code_actions(
    session: Session, uri: str, rng: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    result = await session.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc_id(uri), range=rng, context=types.CodeActionContext(diagnostics=[], only=only)
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def apply(session: Session, uri: str, text: str, edit: types.WorkspaceEdit) -> tuple[str, int]:
    """Apply ``edit`` as the editor would: new text, sent as the next version."""
    new = apply_text_edits(text, edits_of(edit, uri))
    return new, session.replace(uri, new)


def test_diagnostics_codes_utf16_ranges_links_and_clean_exit(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        uri = s.open("support.prompty", SUPPORT, "prompty")
        found = await s.final(uri)
        assert summary(found) == SUPPORT_FINDINGS
        by_code = {d.code: d for d in found}
        ws = by_code["WS001"]
        assert ws.source == "promptlint"
        assert ws.severity == types.DiagnosticSeverity.Warning
        assert ws.code_description is not None
        assert ws.code_description.href == "https://github.com/promptlint/promptlint#rules-ws001"
        assert ws.message == "Trailing whitespace"
        assert by_code["VER001"].severity == types.DiagnosticSeverity.Error
        assert by_code["TPL001"].message == "Template variable 'customer' is not a declared input (declared: question)"
        assert all(d.tags is None for d in found)

    session = run(body, tmp_path)
    assert session.returncode == 0


def test_quick_fix_then_fix_all_then_command(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        uri = s.open("support.prompty", SUPPORT, "prompty")
        await s.final(uri)
        actions = await code_actions(s, uri, at(7, 21))
        titles = [a.title for a in actions]
        assert titles == [
            "Remove trailing whitespace (WS001)",
            "Disable WS001 for this line",
            "promptlint: apply all safe fixes",
        ]
        quick = actions[0]
        assert quick.kind == types.CodeActionKind.QuickFix and quick.is_preferred
        assert quick.diagnostics is not None and quick.diagnostics[0].code == "WS001"
        text, _ = await apply(s, uri, SUPPORT, quick.edit)
        assert "customers \N{GRINNING FACE}\nuser:" in text
        assert summary(await s.final(uri)) == [f for f in SUPPORT_FINDINGS if f[0] != "WS001"]

        # What an editor runs on save: only source.fixAll actions.
        on_save = await code_actions(s, uri, at(0, 0), only=[types.CodeActionKind.SourceFixAll])
        assert [(a.title, a.kind) for a in on_save] == [
            ("promptlint: apply all safe fixes", "source.fixAll.promptlint")
        ]
        text, _ = await apply(s, uri, text, on_save[0].edit)
        assert text.startswith("---\nversion: 1.0.0\nname: support\n")
        assert summary(await s.final(uri)) == [("TPL001", 10, 20, 10, 28)]

        # The command, for clients without code-action-on-save: the server asks the
        # client to apply the edit (workspace/applyEdit).
        text = text.replace("user:\n", "user:   \n")
        s.replace(uri, text)
        assert ("WS001", 9, 5, 9, 8) in summary(await s.final(uri))
        result = await s.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="promptlint.fixAll", arguments=[uri])
        )
        assert result == {"applied": True}
        assert len(s.applied) == 1
        text, _ = await apply(s, uri, text, s.applied[0])
        assert "user:\n" in text
        assert summary(await s.final(uri)) == [("TPL001", 10, 20, 10, 28)]

    run(body, tmp_path)


# One document per format: each has a WS001 finding on the line `Hello there `.
FORMATS = {
    "notes.prompt.md": ("<!-- version: 1.0.0 -->\nHello there \n", "<!-- promptlint: disable-next-line=WS001"),
    "agent.j2": ("{# version: 1.0.0 #}\nHello {{ name }} there \n", "{# promptlint: disable-next-line=WS001"),
    "greet.prompt": (
        '---\nversion: 1.0.0\ninput:\n  schema:\n    name: string\n---\n{{role "system"}}\nHello {{name}} there \n',
        "{{! promptlint: disable-next-line=WS001",
    ),
    "chat.prompt.yaml": (
        "version: 1.0.0\nmessages:\n  - role: system\n    content: Hello there \n",
        "    # promptlint: disable-next-line=WS001",
    ),
    "plain.prompt.txt": ("# version: 1.0.0\nHello there \n", "# promptlint: disable-next-line=WS001"),
    "bot.prompty": ("---\nversion: 1.0.0\n---\nsystem:\nHello there \n", "{# promptlint: disable-next-line=WS001"),
}


def test_disable_for_this_line_in_every_format(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        uris = {name: s.open(name, text) for name, (text, _) in FORMATS.items()}
        for name, (text, directive) in FORMATS.items():
            uri = uris[name]
            found = await s.final(uri)
            assert [d.code for d in found] == ["WS001"], name
            line = found[0].range.start.line
            actions = await code_actions(s, uri, found[0].range)
            disable = [a for a in actions if a.title == "Disable WS001 for this line"]
            assert len(disable) == 1, (name, [a.title for a in actions])
            new, _ = await apply(s, uri, text, disable[0].edit)
            inserted = new.splitlines()[line]
            assert inserted.startswith(directive), (name, inserted)
            assert inserted.rstrip().endswith(("-- <reason>", "-- <reason> -->", "-- <reason> #}", "-- <reason> }}"))
            # The directive suppresses the finding, and nothing new (no SUP001) appears.
            assert await s.final(uri) == [], name

    run(body, tmp_path)


def test_changes_update_diagnostics_and_stale_results_are_dropped(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        uri = s.open("notes.prompt.md", "<!-- version: 1.0.0 -->\nHello\n")
        assert await s.final(uri) == []
        # An incremental edit: type two blanks at the end of line 1.
        s.edit(uri, at(1, 5), "  ")
        assert summary(await s.final(uri)) == [("WS001", 1, 5, 1, 7)]
        # A burst of edits: only the last version counts, nothing older is published after it.
        for index in range(20):
            s.replace(uri, f"<!-- version: 1.0.0 -->\nHello {index} \n")
        last = s.versions[uri]
        assert summary(await s.final(uri)) == [("WS001", 1, 8, 1, 9)]
        versions = [p.version for p in s.published if p.uri == uri]
        assert versions == sorted(versions)
        assert versions[-1] == last
        # Closing clears the document's diagnostics.
        s.close(uri)
        await s.wait(lambda: s.published[-1].uri == uri and s.published[-1].diagnostics == [], what="the clear")

    run(body, tmp_path)


def test_config_change_in_the_workspace_changes_which_rules_run(tmp_path: Path) -> None:
    config = tmp_path / "promptlint.toml"

    async def body(s: Session) -> None:
        await s.wait(lambda: s.registrations, what="the file watcher registration")
        assert [r.method for r in s.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
        globs = [w["globPattern"] for w in s.registrations[0].register_options["watchers"]]
        assert "**/promptlint.toml" in globs and "**/pyproject.toml" in globs
        uri = s.open("support.prompty", SUPPORT, "prompty")
        assert summary(await s.final(uri)) == SUPPORT_FINDINGS
        # A file watcher event (the client watches what the server registered).
        config.write_text('ignore = ["WS001", "VER"]\n')
        changed = time.monotonic()
        s.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
            )
        )
        assert summary(await s.final(uri, after=changed)) == [("TPL001", 9, 20, 9, 28)]
        # A client without watchers: saving the config file (open in the editor) re-reads it.
        config.write_text('select = ["WS"]\n')
        config_uri = s.open("promptlint.toml", config.read_text(), "toml")
        saved = time.monotonic()
        s.save(config_uri)
        assert summary(await s.final(uri, after=saved)) == [("WS001", 7, 21, 7, 22)]
        # A broken config is shown to the user, not crashed on.
        config.write_text('select = ["NOPE999"]\n')
        broken = time.monotonic()
        s.save(config_uri)
        assert await s.final(uri, after=broken) == []
        await s.wait(lambda: any("NOPE999" in m.message for m in s.client.messages), what="the config error")

    run(body, tmp_path)


def test_hover_shows_the_rule_documentation(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        uri = s.open("support.prompty", SUPPORT, "prompty")
        await s.final(uri)
        hover = await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc_id(uri), position=pos(7, 21))
        )
        assert hover is not None
        assert isinstance(hover.contents, types.MarkupContent)
        assert hover.contents.kind == types.MarkupKind.Markdown
        text = hover.contents.value
        assert text.startswith("**WS001** `trailing-whitespace` (warning): Trailing whitespace\n")
        assert "### WS001 trailing-whitespace" in text
        assert "#### What it does" in text and "#### Why is this bad?" in text
        assert "[Documentation](https://github.com/promptlint/promptlint#rules-ws001)" in text
        assert hover.range == types.Range(start=pos(7, 21), end=pos(7, 22))
        nothing = await s.client.text_document_hover_async(
            types.HoverParams(text_document=doc_id(uri), position=pos(7, 3))
        )
        assert nothing is None

    run(body, tmp_path)


def test_pull_diagnostics_equal_push(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        uri = s.open("support.prompty", SUPPORT, "prompty")
        pushed = await s.final(uri)
        report = await s.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc_id(uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        assert list(report.items) == pushed
        again = await s.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc_id(uri), previous_result_id=report.result_id)
        )
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
        assert again.result_id == report.result_id

    run(body, tmp_path)


def test_pull_mode_client_gets_no_push_and_a_refresh(tmp_path: Path) -> None:
    """A client that pulls and can be told to re-pull (VS Code) is not pushed to."""

    async def body(s: Session) -> None:
        uri = s.open("support.prompty", SUPPORT, "prompty")
        await s.wait(lambda: any(f.uri == uri and f.final for f in s.finished), what="the lint")
        report = await s.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc_id(uri))
        )
        assert summary(list(report.items)) == SUPPORT_FINDINGS
        assert [p for p in s.published if p.uri == uri] == []
        await s.wait(lambda: s.client.diagnostic_refresh_count >= 1, what="workspace/diagnostic/refresh")
        s.replace(uri, SUPPORT.replace("customers \N{GRINNING FACE} \n", "customers\n"))
        report = await s.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc_id(uri))
        )
        assert summary(list(report.items)) == [f for f in SUPPORT_FINDINGS if f[0] != "WS001"]
        assert [p for p in s.published if p.uri == uri] == []

    capabilities = client_capabilities("visual-studio-code")
    assert capabilities.text_document is not None and capabilities.workspace is not None
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities()
    capabilities.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    run(body, tmp_path, options={"diagnosticMode": "auto"}, capabilities=capabilities)


def test_related_information_tags_and_masking(tmp_path: Path) -> None:
    text = (
        "<!-- version: 1.0.0 -->\n"
        "<!-- promptlint: disable-next-line=HYG002 -- nothing to hide here -->\n"
        "Always respond in valid JSON.\n"
        "Be helpful.\n"
        "Write a friendly paragraph in plain prose; do not use JSON.\n"
        "\n"
        "## Examples\n"
        "User: my card is 4111 1111 1111 1111, email dana.whitfield@northbay-logistics.com\n"
        "Assistant: Thanks, I updated the order.\n"
    )

    async def body(s: Session) -> None:
        uri = s.open("agent.prompt.md", text)
        found = {d.code: d for d in await s.final(uri)}
        con = found["CON001"]
        assert con.range.start == pos(4, 0)
        assert con.related_information is not None
        assert [(r.location.uri, r.location.range.start, r.message) for r in con.related_information] == [
            (uri, pos(2, 0), "the earlier instruction")
        ]
        sup = found["SUP001"]
        assert list(sup.tags or ()) == [types.DiagnosticTag.Unnecessary]
        pii = [d for d in await s.final(uri) if d.code == "PII001"]
        assert pii, found
        for d in pii:
            assert "dana.whitfield" not in d.message and "d***@n*****" in d.message
            hover = await s.client.text_document_hover_async(
                types.HoverParams(text_document=doc_id(uri), position=d.range.start)
            )
            assert hover is not None and "PII001" in hover.contents.value
            assert "dana.whitfield" not in hover.contents.value and "northbay" not in hover.contents.value

    run(body, tmp_path)


def test_version_not_bumped_against_the_git_base(git_repo: Path) -> None:
    prompt = git_repo / "support.prompty"
    prompt.write_text("---\nversion: 1.0.0\n---\nsystem:\nBe brief.\n")
    commit_all(git_repo)

    async def body(s: Session) -> None:
        uri = s.open("support.prompty", prompt.read_text(), "prompty")
        assert await s.final(uri) == []
        s.replace(uri, "---\nversion: 1.0.0\n---\nsystem:\nBe brief and kind.\n")
        assert [d.code for d in await s.final(uri)] == ["VER002"]
        s.replace(uri, "---\nversion: 1.0.1\n---\nsystem:\nBe brief and kind.\n")
        assert await s.final(uri) == []

    run(body, git_repo)
    assert git(git_repo, "status", "--porcelain").stdout == ""


def test_only_prompt_files_are_linted_by_default(tmp_path: Path) -> None:
    async def body(s: Session) -> None:
        readme = s.open("README.md", "# Project\nSome notes \n")
        prompt = s.open("prompts/notes.md", "<!-- version: 1.0.0 -->\nSome notes \n")
        assert await s.final(readme) == []
        assert [d.code for d in await s.final(prompt)] == ["WS001"]

    run(body, tmp_path)

    async def everything(s: Session) -> None:
        readme = s.open("README.md", "# Project\nSome notes \n")
        assert [d.code for d in await s.final(readme)] == ["VER001", "WS001"]

    run(everything, tmp_path, options={"onlyMatching": False})


def test_exit_without_shutdown_is_an_error_exit(tmp_path: Path) -> None:
    async def main() -> int | None:
        session = Session(tmp_path)
        await session.start()
        session.client.exit(None)
        server = session.client._server
        await asyncio.wait_for(server.wait(), 30)
        await session.client.stop()
        return server.returncode

    assert asyncio.run(main()) == 1


def _results(root: Path) -> set[str]:
    folder = root / ".promptlint_cache" / "v1" / "results"
    return {p.name for p in folder.rglob("*.json")} if folder.is_dir() else set()


def test_saved_content_shares_the_cache_with_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prompt = tmp_path / "prompts" / "notes.md"
    prompt.parent.mkdir()
    saved = "<!-- version: 1.0.0 -->\nHello \n"
    prompt.write_text(saved)

    async def body(s: Session) -> None:
        uri = s.open("prompts/notes.md", saved)
        await s.final(uri)
        assert len(_results(tmp_path)) == 1  # the saved content's result, under check's key
        for index in range(3):  # drafts are not cached
            s.replace(uri, f"<!-- version: 1.0.0 -->\nHello {index} \n")
            await s.final(uri)
        assert len(_results(tmp_path)) == 1

    run(body, tmp_path)
    monkeypatch.chdir(tmp_path)
    from .conftest import run_cli

    before = _results(tmp_path)
    result = run_cli("check", "prompts/notes.md")
    assert result.code == 1 and "WS001" in result.out
    assert _results(tmp_path) == before  # check found the editor's entry: same key


def test_a_rule_pack_change_relints(tmp_path: Path) -> None:
    pack = tmp_path / "team-rules"
    pack.mkdir()
    rule = pack / "BRD001.yaml"
    rule.write_text(
        "code: BRD001\nname: old-product-name\nkind: existence\nmessage: Old name '{match}'\n"
        "tokens: ['Contoso Cloud']\n"
    )
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['team-rules']\nselect = ['BRD']\n")

    async def body(s: Session) -> None:
        uri = s.open("prompts/a.md", "We sell Contoso Cloud and Contoso Edge.\n")
        found = await s.final(uri)
        assert [(d.code, d.message) for d in found] == [("BRD001", "Old name 'Contoso Cloud'")]
        rule.write_text(rule.read_text().replace("Contoso Cloud", "Contoso Edge"))
        changed = time.monotonic()
        s.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=rule.as_uri(), type=types.FileChangeType.Changed)]
            )
        )
        found = await s.final(uri, after=changed)
        assert [(d.code, d.message) for d in found] == [("BRD001", "Old name 'Contoso Edge'")]

    run(body, tmp_path)
