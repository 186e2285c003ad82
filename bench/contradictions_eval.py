"""Recall and precision of CON001 on the labelled contradictions set.

Usage: python bench/contradictions_eval.py [--set fixtures/contradictions] [--show] [--model none|auto]

A finding is a true positive when its span overlaps the later snippet of a labelled
conflict and its related (earlier) location overlaps the earlier snippet; each labelled
pair is matched at most once. Every other finding is a false positive —
near-miss or not. Near misses are counted the same way: each must stay quiet.
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


def _spans_of(source: str, snippet: str) -> list[tuple[int, int]]:
    """Where ``snippet`` occurs in ``source``, whitespace- and case-insensitively."""
    flat: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(source):
        if ch.isspace():
            if flat and flat[-1] == " ":
                continue
            ch = " "
        flat.append(ch.lower())
        index.append(i)
    text = "".join(flat)
    needle = _norm(snippet)
    spans, at = [], text.find(needle)
    while at >= 0:
        spans.append((index[at], index[at + len(needle) - 1] + 1))
        at = text.find(needle, at + 1)
    return spans


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def evaluate(root: Path, show: bool, options: dict | None = None) -> tuple[int, int, int, int, int]:
    """A finding matches a labelled pair when its span overlaps the later snippet and its
    related (earlier) location overlaps the earlier one; each pair matches at most once."""
    labels = yaml.safe_load((root / "labels.yaml").read_text(encoding="utf-8"))
    tp = fp = fn = near_total = near_hit = 0
    for name, spec in labels.items():
        source = (root / name).read_text(encoding="utf-8")
        found = []
        for d in lint_source(source, name, select=["CON001"], rule_options={"CON001": options or {}}):
            earlier = (d.related[0].span.start, d.related[0].span.end) if d.related else (-1, -1)
            found.append((earlier, (d.span.start, d.span.end), d.message))
        pairs = []
        for a, b in spec.get("conflicts") or []:
            spans_a, spans_b = _spans_of(source, a), _spans_of(source, b)
            if not spans_a or not spans_b:
                raise SystemExit(f"{name}: snippet not found: {a!r} / {b!r}")
            pairs.append((spans_a, spans_b, a, b))
        free = list(range(len(pairs)))
        for earlier, later, message in found:
            hit = next((i for i in free if _overlaps(earlier, pairs[i][0]) and _overlaps(later, pairs[i][1])), None)
            if hit is None:
                fp += 1
                if show:
                    print(f"  FP {name}: {message}\n       earlier: {source[slice(*earlier)]!r}\n"
                          f"       later:   {source[slice(*later)]!r}")  # fmt: skip
            else:
                free.remove(hit)
                tp += 1
        fn += len(free)
        if show:
            for i in free:
                print(f"  FN {name}: {pairs[i][2]!r} / {pairs[i][3]!r}")
        for a, b in spec.get("near_misses") or []:
            near_total += 1
            spans_a, spans_b = _spans_of(source, a), _spans_of(source, b)
            if any(
                (_overlaps(first, spans_a) and _overlaps(second, spans_b))
                or (_overlaps(first, spans_b) and _overlaps(second, spans_a))
                for first, second, _ in found
            ):
                near_hit += 1
                if show:
                    print(f"  NEAR MISS FLAGGED {name}: {a!r} / {b!r}")
    return tp, fp, fn, near_total, near_hit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=REPO / "fixtures" / "contradictions")
    parser.add_argument("--show", action="store_true", help="list false positives and negatives")
    parser.add_argument(
        "--model",
        action="append",
        help="CON001 'spacy-model' option to evaluate (repeatable; default: none and auto)",
    )
    args = parser.parse_args(argv)
    for model in args.model or ["none", "auto"]:
        start = time.perf_counter()
        tp, fp, fn, near_total, near_hit = evaluate(args.set, args.show, {"spacy-model": model})
        elapsed = time.perf_counter() - start
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"CON001 model={model:<5} precision {precision:.2f}  recall {recall:.2f}  (tp {tp}, fp {fp}, fn {fn})")
        print(f"        near misses flagged: {near_hit}/{near_total}; time {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
