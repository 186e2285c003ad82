"""Every scenario of issue 13 in one run, on the same files, against presidio's defaults.

Usage: python bench/perf.py [--runs 3] [--quick] [--with-server] [--only a,b,...]
                            [--generated 10000] [--corpus DIR]

Scenarios (each row a cold process, as a hook or a CI job starts one):

a. pre-commit: 3 prompt files with few-shot examples holding real-looking personal data
   (`fixtures/privacy`), staged after an edit in a temporary git repository with history,
   run as the shipped hook runs (`promptlint check --only-matching FILE...`, see
   `.pre-commit-hooks.yaml`), cache emptied before every run;
b. the same after an edit to the instructions only (outside the examples), cache warm;
c. 3 prompt files without few-shot content (`fixtures/prompts`): also checked, in a
   process of its own with ``-X importtime``, that no model library is imported;
d. the shared corpus (284 files, default rules), cache emptied before every run;
e. the same with the cache warm;
f. N generated prompt files (`generate_prompts.py`, seed 13), one run: peak RSS, files/s.

The reference is `presidio_defaults.py` (AnalyzerEngine with the installed spaCy
pipeline over whole files) on the same files in the same run; (b) is compared with the
reference of (a), (e) with that of (d); (f) has no reference row (presidio would take
~20 minutes) and its target is absolute.

Every measured command runs as the only child of a small wrapper process, so its CPU
time (user + system, with its own children such as git) and its peak RSS
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``) belong to that run alone. Figures are medians
of ``--runs`` runs (``--quick``: one). ``PROMPTLINT_NO_SERVER=1`` is set for every run
unless ``--with-server`` is given (then a warm analysis server may be used, where the
installed promptlint has one). Skipped with a message (exit 0) when the shared corpus
is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from generate_prompts import generate  # noqa: E402

WITH_EXAMPLES = {
    # file: (an instruction sentence, outside every example, that scenario b edits)
    "support-chat.prompty": "Never promise a refund above $200.",
    "refunds.prompt": "never approve those.",
    "triage.yaml": "Answer with one of: verified, needs-review, rejected.",
}
WITHOUT_EXAMPLES = ("support-agent.prompty", "refund-policy.prompty", "summarize.prompt")
MODEL_MODULES = ("spacy", "presidio_analyzer", "thinc", "torch", "transformers", "litellm")
TARGETS = {"a": ("ratio", 0.8), "b": ("ratio", 0.15), "c": ("wall", 0.25), "d": ("ratio", 0.15), "e": ("ratio", 0.05)}
RSS_TARGET_MB = 600

# The wrapper: runs one command, then reports the command's own wall, CPU and peak RSS.
WRAPPER = r"""
import json, resource, subprocess, sys, time
spec = json.loads(sys.stdin.read())
start = time.perf_counter()
done = subprocess.run(spec["cmd"], cwd=spec["cwd"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
                  "rc": done.returncode, "stderr": done.stderr.decode(errors="replace")[-400:]}))
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float


def find_corpus() -> Path:
    """``../shared/corpus/real`` from the checkout or from any folder above it (worktrees)."""
    for folder in REPO.parents:
        if (folder / "shared" / "corpus" / "real" / "MANIFEST.tsv").is_file():
            return folder / "shared" / "corpus" / "real"
    return REPO.parent / "shared" / "corpus" / "real"


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> Sample:
    spec = json.dumps({"cmd": cmd, "cwd": str(cwd)})
    # The spec goes through stdin: 10,000 paths exceed the kernel's limit for one argument.
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER], input=spec, env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout)
    if result["rc"] not in (0, 1):  # 1: findings reported, which these inputs have
        raise SystemExit(f"{' '.join(cmd[:4])}… exited {result['rc']}: {result['stderr']}")
    return Sample(result["wall"], result["cpu"], result["rss_kb"] / 1024)


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        statistics.median(s.rss_mb for s in samples),
    )


def empty_cache(folder: Path) -> None:
    for cache in folder.rglob(".promptlint_cache"):
        shutil.rmtree(cache, ignore_errors=True)


GIT_ENV = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@example.com"}  # fmt: skip


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def promptlint_cmd() -> list[str]:
    script = Path(sys.executable).parent / "promptlint"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "promptlint"]


def imported_models(cmd: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """Model libraries a run imports, from ``-X importtime`` (top-level package names)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "promptlint", *cmd], cwd=cwd, env=env, capture_output=True, text=True
    )
    names = set()
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return sorted(n for n in MODEL_MODULES if n in names)


def staged_repo(root: Path) -> Path:
    """A git repository with a base commit of the example files, then an edit, staged."""
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name in WITH_EXAMPLES:
        shutil.copy(REPO / "fixtures" / "privacy" / name, repo / name)
    for name in WITHOUT_EXAMPLES:
        shutil.copy(REPO / "fixtures" / "prompts" / name, repo / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    for name in [*WITH_EXAMPLES, *WITHOUT_EXAMPLES]:
        with (repo / name).open("a", encoding="utf-8") as handle:
            handle.write("\n")
    git(repo, "add", "-A")
    return repo


def edit_instructions(repo: Path, revision: int) -> None:
    for name, sentence in WITH_EXAMPLES.items():
        path = repo / name
        text = path.read_text(encoding="utf-8")
        marker = f" Revision {revision - 1}." if revision > 1 else ""
        path.write_text(text.replace(sentence + marker, f"{sentence} Revision {revision}.", 1), encoding="utf-8")
    git(repo, "add", "-A")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run per row")
    parser.add_argument("--with-server", action="store_true", help="do not set PROMPTLINT_NO_SERVER=1")
    parser.add_argument("--only", default="abcdef", help="scenarios to run, e.g. 'abc'")
    parser.add_argument("--generated", type=int, default=10_000, help="files in scenario f")
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args(argv)
    corpus = args.corpus or find_corpus()
    if not (corpus / "MANIFEST.tsv").is_file():
        print(f"perf.py: the shared corpus is not at {corpus}; nothing measured (pass --corpus DIR)")
        return 0
    runs = 1 if args.quick else args.runs
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with bytecode, as an installed package runs
    if not args.with_server:
        env["PROMPTLINT_NO_SERVER"] = "1"
    lint = promptlint_cmd()
    reference = [sys.executable, str(REPO / "bench" / "presidio_defaults.py")]
    rows: dict[str, tuple[str, Sample, Sample | None, str]] = {}

    def repeat(cmd: list[str], cwd: Path, before: object = None, count: int | None = None) -> Sample:
        samples = []
        for index in range(count or runs):
            if callable(before):
                before(index)
            samples.append(measure(cmd, cwd, env))
        return median(samples)

    with tempfile.TemporaryDirectory(prefix="promptlint-perf-") as tmp:
        root = Path(tmp)
        repo = staged_repo(root)
        hook = [*lint, "check", "--only-matching"]
        measure([*hook, *WITH_EXAMPLES, *WITHOUT_EXAMPLES], repo, env)  # bytecode compiled once, not timed
        if set(args.only) & set("ab"):
            ref_a = repeat([*reference, *WITH_EXAMPLES], repo)
        if "a" in args.only:
            sample = repeat([*hook, *WITH_EXAMPLES], repo, before=lambda _: empty_cache(repo))
            rows["a"] = ("pre-commit, 3 files with examples, empty cache", sample, ref_a, "")
        if "b" in args.only:
            empty_cache(repo)
            measure([*hook, *WITH_EXAMPLES], repo, env)  # warm the cache
            sample = repeat([*hook, *WITH_EXAMPLES], repo, before=lambda i: edit_instructions(repo, i + 1))
            rows["b"] = ("pre-commit, instructions edited, cache warm", sample, ref_a, "")
        if "c" in args.only:
            ref_c = repeat([*reference, *WITHOUT_EXAMPLES], repo)
            sample = repeat([*hook, *WITHOUT_EXAMPLES], repo, before=lambda _: empty_cache(repo))
            empty_cache(repo)
            models = imported_models(["check", "--only-matching", *WITHOUT_EXAMPLES], repo, env)
            note = "no model imported" if not models else "IMPORTS " + ", ".join(models)
            rows["c"] = ("pre-commit, 3 files without examples, empty cache", sample, ref_c, note)
        if set(args.only) & set("de"):
            copy = root / "corpus"
            shutil.copytree(corpus, copy)
            files = sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file() and p.parent != copy)
            ref_d = repeat([*reference, *files], copy)
            check = [*lint, "check", *files]
            if "d" in args.only:
                sample = repeat(check, copy, before=lambda _: empty_cache(copy))
                rows["d"] = (f"corpus, {len(files)} files, empty cache", sample, ref_d, "")
            if "e" in args.only:
                empty_cache(copy)
                measure(check, copy, env)
                rows["e"] = (f"corpus, {len(files)} files, cache warm", repeat(check, copy), ref_d, "")
        if "f" in args.only:
            generated = root / "generated"
            paths = [str(p.relative_to(generated)) for p in generate(generated, args.generated, seed=13)]
            sample = measure([*lint, "check", *paths], generated, env)
            rate = len(paths) / sample.wall
            ok = "holds" if sample.rss_mb <= RSS_TARGET_MB else "MISSED"
            note = f"{rate:,.0f} files/s; peak RSS {ok} (≤ {RSS_TARGET_MB} MB)"
            rows["f"] = (f"{len(paths):,} generated files, empty cache, one run", sample, None, note)

    print(f"promptlint perf ({runs} run{'s' * (runs > 1)} per row, median; {os.cpu_count()} cpus; "
          f"server {'allowed' if args.with_server else 'off (PROMPTLINT_NO_SERVER=1)'})\n")  # fmt: skip
    print("| scenario | wall | CPU | peak RSS | reference wall | ratio (wall) | target | holds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for key in "abcdef":
        if key not in rows:
            continue
        name, sample, ref, note = rows[key]
        ratio = sample.wall / ref.wall if ref else None
        kind, bound = TARGETS.get(key, ("rss", RSS_TARGET_MB))
        if kind == "ratio":
            target, holds = f"≤ {bound}×", ratio is not None and ratio <= bound
        elif kind == "wall":
            target, holds = f"≤ {bound * 1000:.0f} ms, no model", sample.wall <= bound and not note.startswith("IMP")
        else:
            target, holds = f"≤ {bound} MB", sample.rss_mb <= bound
        print(
            f"| ({key}) {name} | {sample.wall * 1000:,.0f} ms | {sample.cpu * 1000:,.0f} ms | {sample.rss_mb:,.0f} MB"
            f" | {f'{ref.wall * 1000:,.0f} ms' if ref else '—'} | {f'{ratio:.2f}×' if ratio is not None else '—'}"
            f" | {target} | {'yes' if holds else 'no'}{f' ({note})' if note else ''} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
