"""`promptlint eval` end to end: a real OpenAI-compatible (and Anthropic) HTTP server on
127.0.0.1 inside the test, the real litellm client, golden sets on disk, the real CLI.

The server answers deterministically: JSON when the system prompt asks for JSON,
prose otherwise; a judge request (the llm-rubric grader) is answered by the same
server, passing outputs that mention a refund."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import commit_all, git, run_cli
from .fakemodel import FakeModel, Step, last_user_text, serve, system_text

KEY = "sk-test-RVZBTC1rZXktbm90LXJlYWwtOTg3NjU0MzIx"

PROMPT = """\
---
name: support
version: 1.0.0
inputs:
  question: {type: string}
---
system:
You answer questions about refunds. Reply in JSON.

user:
{{question}}
"""


def answer(body: dict[str, Any]) -> str:
    system = system_text(body)
    if "grade the output" in system:
        output = re.search(r"<output>\n(.*)\n</output>", last_user_text(body), re.S)
        ok = output is not None and "refund" in output.group(1).lower()
        return json.dumps({"pass": ok, "reason": "mentions the refund" if ok else "no refund in sight"})
    question = last_user_text(body)
    if "JSON" in system:
        return json.dumps({"answer": f"Your refund is on its way ({question})"})
    return f"Your refund is on its way. You asked: {question}"


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeModel]:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    with serve(answer) as fake:
        yield fake


def golden(api_base: str, model: str = "openai/gpt-4o-mini", extra: str = "") -> str:
    return f"""\
model: {model}
api-base: {api_base}
params: {{max_tokens: 200}}
{extra}tests:
  - description: refund status as JSON
    vars: {{question: "Where is my refund?"}}
    assert:
      - type: is-json
      - type: icontains
        value: refund
      - type: not-contains
        value: "As an AI"
      - type: latency
        threshold: 30000
  - description: mentions the order number
    vars: {{question: "Status of order 1234?"}}
    assert:
      - type: contains
        value: "A-1234"
"""


def project(root: Path, api_base: str, **kwargs: Any) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "support.prompty").write_text(PROMPT)
    (root / "support.prompty.golden.yaml").write_text(golden(api_base, **kwargs))
    return root


def eval_json(*args: str | Path) -> tuple[int, dict[str, Any], str]:
    result = run_cli("eval", *args, "--format", "json")
    return result.code, json.loads(result.out) if result.out.strip() else {}, result.err


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------ passing, failing


def test_passing_and_failing_cases(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    code, report, err = eval_json("support.prompty")
    assert code == 1, err
    first, second = report["results"]
    assert (first["case"], first["passed"], first["runs"], first["passed_runs"]) == (
        "refund status as JSON",
        True,
        1,
        1,
    )
    assert first["golden"] == "support.prompty.golden.yaml" and first["prompt"] == "support.prompty"
    assert first["model"] == "openai/gpt-4o-mini" and first["failures"] == [] and first["cached"] is False
    assert first["latency_ms"] > 0 and first["cost_usd"] > 0  # priced from the response's usage
    assert second["passed"] is False
    (failure,) = second["failures"]
    assert failure["assertion"] == "contains"
    assert failure["message"].startswith("expected to contain 'A-1234'; output: \"{")
    assert report["summary"] == {
        **report["summary"],
        "cases": 2, "passed": 1, "failed": 1, "requests": 2, "cached": 0,
    }  # fmt: skip
    assert report["summary"]["cost_usd"] == pytest.approx(first["cost_usd"] + second["cost_usd"])
    # The rendered messages went out: system and user turn, temperature 0, max_tokens.
    body = model.requests[0]["body"]
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] in ("Where is my refund?", "Status of order 1234?")
    assert body["temperature"] == 0 and body["max_tokens"] == 200
    assert "Traceback" not in err


def test_text_report_explains_failures_and_stdout_holds_only_the_report(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    result = run_cli("eval", "support.prompty")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0].startswith("PASS  support.prompty.golden.yaml › refund status as JSON")
    assert lines[1].startswith("FAIL  support.prompty.golden.yaml › mentions the order number")
    assert "1/1" in lines[0] and "0/1" in lines[1] and " ms " in lines[0]
    assert lines[2].startswith("      ✗ contains: expected to contain 'A-1234'; output: ")
    assert lines[-1].startswith("2 cases: 1 passed, 1 failed · 2 requests sent, 0 cached · $")
    assert "\x1b[" not in result.out  # not a terminal: no colour
    assert result.err == ""


def test_rerun_of_an_unchanged_set_sends_nothing(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    first = eval_json("support.prompty")
    assert len(model.requests) == 2
    second = eval_json("support.prompty")
    assert len(model.requests) == 2  # counted at the server: zero new requests
    assert second[0] == first[0] == 1
    assert all(r["cached"] for r in second[1]["results"])
    assert second[1]["summary"]["requests"] == 0 and second[1]["summary"]["cached"] == 2
    assert second[1]["summary"]["cost_usd"] == 0
    assert [r["passed"] for r in second[1]["results"]] == [r["passed"] for r in first[1]["results"]]
    # --no-cache forces the calls.
    eval_json("support.prompty", "--no-cache")
    assert len(model.requests) == 4
    # A changed case is a new request; the unchanged one stays cached.
    path = here / "support.prompty.golden.yaml"
    path.write_text(path.read_text().replace("order 1234", "order 99"))
    eval_json("support.prompty")
    assert len(model.requests) == 5


def test_repeat_and_threshold_are_the_flake_budget(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1", extra="repeat: 3\nthreshold: 0.6\n")
    # Run 2 of the first case gets a prose answer (not JSON): 2 of 3 runs pass >= 0.6.
    answers = iter([None, "no json here", None])

    def flaky(body: dict[str, Any]) -> str:
        text = answer(body)
        if "Where is my refund" in last_user_text(body):
            override = next(answers, None)
            return override or text
        return text

    model.answer = flaky
    _, report, _ = eval_json("support.prompty", "--concurrency", "1")
    first = report["results"][0]
    assert (first["runs"], first["passed_runs"], first["passed"], first["threshold"]) == (3, 2, True, 0.6)
    assert len(model.requests) == 6  # run index is part of the cache key: 3 runs each
    # --repeat overrides the set: one run (index 0, cached) per case.
    _, report, _ = eval_json("support.prompty", "--repeat", "1")
    assert [r["runs"] for r in report["results"]] == [1, 1] and len(model.requests) == 6


# ------------------------------------------------------------------------- trouble


def test_rate_limit_then_success(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    model.script = [Step(429, {"Retry-After": "0"})]
    code, report, _ = eval_json("support.prompty", "--concurrency", "1")
    assert report["results"][0]["passed"] is True
    assert report["summary"]["retries"] == 1 and report["summary"]["requests"] == 3
    assert code == 1  # the order-number case still fails on its assertion, not on the 429


def test_server_errors_exhaust_the_retries_with_a_clear_failure(model: FakeModel, here: Path) -> None:
    (here / "promptlint.toml").write_text("[eval]\nretries = 2\n")
    project(here, f"{model.url}/v1")
    model.script = [Step(500)] * 6
    code, report, err = eval_json("support.prompty", "--concurrency", "1")
    assert code == 1
    for result in report["results"]:
        (failure,) = result["failures"]
        assert failure["assertion"] == "request"
        assert failure["message"].startswith("openai/gpt-4o-mini: HTTP 500 after 3 attempts")
    assert len(model.requests) == 6
    assert "Traceback" not in err


def test_timeout_is_a_failure_not_a_hang(model: FakeModel, here: Path) -> None:
    (here / "promptlint.toml").write_text("[eval]\nretries = 0\ntimeout = 0.5\n")
    project(here, f"{model.url}/v1")
    model.latency = 1.5
    code, report, err = eval_json("support.prompty")
    assert code == 1
    message = report["results"][0]["failures"][0]["message"]
    assert "timeout" in message.lower() or "timed out" in message.lower()
    assert "Traceback" not in err


def test_malformed_response_is_a_failure(model: FakeModel, here: Path) -> None:
    (here / "promptlint.toml").write_text("[eval]\nretries = 0\n")
    project(here, f"{model.url}/v1")
    model.script = [Step(malformed=True)] * 2
    code, report, err = eval_json("support.prompty", "--concurrency", "1")
    assert code == 1
    assert all(r["failures"][0]["assertion"] == "request" for r in report["results"])
    assert "Traceback" not in err


def test_llm_rubric_is_judged_by_the_same_server(model: FakeModel, here: Path) -> None:
    (here / "support.prompty").write_text(PROMPT.replace(" Reply in JSON.", ""))
    (here / "support.prompty.golden.yaml").write_text(
        f"model: openai/gpt-4o-mini\napi-base: {model.url}/v1\ntests:\n"
        "  - description: helpful\n    vars: {question: Where is my money?}\n"
        "    assert:\n      - type: llm-rubric\n        value: Says the refund is coming\n"
        "  - description: negated rubric\n    vars: {question: Where is my money?}\n"
        "    assert:\n      - type: not-llm-rubric\n        value: Says the refund is coming\n"
    )
    code, report, _ = eval_json("support.prompty")
    helpful, negated = report["results"]
    assert helpful["passed"] is True
    assert negated["passed"] is False
    assert negated["failures"][0]["message"].startswith(
        "expected not to satisfy the rubric 'Says the refund is coming'"
    )
    judged = [r for r in model.requests if "grade the output" in system_text(r["body"])]
    assert len(judged) == 1  # one answer (both cases send the same request), one verdict
    assert "<rubric>\nSays the refund is coming\n</rubric>" in last_user_text(judged[0]["body"])
    assert code == 1


def test_anthropic_endpoint_is_litellms_business(model: FakeModel, here: Path) -> None:
    # litellm appends /v1/messages to an Anthropic api-base itself.
    project(here, model.url, model="anthropic/claude-3-5-haiku-20241022")
    _, report, _ = eval_json("support.prompty")
    assert [r["passed"] for r in report["results"]] == [True, False]
    assert {r["path"] for r in model.requests} == {"/v1/messages"}
    body = model.requests[0]["body"]
    assert "refunds" in system_text(body) and body["messages"][0]["role"] == "user"
    assert report["results"][0]["model"] == "anthropic/claude-3-5-haiku-20241022"


# -------------------------------------------------------------------------- budget


def test_max_cost_below_the_estimate_refuses_and_sends_nothing(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    result = run_cli("eval", "support.prompty", "--max-cost", "0.00001")
    assert result.code == 2
    assert result.err.startswith("promptlint: error: estimated cost $0.000")
    assert "is over --max-cost $1e-05; nothing was sent" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert model.requests == []
    # Config max-cost does the same; a budget above the estimate runs.
    (here / "promptlint.toml").write_text("[eval]\nmax-cost = 0.000001\n")
    assert run_cli("eval", "support.prompty").code == 2 and model.requests == []
    assert run_cli("eval", "support.prompty", "--max-cost", "1").code == 1 and len(model.requests) == 2


def test_dry_run_prints_token_counts_and_the_estimate_and_sends_nothing(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    result = run_cli("eval", "support.prompty", "--dry-run")
    assert result.code == 0
    lines = result.out.splitlines()
    assert re.fullmatch(
        r"support.prompty.golden.yaml › refund status as JSON: 1 run × \d+ prompt tokens \(openai/gpt-4o-mini\)",
        lines[0],
    )
    assert re.fullmatch(r"Estimate: 2 requests to send, \d+ prompt \+ 400 output tokens ≈ \$0\.\d+\.", lines[2])
    assert lines[3] == "Nothing was sent (--dry-run)."
    assert model.requests == []


def test_missing_api_key_is_one_line_naming_the_variable(model: FakeModel, here: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("OPENAI_API_KEY")
    project(here, f"{model.url}/v1")
    result = run_cli("eval", "support.prompty")
    assert result.code == 2
    assert result.err == (
        "promptlint: error: openai/gpt-4o-mini needs OPENAI_API_KEY in the environment; nothing was sent "
        "(to commit once without the smoke eval: SKIP=promptlint-smoke git commit …)\n"
    )
    assert model.requests == []


# ------------------------------------------------------------------------- secrecy


def test_no_api_key_in_any_output_format_the_cache_or_stderr(model: FakeModel, here: Path) -> None:
    """The server echoes the request's key into answers and errors, as a careless proxy
    might: it reaches no report, no cache entry and no error message."""
    project(here, f"{model.url}/v1")
    model.echo_auth = True
    model.script = [Step(401)]
    outputs = []
    for fmt in ("text", "json", "junit"):
        result = run_cli("eval", "support.prompty", "--format", fmt, "--concurrency", "1")
        outputs += [result.out, result.err]
        run_cli("eval", "support.prompty", "--format", fmt, "--output-file", here / f"report.{fmt}")
        outputs.append((here / f"report.{fmt}").read_text())
    outputs.append(run_cli("eval", "support.prompty", "--dry-run").out)
    assert any("auth: Bearer ****" in text or "HTTP 401" in text for text in outputs)  # the echo happened
    cache = list((here / ".promptlint_cache").rglob("*.json"))
    assert cache
    outputs += [file.read_text() for file in cache]
    for text in outputs:
        assert KEY not in text
        assert KEY[8:24] not in text


# ------------------------------------------------------------------- regressions


def test_compare_head_reports_a_staged_regression_and_not_a_case_failing_on_both(
    model: FakeModel, git_repo: Path
) -> None:
    project(git_repo, f"{model.url}/v1")
    commit_all(git_repo, "prompt and golden set")
    # The staged change drops the JSON instruction; the work tree is left different again.
    (git_repo / "support.prompty").write_text(PROMPT.replace("Reply in JSON.", "Reply in plain prose."))
    git(git_repo, "add", "support.prompty")
    (git_repo / "support.prompty").write_text(PROMPT)
    code, report, err = eval_json("--staged", "--compare", "HEAD")
    assert code == 1, err
    json_case, order_case = report["results"]
    assert json_case["compare"]["status"] == "regression"
    assert json_case["compare"]["baseline"]["passed"] is True and json_case["passed"] is False
    assert order_case["compare"]["status"] == "failing-both"
    assert report["summary"]["compare"] == {"rev": "HEAD", "regressions": 1, "fixed": 0, "failing_both": 1, "new": 0}
    sent = [m["content"] for r in model.requests for m in r["body"]["messages"] if m["role"] == "system"]
    assert any("plain prose" in s for s in sent) and any("JSON" in s for s in sent)
    text = run_cli("eval", "--staged", "--compare", "HEAD").out
    assert "Regressions (passed at HEAD, fail now):\n  support.prompty.golden.yaml › refund status as JSON" in text
    assert "Failing at HEAD too (not a regression):\n  support.prompty.golden.yaml › mentions the order number" in text


def test_compare_does_not_block_on_cases_failing_at_both_revisions(model: FakeModel, git_repo: Path) -> None:
    project(git_repo, f"{model.url}/v1")
    commit_all(git_repo, "prompt and golden set")
    (git_repo / "support.prompty").write_text(PROMPT.replace("about refunds", "about refunds and returns"))
    git(git_repo, "add", "support.prompty")
    code, report, _ = eval_json("--staged", "--compare", "HEAD")
    assert [r["compare"]["status"] for r in report["results"]] == ["passing-both", "failing-both"]
    assert code == 0
    (git_repo / "promptlint.toml").write_text("[eval]\nblock-old-failures = true\n")
    assert eval_json("--staged", "--compare", "HEAD")[0] == 1


def test_without_paths_only_changed_prompts_run(model: FakeModel, git_repo: Path) -> None:
    project(git_repo, f"{model.url}/v1")
    (git_repo / "other.prompty").write_text(PROMPT)
    (git_repo / "other.prompty.golden.yaml").write_text(golden(f"{model.url}/v1"))
    commit_all(git_repo)
    result = run_cli("eval")
    assert result.code == 0 and model.requests == []
    assert result.err == "promptlint: note: no golden sets to run for the changed prompts\n"
    (git_repo / "other.prompty").write_text(PROMPT.replace("refunds", "refunds and returns"))
    _, report, _ = eval_json()
    assert {r["golden"] for r in report["results"]} == {"other.prompty.golden.yaml"}
    # --staged reads the index: nothing is staged yet.
    assert run_cli("eval", "--staged").code == 0
    assert {r["golden"] for r in eval_json("--all")[1]["results"]} == {
        "other.prompty.golden.yaml", "support.prompty.golden.yaml",
    }  # fmt: skip


# ------------------------------------------------------------------ configuration


def test_golden_set_errors_are_one_line_with_the_position(here: Path) -> None:
    (here / "support.prompty").write_text(PROMPT)
    (here / "support.prompty.golden.yaml").write_text("model: openai/x\ntests:\n  - assert:\n      - type: contans\n")
    result = run_cli("eval", "support.prompty")
    assert result.code == 2
    assert result.err == (
        "promptlint: error: support.prompty.golden.yaml:4:15: unknown assertion type 'contans' "
        "(did you mean 'contains'?)\n"
    )


def test_missing_var_is_a_case_error_naming_case_and_variable(model: FakeModel, here: Path) -> None:
    (here / "support.prompty").write_text(PROMPT)
    (here / "support.prompty.golden.yaml").write_text(
        f"model: openai/gpt-4o-mini\napi-base: {model.url}/v1\n"
        "tests:\n  - description: no question\n    vars: {}\n    assert: [{type: is-json}]\n"
    )
    code, report, _ = eval_json("support.prompty")
    assert code == 1
    (result,) = report["results"]
    assert result["status"] == "error"
    assert result["failures"] == [
        {
            "assertion": "case",
            "message": "case 'no question': the template uses 'question', which the case does not give (add it to `vars`)",
        }
    ]
    assert model.requests == []


def test_named_file_without_golden_set(here: Path) -> None:
    (here / "lonely.prompty").write_text(PROMPT)
    result = run_cli("eval", "lonely.prompty")
    assert result.code == 2 and "no golden set for lonely.prompty" in result.err
    assert run_cli("eval", "--only-matching", "lonely.prompty").code == 0


def test_configured_golden_sets_name_their_prompt(model: FakeModel, here: Path) -> None:
    (here / "prompts").mkdir()
    (here / "prompts" / "support.prompty").write_text(PROMPT)
    (here / "evals").mkdir()
    (here / "evals" / "support.yaml").write_text("prompt: ../prompts/support.prompty\n" + golden(f"{model.url}/v1"))
    (here / "promptlint.toml").write_text('[eval]\ngolden = ["evals/*.yaml"]\n')
    code, report, _ = eval_json("prompts/support.prompty")
    assert code == 1  # the order-number case fails, as everywhere
    assert {r["golden"] for r in report["results"]} == {"evals/support.yaml"}
    assert report["results"][0]["prompt"] == "prompts/support.prompty"


# ------------------------------------------------------------------------- promptfoo


def test_promptfoo_config_with_inline_and_file_tests(model: FakeModel, here: Path) -> None:
    (here / "prompts").mkdir()
    (here / "prompts" / "support.txt").write_text("Answer about refunds in JSON: {{ question }}\n")
    (here / "tests").mkdir()
    (here / "tests" / "more.yaml").write_text(
        "- description: from a file\n  vars: {question: Where is my refund?}\n"
        "  assert:\n    - type: javascript\n      value: output.length < 500\n"
        "- description: file case that runs\n  vars: {question: Refund?}\n  assert:\n    - type: icontains\n      value: refund\n"
    )
    (here / "promptfooconfig.yaml").write_text(
        f"""description: support bot
prompts:
  - file://prompts/support.txt
  - "An inline prompt about {{{{question}}}}"
providers:
  - id: openai:chat:gpt-4o-mini
    config: {{apiBaseUrl: "{model.url}/v1", temperature: 0, max_tokens: 100}}
defaultTest:
  assert:
    - type: not-contains
      value: As an AI
tests:
  - description: inline
    vars: {{question: Where is my refund?}}
    assert:
      - type: icontains
        value: refund
  - file://tests/more.yaml
"""
    )
    code, report, err = eval_json("--promptfoo", "promptfooconfig.yaml")
    assert err == ""
    # Every prompt × test, as promptfoo runs them; the inline prompt is a text prompt of its own.
    assert {r["prompt"] for r in report["results"]} == {"prompts/support.txt", "prompt 2"}
    inline_prompt = [r for r in report["results"] if r["prompt"] == "prompt 2"]
    assert [r["status"] for r in inline_prompt] == ["passed", "skipped", "passed"]
    by_case = {r["case"].split(" [")[0]: r for r in report["results"] if r["prompt"] == "prompts/support.txt"}
    assert by_case["inline"]["status"] == "passed" and by_case["file case that runs"]["status"] == "passed"
    skipped = by_case["from a file"]
    assert skipped["status"] == "skipped" and skipped["passed"] is False
    assert skipped["failures"][0]["message"] == "assertion type 'javascript' is not supported by promptlint eval"
    assert report["summary"]["skipped"] == 2 and report["summary"]["passed"] == 4
    assert code == 0  # skipped is reported, never passed, and does not fail the run
    assert len(model.requests) == 4
    # The user turn is the rendered text file (Nunjucks → Jinja2); defaultTest applied.
    sent = [r["body"]["messages"][0]["content"] for r in model.requests]
    assert "Answer about refunds in JSON: Where is my refund?" in sent
    assert "An inline prompt about Where is my refund?" in sent
    assert model.requests[0]["body"]["model"] == "gpt-4o-mini"
    junit = run_cli("eval", "--promptfoo", "promptfooconfig.yaml", "--format", "junit").out
    assert (
        '<testcase classname="promptfooconfig.yaml" name="from a file [prompts/support.txt · openai/gpt-4o-mini]"'
        in junit
    )
    assert "<skipped message=\"assertion type 'javascript' is not supported by promptlint eval\"" in junit


# ------------------------------------------------------------------------ JUnit


def test_junit_report(model: FakeModel, here: Path) -> None:
    project(here, f"{model.url}/v1")
    result = run_cli("eval", "support.prompty", "--format", "junit")
    from xml.etree import ElementTree

    root = ElementTree.fromstring(result.out)
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    (suite,) = root
    assert suite.get("name") == "support.prompty.golden.yaml"
    cases = list(suite)
    assert [c.get("name") for c in cases] == ["refund status as JSON", "mentions the order number"]
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("message", "").startswith("0/1 runs passed: expected to contain")


# --------------------------------------------------------------- cached, no litellm

PROBE = """
import json, sys
from promptlint.cli import main
code = main(sys.argv[1:])
sys.stderr.write('LITELLM=' + json.dumps('litellm' in sys.modules) + '\\n')
sys.exit(code)
"""


def test_cached_run_and_dry_run_never_import_litellm(model: FakeModel, here: Path) -> None:
    """The benchmark's case (bench/eval_concurrency.py): 20 cases, all cached, a fresh process."""
    (here / "support.prompty").write_text(PROMPT)
    cases = "".join(
        f"  - description: case {i}\n    vars: {{question: 'Question {i}?'}}\n    assert: [{{type: is-json}}]\n"
        for i in range(20)
    )
    (here / "support.prompty.golden.yaml").write_text(
        f"model: openai/gpt-4o-mini\napi-base: {model.url}/v1\ntests:\n{cases}"
    )
    assert run_cli("eval", "support.prompty").code == 0
    assert len(model.requests) == 20
    env = {**os.environ, "NO_COLOR": "1"}
    for args in (["eval", "support.prompty"], ["eval", "support.prompty", "--dry-run", "--no-cache"]):
        result = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=here, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        assert "LITELLM=false" in result.stderr, result.stderr
    assert len(model.requests) == 20


# ------------------------------------------------------------- display, extras


class _Terminal:
    """A stream that says it is a terminal (rich draws to it)."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_only() -> None:
    from promptlint.eval.progress import Progress

    terminal = _Terminal()
    with Progress(terminal, enabled=True) as progress:  # type: ignore[arg-type]
        tick = progress.stage("requests", 2)
        tick()
        tick()
    assert "requests" in terminal.buffer.getvalue()
    import io

    plain = io.StringIO()
    with Progress(plain, enabled=True) as progress:
        progress.stage("requests", 1)()
    assert plain.getvalue() == ""


def test_colour_follows_force_color_and_no_color(model: FakeModel, here: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project(here, f"{model.url}/v1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_cli("eval", "support.prompty").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("eval", "support.prompty").out


def test_without_litellm_a_run_that_must_send_stops_with_one_line(
    model: FakeModel, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from promptlint import llm

    project(here, f"{model.url}/v1")
    monkeypatch.setattr(llm, "litellm_available", lambda: False)
    result = run_cli("eval", "support.prompty")
    assert result.code == 2
    assert result.err == (
        "promptlint: error: 2 requests to send, and model calls need litellm: pip install 'promptlint-suite[eval]' "
        "(to commit once without the smoke eval: SKIP=promptlint-smoke git commit …)\n"
    )
    assert model.requests == []


def test_a_server_failing_30_percent_of_requests(model: FakeModel, here: Path) -> None:
    """Correct per-case results, bounded retries, every request counted once, and no
    charge counted twice: costs come from the one response that answered each run."""
    many = "".join(
        f'  - description: case {i}\n    vars: {{question: "Where is refund {i}?"}}\n'
        f"    assert:\n      - type: icontains\n        value: refund {i}\n"
        for i in range(20)
    )
    (here / "promptlint.toml").write_text("[eval]\nretries = 8\n")
    project(here, f"{model.url}/v1")
    (here / "support.prompty.golden.yaml").write_text(
        f"model: openai/gpt-4o-mini\napi-base: {model.url}/v1\nparams: {{max_tokens: 50}}\ntests:\n{many}"
    )
    code, clean, _ = eval_json("support.prompty", "--no-cache", "--concurrency", "4")
    assert code == 0 and clean["summary"]["requests"] == 20
    sent = len(model.requests)
    model.failure_rate = 0.3
    code, flaky, err = eval_json("support.prompty", "--no-cache", "--concurrency", "4")
    assert code == 0, err
    assert [(r["case"], r["passed"]) for r in flaky["results"]] == [(r["case"], r["passed"]) for r in clean["results"]]
    assert flaky["summary"]["requests"] == len(model.requests) - sent  # retries included, each once
    assert flaky["summary"]["retries"] == flaky["summary"]["requests"] - 20 > 0
    assert flaky["summary"]["cost_usd"] == pytest.approx(clean["summary"]["cost_usd"])
    assert "Traceback" not in err
