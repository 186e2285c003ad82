"""Precision and recall of the privacy rules on the labelled development set.

Usage: python bench/privacy_eval.py [--set fixtures/privacy] [--show] [--no-presidio]

For each family — PII (PII001/PII002), SEC (SEC001), UNI (UNI001/UNI002) — a finding
is a true positive when its text matches a planted value of that family in the same
file (exact, else one containing the other), each planted value matched at most once.
Every other finding is a false positive, near-miss or not. For PII the script also
reports whether the code was right (PII001 in examples, PII002 elsewhere), and runs
presidio with its defaults over the same files for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

from promptlint.api import lint_source

REPO = Path(__file__).resolve().parents[1]
FAMILIES = ("PII", "SEC", "UNI")


def _norm(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:'\"()").lower()


def _match(predicted: list[tuple[str, str, str]], labels: list[tuple[str, str, str]]):  # type: ignore[no-untyped-def]
    """Greedy matching; returns (matched pairs, unmatched predictions, unmatched labels)."""
    free = list(range(len(labels)))
    pairs, unmatched = [], []
    for exact in (True, False):
        rest = []
        for pred in predicted:
            p = _norm(pred[2])
            hit = next(
                (
                    i
                    for i in free
                    if (p == _norm(labels[i][2]))
                    or (not exact and p and (p in _norm(labels[i][2]) or _norm(labels[i][2]) in p))
                ),
                None,
            )
            if hit is None:
                rest.append(pred)
            else:
                free.remove(hit)
                pairs.append((pred, labels[hit]))
        predicted = rest
    unmatched = predicted
    return pairs, unmatched, [labels[i] for i in free]


def evaluate(root: Path, show: bool) -> dict[str, list[int]]:
    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp, fp, fn, code-correct
    for name, spec in labels.items():
        source = (root / name).read_text(encoding="utf-8")
        diagnostics = lint_source(source, name, select=["PII", "SEC", "UNI"])
        for family in FAMILIES:
            key = {"PII": "pii", "SEC": "secrets", "UNI": "unicode"}[family]
            raw = spec.get(key) or []
            wanted = [(item[0], item[1] if len(item) == 3 else "", str(item[-1])) for item in raw]
            got = [
                (d.code, d.name, source[d.span.start : d.span.end]) for d in diagnostics if d.code.startswith(family)
            ]
            pairs, fps, fns = _match(got, wanted)
            t = totals[family]
            t[0] += len(pairs)
            t[1] += len(fps)
            t[2] += len(fns)
            t[3] += sum(1 for pred, label in pairs if pred[0] == label[0])
            if show:
                for pred in fps:
                    print(f"  FP {name}: {pred[0]} {pred[2]!r}")
                for label in fns:
                    print(f"  FN {name}: {label[0]} {label[1]} {label[2]!r}")
    return totals


def presidio_baseline(root: Path, show: bool) -> tuple[list[int], float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from presidio_defaults import analyze, build_engine

    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    start = time.perf_counter()
    engine = build_engine()
    t = [0, 0, 0, 0]
    for name, spec in labels.items():
        source = (root / name).read_text(encoding="utf-8")
        wanted = [(i[0], i[1], str(i[2])) for i in (spec.get("pii") or [])]
        got = [("PII", r["entity"], source[r["start"] : r["end"]]) for r in analyze(engine, source)]
        pairs, fps, fns = _match(got, wanted)
        t[0] += len(pairs)
        t[1] += len(fps)
        t[2] += len(fns)
        if show:
            for pred in fps:
                print(f"  presidio FP {name}: {pred[1]} {pred[2]!r}")
    return t, time.perf_counter() - start


def _row(label: str, t: list[int]) -> str:
    tp, fp, fn = t[0], t[1], t[2]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return f"{label:<28} precision {precision:.2f}  recall {recall:.2f}  (tp {tp}, fp {fp}, fn {fn})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=REPO / "fixtures" / "privacy")
    parser.add_argument("--show", action="store_true", help="list every false positive and negative")
    parser.add_argument("--no-presidio", action="store_true", help="skip the presidio-defaults comparison")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    totals = evaluate(args.set, args.show)
    elapsed = time.perf_counter() - start
    for family in FAMILIES:
        print(_row(f"promptlint {family}", totals[family]))
    pii = totals["PII"]
    print(f"{'':<28} PII code right (PII001 vs PII002): {pii[3]}/{pii[0]}")
    print(f"{'':<28} promptlint time, in process, cold: {elapsed:.2f} s")
    if not args.no_presidio:
        t, seconds = presidio_baseline(args.set, args.show)
        print(_row("presidio defaults PII", t))
        print(f"{'':<28} presidio time, in process, cold: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
