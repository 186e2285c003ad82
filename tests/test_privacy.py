"""Privacy end to end: planted personal data and secrets never appear in full in any
output format, the cache, a baseline, logs or errors; the no-model path; the block
cache; baselines; and the network guard on the PII path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import run_cli

PLANTED = {
    "name": "Dana Whitfield",
    "email": "dana.whitfield@fastmail.com",
    "phone": "(415) 829-3374",
    "card": "4716 5260 1815 9088",
    "ssn": "536-22-1234",
    "iban": "DE72 5001 0517 9034 7128 56",
    "ip": "84.17.220.3",
    "operator": "tom.becker@fastmail.com",
    "key": "sk-proj-Hq3XbN8vLw2TzR5mKp9YcJ7dFs4GaE1uVi6oPnQx0BrC",
    "aws": "AKIA3J4WJ99IBAG7I1MN",
}
PROMPT = f"""---
name: billing
version: 1.0.0
description: "Escalations to Tom Becker ({PLANTED["operator"]}). Search key {PLANTED["key"]}"
---
system:
You are the billing assistant. S3 access: {PLANTED["aws"]}.

user:
Hi, I'm {PLANTED["name"]}, card {PLANTED["card"]}, SSN {PLANTED["ssn"]}, IBAN {PLANTED["iban"]}.

assistant:
Thanks Dana. I emailed {PLANTED["email"]} and will call {PLANTED["phone"]}; you logged in from {PLANTED["ip"]}.

user:
{{{{question}}}}
"""


def _raw_values() -> list[str]:
    values = list(PLANTED.values())
    # Digits alone, too: a masked preview must not spell the number without separators.
    values += ["".join(ch for ch in v if ch.isdigit()) for v in ("card", "ssn", "iban") for v in [PLANTED[v]]]
    return values


def _assert_clean(text: str, where: str) -> None:
    for value in _raw_values():
        assert value not in text, f"{value!r} leaked into {where}"


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prompts").mkdir()
    path = tmp_path / "prompts" / "billing.prompty"
    path.write_text(PROMPT, encoding="utf-8")
    return path


def test_findings_are_reported(planted: Path) -> None:
    payload = json.loads(run_cli("check", str(planted), "--format", "json", "--select", "PII,SEC").out)
    found = sorted((d["code"], d["message"].split(":")[0]) for d in payload["diagnostics"])
    assert ("PII001", "Person name in few-shot example 1 (user turn)") in found
    assert ("PII001", "Credit card number in few-shot example 1 (user turn)") in found
    assert ("PII001", "Email address in few-shot example 1 (assistant turn)") in found
    assert ("PII002", "Email address in the frontmatter") in found
    assert sum(1 for code, _ in found if code == "SEC001") == 2
    assert len([c for c, _ in found if c == "PII001"]) == 8


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_no_output_format_leaks(planted: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run_cli("check", str(planted), "--format", fmt, "--verbose")
    assert result.code == 1
    _assert_clean(result.out, f"--format {fmt}")
    _assert_clean(result.err, "stderr")
    # The findings are there, masked.
    assert "d***@f*******.com" in result.out


def test_cache_baseline_and_output_file_do_not_leak(planted: Path, tmp_path: Path) -> None:
    assert (
        run_cli("check", str(planted), "--output-file", str(tmp_path / "report.sarif"), "--format", "sarif").code == 1
    )
    assert run_cli("check", str(planted), "--write-baseline", str(tmp_path / "baseline.json")).code == 0
    for file in tmp_path.rglob("*"):
        if file.is_file() and file != planted:
            _assert_clean(file.read_text(encoding="utf-8", errors="replace"), str(file.relative_to(tmp_path)))
    assert list((tmp_path / ".promptlint_cache").rglob("*.json")), "the cache was written"


def test_baseline_hides_known_findings_and_shows_new_ones(planted: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    total = len(json.loads(run_cli("check", str(planted), "--format", "json").out)["diagnostics"])
    assert run_cli("check", str(planted), "--write-baseline", str(baseline)).out.startswith(f"Wrote {total} findings")
    assert run_cli("check", str(planted), "--baseline", str(baseline)).code == 0
    # Moving lines around does not resurrect old findings; a new one is reported.
    text = planted.read_text(encoding="utf-8")
    planted.write_text(text.replace("system:\n", "system:\nBe polite.\n\n") + "", encoding="utf-8")
    assert run_cli("check", str(planted), "--baseline", str(baseline), "--no-cache").code == 0
    planted.write_text(text.replace("Be polite.", "") + "\n", encoding="utf-8")
    updated = planted.read_text(encoding="utf-8").replace(
        "Thanks Dana.", "Thanks Dana. Your colleague is reachable at ann.lee@fastmail.com."
    )
    planted.write_text(updated, encoding="utf-8")
    result = run_cli("check", str(planted), "--baseline", str(baseline), "--format", "json", "--no-cache")
    messages = [d["message"] for d in json.loads(result.out)["diagnostics"]]
    assert any("a***@f*******.com" in m for m in messages)
    assert result.code == 1
    bad = run_cli("check", str(planted), "--baseline", str(tmp_path / "missing.json"))
    assert bad.code == 2 and "baseline not found" in bad.err


def _subprocess(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=env)


def test_no_model_installed_path(planted: Path) -> None:
    """Without any spaCy pipeline: patterns and cue names still work, one notice per run."""
    code = (
        "import sys\n"
        "import promptlint.nlp as n\n"
        "import promptlint.detect.pii.engine as e\n"
        "n.installed_models = lambda: []\n"
        "from promptlint.cli import main\n"
        "rc = main(['check', 'prompts', '--select', 'PII', '--format', 'json', '--no-cache'])\n"
        "print('NER-LOADED' if e.get_engine('auto')._nlp else 'NER-NOT-LOADED', file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    (planted.parent / "second.prompty").write_text(PROMPT.replace("Dana", "Lena"), encoding="utf-8")
    result = _subprocess(code, planted.parent.parent)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("no spaCy English pipeline is installed") == 1
    assert "NER-NOT-LOADED" in result.stderr
    payload = json.loads(result.stdout)
    kinds = {d["message"].split(" in ")[0] for d in payload["diagnostics"]}
    assert {"Email address", "Credit card number", "Person name"} <= kinds  # "I'm Dana Whitfield" is a cue


def test_named_model_that_is_missing_is_a_config_error(planted: Path, tmp_path: Path) -> None:
    (tmp_path / "promptlint.toml").write_text("[rules.PII001]\nspacy-model = 'en_core_web_xl'\n")
    result = run_cli("check", str(planted))
    assert result.code == 2
    assert "spacy-model" in result.err and "'en_core_web_xl' is not installed" in result.err


def test_unchanged_examples_are_not_analysed_again(planted: Path) -> None:
    """Second run after an edit outside the examples: every block is cached, spaCy stays unloaded."""
    probe = (
        "import sys\n"
        "from promptlint.cli import main\n"
        "rc = main(['check', 'prompts', '--select', 'PII001'])\n"
        "print('SPACY-IMPORTED' if 'spacy' in sys.modules else 'SPACY-NOT-IMPORTED', file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    first = _subprocess(probe, planted.parent.parent)
    assert "SPACY-IMPORTED" in first.stderr
    planted.write_text(planted.read_text(encoding="utf-8").replace("billing assistant", "billing helper"))
    second = _subprocess(probe, planted.parent.parent)
    assert "SPACY-NOT-IMPORTED" in second.stderr
    assert first.stdout == second.stdout


def test_pii_path_is_offline(planted: Path, tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(
        "import socket\n"
        "def _blocked(*a, **k):\n"
        "    import sys; sys.stderr.write('NETWORK ATTEMPT\\n'); raise OSError('blocked')\n"
        "socket.socket.connect = _blocked\nsocket.create_connection = _blocked\nsocket.getaddrinfo = _blocked\n"
    )
    env = {**os.environ, "PYTHONPATH": str(guard)}
    result = subprocess.run(
        [sys.executable, "-m", "promptlint", "check", str(planted), "--no-cache"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 1
    assert "NETWORK ATTEMPT" not in result.stderr
    assert "PII001" in result.stdout


# ---------------------------------------------------------------- home-folder accounts

CAPTURED = """system:
You are a coding agent. Working directory: /Users/mkowalczyk/projects/shop
Logs: C:\\Users\\mkowalczyk\\AppData\\Local\\shop; CI runs in /home/runner/work/shop.
"""


@pytest.mark.parametrize(
    ("text", "accounts"),
    [
        ("cd /Users/mkowalczyk/projects", ["mkowalczyk"]),
        ("C:\\Users\\r.okafor\\Desktop", ["r.okafor"]),
        ('"C:\\\\Users\\\\lferreira\\\\AppData"', ["lferreira"]),  # inside a JSON string
        ("c:/Users/Dana W/notes/x", ["Dana W"]),
        ("file:///home/bmorel/ci.log and /home/bmorel.", ["bmorel", "bmorel"]),
        ("/home/runner/work /home/ubuntu/x /Users/username/x C:\\Users\\Public\\x /Users/Shared/x", []),
        ("/Users/<name>/x /home/{user}/x /home/$USER/x C:\\Users\\%USERNAME%\\x /Users/jane/x /home/you/x", []),
        ("/home/notes.txt https://example.com/home/about api/users/me GET /users/42", []),
    ],
)
def test_home_folder_accounts(text: str, accounts: list[str]) -> None:
    from promptlint.detect.pii import homepaths

    assert [text[a:b] for a, b in homepaths.find(text)] == accounts


def test_home_folder_account_is_masked_and_found_without_presidio(tmp_path: Path) -> None:
    """A text whose only personal data is a path never imports presidio or spaCy."""
    (tmp_path / "agent.prompty").write_text(CAPTURED, encoding="utf-8")
    probe = (
        "import json, sys\n"
        "from promptlint.cli import main\n"
        "rc = main(['check', 'agent.prompty', '--select', 'PII', '--format', 'json', '--no-cache'])\n"
        "heavy = [m for m in ('presidio_analyzer', 'spacy') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy), file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    result = _subprocess(probe, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "HEAVY:\n" in result.stderr
    assert "mkowalczyk" not in result.stdout
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["code"] == "PII002"
    assert diagnostic["message"] == "Account name in a home-folder path in the system prompt: m*** (2 occurrences)"
    assert diagnostic["range"]["start"] == {"line": 1, "character": 50}


def test_repeated_values_are_one_finding_with_a_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = "\n".join(f"Lucia Ferreira: point {i}, and my card 4716 5260 1815 9088." for i in range(30))
    (tmp_path / "transcript.prompty").write_text(
        f"user:\nCustomer: Lucia Ferreira\n{lines}\nassistant:\nNoted.\nuser:\n{{{{q}}}}\n", encoding="utf-8"
    )
    payload = json.loads(run_cli("check", "transcript.prompty", "--select", "PII001", "--format", "json").out)
    messages = sorted(d["message"] for d in payload["diagnostics"])
    assert messages == [
        "Credit card number in few-shot example 1 (user turn): **** **** **** 9088 (30 occurrences in this example); "
        "replace it with a placeholder such as 4111 1111 1111 1111",
        "Person name in few-shot example 1 (user turn): L*** F*** (31 occurrences in this example); "
        "replace it with a placeholder such as Jane Doe",
    ]


def test_cast_of_names() -> None:
    """What a document says about its names: persona, product, public person, placeholder."""
    from promptlint.detect.pii import people

    cast = people.build(
        [
            "You are Aria, the assistant of Northbay. The Quill Notes API is in beta.",
            "Co-created by Imogen Vance and Tobias Reyes. Write like the novelist Halvard Brekke.",
            "Hi, I'm Jane Doe. My name is Marius; my wife is Lady Ashby. Visit northbay.com.",
            "further details follow",
        ],
        {"name": "Hello Prompty"},
    )
    assert cast.role("Aria") == "persona" and cast.role("Prompty") == "persona"
    assert cast.role("Quill Notes") == "persona"
    assert cast.role("Imogen Vance") == cast.role("Tobias Reyes") == cast.role("Brekke") == "public"
    assert cast.role("Ashby") == "public"
    assert cast.role("Jane") == cast.role("Doe") == "placeholder"
    assert cast.role("Dana Whitfield") is None and cast.role("Marius") is None
    assert cast.is_common("Further") and not cast.is_common("Dana")
    assert cast.owns_mailbox("aria@fastmail.com") and cast.owns_mailbox("northbay@proton.me")
    assert not cast.owns_mailbox("dana@fastmail.com")


@pytest.mark.parametrize(
    ("text", "word", "explained"),
    [
        ("Further, you must", "Further", True),
        ("Done. Again, your", "Again", True),
        ("-- Title", "Title", True),
        ("1. Instead, ask", "Instead", True),
        ("Note: Otherwise do", "Otherwise", True),
        ("Hi Dana, your order", "Dana", False),
        ("Thanks, Dana", "Dana", False),
    ],
)
def test_capital_explained_by_position(text: str, word: str, explained: bool) -> None:
    from promptlint.detect.pii import people

    assert people.capital_explained(text, text.index(word)) is explained
