"""Grading an answer: promptfoo's assertion types, each negatable with ``not-``.

Every check returns whether it held and what it expected, so a failure reads "expected
X; got Y" with a short excerpt of the output — never a bare "assertion failed". The
excerpt is scrubbed of anything key-shaped (:func:`promptlint.llm.scrub`).

``llm-rubric`` is graded by a judge model through the same client (cached like any
other answer); the runner asks the judge and hands the verdict in, so grading itself
never blocks on the network.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promptlint.document.golden import AssertionSpec
from promptlint.llm import scrub

EXCERPT = 80


@dataclass(frozen=True)
class Answer:
    text: str
    latency_ms: float
    cost_usd: float | None
    model: str


@dataclass(frozen=True)
class Verdict:
    passed: bool
    reason: str


@dataclass(frozen=True)
class Outcome:
    assertion: str  # the type as written
    passed: bool
    message: str  # why it failed ("" when it passed)


@dataclass(frozen=True)
class Check:
    ok: bool
    expected: str  # what the assertion asks for, positively
    observed: str = ""  # what the answer did instead (without the excerpt)


def grade(
    assertion: AssertionSpec,
    answer: Answer,
    *,
    base_dir: Path,
    verdict: Verdict | None = None,
) -> Outcome:
    """The outcome of one assertion on one answer (``verdict``: the judge's, for llm-rubric)."""
    check = _CHECKS[assertion.base_type](assertion, answer, base_dir, verdict)
    passed = check.ok != assertion.negated
    if passed:
        return Outcome(assertion.type, True, "")
    expected = f"not {check.expected}" if assertion.negated else check.expected
    observed = f"{check.observed}; " if check.observed and not assertion.negated else ""
    return Outcome(assertion.type, False, f"expected {expected}; {observed}output: {excerpt(answer.text)}")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The output on one line, cut to ``limit`` characters, in quotes (not escaped:
    a JSON answer stays readable)."""
    flat = scrub(" ".join(text.split()))
    return '"' + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + '"'


# ----------------------------------------------------------------------- checks

CheckFn = Callable[[AssertionSpec, Answer, Path, "Verdict | None"], Check]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value) if isinstance(value, dict | list) else str(value)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [_text(v) for v in value or ()]


def _equals(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    if isinstance(a.value, dict | list):
        try:
            ok = json.loads(answer.text) == a.value
        except ValueError:
            return Check(False, f"JSON equal to {_short(a.value)}", "the output is not JSON")
        return Check(ok, f"JSON equal to {_short(a.value)}")
    return Check(answer.text.strip() == _text(a.value).strip(), f"exactly {_short(_text(a.value))}")


def _contains(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    return Check(_text(a.value) in answer.text, f"to contain {_short(_text(a.value))}")


def _icontains(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    return Check(_text(a.value).lower() in answer.text.lower(), f"to contain {_short(_text(a.value))} (any case)")


def _all_or_any(*, every: bool, fold: bool) -> CheckFn:
    def check(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
        wanted = _texts(a.value)
        text = answer.text.lower() if fold else answer.text
        found = [w for w in wanted if (w.lower() if fold else w) in text]
        what = "all of" if every else "one of"
        case = " (any case)" if fold else ""
        expected = f"to contain {what} {', '.join(_short(w) for w in wanted)}{case}"
        if every:
            missing = [w for w in wanted if w not in found]
            return Check(not missing, expected, f"missing {', '.join(_short(m) for m in missing)}")
        return Check(bool(found), expected, f"found {', '.join(_short(f) for f in found)}" if found else "")

    return check


def _starts_with(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    return Check(answer.text.lstrip().startswith(_text(a.value)), f"to start with {_short(_text(a.value))}")


def _regex(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    return Check(re.search(_text(a.value), answer.text) is not None, f"to match /{_text(a.value)}/")


def _schema(value: Any, base: Path) -> dict[str, Any] | None:
    """An inline schema, or one read from a JSON/YAML file (relative to the golden set)."""
    if value is None or isinstance(value, dict):
        return value
    name = str(value)
    name = name[len("file://") :] if name.startswith("file://") else name
    path = (base / name).resolve()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GradeError(f"cannot read the JSON schema {name}: {exc.strerror or exc}") from None
    import yaml

    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise GradeError(f"the JSON schema {name} does not parse: {' '.join(str(exc).split())[:120]}") from None
    if not isinstance(data, dict):
        raise GradeError(f"the JSON schema {name} is not an object")
    return data


class GradeError(Exception):
    """The assertion itself cannot be evaluated (a missing schema file): a case error."""


def _validate(data: Any, schema: dict[str, Any] | None) -> str | None:
    if schema is None:
        return None
    try:
        import jsonschema
    except ImportError:
        raise GradeError("json-schema assertions need jsonschema: pip install 'promptlint-suite[eval]'") from None
    try:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise GradeError(f"invalid JSON schema: {exc.message}") from None
    error = jsonschema.exceptions.best_match(cls(schema).iter_errors(data))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"schema: {error.message[:120]}" + (f" at /{where}" if where else "")


def _is_json(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    schema = _schema(a.value, base)
    expected = "valid JSON" + (" matching the schema" if schema else "")
    try:
        data = json.loads(answer.text)
    except ValueError as exc:
        return Check(False, expected, f"not JSON ({exc.msg} at character {exc.pos})")
    problem = _validate(data, schema)
    return Check(problem is None, expected, problem or "")


def _json_schema(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    return _is_json(a, answer, base, verdict)


def _contains_json(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    schema = _schema(a.value, base)
    expected = "JSON in the output" + (" matching the schema" if schema else "")
    decoder = json.JSONDecoder()
    problem = "no JSON object or array found"
    for match in re.finditer(r"[\[{]", answer.text):
        try:
            data, _ = decoder.raw_decode(answer.text, match.start())
        except ValueError:
            continue
        found = _validate(data, schema)
        if found is None:
            return Check(True, expected)
        problem = found
    return Check(False, expected, problem)


def _is_xml(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    from xml.etree import ElementTree

    try:
        ElementTree.fromstring(answer.text.strip())
    except ElementTree.ParseError as exc:
        return Check(False, "well-formed XML", f"not XML ({exc})")
    return Check(True, "well-formed XML")


def _limit(a: AssertionSpec) -> float:
    value = a.value if a.value is not None else a.threshold
    return float(value)  # validated by the golden-set parser


def _max_chars(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    limit = _limit(a)
    return Check(len(answer.text) <= limit, f"at most {limit:g} characters", f"{len(answer.text):,} characters")


def _max_tokens(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    from promptlint import tokens

    count = tokens.count_tokens(answer.text, answer.model)
    limit = _limit(a)
    approx = "" if count.exact else "≈"
    return Check(
        count.tokens <= limit, f"at most {limit:g} tokens", f"{approx}{count.tokens:,} tokens ({count.encoding})"
    )


def _latency(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    limit = a.threshold or 0.0
    return Check(answer.latency_ms <= limit, f"a latency of at most {limit:g} ms", f"took {answer.latency_ms:,.0f} ms")


def _cost(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    limit = a.threshold or 0.0
    if answer.cost_usd is None:
        return Check(
            False, f"a cost of at most ${limit:g}", f"the cost of {answer.model} is unknown (no usage or price)"
        )
    return Check(answer.cost_usd <= limit, f"a cost of at most ${limit:g}", f"cost ${answer.cost_usd:.6f}")


def _llm_rubric(a: AssertionSpec, answer: Answer, base: Path, verdict: Verdict | None) -> Check:
    expected = f"to satisfy the rubric {_short(_text(a.value))}"
    if verdict is None:
        return Check(False, expected, "the judge gave no verdict")
    return Check(verdict.passed, expected, f"judge: {verdict.reason}" if verdict.reason else "")


_CHECKS: dict[str, CheckFn] = {
    "equals": _equals,
    "contains": _contains,
    "icontains": _icontains,
    "contains-all": _all_or_any(every=True, fold=False),
    "contains-any": _all_or_any(every=False, fold=False),
    "icontains-all": _all_or_any(every=True, fold=True),
    "icontains-any": _all_or_any(every=False, fold=True),
    "starts-with": _starts_with,
    "regex": _regex,
    "is-json": _is_json,
    "contains-json": _contains_json,
    "json-schema": _json_schema,
    "is-xml": _is_xml,
    "max-chars": _max_chars,
    "max-tokens": _max_tokens,
    "latency": _latency,
    "cost": _cost,
    "llm-rubric": _llm_rubric,
}
SUPPORTED = frozenset(_CHECKS)


def _short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# ------------------------------------------------------------------ the judge

JUDGE_SYSTEM = (
    "You grade the output of another AI system against a rubric. Read the rubric and the output, and decide "
    "whether the output satisfies the rubric. Answer with a JSON object only: "
    '{"pass": true or false, "reason": "one short sentence"}.'
)


def judge_messages(rubric: str, output: str) -> tuple[dict[str, str], ...]:
    return (
        {"role": "system", "content": JUDGE_SYSTEM},
        {"role": "user", "content": f"<rubric>\n{rubric}\n</rubric>\n<output>\n{output}\n</output>"},
    )


def parse_verdict(text: str) -> Verdict:
    """The judge's answer: a JSON object with a boolean ``pass`` (fenced or not)."""
    match = re.search(r"\{.*\}", text, re.S)
    try:
        data = json.loads(match.group()) if match else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("pass"), bool):
        raise GradeError(f"the judge's answer is not a verdict: {excerpt(text)}")
    return Verdict(data["pass"], " ".join(str(data.get("reason", "")).split())[:160])
