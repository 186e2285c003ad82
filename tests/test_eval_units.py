"""The smoke-eval stage's parts without a model: rendering every format, every
assertion type (and its negation), the cost estimate, promptfoo names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from promptlint.document.golden import ASSERTION_TYPES, AssertionSpec, parse_golden
from promptlint.document.model import Span
from promptlint.document.parsers import parse_text
from promptlint.eval.assertions import SUPPORTED, Answer, Verdict, grade, parse_verdict
from promptlint.eval.promptfoo import model_name
from promptlint.eval.render import RenderError, render
from promptlint.eval.run import Estimate, prompt_tokens


def messages(source: str, path: str, variables: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    return [(m["role"], m["content"]) for m in render(parse_text(source, path), variables or {}, case="c")]


# --------------------------------------------------------------------- rendering


def test_prompty_renders_jinja_then_splits_roles() -> None:
    source = (
        "---\ninputs:\n  question: {type: string}\n  tone: {type: string, default: warm}\n---\n"
        "system:\nBe {{tone}}.\n{% for item in history %}\n{{item.role}}:\n{{item.content}}\n{% endfor %}\n"
        "user:\n{{question}}\n"
    )
    history = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
    assert messages(source, "a.prompty", {"question": "Where?", "history": history}) == [
        ("system", "Be warm."), ("user", "hi"), ("assistant", "hello"), ("user", "Where?"),
    ]  # fmt: skip


def test_dotprompt_handlebars_roles_conditions_and_loops() -> None:
    source = (
        "---\nmodel: gemini/gemini-2.0-flash\ninput:\n  schema:\n    items(array): string\n    context?: string\n---\n"
        '{{role "system"}}\nYou review lists.{{#if context}} Context: {{context}}{{/if}}\n'
        '{{role "user"}}\n{{#each items}}- {{this}}{{#unless @last}}\n{{/unless}}{{/each}}\n{{json meta}}\n'
    )
    assert messages(source, "a.prompt", {"items": ["a", "b"], "meta": {"k": 1}}) == [
        ("system", "You review lists."), ("user", '- a\n- b\n{"k": 1}'),
    ]  # fmt: skip


def test_dotprompt_without_roles_is_one_user_message_and_prints_need_values() -> None:
    assert messages("---\nmodel: x\n---\nSummarise {{text}}.\n", "a.prompt", {"text": "this"}) == [
        ("user", "Summarise this.")
    ]
    with pytest.raises(RenderError, match=r"^case 'c': the template uses 'text', which the case does not give"):
        messages("---\nmodel: x\n---\nSummarise {{text}}.\n", "a.prompt")


def test_jinja_missing_var_is_an_error_but_a_condition_is_not() -> None:
    source = "system:\nHelp.{% if extra %} {{extra}}{% endif %}\nuser:\n{{ question }}\n"
    assert messages(source, "a.j2", {"question": "q"}) == [("system", "Help."), ("user", "q")]
    with pytest.raises(RenderError) as caught:
        messages(source, "a.j2", {})
    assert (
        str(caught.value) == "case 'c': the template uses 'question', which the case does not give (add it to `vars`)"
    )


def test_chat_yaml_and_json_send_their_own_messages() -> None:
    yaml_source = "messages:\n  - role: system\n    content: Be brief.\n  - role: user\n    content: '{{ q }}'\n"
    assert messages(yaml_source, "a.yaml", {"q": "hi"}) == [("system", "Be brief."), ("user", "hi")]
    json_source = '[{"role": "system", "content": "Sort {{ n }} items"}, {"role": "user", "content": "go"}]'
    assert messages(json_source, "a.json", {"n": 3}) == [("system", "Sort 3 items"), ("user", "go")]
    templated = (
        '[{% for m in turns %}{"role": "user", "content": "{{ m }}"}{% if not loop.last %},{% endif %}{% endfor %}]'
    )
    assert messages(templated, "a.json", {"turns": ["a", "b"]}) == [("user", "a"), ("user", "b")]
    config = "system_prompt: You classify tickets.\ntemplate: 'Ticket: {{ticket}}'\n"
    assert messages(config, "a.yaml", {"ticket": "late"}) == [
        ("system", "You classify tickets."),
        ("user", "Ticket: late"),
    ]


def test_markdown_and_text_bodies_are_one_user_message() -> None:
    assert messages("---\ntitle: x\n---\n# Role\nYou summarise.\n", "a.md") == [("user", "# Role\nYou summarise.")]
    assert messages("Translate {{ text }} to French.\n", "a.txt", {"text": "hi"}) == [
        ("user", "Translate hi to French.")
    ]
    assert messages('<message role="system">Be nice.</message><message role="user">{{$q}}</message>', "a.txt",
                    {"q": "hi"}) == [("system", "Be nice."), ("user", "hi")]  # fmt: skip


def test_unreadable_prompt_and_golden_set_are_not_rendered() -> None:
    with pytest.raises(RenderError, match="cannot be rendered"):
        render(parse_text("---\nname: [x\n---\nhi\n", "a.prompty"), {})
    with pytest.raises(RenderError, match="is a golden set"):
        render(parse_text("tests: []\n", "a.prompty.golden.yaml"), {})


# --------------------------------------------------------------------- assertions


def assertion(kind: str, value: Any = None, threshold: float | None = None) -> AssertionSpec:
    return AssertionSpec(kind, value, threshold, Span(0, 0), Span(0, 0))


def check(kind: str, value: Any, output: str, *, threshold: float | None = None, latency: float = 100.0,
          cost: float | None = 0.001, verdict: Verdict | None = None, base: Path = Path()) -> tuple[bool, str]:  # fmt: skip
    answer = Answer(output, latency, cost, "openai/gpt-4o-mini")
    outcome = grade(assertion(kind, value, threshold), answer, base_dir=base, verdict=verdict)
    return outcome.passed, outcome.message


CASES = [
    ("equals", "Paris", " Paris\n", True),
    ("equals", {"a": 1}, '{"a": 1}', True),
    ("equals", "Paris", "Paris, France", False),
    ("contains", "refund", "Your refund", True),
    ("contains", "Refund", "your refund", False),
    ("icontains", "REFUND", "your refund", True),
    ("contains-all", ["a", "b"], "a and b", True),
    ("contains-all", "a, z", "a and b", False),
    ("contains-any", ["x", "b"], "a and b", True),
    ("icontains-all", ["A", "B"], "a and b", True),
    ("icontains-any", ["X", "Y"], "a and b", False),
    ("starts-with", "{", '  {"a": 1}', True),
    ("regex", r"\d{4}", "order 1234", True),
    ("regex", r"^\d+$", "order 1234", False),
    ("is-json", None, '{"a": 1}', True),
    ("is-json", None, '```json\n{"a": 1}\n```', False),
    ("is-json", {"type": "object", "required": ["b"]}, '{"a": 1}', False),
    ("contains-json", None, 'Here: {"a": [1, 2]} done', True),
    ("contains-json", {"type": "object", "required": ["a"]}, 'x {"b": 1} y {"a": 2}', True),
    ("json-schema", {"type": "array"}, "[1, 2]", True),
    ("is-xml", None, "<a><b>1</b></a>", True),
    ("is-xml", None, "<a><b>1</a>", False),
    ("max-chars", 5, "12345", True),
    ("max-chars", 4, "12345", False),
    ("max-tokens", 3, "one two three four five six", False),
    ("max-tokens", 10, "one two", True),
]


@pytest.mark.parametrize(("kind", "value", "output", "expected"), CASES)
def test_assertion_types(kind: str, value: Any, output: str, expected: bool) -> None:
    passed, message = check(kind, value, output)
    assert passed is expected, message
    negated, negated_message = check(f"not-{kind}", value, output)
    assert negated is (not expected)
    failed_message = negated_message if expected else message
    assert failed_message.startswith("expected ") and "output: " in failed_message


def test_every_assertion_type_is_implemented_and_known_to_the_linter() -> None:
    assert SUPPORTED == ASSERTION_TYPES
    kinds = {kind for kind, *_ in CASES} | {"latency", "cost", "llm-rubric"}
    assert kinds == ASSERTION_TYPES  # and each has a test here


def test_failure_messages_say_what_was_expected_and_show_an_excerpt() -> None:
    long = "A" * 50 + " " + "B" * 60
    assert check("contains", "refund", long)[1] == f"expected to contain 'refund'; output: \"{long[:79]}…\""
    assert (
        check("max-chars", 10, "x" * 12)[1] == 'expected at most 10 characters; 12 characters; output: "xxxxxxxxxxxx"'
    )
    assert check("latency", None, "ok", threshold=50, latency=120)[1] == (
        'expected a latency of at most 50 ms; took 120 ms; output: "ok"'
    )
    assert check("cost", None, "ok", threshold=0.0001, cost=None)[1].startswith(
        "expected a cost of at most $0.0001; the cost of openai/gpt-4o-mini is unknown"
    )
    assert check("cost", None, "ok", threshold=0.01, cost=0.001)[0] is True
    assert (
        check("contains-all", ["a", "z"], "a b")[1]
        == "expected to contain all of 'a', 'z'; missing 'z'; output: \"a b\""
    )


def test_llm_rubric_uses_the_verdict() -> None:
    assert check("llm-rubric", "polite", "hi", verdict=Verdict(True, "fine"))[0] is True
    passed, message = check("llm-rubric", "polite", "go away", verdict=Verdict(False, "rude"))
    assert not passed and message == "expected to satisfy the rubric 'polite'; judge: rude; output: \"go away\""
    assert parse_verdict('```json\n{"pass": false, "reason": "no"}\n```') == Verdict(False, "no")
    with pytest.raises(Exception, match="not a verdict"):
        parse_verdict("yes")


def test_json_schema_from_a_file(tmp_path: Path) -> None:
    (tmp_path / "schema.yaml").write_text("type: object\nrequired: [status]\n")
    assert check("json-schema", "schema.yaml", '{"status": "ok"}', base=tmp_path)[0] is True
    passed, message = check("json-schema", "file://schema.yaml", '{"state": "ok"}', base=tmp_path)
    assert not passed and "schema: 'status' is a required property" in message


# ----------------------------------------------------------------- golden sets


def test_golden_set_defaults_and_overrides() -> None:
    spec, _ = parse_golden(
        "prompt: a.prompty\nrepeat: 2\nthreshold: 0.5\ndefaultTest:\n  vars: {lang: en}\n"
        "  assert: [{type: not-contains, value: As an AI}]\n"
        "tests:\n  - vars: {q: x}\n    repeat: 3\n    threshold: 0.67\n    assert: [{type: is-json}]\n"
    )
    (case,) = spec.tests
    assert spec.repeat == 2 and spec.threshold == 0.5
    assert (case.repeat, case.threshold, case.description) == (3, 0.67, "case 1")
    assert case.vars == {"lang": "en", "q": "x"}
    assert [a.type for a in case.asserts] == ["not-contains", "is-json"]


# ----------------------------------------------------------------------- costs


def test_estimate_prices_prompt_and_output_tokens() -> None:
    estimate = Estimate()
    count = prompt_tokens("openai/gpt-4o-mini", [{"content": "Hello there"}])
    estimate.add("openai/gpt-4o-mini", count, 100)
    assert estimate.cost_usd == pytest.approx(count * 0.15e-6 + 100 * 0.6e-6)
    estimate.add("openai/my-local-llama", 10, 10)
    assert estimate.unpriced == {"openai/my-local-llama"} and estimate.requests == 2


@pytest.mark.parametrize(
    ("provider", "litellm"),
    [("openai:gpt-4o-mini", "openai/gpt-4o-mini"), ("openai:chat:gpt-4o", "openai/gpt-4o"),
     ("anthropic:messages:claude-3-5-haiku-20241022", "anthropic/claude-3-5-haiku-20241022"),
     ("azureopenai:chat:dep", "azure/dep"), ("gpt-4o", "gpt-4o")],
)  # fmt: skip
def test_promptfoo_provider_names(provider: str, litellm: str) -> None:
    assert model_name(provider) == litellm


# ------------------------------------------------------------------------- README


def test_readme_documents_every_assertion_and_eval_key() -> None:
    import re as regex

    from promptlint.config import _EVAL_KEYS

    from .conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Smoke evals") : readme.index("## Rules\n")]
    documented = set(regex.findall(r"^\| `([a-z-]+)`(?: / `([a-z-]+)`)?", section, regex.M))
    names = {name for pair in documented for name in pair if name}
    names |= set(regex.findall(r"`(icontains-all)` / `(icontains-any)`", section)[0])
    assert names == ASSERTION_TYPES
    config_block = section[section.index("[tool.promptlint.eval]\ngolden") :].split("```")[0]
    assert {line.split("=")[0].strip() for line in config_block.splitlines()[1:] if "=" in line} == _EVAL_KEYS
    golden_block = section[section.index("```yaml\nprompt: support.prompty") + 8 :].split("```")[0]
    spec, _ = parse_golden(golden_block)
    assert spec.problems == () and spec.tests[0].repeat == 3


def test_promptfoo_javascript_transform_makes_a_case_skipped() -> None:
    spec, _ = parse_golden(
        "tests:\n  - vars: {item: Banana}\n    options: {transform: JSON.parse(output)}\n"
        "    assert: [{type: is-json}]\n  - assert: [{type: is-json}]\n"
    )
    assert spec.problems == ()
    assert [case.unsupported for case in spec.tests] == ["`options.transform` (a JavaScript expression)", None]


def test_a_template_engine_error_is_one_short_line() -> None:
    """Handlebars quotes the template in its errors, line breaks included, up to the next
    token it understands (found by bench/fuzz.py on a genkit guide with a stray `{{`)."""
    imports = "\n".join(f"import x{n} from 'package-{n}';" for n in range(30))
    source = f"---\nmodel: googleai/gemini-2.5-flash\n---\n```ts\nimport a from '{{{{@genkit';\n{imports}\nconst ai = {{{{x}}}};\n```\n"
    with pytest.raises(RenderError) as caught:
        render(parse_text(source, "a.prompt"), {}, case="c1")
    message = str(caught.value)
    assert message.startswith("case 'c1': Handlebars: ValueError: @genkit'; import x0 from 'package-0';")
    assert "\n" not in message and len(message) == RenderError.MAX_MESSAGE and message.endswith("…")
