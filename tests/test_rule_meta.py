"""Every rule documents itself and has passing and failing examples; the README's rule
table matches the registry."""

from __future__ import annotations

import re

import pytest
import yaml

from promptlint.rules.base import DOC_SECTIONS, rule_doc
from promptlint.rules.packs import PackRule
from promptlint.rules.registry import BUILTIN_FAMILIES, build_registry, family

from .conftest import FIXTURES, REPO

REGISTRY = build_registry(plugins=False)
RULES = list(REGISTRY)
# Rules that can only fail when another part of the system misbehaves; their failing
# case is a dedicated test (tests/test_engine.py::test_rule_crash_becomes_int001).
NO_YAML_FAILING_CASE = {"INT001"}


def _cases(code: str) -> tuple[int, int]:
    path = FIXTURES / "rules" / f"{code}.yaml"
    if not path.exists():
        return 0, 0
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    failing = sum(1 for c in cases if c["expect"])
    return len(cases) - failing, failing


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_rule_has_documentation_sections(rule: type) -> None:
    doc = rule_doc(rule)
    for section in DOC_SECTIONS:
        assert section in doc, f"{rule.meta.code} docs lack {section!r}"
    assert rule.meta.summary and not rule.meta.summary.endswith(".")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.meta.code)
def test_rule_has_passing_and_failing_examples(rule: type) -> None:
    if isinstance(rule, type) and issubclass(rule, PackRule):
        examples = rule.spec.examples
        passing = sum(1 for e in examples if not e.should_fail)
        failing = sum(1 for e in examples if e.should_fail)
    else:
        passing, failing = _cases(rule.meta.code)
    assert passing >= 1, f"{rule.meta.code} has no passing example"
    if rule.meta.code not in NO_YAML_FAILING_CASE:
        assert failing >= 1, f"{rule.meta.code} has no failing example"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.meta.code for r in RULES]
    names = [r.meta.name for r in RULES]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))
    for rule in RULES:
        assert family(rule.meta.code) in BUILTIN_FAMILIES


def test_readme_rule_table_matches_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([A-Z]+\d{3})` \| `([a-z0-9-]+)` \| (\w+) \|", readme, re.M)
    listed = {code: (name, severity) for code, name, severity in rows}
    expected = {r.meta.code: (r.meta.name, r.meta.default_severity.label) for r in RULES}
    assert listed == expected
