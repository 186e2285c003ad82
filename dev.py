#!/usr/bin/env python3
"""Set up a local virtual environment and run promptlint or its test suite.

    python3 dev.py check   # install promptlint into .venv, then lint the bundled fixtures/
    python3 dev.py test    # install promptlint + dev tools into .venv, then ruff and pytest

Needs only Python >= 3.11 and git. The environment is reinstalled when pyproject.toml
changes (a stamp file in .venv records what was installed). Extra arguments after
`test` go to pytest; after `check`, to `promptlint check`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(*cmd: str | Path, check: bool = True) -> int:
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, check=check).returncode


def ensure_env(extras: str) -> None:
    """Create .venv and install the project (editable) with ``extras``, once per pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 - the point is to say so on an old Python
        sys.exit(f"dev.py: promptlint needs Python >= 3.11 (this is {sys.version.split()[0]})")
    if not PYTHON.exists():
        say(f"creating {VENV.relative_to(ROOT)}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".promptlint-installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    say(f"installing promptlint{f'[{extras}]' if extras else ''} into .venv (first run takes a minute)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)
    stamp.write_text(digest)


def cmd_check(args: list[str]) -> int:
    ensure_env("")
    say("running: promptlint check fixtures/ " + " ".join(args))
    code = run(BIN / "promptlint", "check", "fixtures/", *args, check=False)
    if code == 1:
        say("exit code 1: the sample prompts in fixtures/ plant findings on purpose — promptlint works.")
        return 0
    return code


def cmd_test(args: list[str]) -> int:
    ensure_env("dev")
    say("ruff check / ruff format --check")
    if run(BIN / "ruff", "check", ".", check=False) or run(BIN / "ruff", "format", "--check", ".", check=False):
        return 1
    say("pytest")
    return run(PYTHON, "-m", "pytest", *args, check=False)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "test"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    return cmd_check(rest) if command == "check" else cmd_test(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
