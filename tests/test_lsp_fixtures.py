"""For every fixture prompt, the language server and `promptlint check --format json` agree:
the same codes, ranges, severities and (masked) messages, file by file.

Both run on a copy of the fixtures (no cache shared between them: `check` runs with
`--no-cache`, the server in its own workspace), so each computes its own answer.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from lsprotocol import types

from promptlint.config import ConfigResolver
from promptlint.discovery import discover

from .conftest import FIXTURES, run_cli
from .lspclient import Session

pytestmark = pytest.mark.e2e

_SEVERITY = {
    types.DiagnosticSeverity.Error: "error",
    types.DiagnosticSeverity.Warning: "warning",
    types.DiagnosticSeverity.Information: "info",
}
LABELLED = ("privacy", "privacy-holdout", "contradictions", "contradictions-holdout")


def _key(code: str, rng: dict, severity: str, message: str) -> tuple:  # type: ignore[type-arg]
    return (code, rng["start"]["line"], rng["start"]["character"], rng["end"]["line"], rng["end"]["character"],
            severity, message)  # fmt: skip


def _check(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Path], dict[str, list[tuple]]]:  # type: ignore[type-arg]
    monkeypatch.chdir(root)
    files = discover([root], ConfigResolver(root=root)).files
    result = run_cli("check", ".", "--format", "json", "--no-cache")
    assert result.code in (0, 1), result.err
    by_path: dict[str, list[tuple]] = defaultdict(list)  # type: ignore[type-arg]
    for d in json.loads(result.out)["diagnostics"]:
        by_path[d["path"]].append(_key(d["code"], d["range"], d["severity"], d["message"]))
    return files, by_path


def _lsp(root: Path, files: list[Path]) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    session = Session(root)
    out: dict[str, list[tuple]] = {}  # type: ignore[type-arg]

    async def main() -> None:
        await session.start()
        try:
            uris = {}
            for path in files:
                rel = path.relative_to(root).as_posix()
                uris[rel] = session.open(rel, _as_an_editor_reads(path.read_bytes()))
            for rel, uri in uris.items():
                found = await session.final(uri, timeout=180)
                out[rel] = [
                    _key(
                        str(d.code),
                        {
                            "start": {"line": d.range.start.line, "character": d.range.start.character},
                            "end": {"line": d.range.end.line, "character": d.range.end.character},
                        },
                        _SEVERITY[d.severity],
                        d.message,
                    )
                    for d in found
                ]
        finally:
            await session.stop()

    asyncio.run(main())
    return out


def _as_an_editor_reads(data: bytes) -> str:
    """Editors fall back to Latin-1 for a file that is not UTF-8 (Neovim's `fileencodings`)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _compare(files: list[Path], root: Path, check: dict, lsp: dict) -> None:  # type: ignore[type-arg]
    assert files
    mismatches = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        if sorted(check.get(rel, [])) != sorted(lsp[rel]):
            mismatches[rel] = (sorted(check.get(rel, [])), sorted(lsp[rel]))
    assert not mismatches, mismatches
    assert set(check) <= {p.relative_to(root).as_posix() for p in files}


def test_bundled_fixtures_agree_with_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES, root / "fixtures", ignore=shutil.ignore_patterns(".promptlint_cache"))
    files, check = _check(root, monkeypatch)
    assert len(files) >= 10 and sum(len(v) for v in check.values()) >= 15
    _compare(files, root, check, _lsp(root, files))


def test_labelled_fixture_sets_agree_with_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The privacy and contradiction sets (PII, secrets, CON001's related locations)."""
    root = tmp_path / "ws"
    for name in LABELLED:
        shutil.copytree(FIXTURES / name, root / "prompts" / name)
    files, check = _check(root, monkeypatch)
    codes = {key[0] for found in check.values() for key in found}
    assert {"PII001", "SEC001", "CON001"} <= codes, codes
    _compare(files, root, check, _lsp(root, files))
