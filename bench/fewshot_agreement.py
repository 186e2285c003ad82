"""Agreement of few-shot detection with the corpus's hand-reviewed ``has_few_shot`` column.

Usage: python bench/fewshot_agreement.py [--corpus ../shared/corpus/real] [--show]

Prints agreement over the rows labelled yes/no (``unknown`` rows are listed apart),
per format, and with ``--show`` every disagreement with the blocks that were found.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from promptlint.document.parsers import parse_bytes

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    manifest = args.corpus / "MANIFEST.tsv"
    if not manifest.exists():
        print(f"corpus not found at {args.corpus}; nothing to measure")
        return 0
    rows = list(csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"))
    totals: Counter[str] = Counter()
    agree: Counter[str] = Counter()
    confusion: Counter[tuple[str, bool]] = Counter()
    for row in rows:
        path = args.corpus / row["local_path"]
        doc = parse_bytes(path.read_bytes(), str(path))
        found = bool(doc.examples)
        label = row["has_few_shot"]
        confusion[(label, found)] += 1
        if label not in ("yes", "no"):
            continue
        fmt = row["format"]
        totals[fmt] += 1
        totals["all"] += 1
        ok = found == (label == "yes")
        agree[fmt] += ok
        agree["all"] += ok
        if not ok and args.show:
            print(f"{label:>3} found={found} {row['local_path']}")
            for block in doc.examples:
                line = doc.lines.position(block.span.start).line + 1
                print(f"      {block.kind:<11} line {line:<4} {block.label!r}")
    for fmt in sorted(totals, key=lambda f: (f == "all", f)):
        print(f"{fmt:<10} {agree[fmt]:>3}/{totals[fmt]:<3} {agree[fmt] / totals[fmt]:.1%}")
    tp, fn = confusion[("yes", True)], confusion[("yes", False)]
    fp, tn = confusion[("no", True)], confusion[("no", False)]
    print(f"labelled yes: found {tp}, missed {fn}; labelled no: found {fp}, quiet {tn}")
    print(f"unknown rows: found {confusion[('unknown', True)]}, quiet {confusion[('unknown', False)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
