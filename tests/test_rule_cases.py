"""Every rule case in fixtures/rules/*.yaml and every example in the YAML packs:
exact codes, lines and columns, and the text after --fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from promptlint.config import parse_custom_models
from promptlint.rules.base import GoldenHistory, GoldenLinks, LinkedFile
from promptlint.rules.packs import PackRule
from promptlint.rules.registry import build_registry
from promptlint.testing import check_rule, fix_rule

from .conftest import FIXTURES


def _builtin_cases() -> list[Any]:
    params = []
    for path in sorted((FIXTURES / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            case = {**case, "also": tuple(data.get("also", ()))}
            params.append(pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}"))
    return params


def _pack_cases() -> list[Any]:
    params = []
    for rule in build_registry(plugins=False):
        if isinstance(rule, type) and issubclass(rule, PackRule):
            for index, example in enumerate(rule.spec.examples):
                kind = "fail" if example.should_fail else "pass"
                params.append(pytest.param(rule, example, id=f"{rule.meta.code}-{kind}-{index}"))
    return params


@pytest.mark.parametrize(("code", "case"), _builtin_cases())
def test_builtin_rule_case(code: str, case: dict[str, Any]) -> None:
    kwargs = {
        "path": case.get("path", "prompt.txt"),
        "options": case.get("options"),
        "base": case.get("base"),
        "also": case["also"],
    }
    found = check_rule(
        code,
        case["source"],
        golden=_golden(case.get("golden")),
        today=_date(case.get("today")),
        model=case.get("model"),
        custom_models=parse_custom_models(Path("case"), case.get("custom-models", {}), "custom-models"),
        **kwargs,
    )
    assert all(d.code == code for d, _, _ in found)
    assert [[line, col] for _, line, col in found] == case["expect"], [d.message for d, _, _ in found]
    for diagnostic, _, _ in found:
        assert diagnostic.message and diagnostic.name
    if "messages" in case:
        assert [d.message for d, _, _ in found] == case["messages"]
    if "severities" in case:
        assert [d.severity.label for d, _, _ in found] == case["severities"]
    if "fixed" in case:
        fixed = fix_rule(code, case["source"], unsafe=case.get("unsafe", False), **kwargs)
        assert fixed == case["fixed"]


def _date(value: Any) -> dt.date | None:
    """The case's `today:` (YAML reads an unquoted date as one)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _golden(data: dict[str, Any] | None) -> GoldenLinks | None:
    """The case's `golden:` table: what the edge would find about golden sets."""
    if data is None:
        return None
    prompt = data.get("prompt")
    return GoldenLinks(
        golden_sets=tuple(data.get("sets", ())),
        prompt=LinkedFile(prompt["path"], prompt.get("source")) if prompt else None,
        history=tuple(
            GoldenHistory(h["golden"], h["since"], tuple(h["revisions"]), tuple(h["commits"]))
            for h in data.get("history", ())
        ),
    )


@pytest.mark.parametrize(("rule", "example"), _pack_cases())
def test_pack_rule_example(rule: type[PackRule], example: Any) -> None:
    path = (
        f"prompt.{ {'text': 'txt', 'markdown': 'md', 'jinja': 'j2', 'prompty': 'prompty'}.get(example.format, 'txt') }"
    )
    found = check_rule(rule.meta.code, example.source, path=path)
    if example.should_fail:
        assert found, f"{rule.meta.code} should flag: {example.source!r}"
        if example.expect:
            assert [(line, col) for _, line, col in found] == list(example.expect)
    else:
        assert found == [], [d.message for d, _, _ in found]
    if example.fixed is not None:
        assert fix_rule(rule.meta.code, example.source, path=path, unsafe=example.unsafe) == example.fixed


def test_every_case_file_names_a_known_rule() -> None:
    registry = build_registry(plugins=False)
    for path in Path(FIXTURES / "rules").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] in registry.rules, path
        assert path.stem == data["rule"]
