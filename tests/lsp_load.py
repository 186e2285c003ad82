"""The language server under load: a storm of keystrokes on one document while four
others are edited too, then the final results compared with `promptlint check`.

Used by tests/test_lsp_load.py (assertions) and bench/lsp_load.py (figures). The typing
is incremental, character by character (an emoji among them, so the client's UTF-16
positions are exercised), with a backspace now and then, all sent without waiting.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types

from .lspclient import Session, summary

BASE = (
    "<!-- version: 1.0.0 -->\n"
    "# Support agent\n"
    "\n"
    "You are the support assistant for Northbay Logistics.\n"
    "Always answer in English. Keep every answer under 120 words.\n"
    "Use {{ customer_name }} when you greet the customer.\n"
    "\n"
    "## Rules\n"
    "- Never promise a delivery date.\n"
    "- Escalate refunds above 200 EUR to a human agent.\n"
)
TYPED = "Please be kind \N{GRINNING FACE} and cite the order number. "


@dataclass
class LoadResult:
    rss_opened_kb: int
    rss_before_kb: int
    rss_after_kb: int
    rss_peak_kb: int
    storm_changes: int
    other_changes: int
    send_seconds: float
    final_after_last_change_s: float
    hover_latencies_s: list[float] = field(default_factory=list)
    lsp: dict[str, list[tuple[str, int, int, int, int]]] = field(default_factory=dict)
    check: dict[str, list[tuple[str, int, int, int, int]]] = field(default_factory=dict)
    published: int = 0


def rss_kb(pid: int, field_name: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field_name} for {pid}")


def _utf16(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class Typist:
    """Types into one document incrementally, keeping the client's copy of the text."""

    def __init__(self, session: Session, uri: str, text: str) -> None:
        self.session, self.uri, self.text = session, uri, text

    def _end(self) -> types.Position:
        line = self.text.count("\n")
        return types.Position(line=line, character=_utf16(self.text.rsplit("\n", 1)[-1]))

    def type(self, char: str) -> None:
        end = self._end()
        self.session.edit(self.uri, types.Range(start=end, end=end), char)
        self.text += char

    def backspace(self) -> None:
        last = self.text[-1]
        if last == "\n":
            return
        end = self._end()
        start = types.Position(line=end.line, character=end.character - _utf16(last))
        self.session.edit(self.uri, types.Range(start=start, end=end), "")
        self.text = self.text[:-1]


async def run_load(root: Path, *, storm: int = 1000, others: int = 4, per_other: int = 150) -> LoadResult:
    from promptlint.cli import main as cli_main

    (root / "prompts").mkdir(parents=True, exist_ok=True)
    session = Session(root)
    await session.start()
    try:
        names = [f"prompts/agent{index}.md" for index in range(others + 1)]
        typists = []
        for name in names:
            uri = session.open(name, BASE)
            typists.append(Typist(session, uri, BASE))
        for typist in typists:
            await session.final(typist.uri)
        opened = rss_kb(session.pid)
        # Warm-up: one sentence typed in each document, so every model the rules load for
        # this text (spaCy for PII002) is loaded before the measurement starts.
        for typist in typists:
            for char in TYPED + "\n":
                typist.type(char)
        for typist in typists:
            await session.final(typist.uri, timeout=300)
        await asyncio.sleep(0.5)
        before = rss_kb(session.pid)
        peak = before
        warm_versions = dict(session.versions)

        started = time.monotonic()
        hover_latencies: list[float] = []
        hover_tasks = []
        storm_typist, other_typists = typists[0], typists[1:]
        for index in range(storm):
            char = TYPED[index % len(TYPED)]
            storm_typist.type("\n" if index % 70 == 69 else char)
            if index % 45 == 44:
                storm_typist.backspace()
            if index % (storm // per_other if per_other else storm + 1) == 0:
                for typist in other_typists:
                    typist.type(TYPED[(index // 7) % len(TYPED)])
            if index % 100 == 50:
                # Requests in the middle of the storm: on the storm document and a busy other one.
                hover_tasks.append(asyncio.create_task(_timed_hover(session, storm_typist.uri, 3, 5)))
                hover_tasks.append(asyncio.create_task(_timed_hover(session, other_typists[0].uri, 4, 3)))
                await asyncio.sleep(0)
            if index % 10 == 0:
                await asyncio.sleep(0)  # let the client's writer flush, as an editor's event loop would
        sent = time.monotonic()
        for task in hover_tasks:
            hover_latencies.append(await task)
        for typist in typists:
            await session.final(typist.uri, timeout=300)
            peak = max(peak, rss_kb(session.pid, "VmHWM"))
        done = time.monotonic()
        await asyncio.sleep(0.5)
        after = rss_kb(session.pid)
        lsp = {name: summary(await session.final(t.uri)) for name, t in zip(names, typists, strict=True)}
        storm_changes = session.versions[storm_typist.uri] - warm_versions[storm_typist.uri]
        other_changes = sum(session.versions[t.uri] - warm_versions[t.uri] for t in other_typists)
        published = len(session.published)
    finally:
        await session.stop()

    # The final texts, on disk, through `promptlint check`.
    for name, typist in zip(names, typists, strict=True):
        (root / name).write_text(typist.text, encoding="utf-8")
    import contextlib
    import io
    import os

    out = io.StringIO()
    cwd = Path.cwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            cli_main(["check", *names, "--format", "json", "--no-cache"], stdout=out, stderr=io.StringIO())
    finally:
        os.chdir(cwd)
    check: dict[str, list[tuple[str, int, int, int, int]]] = {name: [] for name in names}
    for d in json.loads(out.getvalue())["diagnostics"]:
        r = d["range"]
        check[d["path"]].append(
            (d["code"], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
        )
    return LoadResult(
        rss_opened_kb=opened,
        rss_before_kb=before,
        rss_after_kb=after,
        rss_peak_kb=peak,
        storm_changes=storm_changes,
        other_changes=other_changes,
        send_seconds=sent - started,
        final_after_last_change_s=done - sent,
        hover_latencies_s=hover_latencies,
        lsp=lsp,
        check={name: sorted(found) for name, found in check.items()},
        published=published,
    )


async def _timed_hover(session: Session, uri: str, line: int, character: int) -> float:
    started = time.monotonic()
    await session.client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    return time.monotonic() - started
