"""Golden sets: the smoke-eval stage's test files, read with positions.

A golden set is a YAML file of test cases for one prompt (``support.prompty.golden.yaml``
beside ``support.prompty``, or any YAML file the config's ``[tool.promptlint.eval]
golden`` globs match that names its ``prompt:``). Its ``tests:`` use promptfoo's words
and shape — ``description``, ``vars``, ``assert`` with ``type``/``value``/``threshold``
— so promptfoo users can paste their tests, plus ``repeat`` and ``threshold`` (the
share of a case's runs that must pass) at the top and per case.

This module is pure (text in, structure out): the lint rule EVAL003 reports its
problems at exact positions, and the eval runner (an edge) builds requests from the
same structure, so the linter and the runner can never disagree about what a golden
set says. Reading the files it names (the prompt, ``file://`` tests and vars, schema
files) is the edges' business.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from promptlint.document.model import ParseProblem, Span
from promptlint.document.yamlsrc import YamlRegion, load_region, scalar_text

GOLDEN_SUFFIXES = (".golden.yaml", ".golden.yml")

# Assertion types promptlint runs (promptfoo's names). Any of them takes a `not-` prefix.
ASSERTION_TYPES = frozenset(
    {
        "equals", "contains", "icontains", "contains-all", "contains-any", "icontains-all", "icontains-any",
        "starts-with", "regex", "is-json", "contains-json", "json-schema", "is-xml", "max-chars", "max-tokens",
        "latency", "cost", "llm-rubric",
    }
)  # fmt: skip
# promptfoo's types that promptlint does not run: a case using one is skipped (never
# passed) and the report names the type. Anything else is a typo (an error).
UNSUPPORTED_TYPES = frozenset(
    {
        "javascript", "python", "ruby", "webhook", "similar", "levenshtein", "rouge-n", "bleu", "gleu", "meteor",
        "perplexity", "perplexity-score", "classifier", "moderation", "factuality", "model-graded-closedqa",
        "model-graded-factuality", "answer-relevance", "context-faithfulness", "context-recall",
        "context-relevance", "select-best", "human", "g-eval", "is-refusal", "is-sql", "contains-sql",
        "contains-xml", "is-html", "contains-html", "is-valid-openai-function-call", "is-valid-openai-tools-call",
        "is-valid-function-call", "tool-call-f1", "finish-reason", "guardrails", "pi", "assert-set", "word-count",
        "trace-span-count", "trace-span-duration", "trace-error-spans", "conversation-relevance", "search-rubric",
        "llm-rubric-multi", "max-score", "cost-per-token", "webhook-json",
    }
)  # fmt: skip
# What each type needs: "text" (a string value), "texts" (a list, or a comma-separated
# string), "any" (any value), "schema" (an inline schema or a file), "number" (value or
# threshold), "threshold" (threshold only), "" (nothing).
_NEEDS = {
    "equals": "any", "contains": "text", "icontains": "text", "starts-with": "text", "regex": "text",
    "contains-all": "texts", "contains-any": "texts", "icontains-all": "texts", "icontains-any": "texts",
    "is-json": "optional-schema", "contains-json": "optional-schema", "json-schema": "schema", "is-xml": "",
    "max-chars": "number", "max-tokens": "number", "latency": "threshold", "cost": "threshold",
    "llm-rubric": "text",
}  # fmt: skip

_GOLDEN_KEYS = frozenset(
    {
        "prompt", "model", "api-base", "params", "repeat", "threshold", "tests", "description", "defaultTest",
        "judge-model", "judge-api-base", "timeout", "version",
    }
)  # fmt: skip
_CASE_KEYS = frozenset({"description", "vars", "assert", "repeat", "threshold", "options", "metadata"})
_ASSERT_KEYS = frozenset({"type", "value", "threshold", "provider", "weight", "metric", "transform"})


@dataclass(frozen=True)
class AssertionSpec:
    type: str  # as written: "not-contains"
    value: Any
    threshold: float | None
    span: Span  # the whole item
    type_span: Span
    provider: str | None = None  # llm-rubric: the judge model (promptfoo's key)
    # Why the case cannot be run (a promptfoo-only type or key); None: runnable.
    unsupported: str | None = None

    @property
    def negated(self) -> bool:
        return self.type.startswith("not-")

    @property
    def base_type(self) -> str:
        return self.type[4:] if self.negated else self.type


@dataclass(frozen=True)
class CaseSpec:
    index: int  # 0-based position in the tests list
    description: str
    vars: Mapping[str, Any]
    var_spans: Mapping[str, Span]
    asserts: tuple[AssertionSpec, ...]
    span: Span
    repeat: int | None = None
    threshold: float | None = None
    provider: str | None = None  # options.provider: the judge for this case's rubrics
    reason: str | None = None  # why the case cannot run as written (promptfoo's options.transform)

    @property
    def unsupported(self) -> str | None:
        return self.reason or next((a.unsupported for a in self.asserts if a.unsupported), None)


@dataclass(frozen=True)
class GoldenSpec:
    prompt: str | None = None
    prompt_span: Span | None = None
    model: str | None = None
    model_span: Span | None = None  # the `model:` value (the MOD rules report there)
    api_base: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    repeat: int | None = None
    threshold: float | None = None
    judge_model: str | None = None
    judge_api_base: str | None = None
    timeout: float | None = None
    tests: tuple[CaseSpec, ...] = ()
    problems: tuple[ParseProblem, ...] = ()


def is_golden_name(path: str | None) -> bool:
    return bool(path) and str(path).lower().endswith(GOLDEN_SUFFIXES)


def implied_prompt(name: str) -> str | None:
    """``support.prompty.golden.yaml`` → ``support.prompty`` (the prompt beside it)."""
    lower = name.lower()
    for suffix in GOLDEN_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)] or None
    return None


def parse_golden(source: str) -> tuple[GoldenSpec, YamlRegion | None]:
    """The golden set in ``source``; never raises (problems carry positions)."""
    start = 1 if source.startswith("\ufeff") else 0
    region, problem = load_region(source, start, len(source))
    if region is None:
        assert problem is not None
        return GoldenSpec(problems=(problem,)), None
    reader = _Reader(source, region)
    return reader.golden(), region


class _Reader:
    def __init__(self, source: str, region: YamlRegion) -> None:
        self.source = source
        self.region = region
        self.problems: list[ParseProblem] = []

    def span(self, node: yaml.Node) -> Span:
        return self.region.span(node)

    def problem(self, message: str, node: yaml.Node | Span) -> None:
        span = node if isinstance(node, Span) else self.span(node)
        self.problems.append(ParseProblem(message, span))

    def value(self, node: yaml.Node) -> Any:
        loader = yaml.SafeLoader("")
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError):
            return None
        finally:
            loader.dispose()

    def golden(self) -> GoldenSpec:
        root = self.region.node
        if not isinstance(root, yaml.MappingNode):
            at = self.span(root) if root is not None else Span(0, 0)
            self.problem("a golden set must be a YAML mapping with a `tests:` list", Span(at.start, at.start))
            return GoldenSpec(problems=tuple(self.problems))
        fields: dict[str, Any] = {}
        tests_node: yaml.Node | None = None
        default: yaml.Node | None = None
        for key_node, value_node in root.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in _GOLDEN_KEYS:
                self.problem(f"unknown key {key!r} in the golden set{_suggest(key, _GOLDEN_KEYS)}", key_node)
                continue
            if key == "tests":
                tests_node = value_node
            elif key == "defaultTest":
                default = value_node
            elif key == "prompt":
                fields["prompt"] = self.string(value_node, "prompt")
                fields["prompt_span"] = self.span(value_node)
            elif key in ("model", "api-base", "judge-model", "judge-api-base"):
                fields[key.replace("-", "_")] = self.string(value_node, key)
                if key == "model" and isinstance(value_node, yaml.ScalarNode):
                    fields["model_span"] = self.scalar_span(value_node)
            elif key == "params":
                params = self.value(value_node)
                if not isinstance(params, dict):
                    self.problem("`params` must be a mapping of model parameters", value_node)
                else:
                    fields["params"] = params
            elif key == "repeat":
                fields["repeat"] = self.count(value_node, "repeat")
            elif key == "threshold":
                fields["threshold"] = self.fraction(value_node, "threshold")
            elif key == "timeout":
                fields["timeout"] = self.number(value_node, "timeout")
        if tests_node is None:
            self.problem("the golden set has no `tests:` list", Span(self.span(root).start, self.span(root).start))
            tests: tuple[CaseSpec, ...] = ()
        else:
            tests = tuple(self.cases(tests_node, default))
        return GoldenSpec(tests=tests, problems=tuple(self.problems), **fields)

    def cases(self, node: yaml.Node, default: yaml.Node | None = None) -> list[CaseSpec]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem("`tests` must be a list of cases", node)
            return []
        base = self.case(default, -1) if isinstance(default, yaml.MappingNode) else None
        out = []
        for index, item in enumerate(node.value):
            case = self.case(item, index)
            if case is not None:
                if base is not None:
                    case = CaseSpec(
                        case.index, case.description, {**base.vars, **case.vars}, {**base.var_spans, **case.var_spans},
                        (*base.asserts, *case.asserts), case.span, case.repeat, case.threshold,
                        case.provider or base.provider, case.reason or base.reason,
                    )  # fmt: skip
                out.append(case)
        return out

    def case(self, node: yaml.Node | None, index: int) -> CaseSpec | None:
        if not isinstance(node, yaml.MappingNode):
            if node is not None:
                self.problem("a test case must be a mapping (description, vars, assert)", node)
            return None
        description = f"case {index + 1}"
        variables: dict[str, Any] = {}
        var_spans: dict[str, Span] = {}
        asserts: list[AssertionSpec] = []
        repeat = threshold = provider = reason = None
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in _CASE_KEYS:
                self.problem(f"unknown key {key!r} in a test case{_suggest(key, _CASE_KEYS)}", key_node)
            elif key == "description":
                description = self.string(value_node, "description") or description
            elif key == "vars":
                if not isinstance(value_node, yaml.MappingNode):
                    self.problem("`vars` must be a mapping of variable names to values", value_node)
                    continue
                for var_key, var_value in value_node.value:
                    name = str(var_key.value) if isinstance(var_key, yaml.ScalarNode) else "?"
                    variables[name] = self.value(var_value)
                    var_spans[name] = self.span(var_key)
            elif key == "assert":
                if not isinstance(value_node, yaml.SequenceNode):
                    self.problem("`assert` must be a list of assertions", value_node)
                    continue
                asserts.extend(a for a in map(self.assertion, value_node.value) if a is not None)
            elif key == "repeat":
                repeat = self.count(value_node, "repeat")
            elif key == "threshold":
                threshold = self.fraction(value_node, "threshold")
            elif key == "options":
                options = self.value(value_node)
                if isinstance(options, dict) and isinstance(options.get("provider"), str):
                    provider = options["provider"]
                if isinstance(options, dict) and "transform" in options:
                    reason = "`options.transform` (a JavaScript expression)"
        return CaseSpec(
            index, description, variables, var_spans, tuple(asserts), self.span(node), repeat, threshold, provider,
            reason,
        )  # fmt: skip

    def assertion(self, node: yaml.Node) -> AssertionSpec | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem("an assertion must be a mapping with a `type`", node)
            return None
        type_node = value_node = threshold_node = None
        provider: str | None = None
        unsupported: str | None = None
        for key_node, item in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in _ASSERT_KEYS:
                self.problem(f"unknown key {key!r} in an assertion{_suggest(key, _ASSERT_KEYS)}", key_node)
            elif key == "type":
                type_node = item
            elif key == "value":
                value_node = item
            elif key == "threshold":
                threshold_node = item
            elif key == "provider":
                raw = self.value(item)
                provider = raw if isinstance(raw, str) else (raw or {}).get("id") if isinstance(raw, dict) else None
            elif key == "transform":
                unsupported = "`transform` (a JavaScript expression)"
        if type_node is None:
            self.problem("the assertion has no `type`", node)
            return None
        kind = self.string(type_node, "type") or ""
        type_span = self.span(type_node)
        base = kind[4:] if kind.startswith("not-") else kind
        value = self.value(value_node) if value_node is not None else None
        threshold = self.number(threshold_node, "threshold") if threshold_node is not None else None
        if base in UNSUPPORTED_TYPES:
            unsupported = f"assertion type {kind!r}"
        elif base not in ASSERTION_TYPES:
            self.problem(
                f"unknown assertion type {kind!r}{_suggest(base, ASSERTION_TYPES)}",
                Span(type_span.start, type_span.end),
            )
            return None
        elif unsupported is None:
            self.check_value(base, kind, value, value_node, threshold, node)
        return AssertionSpec(kind, value, threshold, self.span(node), type_span, provider, unsupported)

    def check_value(
        self, base: str, kind: str, value: Any, value_node: yaml.Node | None, threshold: float | None, node: yaml.Node
    ) -> None:
        need = _NEEDS[base]
        where = value_node if value_node is not None else node
        if need == "text" and not isinstance(value, str | int | float):
            self.problem(f"`{kind}` needs a text `value`", where)
        elif need == "texts" and not (
            isinstance(value, str) or (isinstance(value, list) and value and all(isinstance(v, str) for v in value))
        ):
            self.problem(f"`{kind}` needs a `value` list of texts", where)
        elif need == "any" and value_node is None:
            self.problem(f"`{kind}` needs a `value`", where)
        elif need == "schema" and not isinstance(value, dict | str):
            self.problem(f"`{kind}` needs a `value`: an inline JSON schema or a schema file", where)
        elif need == "optional-schema" and value_node is not None and not isinstance(value, dict | str):
            self.problem(f"the `value` of `{kind}` must be a JSON schema or a schema file", where)
        elif need == "number":
            number = value if value_node is not None else threshold
            if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
                self.problem(f"`{kind}` needs a limit: a non-negative number as `value` (or `threshold`)", where)
        elif need == "threshold" and (threshold is None or threshold < 0):
            self.problem(f"`{kind}` needs a non-negative `threshold`", node)
        if base == "regex" and isinstance(value, str):
            try:
                re.compile(value)
            except re.error as exc:
                self.problem(f"invalid regex in `{kind}`: {exc}", where)

    # ------------------------------------------------------------------ scalars

    def string(self, node: yaml.Node, key: str) -> str | None:
        value = self.value(node)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        self.problem(f"`{key}` must be a non-empty string", node)
        return None

    def scalar_span(self, node: yaml.ScalarNode) -> Span:
        """The value as written, without its quotes or surrounding blanks."""
        text = scalar_text(self.source, self.region, node)
        value = text.text.strip()
        at = max(0, text.text.find(value)) if value else 0
        return text.source_span(at, at + len(value))

    def number(self, node: yaml.Node, key: str) -> float | None:
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(f"`{key}` must be a number", node)
            return None
        return float(value)

    def count(self, node: yaml.Node, key: str) -> int | None:
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(f"`{key}` must be a whole number of at least 1", node)
            return None
        return value

    def fraction(self, node: yaml.Node, key: str) -> float | None:
        value = self.number(node, key)
        if value is not None and not 0 <= value <= 1:
            self.problem(f"`{key}` is the share of runs that must pass: a number from 0 to 1", node)
            return None
        return value


def parse_cases(
    source: str, region: YamlRegion, nodes: list[yaml.Node], default: yaml.Node | None = None, first: int = 0
) -> tuple[list[CaseSpec], list[ParseProblem]]:
    """Cases from nodes of another file (a promptfoo config's inline tests, its
    ``file://`` test files), with promptfoo's ``defaultTest`` merged in; numbered from
    ``first``."""
    reader = _Reader(source, region)
    sequence = yaml.SequenceNode("tag:yaml.org,2002:seq", list(nodes))
    cases = reader.cases(sequence, default)
    renumbered = []
    for c in cases:
        description = c.description if c.description != f"case {c.index + 1}" else f"case {c.index + first + 1}"
        renumbered.append(
            CaseSpec(c.index + first, description, c.vars, c.var_spans, c.asserts, c.span, c.repeat, c.threshold,
                     c.provider, c.reason)
        )  # fmt: skip
    cases = renumbered
    return cases, reader.problems


def _suggest(word: str | None, known: frozenset[str]) -> str:
    if not word:
        return ""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.7)
    return f" (did you mean {close[0]!r}?)" if close else ""
