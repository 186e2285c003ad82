"""The optional deeper check: ask a model whether undecided pairs conflict.

Off by default. With CON001's ``judge-model`` set (a litellm model name, e.g.
``openai/gpt-4o-mini``, optionally with ``judge-api-base`` for a proxy or a local
server), the instruction pairs the offline engine looked at but could not decide are
sent to that model, one request per pair, and a pair the model calls contradictory
becomes a finding whose message says which model judged it.

* **Which pairs**: two instructions with the same scope that talk about the same thing
  — a shared topic, the same verb, or a shared noun — and that the offline engine did
  not already report. Closest pairs first, at most ``judge-max-pairs`` per file.
* **Calls**: through the one model client (:mod:`promptlint.llm`): temperature 0,
  a timeout, retries with backoff on rate limits and server errors.
* **Cache**: the model's answers are stored in the run's store (namespace ``judge``),
  keyed by the model, the endpoint and the exact messages, so an unchanged pair is
  never sent twice.
* **Failures**: an unreachable model, a timeout or an unreadable answer leaves the
  offline results as they are and adds one notice to the run (the CLI prints it); the
  judge never removes or alters an offline finding. With the run's network switch off
  (the language server), only cached verdicts are used.

This is the only code in ``promptlint check`` that opens a network connection, and only
when a judge model is configured.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from promptlint.contradictions.instructions import Instruction
from promptlint.llm import ModelError, Request

if TYPE_CHECKING:
    from promptlint.services import Services

_SYSTEM = (
    "You review system prompts for large language models. You are shown two instructions from the same "
    "prompt. Decide whether a model could obey both at once, in the same situation. Instructions that apply "
    "to different situations, or where one is an exception to the other, do not conflict. Answer with a JSON "
    'object only: {"conflict": true or false, "reason": "a few words naming what conflicts"}.'
)
_CONTENT_WORD = re.compile(r"[A-Za-z][a-z'-]{3,}")
_STOP = frozenset(
    "always never must should with that this your their from into when will would could than then also "
    "only each every user users answer answers reply replies respond response responses".split()
)


@dataclass(frozen=True)
class Verdict:
    conflict: bool
    reason: str


def candidate_pairs(
    instructions: list[Instruction], decided: set[tuple[int, int]], limit: int
) -> list[tuple[Instruction, Instruction]]:
    """Undecided pairs worth a question, most related first."""
    scored = []
    directives = [i for i in instructions if i.directive]
    words = {id(i): _words(i.core) for i in directives}
    for j, later in enumerate(directives):
        for earlier in directives[:j]:
            if (id(earlier), id(later)) in decided or earlier.text == later.text or earlier.scope != later.scope:
                continue
            shared_topics = {m.topic for m in earlier.mentions} & {m.topic for m in later.mentions}
            shared_verbs = {a.verb for a in earlier.actions} & {a.verb for a in later.actions}
            shared_words = words[id(earlier)] & words[id(later)]
            score = 3 * len(shared_topics) + 2 * len(shared_verbs) + len(shared_words)
            if score >= 2:
                scored.append((-score, len(scored), earlier, later))
    scored.sort(key=lambda item: item[:2])
    return [(earlier, later) for _, _, earlier, later in scored[:limit]]


def judge(
    instructions: list[Instruction],
    decided: set[tuple[int, int]],
    *,
    model: str,
    api_base: str | None,
    max_pairs: int,
    timeout: float,
    services: Services,
) -> Iterator[tuple[Instruction, Instruction, str]]:
    """(earlier, later, reason) for every undecided pair the model calls contradictory."""
    client = services.model_client("judge", timeout=timeout)
    for earlier, later in candidate_pairs(instructions, decided, max_pairs):
        request = Request(
            model=model,
            api_base=api_base,
            params={"max_tokens": 120},
            messages=(
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": f"Instruction A: {earlier.text}\nInstruction B: {later.text}"},
            ),
        )
        try:
            verdict = parse_verdict(client.complete(request).text)
        except (ModelError, ValueError) as exc:  # network, auth, rate limit, bad answer: offline results stand
            services.notice(
                f"CON001 judge model {model!r} unavailable ({' '.join(str(exc).split())[:200]}); "
                "reporting offline results only"
            )
            return
        if verdict.conflict:
            yield earlier, later, verdict.reason or "the model judged these instructions contradictory"


def _words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in _CONTENT_WORD.findall(text) if w.lower() not in _STOP}


def parse_verdict(answer: str) -> Verdict:
    """The model's answer: a JSON object, possibly fenced or surrounded by text."""
    match = re.search(r"\{.*\}", answer, re.S)
    if match is None:
        raise ValueError(f"the judge's answer is not JSON: {answer[:80]!r}")
    data = json.loads(match.group())
    if not isinstance(data, dict) or not isinstance(data.get("conflict"), bool):
        raise ValueError(f"the judge's answer has no boolean 'conflict': {answer[:80]!r}")
    reason = " ".join(str(data.get("reason", "")).split())[:120]
    return Verdict(data["conflict"], reason)
