"""The warm server (promptlint.server): private socket, replaced when stale, never in
the way (a dead, slow or missing server means in-process analysis with the same
findings), and the same JSON as a single-process run. Servers here are real processes,
each test with its own runtime folder; none outlives its test."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from promptlint import __version__
from promptlint.server import client, runtime

from .conftest import FIXTURES

fcntl = pytest.importorskip("fcntl", reason="the server is Unix-only (Windows analyses in-process)")

PROMPT = (
    "# version: 1.0.0\nAnswer politely.   \n\nExamples:\n"
    "User: I'm Odile Brakenridge, odile.brakenridge@gmail.com.\nAssistant: Hello Odile.\n"
)
# A server started from this script skips the model load unless told otherwise, and can
# be given a fault (the test's), so the tests need not wait seconds for spaCy each time.
SERVER_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    import promptlint
    from promptlint.server import daemon
    fault = os.environ.get("TEST_SERVER_FAULT", "")
    if fault == "old-version":
        promptlint.__version__ = "0.0.0-old"
    if fault == "other-environment":
        from promptlint import environment
        environment.signature = lambda: "spacy=0.0.0-elsewhere"
    if fault == "crash":
        daemon.Daemon._lint = lambda self, message: os._exit(3)
    if fault == "hang":
        def hang(self, message):
            time.sleep(600)
        daemon.Daemon._lint = hang
    if os.environ.get("TEST_SERVER_WARM") != "1":
        daemon._warm = lambda: None
    sys.exit(daemon.serve(60))
    """
)


def _lock_pids(folder: Path) -> list[int]:
    """The servers running in ``folder``: the pid in each lock that is held right now
    (a free lock's pid is history, perhaps someone else's by now)."""
    pids = []
    for lock in folder.glob("*.lock"):
        with contextlib.suppress(OSError, ValueError), lock.open("r") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pids.append(int(handle.read().strip() or 0))
            else:
                fcntl.flock(handle, fcntl.LOCK_UN)
    return [p for p in pids if p > 0]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # our own child, now reaped
            return False
    return True


def _wait(predicate, seconds: float = 90.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder for this test (short: socket paths are limited), the
    server allowed; every server started in it is stopped at the end."""
    folder = Path(tempfile.mkdtemp(prefix="plrt-", dir="/tmp"))
    monkeypatch.setenv("PROMPTLINT_RUNTIME_DIR", str(folder))
    monkeypatch.delenv("PROMPTLINT_NO_SERVER", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PROMPTLINT_SERVER_IDLE_TIMEOUT", "120")
    yield folder
    # A run that fell back in-process may have just started a server: give it the time
    # to take its lock (and write its pid), then stop every one.
    deadline = time.monotonic() + 3
    while True:
        client.stop()
        for pid in _lock_pids(folder):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            if not _wait(lambda pid=pid: not _alive(pid), 20):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    shutil.rmtree(folder, ignore_errors=True)


def start_server(fault: str = "", warm: bool = False) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TEST_SERVER_FAULT": fault, "TEST_SERVER_WARM": "1" if warm else "0"}
    process = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT], env=env, start_new_session=True)
    assert _wait(lambda: client.status() is not None or process.poll() is not None), "server did not start"
    assert process.poll() is None, f"server exited with {process.returncode}"
    return process


def check(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`promptlint check` as the hook runs it: its own process."""
    return subprocess.run(
        [sys.executable, "-m", "promptlint", "check", "--format", "json", *args],
        cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "a.prompt").write_text(PROMPT)
    (tmp_path / "b.prompt").write_text("# version: 1.0.0\nSummarise the ticket in two sentences.\n")
    return tmp_path


_EXPECTED: dict[tuple[str, ...], dict] = {}


def _in_process(cwd: Path, *args: str) -> dict:
    """What a single process without a server reports for the `project` files (the
    same in every test: paths are shown relative to the project)."""
    if args not in _EXPECTED:
        result = check(cwd, "--no-cache", *args, PROMPTLINT_NO_SERVER="1")
        assert result.returncode == 1, result.stderr
        _EXPECTED[args] = json.loads(result.stdout)
        assert {d["code"] for d in _EXPECTED[args]["diagnostics"]} >= {"PII001", "WS001"}
    return _EXPECTED[args]


# ------------------------------------------------------------------ privacy of the socket


def test_the_folder_is_0700_and_the_socket_0600(runtime_dir: Path) -> None:
    start_server()
    sock = runtime.socket_path(create=False)
    assert sock is not None and sock.parent == runtime_dir
    folder, entry = runtime_dir.stat(), sock.stat()
    assert stat.S_IMODE(folder.st_mode) == 0o700 and folder.st_uid == os.getuid()
    assert stat.S_ISSOCK(entry.st_mode) and stat.S_IMODE(entry.st_mode) == 0o600 and entry.st_uid == os.getuid()


def test_a_folder_others_can_enter_is_never_used(runtime_dir: Path, project: Path) -> None:
    runtime_dir.chmod(0o755)
    assert runtime.socket_path() is None
    refused = subprocess.run(
        [sys.executable, "-m", "promptlint", "server", "run"], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and "mode 0700" in refused.stderr
    # check does not care: it analyses in-process, with the same findings
    assert json.loads(check(project, "--no-cache").stdout) == _in_process(project)


def test_peer_credentials_are_those_of_the_connecting_process() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        if not hasattr(socket, "SO_PEERCRED"):
            assert runtime.peer_uid(left) is None and runtime.peer_allowed(left)
            return
        assert runtime.peer_uid(left) == os.getuid()
        assert runtime.peer_allowed(left)


def test_a_peer_of_another_user_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        me = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: me + 1)  # as if the peer were someone else
        assert runtime.peer_allowed(left) is (not hasattr(socket, "SO_PEERCRED"))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to act as another user")
def test_another_user_cannot_reach_the_server_or_pass_the_credential_check(runtime_dir: Path, tmp_path: Path) -> None:
    start_server()
    sock = runtime.socket_path(create=False)
    probe = "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\nprint('connected')\n"
    nobody = 65534
    blocked = subprocess.run([sys.executable, "-c", probe, str(sock)], user=nobody, capture_output=True, text=True)
    assert blocked.returncode != 0 and "Permission denied" in blocked.stderr  # the 0700 folder
    # And where the folder does let them in, the credential check still refuses them.
    open_dir = Path(tempfile.mkdtemp(prefix="plpeer-", dir="/tmp"))
    open_dir.chmod(0o755)
    listener = socket.socket(socket.AF_UNIX)
    address = str(open_dir / "s.sock")
    listener.bind(address)
    Path(address).chmod(0o666)
    listener.listen(1)
    listener.settimeout(30)
    other = subprocess.Popen([sys.executable, "-c", probe + "s.recv(1)\n", address], user=nobody)
    try:
        conn, _ = listener.accept()
        with conn:
            assert runtime.peer_uid(conn) == nobody
            assert not runtime.peer_allowed(conn)
    finally:
        other.kill()
        other.wait()
        listener.close()
        shutil.rmtree(open_dir, ignore_errors=True)


# ------------------------------------------------------------------ staleness and failures


def test_a_server_of_another_version_is_replaced(runtime_dir: Path, project: Path) -> None:
    old = start_server("old-version")
    assert client.status()["version"] == "0.0.0-old"
    result = check(project, "--no-cache")
    assert json.loads(result.stdout) == _in_process(project)
    assert old.wait(30) == 0  # it said "stale" and left
    # The run that had to load the models started a current server for the next one.
    assert _wait(lambda: (client.status() or {}).get("version") == __version__)


def test_a_server_with_another_analysis_environment_is_replaced(runtime_dir: Path, project: Path) -> None:
    old = start_server("other-environment")
    result = check(project, "--no-cache")
    assert json.loads(result.stdout) == _in_process(project)
    assert old.wait(30) == 0  # config signatures differ: stale


def test_a_server_killed_mid_request_costs_nothing(runtime_dir: Path, project: Path) -> None:
    crashing = start_server("crash")
    result = check(project, "--no-cache", "a.prompt", "b.prompt")
    assert result.returncode == 1
    assert json.loads(result.stdout) == _in_process(project, "a.prompt", "b.prompt")
    assert crashing.wait(30) == 3  # it died inside the request


def test_a_hung_server_times_out_and_is_stopped(runtime_dir: Path, project: Path) -> None:
    hung = start_server("hang")
    started = time.monotonic()
    result = check(project, "--no-cache", PROMPTLINT_SERVER_TIMEOUT="1")
    assert json.loads(result.stdout) == _in_process(project)
    assert time.monotonic() - started < 60
    assert hung.wait(30) == 0  # told to stop after the timeout


def test_no_server_means_in_process(runtime_dir: Path, project: Path) -> None:
    assert client.status() is None
    result = check(project, "--no-cache")
    assert json.loads(result.stdout) == _in_process(project)


def test_off_in_ci_and_by_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMPTLINT_NO_SERVER", raising=False)
    monkeypatch.delenv("PROMPTLINT_SERVER", raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert client.enabled(None) is runtime.supported()
    assert client.enabled(False) is False
    monkeypatch.setenv("CI", "true")
    assert client.enabled(None) is False
    monkeypatch.setenv("PROMPTLINT_SERVER", "1")
    assert client.enabled(None) is runtime.supported()
    monkeypatch.setenv("PROMPTLINT_NO_SERVER", "1")
    assert client.enabled(None) is False


def test_a_warm_server_answers_and_the_cli_controls_it(runtime_dir: Path, project: Path) -> None:
    start = subprocess.run(
        [sys.executable, "-m", "promptlint", "server", "start", "--idle-timeout", "120"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert start.returncode == 0 and start.stdout.startswith("running: pid "), start.stderr
    result = check(project, "--no-cache")
    assert json.loads(result.stdout) == _in_process(project)
    assert client.status()["requests"] == 1
    status = subprocess.run([sys.executable, "-m", "promptlint", "server", "status"], capture_output=True, text=True)
    assert status.returncode == 0 and "1 requests" in status.stdout
    stop = subprocess.run([sys.executable, "-m", "promptlint", "server", "stop"], capture_output=True, text=True)
    assert stop.stdout == "stopped\n"
    assert _wait(lambda: client.status() is None, 30)
    again = subprocess.run([sys.executable, "-m", "promptlint", "server", "status"], capture_output=True, text=True)
    assert again.returncode == 1 and again.stdout.startswith("not running")


def test_an_idle_server_exits(runtime_dir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT.replace("serve(60)", "serve(1)")], start_new_session=True
    )
    assert process.wait(60) == 0
    assert runtime.socket_path(create=False) is not None and not runtime.socket_path(create=False).exists()


# ------------------------------------------------------------------ same output every way


def _varied_prompts(root: Path) -> list[str]:
    """Prompts of every format with findings of every family (PII, secrets, CON001,
    versions, templates, golden sets), from the labelled fixtures."""
    for name in ("prompts", "privacy", "secrets"):
        shutil.copytree(FIXTURES / name, root / name)
    (root / "contradictions").mkdir()
    for source in sorted((FIXTURES / "contradictions").iterdir())[1:13]:  # a dozen, after the README
        shutil.copy(source, root / "contradictions" / source.name)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "README.md")


def test_parallel_cached_and_server_runs_equal_a_single_process_uncached_run(runtime_dir: Path, tmp_path: Path) -> None:
    files = _varied_prompts(tmp_path)
    assert len(files) > 40
    single = check(tmp_path, "--no-cache", "--jobs", "1", *files, PROMPTLINT_NO_SERVER="1")
    assert single.returncode == 1, single.stderr
    expected = json.loads(single.stdout)
    assert {d["code"][:3] for d in expected["diagnostics"]} >= {"PII", "SEC", "CON", "VER", "TPL"}

    parallel = check(tmp_path, "--no-cache", "--jobs", "2", *files, PROMPTLINT_NO_SERVER="1")
    assert json.loads(parallel.stdout) == expected

    first = check(tmp_path, "--jobs", "2", *files, PROMPTLINT_NO_SERVER="1")  # fills the cache (workers write)
    assert json.loads(first.stdout) == expected
    cached = check(tmp_path, "--jobs", "1", *files, PROMPTLINT_NO_SERVER="1")
    assert json.loads(cached.stdout) == expected

    start_server(warm=True)
    served = check(tmp_path, "--no-cache", "--jobs", "1", *files)
    assert json.loads(served.stdout) == expected
    assert client.status()["requests"] == 1  # the server did analyse them


# ------------------------------------------------------------------ one cache

SECRET = "sk-proj-" + "T3BlbkFJ" + "q8Zr2Lm5Vx7Nc4Wd9Ke1Hb6Yf3Pg0Sa2"  # built here: no secret in the source
PLANTED = (
    "# version: 1.0.0\nYou help with orders. Our billing key is " + SECRET + "\n\nExamples:\n"
    "User: I'm Odile Brakenridge, odile.brakenridge@gmail.com, card 4111 1111 1111 1111.\n"
    "Assistant: Thanks Odile.\n"
)


def _entries(root: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in (root / ".promptlint_cache").rglob("*.json")}


def _assert_no_raw_values(root: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in (root / ".promptlint_cache").rglob("*") if p.is_file()]
    assert texts
    for value in (SECRET, SECRET[8:], "Odile", "Brakenridge", "odile.brakenridge", "4111 1111", "4111111111111111"):
        assert not any(value in text for text in texts), value


def test_the_server_and_the_cli_share_one_cache_and_it_holds_no_value(runtime_dir: Path, tmp_path: Path) -> None:
    for index in range(45):  # enough for workers
        (tmp_path / f"p{index:02}.prompt").write_text(PLANTED.replace("orders", f"orders of shop {index}"))
    start_server(warm=True)
    served = check(tmp_path, "p00.prompt", "p01.prompt")  # the server analyses and writes the entries
    assert client.status()["requests"] == 1
    written = _entries(tmp_path)
    assert written
    local = check(tmp_path, "p00.prompt", "p01.prompt", PROMPTLINT_NO_SERVER="1")
    assert local.stdout == served.stdout
    assert _entries(tmp_path) == written  # every result was a hit: nothing rewritten
    parallel = check(tmp_path, "--jobs", "2", *(f"p{i:02}.prompt" for i in range(45)), PROMPTLINT_NO_SERVER="1")
    report = json.loads(parallel.stdout)
    assert {d["code"] for d in report["diagnostics"]} >= {"PII001", "SEC001"}
    assert report["summary"]["files"] == 45
    _assert_no_raw_values(tmp_path)
