"""The wheel ships the YAML rule packs (`rules/` → `promptlint/_packs`) and works
installed on its own, outside this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(REPO)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("promptlint_suite-*.whl")
    return built


def test_wheel_contains_packs_and_entry_point(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(REPO.joinpath("rules").rglob("*.yaml"))
    for pack_file in packs:
        assert f"promptlint/_packs/{pack_file.relative_to(REPO / 'rules').as_posix()}" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "promptlint = promptlint.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_loads_its_packs(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)], check=True
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", "import promptlint, sys; from promptlint.cli import main; print(promptlint.__file__); sys.exit(main(['rule', 'HYG001']))"],
        cwd=tmp_path, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(site))
    assert "# HYG001 merge-conflict-marker" in result.stdout
