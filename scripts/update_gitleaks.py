#!/usr/bin/env python3
"""Refresh the vendored gitleaks rule set (SEC001's provider rules).

    python3 scripts/update_gitleaks.py --checkout PATH/TO/gitleaks
    python3 scripts/update_gitleaks.py --check      # the index matches the vendored TOML

gitleaks publishes its default configuration only in its repository
(``config/gitleaks.toml``); no package on PyPI or npm carries it. An update therefore
needs a checkout of https://github.com/gitleaks/gitleaks (a clone, or any copy of the
tree with its ``.git``): the script takes the TOML and the LICENSE from it, records the
commit (``git rev-parse HEAD``) and writes into ``src/promptlint/data/gitleaks/``:

* ``gitleaks.toml`` and ``LICENSE``, verbatim (MIT, Zachary Rice);
* ``rules.json``, the index promptlint reads at run time: each rule's Go pattern
  translated to Python (``promptlint.detect.secrets.goregex``), keywords lower-cased,
  allowlists, and every rule that cannot be used, with the reason;
* ``SOURCES.md``: the commit, the date, the SHA-256 of each file, the rule counts and
  the skipped rules.

The translation runs here, not at lint time, so that a run only loads JSON. The test
suite re-derives the index from the vendored TOML and fails when they differ, so a
hand edit of either file, or a change to the translator, cannot go unnoticed: run
``--write-index`` after changing the translator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "promptlint" / "data" / "gitleaks"
sys.path.insert(0, str(ROOT / "src"))

from promptlint.detect.secrets.index import build_index, dump_index  # noqa: E402


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_sources(index: dict[str, Any], date: str) -> None:
    files = ["gitleaks.toml", "LICENSE", "rules.json"]
    rows = "\n".join(f"| `{name}` | {(DATA / name).stat().st_size:,} | `{_sha(DATA / name)}` |" for name in files)
    skipped = "\n".join(f"- `{s['id']}`: {s['reason']}" for s in index["skipped"]) or "- none"
    text = f"""# gitleaks rule set

Written by `scripts/update_gitleaks.py` on {date} from gitleaks' repository
(https://github.com/gitleaks/gitleaks, MIT licence, see `LICENSE`), commit
`{index["commit"]}`, file `config/gitleaks.toml` (config `minVersion` {index["minVersion"]}).
promptlint evaluates these rules itself (`promptlint.detect.secrets.gitleaks`); it never
runs gitleaks.

- `gitleaks.toml`, `LICENSE`: verbatim copies.
- `rules.json`: the run-time index derived from `gitleaks.toml` (Go patterns translated
  to Python's `re`); `tests/test_gitleaks_rules.py` checks it is up to date.

{len(index["rules"])} rules are evaluated; skipped ({len(index["skipped"])}):

{skipped}

| file | bytes | sha256 |
| --- | --- | --- |
{rows}
"""
    (DATA / "SOURCES.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--checkout", type=Path, help="a gitleaks checkout (its config/gitleaks.toml and .git)")
    group.add_argument("--check", action="store_true", help="exit 1 when rules.json is not the vendored TOML's index")
    group.add_argument("--write-index", action="store_true", help="rebuild rules.json from the vendored TOML")
    args = parser.parse_args(argv)
    vendored = DATA / "gitleaks.toml"
    if args.check or args.write_index:
        current = json.loads((DATA / "rules.json").read_text(encoding="utf-8"))
        index = build_index(vendored.read_text(encoding="utf-8"), current["commit"])
        if args.check:
            ok = dump_index(index) == (DATA / "rules.json").read_text(encoding="utf-8")
            print("rules.json is up to date" if ok else "rules.json differs from the vendored TOML's index")
            return 0 if ok else 1
        (DATA / "rules.json").write_text(dump_index(index), encoding="utf-8")
        write_sources(index, dt.date.today().isoformat())
        return 0
    source = args.checkout / "config" / "gitleaks.toml"
    commit = subprocess.run(
        ["git", "-C", str(args.checkout), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        print(f"not a commit: {commit!r}", file=sys.stderr)
        return 2
    DATA.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, vendored)
    shutil.copyfile(args.checkout / "LICENSE", DATA / "LICENSE")
    index = build_index(vendored.read_text(encoding="utf-8"), commit)
    (DATA / "rules.json").write_text(dump_index(index), encoding="utf-8")
    write_sources(index, dt.date.today().isoformat())
    print(f"{len(index['rules'])} rules, {len(index['skipped'])} skipped, commit {commit[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
