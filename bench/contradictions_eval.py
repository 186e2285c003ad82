"""Recall and precision of CON001 on the labelled contradictions set.

Usage: python bench/contradictions_eval.py [--set fixtures/contradictions] [--show] [--model none|auto]

A finding is a true positive when its instruction contains the later snippet of a
labelled conflict and its related (earlier) location contains the earlier snippet; each
labelled pair is matched at most once. Every other finding is a false positive —
near-miss or not. Near misses are listed for reference: each must stay quiet.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from promptlint.api import lint_source

REPO = Path(__file__).resolve().parents[1]


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def evaluate(root: Path, show: bool, options: dict | None = None) -> tuple[int, int, int, int, int]:
    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    tp = fp = fn = near_total = near_hit = 0
    for name, spec in labels.items():
        source = (root / name).read_text(encoding="utf-8")
        found = []
        for d in lint_source(source, name, select=["CON001"], rule_options={"CON001": options or {}}):
            later = _norm(source[d.span.start : d.span.end])
            earlier = _norm(source[d.related[0].span.start : d.related[0].span.end]) if d.related else ""
            found.append((earlier, later, d.message))
        pairs = [(_norm(a), _norm(b)) for a, b in spec.get("conflicts") or []]
        free = list(range(len(pairs)))
        for earlier, later, message in found:
            hit = next((i for i in free if pairs[i][0] in earlier and pairs[i][1] in later), None)
            if hit is None:
                fp += 1
                if show:
                    print(f"  FP {name}: {message}\n       earlier: {earlier!r}\n       later:   {later!r}")
            else:
                free.remove(hit)
                tp += 1
        fn += len(free)
        if show:
            for i in free:
                print(f"  FN {name}: {pairs[i][0]!r} / {pairs[i][1]!r}")
        for a, b in spec.get("near_misses") or []:
            near_total += 1
            if any(
                (_norm(a) in e and _norm(b) in later) or (_norm(b) in e and _norm(a) in later) for e, later, _ in found
            ):
                near_hit += 1
    return tp, fp, fn, near_total, near_hit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=REPO / "fixtures" / "contradictions")
    parser.add_argument("--show", action="store_true", help="list false positives and negatives")
    parser.add_argument(
        "--model",
        action="append",
        help="CON001 'model' option to evaluate (repeatable; default: none and auto)",
    )
    args = parser.parse_args(argv)
    for model in args.model or ["none", "auto"]:
        start = time.perf_counter()
        tp, fp, fn, near_total, near_hit = evaluate(args.set, args.show, {"model": model})
        elapsed = time.perf_counter() - start
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"CON001 model={model:<5} precision {precision:.2f}  recall {recall:.2f}  (tp {tp}, fp {fp}, fn {fn})")
        print(f"        near misses flagged: {near_hit}/{near_total}; time {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
