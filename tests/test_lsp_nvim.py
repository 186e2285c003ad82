"""A real editor: headless Neovim's built-in LSP client opens a prompt and shows WS001
at the right line and column (Neovim converts the server's UTF-16 column to a byte
column: after an emoji the two differ).

`.ci/run` installs Neovim from the system packages when `nvim` is missing; the test
skips, saying why, only where that was not possible. It uses the API of Neovim 0.7
(`vim.lsp.start_client`, `vim.lsp.buf_attach_client`), the version Debian ships.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SCRIPT = r"""
local file = vim.env.PL_FILE
local out = vim.env.PL_OUT
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "promptlint",
  cmd = vim.fn.json_decode(vim.env.PL_CMD),
  root_dir = vim.env.PL_ROOT,
})
vim.lsp.buf_attach_client(buf, client_id)
local got = vim.wait(90000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local result = { attached = got, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(result.diagnostics, {
    lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source,
    code = d.code or lsp.code,
  })
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(client_id)
vim.wait(10000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
vim.cmd("qa!")
"""


def _nvim_version(nvim: str) -> tuple[int, int, int]:
    first = subprocess.run([nvim, "--version"], capture_output=True, text=True, check=True).stdout.splitlines()[0]
    found = re.search(r"v(\d+)\.(\d+)\.(\d+)", first)
    assert found, first
    return int(found[1]), int(found[2]), int(found[3])


def test_neovim_shows_ws001_at_the_right_line_and_column(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("nvim is not installed and could not be installed here (.ci/run installs Debian's `neovim`)")
    version = _nvim_version(nvim)
    if version < (0, 7, 0):
        pytest.skip(f"Neovim {'.'.join(map(str, version))} predates vim.lsp.start_client with buf_attach_client (0.7)")
    root = tmp_path / "project"
    (root / "prompts").mkdir(parents=True)
    prompt = root / "prompts" / "greeting.md"
    # The blank after the emoji: UTF-16 column 8, byte column 10 (the emoji is 4 bytes).
    prompt.write_text("<!-- version: 1.0.0 -->\nHello \N{GRINNING FACE} \nBye\n", encoding="utf-8")
    script = tmp_path / "lsp.lua"
    script.write_text(SCRIPT)
    out = tmp_path / "result.json"
    env = {
        "PL_FILE": str(prompt),
        "PL_OUT": str(out),
        "PL_ROOT": str(root),
        "PL_CMD": json.dumps([sys.executable, "-m", "promptlint", "lsp"]),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PATH": str(Path(sys.executable).parent) + ":/usr/local/bin:/usr/bin:/bin",
    }
    completed = subprocess.run(
        [nvim, "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert out.exists(), completed.stdout + completed.stderr
    result = json.loads(out.read_text())
    assert result["attached"], result
    assert [(d["code"], d["lnum"], d["col"], d["end_col"], d["source"]) for d in result["diagnostics"]] == [
        ("WS001", 1, 10, 11, "promptlint")
    ]
    assert result["diagnostics"][0]["message"] == "Trailing whitespace"
    assert result["diagnostics"][0]["severity"] == 2  # vim.diagnostic.severity.WARN
