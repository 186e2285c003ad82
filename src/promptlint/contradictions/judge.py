"""The optional deeper check: ask a model whether undecided pairs conflict.

Off by default. With CON001's ``judge-model`` set (a litellm model name, e.g.
``openai/gpt-4o-mini``, optionally with ``judge-api-base`` for a proxy or a local
server), the instruction pairs the offline engine looked at but could not decide are
sent to that model, one request per pair, and a pair the model calls contradictory
becomes a finding whose message says which model judged it.

* **Which pairs**: two instructions with the same scope that talk about the same thing
  — a shared topic, the same verb, or a shared noun — and that the offline engine did
  not already report. Closest pairs first, at most ``judge-max-pairs`` per file.
* **Cache**: verdicts are stored by a hash of the model name and both instruction
  texts in the result cache directory (``.promptlint_cache/v1/judge``), so an unchanged
  pair is never sent twice.
* **Failures**: an unreachable model, a timeout or an unreadable answer leaves the
  offline results as they are and prints one notice; the judge never removes or alters
  an offline finding.

This is the only code in ``promptlint check`` that opens a network connection, and only
when a judge model is configured.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promptlint.contradictions.instructions import Instruction

PROMPT_VERSION = "1"
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
_NOTICE_SHOWN = False


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
) -> Iterator[tuple[Instruction, Instruction, str]]:
    """(earlier, later, reason) for every undecided pair the model calls contradictory."""
    for earlier, later in candidate_pairs(instructions, decided, max_pairs):
        verdict = _cached(model, earlier.text, later.text)
        if verdict is None:
            try:
                verdict = _ask(model, api_base, timeout, earlier.text, later.text)
            except Exception as exc:  # network, auth, rate limit, bad answer: offline results stand
                _notice(model, exc)
                return
            _store(model, earlier.text, later.text, verdict)
        if verdict.conflict:
            yield earlier, later, verdict.reason or "the model judged these instructions contradictory"


def _words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in _CONTENT_WORD.findall(text) if w.lower() not in _STOP}


def _ask(model: str, api_base: str | None, timeout: float, first: str, second: str) -> Verdict:
    # litellm fetches a price list from the internet at import unless told otherwise.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm
    except ImportError:
        raise RuntimeError("litellm is not installed: pip install 'promptlint-suite[eval]'") from None

    litellm.suppress_debug_info = True  # its "Give Feedback" banner would corrupt JSON/SARIF on stdout
    with contextlib.redirect_stdout(sys.stderr):
        response: Any = litellm.completion(
            model=model,
            api_base=api_base,
            timeout=timeout,
            temperature=0,
            max_tokens=120,
            num_retries=0,
            messages=[
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": f"Instruction A: {first}\nInstruction B: {second}"},
            ],
        )
    return parse_verdict(str(response.choices[0].message.content or ""))


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


def _notice(model: str, exc: Exception) -> None:
    global _NOTICE_SHOWN
    if not _NOTICE_SHOWN:
        _NOTICE_SHOWN = True
        message = " ".join(str(exc).split())[:200]
        print(
            f"promptlint: CON001 judge model {model!r} unavailable ({type(exc).__name__}: {message}); "
            "reporting offline results only",
            file=sys.stderr,
        )


# -- cache ------------------------------------------------------------------------


def _path(model: str, first: str, second: str) -> Path | None:
    from promptlint.privacy.engine import cache_dir

    directory = cache_dir()
    if directory is None:
        return None
    digest = hashlib.sha256(f"{PROMPT_VERSION}\x00{model}\x00{first}\x00{second}".encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    return directory / "judge" / key[:2] / f"{key}.json"


def _cached(model: str, first: str, second: str) -> Verdict | None:
    path = _path(model, first, second)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Verdict(bool(data["conflict"]), str(data.get("reason", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _store(model: str, first: str, second: str, verdict: Verdict) -> None:
    path = _path(model, first, second)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"conflict": verdict.conflict, "reason": verdict.reason}, handle)
        Path(tmp).replace(path)
    except OSError:
        pass
