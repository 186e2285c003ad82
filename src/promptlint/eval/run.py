"""Running cases: plan, estimate, refuse over budget, send, judge, grade, compare.

1. **Plan**: every case × run becomes a :class:`~promptlint.llm.Request` and run index
   (the cache key: model, api-base, rendered messages, params, run index). Identical
   requests are sent once — with ``--compare``, a case whose prompt text did not change
   costs nothing extra.
2. **Cache first**: answers already in the store are used without importing litellm.
3. **Estimate before spending**: prompt tokens of every request still to send (the
   model's tokenizer) plus its ``max_tokens`` of output, priced with the config's model
   catalogue (:mod:`promptlint.models`, litellm's map read as data); ``llm-rubric``
   judges are estimated the same way. Over ``--max-cost``: refuse, nothing sent.
   ``--dry-run`` stops here.
4. **Send** through the one client, at most ``concurrency`` at a time, with retries.
5. **Judge** ``llm-rubric`` assertions (a second batch through the same client).
6. **Grade** every run; a case passes when ``passed_runs / runs >= threshold``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from promptlint import models, tokens
from promptlint.errors import PromptlintError
from promptlint.eval.assertions import (
    Answer,
    GradeError,
    Outcome,
    Verdict,
    grade,
    judge_messages,
    parse_verdict,
)
from promptlint.eval.cases import Case
from promptlint.llm import ModelClient, ModelError, Request, Response, complete_many

DEFAULT_OUTPUT_TOKENS = 1024  # assumed when a request sets no max_tokens
_JUDGE_OUTPUT_TOKENS = 120
_JUDGE_FRAME_TOKENS = 90  # the judge's instructions and tags around rubric and output


class BudgetError(PromptlintError):
    pass


@dataclass
class Estimate:
    requests: int = 0
    prompt_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    unpriced: set[str] = field(default_factory=set)  # models with no known price
    assumed_output: bool = False  # some request had no max_tokens
    catalog: models.Models = field(default_factory=models.default, repr=False)

    def add(self, model: str, prompt_tokens: int, output_tokens: int) -> None:
        self.requests += 1
        self.prompt_tokens += prompt_tokens
        self.output_tokens += output_tokens
        info = self.catalog.info(model)
        if info is None or info.input_cost_per_token is None:
            self.unpriced.add(model)
            return
        self.cost_usd += prompt_tokens * info.input_cost_per_token
        self.cost_usd += output_tokens * (info.output_cost_per_token or info.input_cost_per_token)


@dataclass
class RunResult:
    """One run of a case: its answer (or the error) and the outcomes of its assertions."""

    passed: bool
    outcomes: list[Outcome]
    response: Response | None = None
    error: str | None = None


@dataclass
class CaseResult:
    case: Case
    status: str  # passed | failed | error | skipped
    runs: list[RunResult] = field(default_factory=list)
    message: str = ""  # for error / skipped
    # --compare: the same case at REV (None: not compared / no prompt there)
    baseline: CaseResult | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def passed_runs(self) -> int:
        return sum(1 for r in self.runs if r.passed)

    @property
    def failures(self) -> list[dict[str, str]]:
        if self.status in ("error", "skipped"):
            return [{"assertion": "case" if self.status == "error" else "skipped", "message": self.message}]
        seen: dict[tuple[str, str], None] = {}
        for run in self.runs:
            if run.error is not None:
                seen[("request", run.error)] = None
            for outcome in run.outcomes:
                if not outcome.passed:
                    seen[(outcome.assertion, outcome.message)] = None
        return [{"assertion": a, "message": m} for a, m in seen]

    @property
    def latency_ms(self) -> float | None:
        values = [r.response.latency_ms for r in self.runs if r.response is not None]
        return round(sum(values) / len(values), 1) if values else None

    @property
    def cost_usd(self) -> float:
        """What this case's requests cost in this run (cached answers cost nothing now)."""
        return sum((r.response.cost_usd or 0.0) for r in self.runs if r.response is not None and not r.response.cached)

    @property
    def cached(self) -> bool:
        return bool(self.runs) and all(r.response is not None and r.response.cached for r in self.runs)

    @property
    def comparison(self) -> str | None:
        """regression | fixed | failing-both | passing-both | new (no baseline)."""
        if self.baseline is None or self.status == "skipped":
            return None
        if self.baseline.status == "absent":
            return "new"
        if self.baseline.passed:
            return "passing-both" if self.passed else "regression"
        return "fixed" if self.passed else "failing-both"


@dataclass
class Report:
    results: list[CaseResult]
    estimate: Estimate
    requests: int = 0  # sent, retries included
    cached: int = 0
    retries: int = 0
    compare: str | None = None
    dry_run: bool = False
    plans: list[tuple[Case, list[tuple[str, int]]]] = field(default_factory=list)  # dry run: token counts
    judge_cost: float = 0.0

    @property
    def cost_usd(self) -> float:
        """What this run spent, from the responses' usage (cached answers are free)."""
        then = sum(r.baseline.cost_usd for r in self.results if r.baseline is not None)
        return sum(r.cost_usd for r in self.results) + then + self.judge_cost


ProgressFn = Callable[[int, int], None]


@dataclass
class Settings:
    concurrency: int = 4
    max_cost: float | None = None
    use_cache: bool = True
    dry_run: bool = False
    compare: str | None = None
    # The config's model catalogue, for the cost estimate.
    catalog: models.Models = field(default_factory=models.default)


def request_for(case: Case, messages: Sequence[dict[str, str]]) -> Request:
    return Request(
        model=case.model, messages=tuple(messages), params=dict(case.params), api_base=case.api_base,
        timeout=case.timeout,
    )  # fmt: skip


def _output_budget(params: dict[str, Any]) -> tuple[int, bool]:
    for key in ("max_tokens", "max_completion_tokens", "max_output_tokens"):
        value = params.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value, False
    return DEFAULT_OUTPUT_TOKENS, True


def prompt_tokens(model: str, messages: Sequence[dict[str, str]]) -> int:
    """Tokens of the messages as sent (content plus ~4 tokens of framing per message)."""
    return sum(tokens.count_tokens(m["content"], model).tokens + 4 for m in messages) + 2


def run(
    cases: list[Case],
    client: ModelClient,
    settings: Settings,
    *,
    progress: Callable[[str, int], Callable[[], None]] | None = None,
    preflight: Callable[[list[Request]], None] | None = None,
) -> Report:
    """Run ``cases`` (see the module docstring); raises BudgetError over ``max_cost``."""
    jobs: dict[str, tuple[Request, int]] = {}
    wants: dict[int, list[tuple[str, list[str]]]] = {}  # id(case) -> per side, job keys per run

    def plan(case: Case, messages: list[dict[str, str]] | None, side: str) -> None:
        if messages is None:
            return
        request = request_for(case, messages)
        keys = []
        for index in range(case.repeat):
            key = request.key(index)
            jobs.setdefault(key, (request, index))
            keys.append(key)
        wants.setdefault(id(case), []).append((side, keys))

    for case in cases:
        if case.skipped is None:
            plan(case, case.messages, "now")
            plan(case, case.baseline, "then")

    cached: dict[str, Response] = {}
    if settings.use_cache:
        for key, (request, index) in jobs.items():
            hit = client.cached(request, index)
            if hit is not None:
                cached[key] = hit
    pending = [key for key in jobs if key not in cached]

    estimate = Estimate(catalog=settings.catalog)
    for key in pending:
        request, _ = jobs[key]
        output, assumed = _output_budget(dict(request.params))
        estimate.assumed_output |= assumed
        estimate.add(request.model, prompt_tokens(request.model, request.messages), output)
    for case in cases:  # llm-rubric judges of answers still to come
        rubrics = [a for a in case.spec.asserts if a.base_type == "llm-rubric"]
        if not rubrics or case.skipped is not None:
            continue
        output, _ = _output_budget(dict(case.params))
        for _side, keys in wants.get(id(case), []):
            for rubric in rubrics if any(key in pending for key in keys) else ():
                judge = rubric.provider or case.judge_model
                asked = tokens.count_tokens(str(rubric.value), judge).tokens + output + _JUDGE_FRAME_TOKENS
                for key in keys:
                    if key in pending:
                        estimate.add(judge, asked, _JUDGE_OUTPUT_TOKENS)

    report = Report([], estimate, compare=settings.compare, dry_run=settings.dry_run)
    if settings.dry_run:
        for case in cases:
            counts = []
            for side, messages in (("now", case.messages), ("then", case.baseline)):
                if messages is not None:
                    counts.append((side, prompt_tokens(case.model, messages)))
            report.plans.append((case, counts))
        return report
    if settings.max_cost is not None and estimate.cost_usd > settings.max_cost:
        raise BudgetError(
            f"estimated cost ${estimate.cost_usd:.4f} for {estimate.requests} request"
            f"{'s' if estimate.requests != 1 else ''} is over --max-cost ${settings.max_cost:g}; nothing was sent "
            "(`--dry-run` shows the estimate per case)"
        )
    if pending and preflight is not None:
        preflight([jobs[key][0] for key in pending])

    answers: dict[str, Response | ModelError] = dict(cached)
    if pending:
        tick = progress("requests", len(pending)) if progress else None
        results = complete_many(
            client,
            [jobs[key] for key in pending],
            concurrency=settings.concurrency,
            use_cache=settings.use_cache,
            on_done=(lambda index, result: tick()) if tick else None,
        )
        answers.update(zip(pending, results, strict=True))

    verdicts, judge_cost = _judge(cases, wants, answers, client, settings, progress)
    report.judge_cost = judge_cost
    for case in cases:
        result = _grade_case(case, "now", wants, answers, verdicts)
        if settings.compare is not None and case.skipped is None:
            result.baseline = _grade_case(case, "then", wants, answers, verdicts)
        report.results.append(result)
    report.requests = client.stats.requests
    report.cached = client.stats.cached + len(cached)
    report.retries = client.stats.retries
    return report


def _judge(
    cases: list[Case],
    wants: dict[int, list[tuple[str, list[str]]]],
    answers: dict[str, Response | ModelError],
    client: ModelClient,
    settings: Settings,
    progress: Callable[[str, int], Callable[[], None]] | None,
) -> tuple[dict[tuple[str, str, str], Verdict | str], float]:
    """Verdicts for every (answer, rubric, judge): the judge's, or an error message."""
    jobs: dict[tuple[str, str, str], Request] = {}
    for case in cases:
        rubrics = [a for a in case.spec.asserts if a.base_type == "llm-rubric"]
        for _side, keys in wants.get(id(case), []):
            for key in keys:
                answer = answers.get(key)
                if not isinstance(answer, Response):
                    continue
                for rubric in rubrics:
                    judge = rubric.provider or case.judge_model
                    base = None if rubric.provider else case.judge_api_base
                    request = Request(
                        model=judge, messages=judge_messages(str(rubric.value), answer.text),
                        params={"max_tokens": _JUDGE_OUTPUT_TOKENS}, api_base=base,
                    )  # fmt: skip
                    jobs[(key, str(rubric.value), judge)] = request
    if not jobs:
        return {}, 0.0
    order = list(jobs)
    tick = progress("judging", len(order)) if progress else None
    results = complete_many(
        client,
        [(jobs[k], 0) for k in order],
        concurrency=settings.concurrency,
        use_cache=settings.use_cache,
        on_done=(lambda index, result: tick()) if tick else None,
    )
    verdicts: dict[tuple[str, str, str], Verdict | str] = {}
    cost = 0.0
    for k, result in zip(order, results, strict=True):
        if isinstance(result, ModelError):
            verdicts[k] = f"judge {k[2]}: {result}"
            continue
        if not result.cached:
            cost += result.cost_usd or 0.0
        try:
            verdicts[k] = parse_verdict(result.text)
        except GradeError as exc:
            verdicts[k] = str(exc)
    return verdicts, cost


def _grade_case(
    case: Case,
    side: str,
    wants: dict[int, list[tuple[str, list[str]]]],
    answers: dict[str, Response | ModelError],
    verdicts: dict[tuple[str, str, str], Verdict | str],
) -> CaseResult:
    if case.skipped is not None:
        return CaseResult(case, "skipped", message=f"{case.skipped} is not supported by promptlint eval")
    error = case.error if side == "now" else case.baseline_error
    if side == "then" and not case.baseline_exists:
        return CaseResult(case, "absent")
    if error is not None:
        return CaseResult(case, "error", message=error)
    keys = next((k for s, k in wants.get(id(case), []) if s == side), [])
    runs = []
    for key in keys:
        answer = answers[key]
        if isinstance(answer, ModelError):
            runs.append(RunResult(False, [], error=str(answer)))
            continue
        graded = Answer(answer.text, answer.latency_ms, answer.cost_usd, case.model)
        outcomes = []
        for assertion in case.spec.asserts:
            verdict: Verdict | None = None
            if assertion.base_type == "llm-rubric":
                judge = assertion.provider or case.judge_model
                found = verdicts.get((key, str(assertion.value), judge))
                if isinstance(found, str):
                    outcomes.append(Outcome(assertion.type, False, found))
                    continue
                verdict = found
            try:
                outcomes.append(grade(assertion, graded, base_dir=case.base_dir, verdict=verdict))
            except GradeError as exc:
                outcomes.append(Outcome(assertion.type, False, str(exc)))
        runs.append(RunResult(all(o.passed for o in outcomes), outcomes, answer))
    passed = sum(1 for r in runs if r.passed)
    needed = math.ceil(case.threshold * len(runs) - 1e-9)
    return CaseResult(case, "passed" if runs and passed >= needed else "failed", runs)


def exit_code(report: Report, *, block_old_failures: bool = False) -> int:
    """0: every case met its threshold; 1: a case failed (with --compare: regressed or
    new and failing; a case failing at REV too only with ``block-old-failures``)."""
    for result in report.results:
        if result.status == "skipped":
            continue
        if result.passed:
            continue
        if report.compare is not None and result.comparison == "failing-both" and not block_old_failures:
            continue
        return 1
    return 0
