"""Time the privacy rules against presidio's defaults, on the same files, in one run.

Usage: python bench/privacy_timing.py [--runs N] [--corpus ../shared/corpus/real]

Every row is a cold process (imports, model loading and all), median and minimum of N
runs (default 5):

* the pre-commit case: 3 prompt files with few-shot examples (fixtures/privacy), as
  `promptlint check` with every default rule — without the cache, then with the block
  cache warm after an edit outside the examples (what a second commit attempt costs);
* `bench/presidio_defaults.py` on the same 3 files;
* the whole shared corpus (284 files) both ways.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from check_timing import DEFAULT_CORPUS, REPO, _time

FILES = ("support-chat.prompty", "refunds.prompt", "triage.yaml")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    promptlint = [sys.executable, "-m", "promptlint", "check"]
    presidio = [sys.executable, str(REPO / "bench" / "presidio_defaults.py")]
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in FILES:
            shutil.copy(REPO / "fixtures" / "privacy" / name, work / name)
        subprocess.run([*promptlint, *FILES], cwd=work, env=env, capture_output=True, check=False)  # bytecode
        rows.append(
            (
                "pre-commit, 3 files: promptlint, no cache",
                *_time([*promptlint, "--no-cache", *FILES], work, args.runs, env),
            )
        )
        # Warm the block cache, then edit outside the examples before every timed run.
        subprocess.run([*promptlint, *FILES], cwd=work, env=env, capture_output=True, check=False)
        samples = []
        for index in range(args.runs):
            target = work / FILES[0]
            target.write_text(target.read_text(encoding="utf-8").replace("Be warm", "Be warm") + f"\n# edit {index}\n")
            samples.append(_time([*promptlint, *FILES], work, 1, env))
        rows.append(
            (
                "pre-commit, 3 files: promptlint, blocks cached",
                sorted(s[0] for s in samples)[len(samples) // 2],
                min(s[1] for s in samples),
            )
        )
        rows.append(("pre-commit, 3 files: presidio defaults", *_time([*presidio, *FILES], work, args.runs, env)))
    if (args.corpus / "MANIFEST.tsv").is_file():
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "corpus"
            shutil.copytree(args.corpus, copy)
            files = sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file() and p.parent != copy)
            rows.append(
                (
                    f"corpus, {len(files)} files: promptlint, no cache",
                    *_time([*promptlint, "--no-cache", *files], copy, args.runs, env),
                )
            )
            rows.append(
                (f"corpus, {len(files)} files: presidio defaults", *_time([*presidio, *files], copy, args.runs, env))
            )
    else:
        print(f"(corpus not found at {args.corpus}: corpus rows skipped)")
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  {'median':>8}  {'min':>8}   ({args.runs} runs, {os.cpu_count()} cpus)")
    for name, median, best in rows:
        print(f"{name:<{width}}  {median * 1000:>6.0f}ms  {best * 1000:>6.0f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
