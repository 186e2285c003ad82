"""Time the pre-commit case with and without the warm server, and a corpus with and
without worker processes: cold processes, as a hook runs them.

Usage: python bench/server_timing.py [--runs N] [--corpus DIR] [--skip-corpus]

* pre-commit: 3 prompts whose few-shot examples hold real-looking personal data
  (fixtures/privacy, copied to a temporary folder), ``check --no-cache`` so every run
  analyses them:
  - in-process (``PROMPTLINT_NO_SERVER=1``);
  - first run with the server allowed and none running (analyses in-process, then
    starts the server in the background: it must not be slower than in-process);
  - warm server (already running, models loaded).
* corpus: every file under DIR (default ../shared/corpus/real), ``--jobs 1`` vs
  ``--jobs 2``, no cache, no server.

Wall time is the median of N runs (default 5); CPU is the client process's own
(user + system of ``check`` and its workers, not the server's). Each server run uses
its own runtime folder (``PROMPTLINT_RUNTIME_DIR``) and stops the server at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PII_PROMPTS = ("support-chat.prompty", "examples-pairs.md", "persona-agent.prompty")
DEFAULT_CORPUS = (
    Path("/work/shared/corpus/real") if Path("/work/shared").is_dir() else REPO.parent / "shared" / "corpus" / "real"
)
PROMPTLINT = [sys.executable, "-m", "promptlint"]


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _server(env: dict[str, str], *action: str) -> None:
    subprocess.run([*PROMPTLINT, "server", *action], env=env, capture_output=True, check=False, timeout=120)


def _wait_for_server(env: dict[str, str]) -> None:
    for _ in range(600):
        probe = subprocess.run([*PROMPTLINT, "server", "status"], env=env, capture_output=True, check=False)
        if probe.returncode == 0:
            return
        time.sleep(0.1)


def _row(name: str, samples: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in samples]
    cpus = [c for _, c in samples]
    return f"| {name} | {statistics.median(walls):.2f} s | {min(walls):.2f} s | {statistics.median(cpus):.2f} s |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args(argv)
    base_env = {**os.environ, "NO_COLOR": "1"}
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    base_env.pop("CI", None)
    rows = ["| scenario | median wall | min wall | median CPU (client) |", "| --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory(prefix="pl-bench-") as tmp:
        work = Path(tmp) / "repo"
        work.mkdir()
        for name in PII_PROMPTS:
            shutil.copy(REPO / "fixtures" / "privacy" / name, work / name)
        runtime = Path(tempfile.mkdtemp(prefix="plrt-", dir="/tmp"))
        server_env = {**base_env, "PROMPTLINT_RUNTIME_DIR": str(runtime)}
        server_env.pop("PROMPTLINT_NO_SERVER", None)
        local_env = {**base_env, "PROMPTLINT_NO_SERVER": "1"}
        cmd = [*PROMPTLINT, "check", "--no-cache", *PII_PROMPTS]
        _run(cmd, work, local_env)  # bytecode compiled, files in the page cache
        try:
            rows.append(
                _row("pre-commit, in-process (no server)", [_run(cmd, work, local_env) for _ in range(args.runs)])
            )
            first = []
            for _ in range(args.runs):
                _server(server_env, "stop")
                time.sleep(0.3)
                first.append(_run(cmd, work, server_env))
                _wait_for_server(server_env)  # the one it started, warm, before the next sample
            rows.append(_row("pre-commit, server allowed, none running (first run)", first))
            _wait_for_server(server_env)
            _run(cmd, work, server_env)
            rows.append(_row("pre-commit, warm server", [_run(cmd, work, server_env) for _ in range(args.runs)]))
        finally:
            _server(server_env, "stop")
            shutil.rmtree(runtime, ignore_errors=True)
    if not args.skip_corpus and args.corpus.is_dir():
        files = sorted(str(p) for p in args.corpus.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv")
        for jobs in ("1", "2"):
            corpus_cmd = [*PROMPTLINT, "check", "--no-cache", "--jobs", jobs, "--format", "json", *files]
            samples = [
                _run(corpus_cmd, args.corpus, {**base_env, "PROMPTLINT_NO_SERVER": "1"}) for _ in range(args.runs)
            ]
            rows.append(_row(f"corpus ({len(files)} files), --jobs {jobs}", samples))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
