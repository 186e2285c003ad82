"""`promptlint check` opens no network connection and, on the default rules, imports
neither presidio, spaCy nor litellm (they are heavy, and litellm goes online on import),
nor the language server's pygls/lsprotocol. `promptlint lsp` opens no connection either."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

GUARD = """
import socket, sys

def _blocked(*args, **kwargs):
    sys.stderr.write("NETWORK ATTEMPT: %r\\n" % (args[1:] if len(args) > 1 else args,))
    raise OSError("network disabled by test")

socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked
"""

PROBE = """
import json, sys
from promptlint.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'presidio_analyzer', 'spacy', 'litellm', 'torch', 'transformers', 'pygls', 'lsprotocol'})
sys.stderr.write('HEAVY=' + json.dumps(heavy) + '\\n')
sys.exit(code)
"""


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD)
    env = {**os.environ, "PYTHONPATH": str(guard), "NO_COLOR": "1"}
    env.pop("TIKTOKEN_CACHE_DIR", None)
    return subprocess.run([sys.executable, "-c", PROBE, *args], cwd=REPO, capture_output=True, text=True, env=env)


def test_check_on_fixtures_is_offline(tmp_path: Path) -> None:
    """All rules, PII included (presidio, spaCy, tldextract): no connection, no litellm."""
    result = _run(tmp_path, "check", "fixtures", "--format", "json", "--no-cache")
    assert "NETWORK ATTEMPT" not in result.stderr
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    tok = [d for d in payload["diagnostics"] if d["code"] == "TOK001"]
    assert tok and "o200k_base" in tok[0]["message"]  # counted with the real tokenizer, offline
    assert any(d["code"] == "PII001" for d in payload["diagnostics"])
    assert '"litellm"' not in result.stderr.split("HEAVY=")[1]


def test_guard_really_blocks(tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD)
    env = {**os.environ, "PYTHONPATH": str(guard)}
    probe = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9))\nexcept OSError as e:\n    print(e)\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert "network disabled by test" in result.stdout


def test_file_without_examples_imports_nothing_heavy(tmp_path: Path) -> None:
    prompt = tmp_path / "p.prompty"
    prompt.write_text(
        "---\nversion: 1.0.0\nmodel: {id: claude-sonnet-4-6}\n---\nsystem:\nBe brief. Examples use jane@example.com "
        "and 555-0100; write to support@northbay.com.\nuser:\n{{q}}\n"
    )
    result = _run(tmp_path, "check", str(prompt), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HEAVY=[]" in result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr


LSP_GUARD = """
import atexit, os, socket, sys

_REPORT = os.environ["PROMPTLINT_GUARD_REPORT"]

def _note(line):
    with open(_REPORT, "a", encoding="utf-8") as handle:
        handle.write(line + "\\n")

def _blocked(*args, **kwargs):
    _note("NETWORK ATTEMPT: %r" % (args[1:] if len(args) > 1 else args,))
    raise OSError("network disabled by test")

socket.socket.connect = _blocked
socket.socket.connect_ex = _blocked
socket.create_connection = _blocked
socket.getaddrinfo = _blocked

@atexit.register
def _modules():
    loaded = {m.split('.')[0] for m in sys.modules}
    _note("HEAVY=" + ",".join(sorted(loaded & {'presidio_analyzer', 'spacy', 'litellm'})))
    _note("EVAL=" + ",".join(sorted(m for m in sys.modules if m.startswith('promptlint.eval'))))
"""


def test_language_server_is_offline_and_agrees_with_check(tmp_path: Path) -> None:
    """`promptlint lsp` with the network unavailable: no connection attempt, no litellm,
    no eval stage — and the same findings as `check` (PII through presidio and spaCy,
    tokens through the bundled tokenizer)."""
    import asyncio
    import shutil

    from .lspclient import Session, summary

    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(LSP_GUARD)
    report = tmp_path / "report.txt"
    root = tmp_path / "repo"
    shutil.copytree(REPO / "fixtures" / "prompts", root / "fixtures" / "prompts")
    shutil.copy(REPO / "fixtures" / "promptlint.toml", root / "fixtures" / "promptlint.toml")
    names = ["fixtures/prompts/order-status.prompty", "fixtures/prompts/long-context.j2"]
    env = {"PYTHONPATH": str(guard), "PROMPTLINT_GUARD_REPORT": str(report)}
    session = Session(root, env=env)
    found: dict[str, list[tuple[str, int, int, int, int]]] = {}

    async def main() -> None:
        await session.start()
        try:
            for name in names:
                uri = session.open(name, (root / name).read_text(encoding="utf-8"))
                found[name] = summary(await session.final(uri, timeout=180))
        finally:
            await session.stop()

    asyncio.run(main())
    assert session.returncode == 0
    lines = report.read_text().splitlines()
    assert not [line for line in lines if line.startswith("NETWORK ATTEMPT")], lines
    heavy = next(line for line in lines if line.startswith("HEAVY=")).removeprefix("HEAVY=").split(",")
    assert "litellm" not in heavy and "presidio_analyzer" in heavy  # PII really ran, offline
    assert "EVAL=" in lines  # the eval stage was never imported

    (tmp_path / "cli-guard").mkdir()
    (tmp_path / "cli-guard" / "sitecustomize.py").write_text(GUARD)
    check = subprocess.run(
        [sys.executable, "-c", PROBE, "check", *names, "--format", "json", "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "cli-guard"), "NO_COLOR": "1"},
    )
    assert "NETWORK ATTEMPT" not in check.stderr
    payload = json.loads(check.stdout)
    expected: dict[str, list[tuple[str, int, int, int, int]]] = {name: [] for name in names}
    for d in payload["diagnostics"]:
        r = d["range"]
        expected[d["path"]].append(
            (d["code"], r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
        )
    assert found == {name: sorted(v) for name, v in expected.items()}
    assert any(code == "PII001" for code, *_ in found[names[0]])
    assert any(code == "TOK001" for code, *_ in found[names[1]])
