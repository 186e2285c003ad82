#!/usr/bin/env python3
"""Record or compare `promptlint check --format json` on fixed inputs, byte for byte.

    .venv/bin/python bench/json_snapshot.py record DIR     # write one JSON report per input set
    .venv/bin/python bench/json_snapshot.py compare DIR    # exit 1 and show the first difference

For refactors that must not change behaviour: record before, compare after. The inputs
are `fixtures/` (with its promptlint.toml), the shared corpus `../shared/corpus/real`
and the three repositories in `../shared/corpus/repos` (the nearest `shared/corpus` above
the checkout; skipped when absent). Every run
is `--no-cache`, in a fresh process, from the input's own folder.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _shared() -> Path:
    """The shared corpus: ``../shared/corpus`` from the checkout or any folder above it.

    A git worktree sits one level deeper than the main checkout (``wt/NAME``), so the
    nearest ancestor holding ``shared/corpus`` is used.
    """
    for folder in ROOT.parents:
        if (folder / "shared" / "corpus").is_dir():
            return folder / "shared" / "corpus"
    return ROOT.parent / "shared" / "corpus"


SHARED = _shared()
PROMPTLINT = Path(sys.executable).parent / "promptlint"
SETS = {
    "fixtures": (ROOT, ["fixtures"]),
    "corpus-real": (SHARED / "real", ["."]),
    "repo-fabric": (SHARED / "repos" / "fabric", ["."]),
    "repo-promptflow": (SHARED / "repos" / "promptflow", ["."]),
    "repo-genkit": (SHARED / "repos" / "genkit", ["."]),
}


def run(name: str) -> bytes | None:
    cwd, args = SETS[name]
    if not cwd.is_dir():
        return None
    result = subprocess.run(
        [str(PROMPTLINT), "check", "--format", "json", "--no-cache", "--exit-zero", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{name}: promptlint exited {result.returncode}: {result.stderr.decode()[:500]}")
    return result.stdout


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("record", "compare"):
        print(__doc__)
        return 2
    mode, folder = argv[0], Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in SETS:
        output = run(name)
        if output is None:
            print(f"{name}: skipped (input absent)")
            continue
        target = folder / f"{name}.json"
        if mode == "record":
            target.write_bytes(output)
            print(f"{name}: recorded {len(output):,} bytes")
        elif target.read_bytes() == output:
            print(f"{name}: identical ({len(output):,} bytes)")
        else:
            failed += 1
            diff = difflib.unified_diff(
                target.read_text().splitlines(), output.decode().splitlines(), "before", "after", lineterm="", n=2
            )
            print(f"{name}: DIFFERENT\n" + "\n".join(list(diff)[:40]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
