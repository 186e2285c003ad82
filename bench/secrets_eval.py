"""Precision and recall of SEC001 on a labelled set of prompt files.

Usage: python bench/secrets_eval.py [--set fixtures/secrets] [--show] [--by-source]

The set is a folder of prompt files with a ``labels.yaml`` in the format of
``fixtures/privacy/``: per file, ``secrets: [[SEC001, kind, value], …]`` (the values
that must be found) and optionally ``near_misses`` (documentation only) and
``source`` (a label to group figures by, with ``--by-source``). A finding is a true
positive when its text matches a planted value of the same file (exact, else one
containing the other), each value matched at most once; every other finding is a false
positive. Only SEC001 runs, so large sets (thousands of files) take seconds.

It also runs over ``fixtures/privacy`` and ``fixtures/privacy-holdout`` (their
``secrets`` labels), so one command gives the secret figures of every labelled set:
``python bench/secrets_eval.py --all``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from privacy_eval import _match
from promptlint.api import lint_source

REPO = Path(__file__).resolve().parents[1]
SETS = ("fixtures/secrets", "fixtures/privacy", "fixtures/privacy-holdout")


def evaluate(root: Path, show: bool, skip: tuple[str, ...] = ()) -> dict[str, list[int]]:
    """(tp, fp, fn) per source ("all" for the whole set); files whose source starts
    with one of ``skip`` are left out."""
    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for name, spec in labels.items():
        if skip and str(spec.get("source") or "").startswith(skip):
            continue
        source = (root / name).read_text(encoding="utf-8")
        diagnostics = lint_source(source, name, select=["SEC001"])
        wanted = [(item[0], item[1], str(item[-1])) for item in (spec.get("secrets") or [])]
        got = [
            (d.code, d.message.split(" in the prompt file")[0], source[d.span.start : d.span.end]) for d in diagnostics
        ]
        pairs, fps, fns = _match(got, wanted)
        for key in ("all", str(spec.get("source") or "")):
            t = totals[key]
            t[0] += len(pairs)
            t[1] += len(fps)
            t[2] += len(fns)
        if show:
            for pred in fps:
                print(f"  FP {name}: {pred[1]} {pred[2][:80]!r}")
            for label in fns:
                print(f"  FN {name}: {label[1]} {label[2][:80]!r}")
    totals.pop("", None)
    return totals


def _row(label: str, t: list[int]) -> str:
    tp, fp, fn = t
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return f"{label:<44} precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, action="append", help="a labelled folder (repeatable)")
    parser.add_argument("--all", action="store_true", help="every labelled set in fixtures/")
    parser.add_argument("--show", action="store_true", help="list every false positive and negative")
    parser.add_argument("--by-source", action="store_true", help="figures per `source` label too")
    parser.add_argument("--skip-source", action="append", default=[], help="leave out files of this source prefix")
    args = parser.parse_args(argv)
    sets = [REPO / s for s in SETS] if args.all or not args.set else args.set
    for root in sets:
        start = time.process_time()
        totals = evaluate(root, args.show, tuple(args.skip_source))
        seconds = time.process_time() - start
        print(_row(f"{root.name} ({seconds:.1f} s CPU)", totals.pop("all", [0, 0, 0])))
        if args.by_source:
            families: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
            for source, t in totals.items():
                family = source.split()[0]
                families[family] = [a + b for a, b in zip(families[family], t, strict=True)]
            for family, t in sorted(families.items()):
                print(_row(f"  {family}", t))
            for source, t in sorted(totals.items()):
                if t[1] or t[2]:
                    print(_row(f"    {source}", t))
    return 0


if __name__ == "__main__":
    sys.exit(main())
