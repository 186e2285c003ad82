"""Interrupted runs lose nothing: Ctrl-C (SIGINT), SIGTERM or SIGKILL during `check --fix`
or a baseline write leaves every prompt either as it was or fully fixed, every cache
entry and baseline either absent or whole — never half a file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

ORIGINAL = "# version: 1.0.0\n" + "".join(f"Line {i} has trailing blanks.   \n" for i in range(400))
FIXED = ORIGINAL.replace("   \n", "\n")


def _start(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "promptlint", "check", *args],
        cwd=root,
        # As from a terminal: a test run started in the background (`cmd &` in a script)
        # inherits SIGINT ignored, and Python then never raises KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["int", "term", "kill"])
def test_interrupted_fix_leaves_whole_files(tmp_path: Path, sig: signal.Signals) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for i in range(150):
        (prompts / f"p{i:03}.txt").write_text(ORIGINAL)
    process = _start(tmp_path, "--fix", "--select", "WS001", "prompts")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and all(p.read_text() == ORIGINAL for p in prompts.glob("*.txt")):
        time.sleep(0.01)  # wait until the first files are fixed, then interrupt mid-run
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    states = {p.read_text() for p in prompts.glob("*.txt")}
    assert states <= {ORIGINAL, FIXED}, "a prompt was left half-written"
    assert b"Traceback" not in err
    if sig != signal.SIGKILL:
        assert process.returncode == 2 and not list(prompts.glob(".*.tmp"))  # "promptlint: interrupted"
    for entry in (tmp_path / ".promptlint_cache").rglob("*.json"):
        json.loads(entry.read_text())  # every cache entry that exists is whole


def test_interrupted_baseline_write_keeps_the_old_baseline(tmp_path: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for i in range(150):
        (prompts / f"p{i:03}.txt").write_text(ORIGINAL)
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"version": 2, "findings": {}, "tool": {"name": "promptlint"}}\n')
    old = baseline.read_text()
    process = _start(tmp_path, "--no-cache", "--write-baseline", "baseline.json", "prompts")
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    text = baseline.read_text()
    assert text == old or json.loads(text)["version"] == 2  # the old baseline or a whole new one
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".baseline.json.")]
    assert os.access(baseline, os.R_OK)
