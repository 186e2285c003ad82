"""The README shows what a user sees. Every fenced block preceded by
`<!-- readme-output: promptlint … -->` is the output of that command, run here from the
repository root: each of its lines appears in the real output, in order (`...` stands
for lines left out), and its last line is the real output's last line."""

from __future__ import annotations

import re
import shlex

import pytest

from .conftest import REPO, run_cli

MARKER = re.compile(r"<!-- readme-output: (?P<command>[^\n]*?) -->\n```[a-z]*\n(?P<body>.*?)\n```", re.S)


def _samples() -> list[tuple[str, str]]:
    return [(m["command"], m["body"]) for m in MARKER.finditer((REPO / "README.md").read_text(encoding="utf-8"))]


def test_the_readme_has_samples() -> None:
    assert any(command.startswith("promptlint check") for command, _ in _samples())


@pytest.mark.parametrize(("command", "body"), _samples(), ids=[c for c, _ in _samples()])
def test_readme_sample_is_real_output(command: str, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    argv = shlex.split(command)
    assert argv[0] == "promptlint"
    result = run_cli(*argv[1:], "--no-cache") if argv[1] == "check" else run_cli(*argv[1:])
    actual = result.out.splitlines()
    position = 0
    for line in body.splitlines():
        if line == "...":
            continue
        assert line in actual[position:], f"README line not in the output (in order):\n{line}\n\n{result.out}"
        position = actual.index(line, position) + 1
    assert body.splitlines()[-1] == actual[-1]
