"""The language server under load: RSS before and after 1,000 rapid `didChange`
notifications on one document with four more documents edited at once, the time from
the last change to the final publish, and request latencies during the storm.

    .venv/bin/python bench/lsp_load.py [--storm 1000] [--others 4] [--per-other 150]

The scenario is tests/lsp_load.py (the test suite asserts on it in test_lsp_load.py).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.lsp_load import run_load  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--storm", type=int, default=1000)
    parser.add_argument("--others", type=int, default=4)
    parser.add_argument("--per-other", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        result = asyncio.run(run_load(Path(folder), storm=args.storm, others=args.others, per_other=args.per_other))
    hovers = result.hover_latencies_s
    mb = 1024
    growth = (result.rss_after_kb - result.rss_before_kb) / mb
    print(f"changes: {result.storm_changes} on one document, {result.other_changes} on {args.others} others")
    print(f"sent in {result.send_seconds:.2f} s; publishes: {result.published}")
    print(f"final publish of every document {result.final_after_last_change_s:.2f} s after the last change")
    print(f"RSS after opening: {result.rss_opened_kb / mb:.1f} MB")
    print(f"RSS before the storm (models loaded): {result.rss_before_kb / mb:.1f} MB")
    print(f"RSS after the storm: {result.rss_after_kb / mb:.1f} MB (+{growth:.1f} MB)")
    print(f"RSS peak: {result.rss_peak_kb / mb:.1f} MB")
    median, worst = statistics.median(hovers) * 1000, max(hovers) * 1000
    print(f"hover during the storm: median {median:.0f} ms, max {worst:.0f} ms ({len(hovers)} requests)")
    same = result.lsp == result.check
    print(f"final diagnostics equal `promptlint check` on the final texts: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
