"""The progress line: on a terminal, after the delay, erased at the end; never on a pipe
or in CI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from promptlint import progress
from promptlint.cli import main
from promptlint.progress import Progress

from .conftest import CliResult


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_done_total_and_rate_then_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    with Progress(3, screen, delay=0) as bar:
        bar.update(1)
        bar.update(3)
    written = screen.getvalue()
    assert "promptlint: 3/3 files, " in written and " files/s" in written
    last = written.rsplit("\r", 2)
    assert last[-1] == "" and last[-2].strip() == ""  # erased: the screen keeps the report only


@pytest.mark.parametrize("where", ["pipe", "ci", "dumb"])
def test_nothing_on_a_pipe_in_ci_or_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "dumb" if where == "dumb" else "xterm")
    if where == "ci":
        monkeypatch.setenv("CI", "true")
    screen = io.StringIO() if where == "pipe" else Terminal()
    with Progress(3, screen, delay=0) as bar:
        bar.update(3)
    assert screen.getvalue() == ""


def test_a_short_run_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen = Terminal()
    with Progress(3, screen) as bar:  # the default delay: 2 s
        bar.update(3)
    assert screen.getvalue() == ""


def test_check_reports_progress_on_a_terminal_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(progress, "DELAY_S", 0.0)
    for index in range(3):
        (tmp_path / f"p{index}.prompt").write_text(f"# version: 1.0.0\nSummarise ticket {index}.\n")

    def run(stderr: io.StringIO) -> CliResult:
        stdout = io.StringIO()
        code = main(["check", "--no-cache", "."], stdout=stdout, stderr=stderr)
        return CliResult(code, stdout.getvalue(), stderr.getvalue())

    on_terminal = run(Terminal())
    assert "promptlint: 3/3 files" in on_terminal.err
    assert "files/s" not in on_terminal.out  # the report itself is untouched
    piped = run(io.StringIO())
    assert piped.err == "" and piped.out == on_terminal.out
