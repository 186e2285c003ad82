"""Time `promptlint check` as users run it: a cold process each time.

Usage: python bench/check_timing.py [--runs N] [--corpus ../shared/corpus/real]

Measures, with the median and minimum of N runs (default 7):

* the pre-commit case: 3 typical prompt files in a git repository with history, so the
  diff-aware rules (VER002, TOK002) read the base revision as they do in a hook;
* the whole shared corpus (284 files, every rule selected), without and with the cache;
* `python -c pass` and `promptlint --version`, the floor any command pays.

Bytecode is written and used (``PYTHONDONTWRITEBYTECODE`` is unset for the runs), as
it is for an installed package.

The corpus case is skipped when ../shared/corpus/real is absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
PRE_COMMIT_FILES = ("support-agent.prompty", "refund-policy.prompty", "summarize.prompt")


def _time(cmd: list[str], cwd: Path, runs: int, env: dict[str, str]) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), min(samples)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    promptlint = [sys.executable, "-m", "promptlint"]
    env = {**os.environ, "NO_COLOR": "1"}
    # An installed wheel has compiled bytecode; an editable checkout gets it on first run,
    # unless PYTHONDONTWRITEBYTECODE is set (as on some CI machines): measure the former.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([*promptlint, "rule"], env=env, capture_output=True, check=False)
    rows: list[tuple[str, float, float]] = []

    rows.append(("python -c pass", *_time([sys.executable, "-c", "pass"], REPO, args.runs, env)))
    rows.append(("promptlint --version", *_time([*promptlint, "--version"], REPO, args.runs, env)))

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        git_env = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b",
                   "GIT_COMMITTER_EMAIL": "b@example.com"}  # fmt: skip
        os.environ.update(git_env)
        _git(repo, "init", "-q")
        for name in PRE_COMMIT_FILES:
            shutil.copy(REPO / "fixtures" / "prompts" / name, repo / name)
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "base")
        for name in PRE_COMMIT_FILES:  # an edit, as in a real commit
            with (repo / name).open("a", encoding="utf-8") as handle:
                handle.write("Keep answers short.\n")
        cmd = [*promptlint, "check", *PRE_COMMIT_FILES, "--no-cache"]
        rows.append(("pre-commit case: 3 files, cold, no cache", *_time(cmd, repo, args.runs, env)))
        cmd = [*promptlint, "check", *PRE_COMMIT_FILES]
        _time(cmd, repo, 1, env)
        rows.append(("pre-commit case: 3 files, warm cache", *_time(cmd, repo, args.runs, env)))

    if (args.corpus / "MANIFEST.tsv").is_file():
        files = sorted(
            str(p.relative_to(args.corpus)) for p in args.corpus.rglob("*") if p.is_file() and p.parent != args.corpus
        )
        with tempfile.TemporaryDirectory() as cache_root:
            # Run from a scratch folder so the cache never lands in the shared corpus.
            copy = Path(cache_root) / "corpus"
            shutil.copytree(args.corpus, copy)
            cmd = [*promptlint, "check", "--select", "ALL", "--no-cache", *files]
            rows.append((f"corpus: {len(files)} files, no cache", *_time(cmd, copy, args.runs, env)))
            cmd = [*promptlint, "check", "--select", "ALL", *files]
            _time(cmd, copy, 1, env)
            rows.append((f"corpus: {len(files)} files, warm cache", *_time(cmd, copy, args.runs, env)))
    else:
        print(f"(corpus not found at {args.corpus}: corpus rows skipped)")

    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'median':>8}  {'min':>8}   ({args.runs} runs, {os.cpu_count()} cpus)")
    for name, median, best in rows:
        print(f"{name:<{width}}  {median * 1000:>6.0f}ms  {best * 1000:>6.0f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
