"""Hostile and broken files and paths (issue "robustness"): each has a documented
outcome — an FMT001/INT001 finding or a one-line exit-2 error — never a hang, a
traceback, a lost edit or a forged line of output."""

from __future__ import annotations

import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import commit_all, git, run_cli

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and symlinks")


def _json(*argv: str | Path) -> dict:  # type: ignore[type-arg]
    result = run_cli("check", "--format", "json", "--no-cache", *argv)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


def _messages(payload: dict, code: str = "FMT001") -> dict[str, str]:  # type: ignore[type-arg]
    return {d["path"]: d["message"] for d in payload["diagnostics"] if d["code"] == code}


@POSIX
def test_walks_skip_fifos_devices_and_links_and_named_ones_are_fmt001(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prompts").mkdir()
    os.mkfifo(tmp_path / "prompts" / "pipe.md")
    (tmp_path / "prompts" / "zero.md").symlink_to("/dev/zero")
    (tmp_path / "prompts" / "dangling.md").symlink_to("nowhere.md")
    (tmp_path / "prompts" / "ok.md").write_text("# version: 1.0.0\nHi\n")
    (tmp_path / "prompts" / "link.md").symlink_to("ok.md")
    started = time.monotonic()
    walked = _json("--select", "FMT001,WS001", "prompts")
    assert walked["summary"]["files"] == 1  # ok.md only: no FIFO, device, dangling or duplicate link
    named = _json("--select", "FMT001", "prompts/pipe.md", "prompts/zero.md", "prompts/dangling.md")
    assert _messages(named) == {
        "prompts/pipe.md": "not a regular file: a FIFO (named pipe); it is not read",
        "prompts/zero.md": "not a regular file: a character device; it is not read",
        "prompts/dangling.md": "cannot read the file (No such file or directory)",
    }
    assert time.monotonic() - started < 30  # nothing blocked on the FIFO, nothing read from /dev/zero


def test_utf16_with_bom_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "a.prompt"
    path.write_bytes("Hello\n".encode("utf-16"))
    (message,) = _messages(_json("--select", "FMT001", path)).values()
    assert message == (
        "file is UTF-16 (it starts with a byte-order mark); promptlint reads UTF-8: convert it, e.g. "
        "`iconv -f UTF-16 -t UTF-8`"
    )


def test_size_and_line_limits_are_configurable_fmt001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promptlint.toml").write_text("max-file-size = 1000\nmax-line-length = 50\n")
    (tmp_path / "big.prompt").write_text("x\n" * 600)
    (tmp_path / "wide.prompt").write_text("short\n" + "y" * 51 + "\n")
    messages = _messages(_json("--select", "FMT001", "big.prompt", "wide.prompt"))
    assert messages == {
        "big.prompt": "file is too large to lint (1,200 bytes; limit 1,000)",
        "wide.prompt": "line 2 is longer than 50 characters; not analysed",
    }


def test_a_5_mb_line_is_fmt001_quickly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promptlint.toml").write_text("max-file-size = 60_000_000\n")
    (tmp_path / "wide.prompt").write_text("Hi " * (5 * 1024 * 1024 // 3) + "\n")
    started = time.monotonic()
    (message,) = _messages(_json("--select", "ALL", "wide.prompt")).values()
    assert message == "line 1 is longer than 1,000,000 characters; not analysed"
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('exclude = ["[z-a]"]\n', "'exclude': invalid glob '[z-a]' (bad character range z-a)"),
        ('per-file-ignores = { "[z-a]" = ["WS001"] }\n', "'per-file-ignores': invalid glob '[z-a]'"),
        ('[rules.TOK001]\nper-file-max-tokens = { "[z-a]" = 3 }\n', "option 'per-file-max-tokens': invalid glob"),
        ("max-line-length = 0\n", "'max-line-length' must be a positive integer"),
    ],
)
def test_bad_globs_and_limits_are_one_line_config_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promptlint.toml").write_text(config)
    (tmp_path / "a.prompt").write_text("Hi\n")
    result = run_cli("check", "a.prompt")
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1 and "Traceback" not in result.err


def test_a_catastrophic_pack_pattern_is_stopped_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "BAD001.yaml").write_text(
        'code: BAD001\nname: bad-pattern\nkind: existence\nmessage: bad\npatterns: ["(a|aa)+$"]\n'
    )
    (tmp_path / "promptlint.toml").write_text('rule-packs = ["team"]\nselect = ["BAD001", "INT001"]\n')
    (tmp_path / "x.prompt").write_text("a" * 80 + "!\n")
    started = time.monotonic()
    payload = _json("x.prompt")
    assert time.monotonic() - started < 20
    (finding,) = payload["diagnostics"]
    assert finding["code"] == "INT001"
    assert finding["message"] == (
        "rule BAD001 (bad-pattern) failed: PatternTimeout: pattern '(a|aa)+$' took longer than 1 s on this text "
        "and was stopped"
    )


def test_findings_per_rule_and_file_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "doubled.prompt"
    path.write_text("Please read the the manual.\n" * 70_000)  # ~1.9 MB, 70,000 doubled words
    started = time.monotonic()
    payload = _json("--select", "HYG004", path)
    assert time.monotonic() - started < 60
    assert len(payload["diagnostics"]) == 501
    assert payload["diagnostics"][-1]["message"] == (
        "More HYG004 findings in this file are not shown (at most 500 per rule and file)"
    )


def test_cr_only_line_endings_keep_their_frontmatter(tmp_path: Path) -> None:
    path = tmp_path / "old-mac.prompty"
    path.write_bytes(b"---\rname: x\rversion: 1.0.0\r---\rsystem:\rHello\r")
    assert _json(path)["diagnostics"] == []  # no VER001, no "frontmatter never closed"


def test_fix_never_writes_a_version_into_frontmatter_that_does_not_parse(tmp_path: Path) -> None:
    path = tmp_path / "bad.prompty"
    text = "---\nname: [unclosed\n---\nsystem:\nHi\n"
    path.write_text(text)
    for _ in range(2):
        run_cli("check", "--fix", "--no-cache", path)
    assert path.read_text() == text
    (message,) = _messages(_json("--select", "VER001", path), "VER001").values()
    assert message == "Missing version header (the frontmatter does not parse (FMT001): fix it, then add `version:`)"


def test_progressive_fixes_run_to_the_end(tmp_path: Path) -> None:
    from promptlint.testing import fix_rule

    assert fix_rule("HYG004", "Say the the the the word.\n", unsafe=True) == "Say the word.\n"


@POSIX
def test_fix_writes_through_symlinks_and_keeps_hard_links(tmp_path: Path) -> None:
    target = tmp_path / "real.prompt"
    target.write_text("# version: 1.0.0\nHello   \n")
    link = tmp_path / "link.prompt"
    link.symlink_to(target.name)
    assert run_cli("check", "--fix", "--no-cache", "--select", "WS001", link).code == 0
    assert link.is_symlink() and target.read_text() == "# version: 1.0.0\nHello\n"

    first = tmp_path / "first.prompt"
    first.write_text("# version: 1.0.0\nBye   \n")
    second = tmp_path / "second.prompt"
    os.link(first, second)
    assert run_cli("check", "--fix", "--no-cache", "--select", "WS001", first).code == 0
    assert second.read_text() == "# version: 1.0.0\nBye\n" and first.stat().st_ino == second.stat().st_ino


def test_file_names_cannot_forge_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    odd = "line\nbreak\x1b[31m.prompt"
    (tmp_path / odd).write_text("Hi  \n")
    if sys.platform != "darwin":  # macOS refuses names that are not UTF-8
        (tmp_path / os.fsdecode(b"caf\xe9.prompt")).write_bytes(b"Hi  \n")
    text = run_cli("check", "--no-cache", ".")
    assert "line\\x0abreak\\x1b[31m.prompt:1:3: WS001" in text.out and "\x1b" not in text.out
    for fmt in ("json", "sarif", "junit", "github"):
        out = tmp_path / f"out.{fmt}"
        assert run_cli("check", "--no-cache", "--format", fmt, "--output-file", out, ".").code == 1
        body = out.read_text(encoding="utf-8")
        if fmt in ("json", "sarif"):
            json.loads(body)
        elif fmt == "junit":
            ET.fromstring(body.split("\n", 1)[1])
        assert "\x1b" not in body


def test_base_outside_git_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.prompt").write_text("# version: 1.0.0\nHi\n")
    result = run_cli("check", "--base", "nosuchrev", "a.prompt")
    assert result.code == 2
    assert result.err == "promptlint: error: --base nosuchrev: the files are not in a git repository\n"


def test_renamed_prompt_is_compared_with_its_old_name(git_repo: Path) -> None:
    body = "".join(f"Rule {i}: answer questions about order {i} briefly.\n" for i in range(20))
    (git_repo / "old.prompt").write_text("# version: 1.0.0\n" + body)
    commit_all(git_repo)
    git(git_repo, "mv", "old.prompt", "new.prompt")
    (git_repo / "new.prompt").write_text("# version: 1.0.0\n" + body + "Be polite.\n")
    git(git_repo, "add", "new.prompt")
    payload = _json("--select", "VER002", "new.prompt")
    assert [d["code"] for d in payload["diagnostics"]] == ["VER002"]
    staged = _json("--select", "VER002", "--staged")
    assert [d["code"] for d in staged["diagnostics"]] == ["VER002"]


@POSIX
def test_staged_symlinks_and_deleted_files(git_repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("secret notes\n")
    (git_repo / "prompts").mkdir()
    (git_repo / "prompts" / "real.md").write_text("<!-- version: 1.0.0 -->\nHi\n")
    (git_repo / "prompts" / "out.md").symlink_to(outside)
    (git_repo / "prompts" / "in.md").symlink_to("real.md")
    git(git_repo, "add", "-A")
    payload = _json("--staged")
    assert [d["path"] for d in payload["diagnostics"]] == [] and payload["summary"]["files"] == 1
    named = run_cli("check", "--staged", "--no-cache", "prompts/out.md")
    assert "internal error" not in named.err and named.code in (0, 1)
    # Staged, then deleted from the work tree: what is committed is still linted.
    (git_repo / "prompts" / "gone.md").write_text("<!-- version: 1.0.0 -->\nBye   \n")
    git(git_repo, "add", "prompts/gone.md")
    (git_repo / "prompts" / "gone.md").unlink()
    payload = _json("--staged", "--select", "WS001", "prompts/gone.md")
    assert [(d["path"], d["code"]) for d in payload["diagnostics"]] == [("prompts/gone.md", "WS001")]


_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['x'] * 9)}]\n"
    for prev, name in zip(["", *"abcdef"], "abcdefg", strict=True)
)


@pytest.mark.parametrize("name", ["bomb.md", "bomb.prompt.yaml"])
def test_a_yaml_alias_bomb_is_fmt001_not_a_hang(tmp_path: Path, name: str) -> None:
    """Nine aliases of nine aliases, seven deep: 4.8 million values from 300 bytes."""
    path = tmp_path / name
    path.write_text(f"---\n{_LAUGHS}---\nHi\n" if name.endswith(".md") else _LAUGHS)
    started = time.monotonic()
    (message,) = _messages(_json("--select", "FMT001", path)).values()
    assert message == "invalid YAML: aliases expand it to more than 200,000 values"
    assert time.monotonic() - started < 30  # it ran for minutes and gigabytes before


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "a.prompt.yaml"
    path.write_text("base: &b {role: system, content: Be brief.}\nmessages: [*b, *b, {role: user, content: Hi}]\n")
    assert _messages(_json("--select", "FMT001", path)) == {}


@POSIX
def test_a_symlink_loop_named_on_the_command_line_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("a.md")
    (tmp_path / "ok.prompt.md").write_text("# version: 1.0.0\nHi\n")
    named = run_cli("check", "a.md", "--no-cache")
    assert named.code == 2 and named.err == "promptlint: error: a.md: symbolic link loop (it resolves to itself)\n"
    assert _json(".")["summary"]["files"] == 1  # a walk skips links
