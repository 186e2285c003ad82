"""The server stays responsive while models load: fast rules publish at once, requests
are answered, and the rules that load a model follow in a second publish.

A plugin rule (SLW001) stands in for PII/CON: its ``warm`` hook (the model load the
server starts after ``initialized``) and its ``check`` are slow, and they leave marker
files, so the tests prove the order of events instead of timing them.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from lsprotocol import types

from promptlint.config import ConfigResolver
from promptlint.linting import heavy

from .lspclient import Session

pytestmark = pytest.mark.e2e

PLUGIN = '''
"""SLW001: a rule whose model takes seconds to load and whose check is slow."""

import os
import time
from pathlib import Path

from promptlint.diagnostics import Severity
from promptlint.document.model import Span
from promptlint.rules.base import RuleMeta

MARKERS = Path(os.environ["SLOW_MARKERS"])


class SlowRule:
    """A stand-in for a rule that needs a model.

    ## What it does
    Flags every file, slowly.

    ## Why is this bad?
    It is a test double.

    ## Example
    Anything.

    ## Use instead
    Nothing.
    """

    meta = RuleMeta(code="SLW001", name="slow-model-rule", summary="A rule with a slow model",
                    default_severity=Severity.WARNING)

    def warm(self, options):
        (MARKERS / "warm-start").write_text("")
        time.sleep(float(os.environ.get("SLOW_WARM", "4")))
        (MARKERS / "warm-done").write_text("")

    def check(self, doc, ctx):
        time.sleep(float(os.environ.get("SLOW_CHECK", "1")))
        (MARKERS / "checked").write_text(str(len(doc.source)))
        yield ctx.diagnostic(Span(0, 0), "Slow rule ran")


def get_rules():
    return [SlowRule]
'''

TEXT = "<!-- version: 1.0.0 -->\nHello there \n"


def install_plugin(tmp_path: Path) -> Path:
    """A plugin on sys.path with its entry point (a dist-info folder: no pip needed)."""
    site = tmp_path / "site"
    (site / "slowrule-1.0.dist-info").mkdir(parents=True)
    (site / "slowrule.py").write_text(PLUGIN)
    (site / "slowrule-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: slowrule\nVersion: 1.0\n")
    (site / "slowrule-1.0.dist-info" / "entry_points.txt").write_text("[promptlint.rules]\nslow = slowrule:get_rules\n")
    return site


def _session(tmp_path: Path, **env: str) -> tuple[Session, Path]:
    site = install_plugin(tmp_path)
    markers = tmp_path / "markers"
    markers.mkdir()
    workspace = tmp_path / "ws"
    (workspace / "prompts").mkdir(parents=True)
    environment = {"PYTHONPATH": str(site), "SLOW_MARKERS": str(markers), **env}
    return Session(workspace, env=environment), markers


def test_fast_rules_publish_and_hover_answers_while_the_model_loads(tmp_path: Path) -> None:
    session, markers = _session(tmp_path, SLOW_WARM="6", SLOW_CHECK="1")

    async def main() -> None:
        await session.start()
        try:
            # The server started loading the model right after `initialized`.
            await session.wait(lambda: (markers / "warm-start").exists(), 30, "the model load to start")
            uri = session.open("prompts/hello.md", TEXT)
            first = await session.first(uri)
            assert not (markers / "warm-done").exists(), "the first publish waited for the model"
            assert [(d.code, d.range.start.line, d.range.start.character) for d in first.diagnostics] == [
                ("WS001", 1, 11)
            ]
            hover = await session.client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=11)
                )
            )
            assert hover is not None and "WS001" in hover.contents.value
            assert not (markers / "warm-done").exists(), "the hover waited for the model"
            # The code action request is answered too (from the fast result).
            actions = await session.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    range=first.diagnostics[0].range,
                    context=types.CodeActionContext(diagnostics=[]),
                )
            )
            assert actions and not (markers / "warm-done").exists()
            # Then the model-loading rule's finding follows in a second publish.
            final = await session.final(uri)
            assert (markers / "warm-done").exists() and (markers / "checked").exists()
            assert sorted(str(d.code) for d in final) == ["SLW001", "WS001"]
            publishes = [p for p in session.published if p.uri == uri]
            assert len(publishes) == 2 and publishes[0].at < publishes[1].at

            # Warm now; a keystroke still publishes the fast rules before the slow check ends.
            (markers / "checked").unlink()
            version = session.replace(uri, TEXT.replace("there ", "there  "))
            quick = await session.first(uri, version)
            assert not (markers / "checked").exists(), "the fast publish waited for the slow rule"
            assert [str(d.code) for d in quick.diagnostics] == ["WS001"]
            assert sorted(str(d.code) for d in await session.final(uri)) == ["SLW001", "WS001"]
        finally:
            await session.stop()

    asyncio.run(main())
    assert session.returncode == 0


def test_shutdown_does_not_wait_for_a_model_load(tmp_path: Path) -> None:
    session, markers = _session(tmp_path, SLOW_WARM="60")

    async def main() -> float:
        await session.start()
        await session.wait(lambda: (markers / "warm-start").exists(), 30, "the model load to start")
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.wait_for(session.stop(), 20)
        return loop.time() - started

    assert asyncio.run(main()) < 20
    assert session.returncode == 0
    assert not (markers / "warm-done").exists()


def test_real_heavy_rules_run_after_the_fast_ones(tmp_path: Path) -> None:
    """The built-in rules that declare a model (a ``warm`` hook) never hold up the first publish."""
    config = ConfigResolver(root=Path(__file__).resolve().parents[1]).default()
    real = sorted(a.meta.code for a in config.rules_for(None) if heavy(a))
    if not real:
        pytest.skip("no built-in rule declares a warm hook yet (PII001/PII002/CON001 gain them when merged)")
    workspace = tmp_path / "ws"
    (workspace / "prompts").mkdir(parents=True)
    text = (
        "<!-- version: 1.0.0 -->\nAlways respond in valid JSON. \n"
        "Write a friendly paragraph in plain prose; do not use JSON.\n\n## Examples\n"
        "User: write to dana.whitfield@northbay-logistics.com\nAssistant: Done.\n"
    )
    session = Session(workspace, env={"PYTHONPATH": os.environ.get("PYTHONPATH", "")})

    async def main() -> None:
        await session.start()
        try:
            uri = session.open("prompts/agent.md", text)
            first = await session.first(uri)
            final = await session.final(uri)
            assert not {str(d.code) for d in first.diagnostics} & set(real)
            assert {str(d.code) for d in final} & set(real)
        finally:
            await session.stop()

    asyncio.run(main())


# PII001/PII002's own `warm` hooks build the presidio engine and load the spaCy
# pipeline; in the server process this shim records when that load ends.
PII_WARM = """
import os, time
from pathlib import Path

from promptlint.rules.builtin.pii_in_few_shot_example import PiiInFewShotExample
from promptlint.rules.builtin.pii_in_prompt import PiiInPrompt


def _marked(real):
    def warm(self, options):
        real(self, options)
        Path(os.environ["SLOW_MARKERS"], "pii-warm-done").write_text(str(time.monotonic()))

    return warm


for rule in (PiiInFewShotExample, PiiInPrompt):
    rule.warm = _marked(rule.warm)
"""


def test_pii_rules_as_heavy_rules_follow_the_fast_publish(tmp_path: Path) -> None:
    """The real PII rules, made heavy: spaCy and presidio load in the background, the
    fast rules publish before that ends, and PII001 arrives in the second publish."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(PII_WARM)
    markers = tmp_path / "markers"
    markers.mkdir()
    workspace = tmp_path / "ws"
    (workspace / "prompts").mkdir(parents=True)
    text = (
        "<!-- version: 1.0.0 -->\nAnswer briefly. \n\n## Examples\n"
        "User: write to dana.whitfield@northbay-logistics.com about Dana Whitfield's order\n"
        "Assistant: Done.\n"
    )
    session = Session(workspace, env={"PYTHONPATH": str(shim), "SLOW_MARKERS": str(markers)})

    async def main() -> None:
        await session.start()
        try:
            uri = session.open("prompts/agent.md", text)
            first = await session.first(uri)
            warmed = markers / "pii-warm-done"
            assert not warmed.exists() or float(warmed.read_text()) > first.at, "the first publish waited for spaCy"
            assert [str(d.code) for d in first.diagnostics] == ["WS001"]
            final = await session.final(uri, timeout=180)
            assert warmed.exists()
            codes = sorted(str(d.code) for d in final)
            assert "PII001" in codes and "WS001" in codes, codes
        finally:
            await session.stop()

    asyncio.run(main())
    assert session.returncode == 0
