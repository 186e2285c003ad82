"""`promptlint check` opens no network connection and, on the default rules, imports
neither presidio, spaCy nor litellm (they are heavy, and litellm goes online on import)."""

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
heavy = sorted({m.split('.')[0] for m in sys.modules} & {'presidio_analyzer', 'spacy', 'litellm', 'torch', 'transformers'})
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
        "---\nversion: 1.0.0\nmodel: {id: gpt-4o}\n---\nsystem:\nBe brief. Examples use jane@example.com "
        "and 555-0100; write to support@northbay.com.\nuser:\n{{q}}\n"
    )
    result = _run(tmp_path, "check", str(prompt), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HEAVY=[]" in result.stderr
    assert "NETWORK ATTEMPT" not in result.stderr
