"""The one cache: atomic under concurrent writers, tolerant of damaged entries (a miss,
then rewritten — never a lost finding or a crash), bounded in size, ignored by git."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from promptlint.cache import NAMESPACE, ResultCache
from promptlint.detect.pii.engine import NAMESPACE as PII_NAMESPACE
from promptlint.store import Store, content_key

from .conftest import run_cli

PROMPT = "# version: 1.0.0\nAnswer politely.   \n\nExamples:\nUser: I'm Odile Brakenridge.\nAssistant: Hello.\n"


def _writer(root: str, worker: int) -> None:
    store = Store(Path(root))
    for round_ in range(200):
        store.put("ns", content_key("shared"), {"worker": worker, "round": round_, "pad": "x" * 5000})


def test_concurrent_writers_leave_one_whole_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), i)) for i in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    value = Store(tmp_path).get("ns", content_key("shared"))
    assert value["pad"] == "x" * 5000 and value["round"] == 199
    leftovers = [p for p in (tmp_path / ".promptlint_cache").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def _result_entries(root: Path) -> list[Path]:
    return sorted((root / ".promptlint_cache" / "v1" / NAMESPACE).rglob("*.json"))


@pytest.mark.parametrize(
    "damage",
    ["{}", "[]", "not json", '{"format": 2, "diagnostics": [{"code": "WS001"}]}',
     '{"format": 2, "diagnostics": [{"code": "WS001", "name": "x", "message": "m", "span": [0, 99999], '
     '"severity": 2, "fix": null, "related": [], "fingerprint": null, "sensitive": false}]}'],
    ids=["empty-object", "empty-list", "not-json", "missing-keys", "span-past-the-end"],
)  # fmt: skip
def test_a_damaged_result_entry_is_a_miss_and_is_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text(PROMPT)
    first = json.loads(run_cli("check", "--format", "json", "a.prompt").out)
    (entry,) = _result_entries(tmp_path)
    entry.write_text(damage)
    second = run_cli("check", "--format", "json", "a.prompt")
    assert second.code == 1 and json.loads(second.out) == first  # the findings are all there
    assert json.loads(entry.read_text())["format"] == 2  # and the entry was written again


def test_wrongly_typed_pii_entries_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text(PROMPT)
    first = json.loads(run_cli("check", "--format", "json", "--select", "PII", "a.prompt").out)
    assert first["diagnostics"]
    for entry in (tmp_path / ".promptlint_cache" / "v1" / PII_NAMESPACE).rglob("*.json"):
        entry.write_text('[["PERSON", "0", 5, 0.9], ["PERSON", 0, 100000, 0.9], {"x": 1}]')
    for entry in _result_entries(tmp_path):
        entry.unlink()
    again = json.loads(run_cli("check", "--format", "json", "--select", "PII,INT001", "a.prompt").out)
    assert again == first  # no INT001, no lost finding


def test_size_bound_evicts_the_oldest_entries(tmp_path: Path) -> None:
    store = Store(tmp_path, max_bytes=10_000)
    for index in range(20):
        store.put("ns", content_key(str(index)), {"pad": "y" * 1000})
        path = store.path("ns", content_key(str(index)))
        assert path is not None
        os.utime(path, (1_000_000 + index, 1_000_000 + index))
    removed = store.prune()
    assert removed >= 9
    assert store.get("ns", content_key("19")) is not None and store.get("ns", content_key("0")) is None
    total = sum(p.stat().st_size for p in (tmp_path / ".promptlint_cache").rglob("*.json"))
    assert total <= 10_000


def test_the_cache_folder_is_ignored_by_git_and_holds_no_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text(PROMPT)
    run_cli("check", "a.prompt")
    assert (tmp_path / ".promptlint_cache" / ".gitignore").read_text().endswith("*\n")
    for entry in (tmp_path / ".promptlint_cache").rglob("*.json"):
        text = entry.read_text()
        assert "Odile" not in text and "Brakenridge" not in text


def test_result_cache_keys_differ_by_every_part() -> None:
    assert ResultCache.key("a", "bc") != ResultCache.key("ab", "c")
    assert ResultCache.key("a", None) != ResultCache.key("a", "")


def test_two_check_processes_at_once_share_the_cache_unharmed(tmp_path: Path) -> None:
    """Two worktrees' hooks (or the hook and CI) writing the same entries at the same time."""
    import subprocess
    import sys

    for index in range(12):
        (tmp_path / f"p{index:02}.prompt").write_text(PROMPT.replace("politely", f"politely, shop {index}"))
    files = sorted(p.name for p in tmp_path.glob("*.prompt"))
    command = [sys.executable, "-m", "promptlint", "check", "--format", "json", "--jobs", "1", *files]
    runs = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [1, 1]
    assert outputs[0] == outputs[1]
    entries = _result_entries(tmp_path)
    assert len(entries) == len(files)  # one whole entry per file, no leftovers
    assert all(json.loads(entry.read_text())["format"] == 2 for entry in entries)
    assert not list((tmp_path / ".promptlint_cache").rglob("*.tmp"))
    fresh = subprocess.run([*command, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert json.loads(again.stdout) == json.loads(fresh.stdout) == json.loads(outputs[0])
