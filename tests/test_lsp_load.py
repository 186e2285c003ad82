"""The language server under load (issue: robustness): 1,000 rapid keystrokes on one
document while four others are edited at once. It keeps answering requests, its final
diagnostics equal `promptlint check` on the final texts, and its memory stays bounded.
`bench/lsp_load.py` prints the same scenario's figures."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from .lsp_load import run_load

pytestmark = pytest.mark.e2e


def test_keystroke_storm_on_five_documents(tmp_path: Path) -> None:
    result = asyncio.run(run_load(tmp_path, storm=1000, others=4, per_other=150))
    assert result.storm_changes >= 1000
    assert result.other_changes >= 4 * 150
    # The final word equals `check` on the final text, for every document.
    assert result.lsp == result.check
    assert any(result.check.values())
    # Requests in the middle of the storm were answered, and promptly.
    assert len(result.hover_latencies_s) == 20
    assert max(result.hover_latencies_s) < 5.0, result.hover_latencies_s
    # Debounced and latest-version-wins: a handful of publishes, not one per keystroke.
    assert result.published < 100, result.published
    # Memory: what the storm adds is bounded (the models were loaded before measuring).
    assert result.rss_after_kb - result.rss_before_kb < 50 * 1024, result
    assert result.final_after_last_change_s < 60
