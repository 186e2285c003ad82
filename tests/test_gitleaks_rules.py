"""The vendored gitleaks rule set: every rule compiles under Python's ``re`` or is
listed as skipped with its reason, the run-time index is exactly the translation of
the vendored TOML, and the Go → Python translation keeps Go's meaning."""

from __future__ import annotations

import json
import re
import tomllib
import warnings
from pathlib import Path

import pytest

from promptlint.detect.secrets import gitleaks
from promptlint.detect.secrets.goregex import Untranslatable, compile_go, translate
from promptlint.detect.secrets.index import build_index, dump_index

DATA = Path(gitleaks.__file__).resolve().parents[2] / "data" / "gitleaks"
TOML = tomllib.loads((DATA / "gitleaks.toml").read_text(encoding="utf-8"))
INDEX = json.loads((DATA / "rules.json").read_text(encoding="utf-8"))
# The rules promptlint cannot use, and why. A new upstream rule that does not
# translate fails this test until it is listed here with its reason.
EXPECTED_SKIPPED = {"pkcs12-file": "path-only rule: it matches file names, not content"}


def test_index_is_the_translation_of_the_vendored_toml() -> None:
    rebuilt = build_index((DATA / "gitleaks.toml").read_text(encoding="utf-8"), INDEX["commit"])
    assert dump_index(rebuilt) == (DATA / "rules.json").read_text(encoding="utf-8")


def test_commit_and_licence_are_recorded() -> None:
    assert re.fullmatch(r"[0-9a-f]{40}", INDEX["commit"])
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert INDEX["commit"] in sources and "MIT" in sources
    assert (DATA / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


@pytest.mark.parametrize("rule", TOML["rules"], ids=[r["id"] for r in TOML["rules"]])
def test_every_rule_compiles_or_is_skipped_with_its_reason(rule: dict[str, object]) -> None:
    evaluated = {r["id"]: r for r in INDEX["rules"]}
    skipped = {s["id"]: s["reason"] for s in INDEX["skipped"]}
    rule_id = str(rule["id"])
    assert (rule_id in evaluated) != (rule_id in skipped)
    if rule_id in skipped:
        assert skipped[rule_id] == EXPECTED_SKIPPED.get(rule_id), f"{rule_id} skipped: {skipped[rule_id]}"
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "possible nested set" and such either
        compiled = re.compile(evaluated[rule_id]["regex"], re.ASCII)
    assert compiled.groups >= int(str(rule.get("secretGroup") or 0))
    assert evaluated[rule_id]["keywords"] == sorted({str(k).lower() for k in rule.get("keywords", [])})  # type: ignore[union-attr]


def test_counts() -> None:
    assert len(INDEX["rules"]) + len(INDEX["skipped"]) == len(TOML["rules"])
    assert {s["id"] for s in INDEX["skipped"]} == set(EXPECTED_SKIPPED)


@pytest.mark.parametrize(
    ("go", "python"),
    [
        (r"\b(p8e-(?i)[a-z0-9]{32})", r"\b(p8e-(?i:[a-z0-9]{32}))"),
        (r"(?i)abc", r"(?i:abc)"),
        (r"a(?i)b|c", r"a(?i:b)|(?i:c)"),
        (r"x(?:\s|\z)", r"x(?:\s|\Z)"),
        (r"end$", r"end\Z"),
        (r"(?m)^a$", r"(?m:^a$)"),
        (r"\b(pat[[:alnum:]]{14})", r"\b(pat[0-9A-Za-z]{14})"),
        (r"(?<name>x)", r"(?P<name>x)"),
        (r"\Qa.b\E", r"a\.b"),
        (r"[\w[]", r"[\w\[]"),
    ],
)
def test_translation(go: str, python: str) -> None:
    assert translate(go) == python


def test_untranslatable_patterns_say_why() -> None:
    with pytest.raises(Untranslatable, match="Unicode class"):
        compile_go(r"\p{Greek}+")
    with pytest.raises(Untranslatable, match="ungreedy"):
        compile_go(r"(?U)a+")


def test_mid_pattern_flags_apply_to_the_rest_of_the_group_only() -> None:
    regex = compile_go(r"\b(p8e-(?i)[a-z0-9]{4})")
    assert regex.search("p8e-AbC1")
    assert not regex.search("P8E-abc1")


def test_keyword_prefilter_and_entropy_floor() -> None:
    ruleset = gitleaks.rule_set()
    bot = "xoxb-412524273167-2326865635515-bvJDCTbyvHNsG9eh6Yo4gfqr"
    assert [c.rule for c in gitleaks.scan(f"token {bot}")] == ["slack-bot-token"]
    assert gitleaks.scan("xoxb-111111111111-111111111111-aaaaaaaaaaaa") == []  # entropy ≤ 3
    assert "xoxb" in ruleset.keywords


def test_allowlists_drop_what_gitleaks_drops() -> None:
    # aws-access-token's allowlist: keys ending in EXAMPLE.
    assert gitleaks.scan("AKIAIOSFODNN7EXAMPLE") == []
    # The global allowlist: template references are not secrets.
    assert gitleaks.scan('api_token = "${API_TOKEN}"') == []


def test_display_names() -> None:
    assert gitleaks.kind("github-pat") == "GitHub PAT"
    assert gitleaks.kind("slack-bot-token") == "Slack bot token"
    assert gitleaks.kind("huggingface-organization-api-token") == "Hugging Face organization API token"
