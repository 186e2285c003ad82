"""CON001 beyond single rule cases: every topic pack example, the labelled development
set's precision and recall, a team's own topic pack, clear errors for bad packs, the
related location in SARIF, and the dependency-parse veto."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from promptlint.api import lint_source
from promptlint.contradictions import vocabulary
from promptlint.nlp import installed_models
from promptlint.rules.registry import build_registry

from .conftest import FIXTURES, REPO, run_cli


def _examples() -> list[Any]:
    build_registry(plugins=False)  # registers the shipped topic packs
    params = []
    for topic in vocabulary.vocabulary().topics:
        for index, (kind, pair) in enumerate(topic.examples):
            params.append(pytest.param(kind, pair, id=f"{topic.key}-{kind}-{index}"))
    return params


@pytest.mark.parametrize(("kind", "pair"), _examples())
def test_topic_pack_example(kind: str, pair: tuple[str, str]) -> None:
    source = f"{pair[0]}\n{pair[1]}\n"
    found = lint_source(source, "prompt.txt", select=["CON001"])
    if kind == "conflict":
        assert [(d.code, d.span.start) for d in found] == [("CON001", len(pair[0]) + 1)], [d.message for d in found]
        assert found[0].related[0].span.start == 0
    else:
        assert found == [], [d.message for d in found]


def _evaluate(folder: Path) -> tuple[float, float]:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from contradictions_eval import evaluate
    finally:
        sys.path.pop(0)
    tp, fp, fn, near_total, _ = evaluate(folder, False, {"spacy-model": "none"})
    assert near_total > 0
    return tp / (tp + fp), tp / (tp + fn)


def test_development_set_targets() -> None:
    """The issue's targets (recall ≥ 0.80, precision ≥ 0.85), with the margin we have."""
    precision, recall = _evaluate(FIXTURES / "contradictions")
    assert precision >= 0.95
    assert recall >= 0.90


def test_holdout_set_precision() -> None:
    precision, _ = _evaluate(FIXTURES / "contradictions-holdout")
    assert precision >= 0.85


def test_development_set_is_large_enough() -> None:
    import yaml

    labels = yaml.safe_load((FIXTURES / "contradictions" / "labels.yaml").read_text(encoding="utf-8"))
    conflicts = sum(len(spec.get("conflicts") or []) for spec in labels.values())
    near = sum(len(spec.get("near_misses") or []) for spec in labels.values())
    formats = {Path(name).suffix for name in labels}
    assert conflicts >= 30 and near >= 30
    assert {".txt", ".md", ".yaml", ".json", ".prompty", ".j2", ".prompt", ".hbs"} <= formats


def _subprocess_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A fresh process: topic packs register for the life of a process."""
    return subprocess.run(
        [sys.executable, "-m", "promptlint", "check", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=300,
    )


def test_team_topic_pack_adds_a_topic_without_python(tmp_path: Path) -> None:
    pack = tmp_path / "team-topics"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: team-topics\nversion: 1.0.0\nkind: topics\n")
    (pack / "currency.yaml").write_text(
        textwrap.dedent("""\
            topic: currency
            label: currency
            kind: exclusive
            values:
              eur: {label: euros, patterns: ['(?i)\\beuros?\\b', '€']}
              usd: {label: US dollars, patterns: ['(?i)\\b(?:US )?dollars?\\b', '\\$']}
            examples:
              - conflict: ["Show prices in euros.", "Quote prices in US dollars."]
        """)
    )
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['team-topics']\nselect = ['CON001']\n")
    (tmp_path / "p.md").write_text(
        "# Prices\n\n- Prices must always be shown in euros.\n- Always quote prices in US dollars.\n"
    )
    result = _subprocess_check(tmp_path, "p.md", "--no-cache")
    assert result.returncode == 1, result.stderr
    assert "p.md:4:3: CON001 Contradicts an earlier instruction (currency: euros vs US dollars)" in result.stdout
    (tmp_path / "promptlint.toml").write_text("select = ['CON001']\n")
    assert _subprocess_check(tmp_path, "p.md", "--no-cache").returncode == 0  # without the pack: no topic


@pytest.mark.parametrize(
    ("topic_yaml", "message"),
    [
        ("topic: Bad Id\nvalues: {a: {patterns: [x]}, b: {patterns: [y]}}\n", "topic id 'Bad Id' must be kebab-case"),
        ("topic: one\nvalues: {a: {patterns: [x]}}\n", "an exclusive topic needs at least two values"),
        ("topic: re\nvalues: {a: {patterns: ['(']}, b: {patterns: [y]}}\n", "invalid regular expression '('"),
        ("topic: key\nvalues: {a: {patterns: [x]}, b: {patterns: [y]}}\nexamplez: []\n", "unknown key 'examplez'"),
        ("topic: tone\nvalues: {a: {patterns: [x]}, b: {patterns: [y]}}\n", "topic 'tone' is already defined"),
        ("topic: pol\nkind: polarity\n", "a polarity topic needs patterns"),
        ("topic: y\nvalues: {a: {patterns: [x]}\n  b: [\n", "bad.yaml:3: invalid YAML ("),
        ("topic: bt\nvalues: {a: {patterns: ['(a+)+$']}, b: {patterns: [y]}}\n", "nests unbounded repetitions"),
        ("topic: bt2\nkind: polarity\npatterns: ['(\\w+\\s?)*:']\n", "nests unbounded repetitions"),
    ],
)
def test_invalid_topic_packs_are_one_line_errors(tmp_path: Path, topic_yaml: str, message: str) -> None:
    pack = tmp_path / "topics"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: t\nkind: topics\n")
    (pack / "bad.yaml").write_text(topic_yaml)
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['topics']\n")
    (tmp_path / "a.md").write_text("x\n")
    result = _subprocess_check(tmp_path, "a.md")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_sarif_carries_the_earlier_instruction_as_related_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.txt").write_text("# version: 1.0.0\nAlways respond in valid JSON.\nReply in plain prose.\n")
    result = run_cli("check", "p.txt", "--format", "sarif", "--no-cache", "--select", "CON001")
    (sarif_result,) = json.loads(result.out)["runs"][0]["results"]
    assert sarif_result["ruleId"] == "CON001"
    assert sarif_result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    (related,) = sarif_result["relatedLocations"]
    assert related["physicalLocation"]["region"]["startLine"] == 2
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "p.txt"
    assert related["message"]["text"] == "the earlier instruction"


@pytest.mark.skipif(not installed_models(), reason="no spaCy English pipeline installed")
def test_dependency_parse_vetoes_a_description() -> None:
    """ "Our regular customers should write…" has "should", so the patterns take it for an
    instruction; its parse has a third-party subject: a statement about customers, not
    about the reply. (The patterns know "Customers should…" at the start of a sentence.)"""
    source = "Our regular customers should write to us in French.\nReply in English.\n"
    patterns = lint_source(source, "p.txt", select=["CON001"], rule_options={"CON001": {"spacy-model": "none"}})
    parsed = lint_source(source, "p.txt", select=["CON001"], rule_options={"CON001": {"spacy-model": "auto"}})
    assert [d.span.start for d in patterns] == [source.index("Reply")]
    assert parsed == []


def test_unknown_spacy_pipeline_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "promptlint.toml").write_text("[rules.CON001]\nspacy-model = 'xx_not_a_pipeline'\n")
    (tmp_path / "a.md").write_text("x\n")
    result = run_cli("check", "a.md")
    assert result.code == 2
    assert "xx_not_a_pipeline" in result.err and "is not installed" in result.err


def _generated(lines: int) -> str:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from contradictions_timing import generated_prompt
    finally:
        sys.path.pop(0)
    return generated_prompt(lines)


def test_comparisons_grow_with_the_prompt_not_its_square() -> None:
    """A 4,000-line prompt has ~3,600 instruction units: comparing every pair was ~6.5 M
    comparisons (about a minute); the index compares signatures, a few per unit."""
    from promptlint.contradictions import compare, gather
    from promptlint.document.parsers import parse_text

    build_registry(plugins=False)
    vocab = vocabulary.vocabulary()
    doc = parse_text(_generated(4000), "prompt.md")
    instructions = gather.gather(doc, vocab)
    stats: dict[str, int] = {}
    conflicts = compare.find_conflicts(instructions, vocab, None, stats)
    assert len(instructions) > 3000
    assert stats["comparisons"] < 20 * len(instructions)
    assert stats["pairs"] < 20 * len(instructions)
    # Each sentence takes part in at most PER_UNIT findings.
    counts: dict[int, int] = {}
    for conflict in conflicts:
        for side in (conflict.earlier, conflict.later):
            counts[side.sentence] = counts.get(side.sentence, 0) + 1
    assert max(counts.values()) <= compare.PER_UNIT


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(None, id="1,000-line prompt"),
        pytest.param("Hi" + " " * 400_000 + "\n", id="a word and 400,000 spaces"),
        pytest.param("".join(f"Do not use JSON.{' ' * 300}x" for _ in range(1_000)), id="1,000 blank runs"),
    ],
)
def test_large_and_hostile_inputs_are_fast(source: str | None) -> None:
    """Quadratic pair work took 3.8 s on the 1,000-line prompt, and the unit splitter
    backtracked over runs of blanks (40,000 spaces: 11 s). A generous bound: the CPU time
    of CON001 alone is now a small fraction of it."""
    import time

    from promptlint.diagnostics import Severity
    from promptlint.document.parsers import parse_text
    from promptlint.rules.base import RuleContext
    from promptlint.rules.builtin.contradictory_instructions import ContradictoryInstructions

    build_registry(plugins=False)
    doc = parse_text(source if source is not None else _generated(1000), "prompt.txt")
    rule = ContradictoryInstructions()
    options = {name: option.default for name, option in rule.meta.options.items()} | {"spacy-model": "none"}
    ctx = RuleContext(rule.meta, options, Severity.WARNING)
    start = time.process_time()
    list(rule.check(doc, ctx))
    assert time.process_time() - start < 1.5


def test_team_topic_pack_with_a_class_of_its_own(tmp_path: Path) -> None:
    """The README's polarity class: a team names its rivals; forbidding the class meets
    a member asked for, the class asked for does not meet a member forbidden, and a
    member on both sides is left to the always/never comparison, which sees the verbs
    ("compare … Acme's" / "never name Acme")."""
    pack = tmp_path / "team-topics"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: team-topics\nversion: 1.0.0\nkind: topics\n")
    (pack / "rivals.yaml").write_text(
        textwrap.dedent("""\
            topic: rivals
            label: naming rivals
            kind: polarity
            classes:
              rivals:
                label: our rivals
                patterns: ['(?i)\\b(?:mention|name)\\w*\\b[^.;\\n]{0,30}?\\brivals?\\b']
                members:
                  acme: {label: Acme, patterns: ['(?i:\\b(?:mention|name|compare)\\w*\\b)[^.;\\n]{0,40}?\\bAcme\\b']}
            examples:
              - conflict: ["Never mention our rivals.", "Compare our prices with Acme's."]
        """)
    )
    (tmp_path / "promptlint.toml").write_text("rule-packs = ['team-topics']\nselect = ['CON001']\n")
    (tmp_path / "p.txt").write_text(
        "Never mention our rivals.\nCompare our prices with Acme's.\nName our rivals if it helps.\nNever name Acme.\n"
    )
    result = _subprocess_check(tmp_path, "p.txt", "--no-cache")
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stdout.splitlines() if "CON001" in line]
    assert lines == ["p.txt:2:1: CON001 Contradicts an earlier instruction (naming rivals: no rivals vs Acme)"], (
        result.stdout
    )


@pytest.mark.parametrize(
    ("topic_yaml", "message"),
    [
        (
            "topic: c\nvalues: {a: {patterns: [x]}, b: {patterns: [y]}}\nclasses: {k: {patterns: [z], members: [a, q]}}\n",
            "class 'k': members of an exclusive topic's class are its values",
        ),
        (
            "topic: c\nvalues: {a: {patterns: [x]}, b: {patterns: [y]}}\nclasses: {a: {patterns: [z], members: [b]}}\n",
            "a class id must be kebab-case and differ from every value",
        ),
        ("topic: c\nkind: polarity\nclasses: {k: {patterns: [z]}}\n", "class 'k' needs patterns and members"),
        (
            "topic: c\nkind: polarity\nclasses: {k: {patterns: [z], members: {m: {patterns: ['(']}}}}\n",
            "invalid regular expression '('",
        ),
        (
            "topic: c\nkind: polarity\nclasses: {k: {patterns: [z], members: [m]}}\n",
            "members of a polarity topic's class map ids to patterns",
        ),
        (
            "topic: c\nkind: polarity\nclasses: {k: {patterns: [z], members: {m: {patterns: [x]}}, colour: red}}\n",
            "class 'k': unknown key 'colour'",
        ),
        # Patterns compile on first use; a look-behind of varying width still fails on load.
        ("topic: lb\nvalues: {a: {patterns: ['(?<=a+)b']}, b: {patterns: [y]}}\n", "invalid regular expression"),
    ],
)
def test_invalid_classes_are_one_line_errors(tmp_path: Path, topic_yaml: str, message: str) -> None:
    test_invalid_topic_packs_are_one_line_errors(tmp_path, topic_yaml, message)
