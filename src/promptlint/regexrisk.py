"""Load-time refusal of regular expressions that backtrack catastrophically.

Topic-pack patterns run under Python's ``re`` (no timeout: CON001 tries hundreds of them
on every instruction, and the ``regex`` module's timeout costs several times more per
call). A pattern such as ``(a+)+$`` or ``(\\w+\\s?)*:`` takes exponential time on a line
that almost matches, so one user-written topic could hang every commit. Rather than time
each call, such patterns are refused when the pack loads, with an error naming the file.

The test is the classic shape of exponential backtracking: an unbounded repetition
whose body can match the same text in more than one way because it is made only of
repetitions, at most one of them required and one unbounded (``(a+)+``,
``(a*b?)*``, ``(?:x|\\w+)*``). A body with a required literal, or two required
repetitions (``(?:an\\s+|a\\s+)*``, ``(?:\\w+\\s+)*``), splits the text one way
and passes. It is a heuristic — it refuses a few safe patterns and misses contrived
exponential ones — and the per-rule time guard stays the backstop.
"""

from __future__ import annotations

from re import _constants as sre
from re import _parser as parser
from typing import Any

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}


def backtracks_catastrophically(pattern: str) -> bool:
    """Whether ``pattern`` has the nested-repetition shape described above; raises
    :class:`re.error` for a pattern that does not parse."""
    return _risky(list(parser.parse(pattern)))


def _risky(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op in _REPEATS:
            _low, high, body = av
            body = list(body)
            if high == sre.MAXREPEAT and op != getattr(sre, "POSSESSIVE_REPEAT", None) and _ambiguous(body):
                return True
            if _risky(body):
                return True
        elif op == sre.SUBPATTERN or op in (sre.ASSERT, sre.ASSERT_NOT):
            if _risky(list(av[-1])):
                return True
        elif op == sre.BRANCH and any(_risky(list(branch)) for branch in av[1]):
            return True
    return False


def _ambiguous(body: list[tuple[Any, Any]]) -> bool:
    """A repeated body that can split one text several ways: a group or alternation of
    such bodies, or only repetitions, one of them unbounded and at most one required
    (``a+``, ``\\w+\\s?``, ``a*b*``; not ``\\w+\\s+``, whose required separator splits
    the text one way)."""
    if len(body) == 1 and body[0][0] == sre.SUBPATTERN:
        return _ambiguous(list(body[0][1][-1]))
    if len(body) == 1 and body[0][0] == sre.BRANCH:
        return any(_ambiguous(list(branch)) for branch in body[0][1][1])
    if not body or any(op not in _REPEATS for op, _av in body):
        return False
    required = sum(1 for _op, (low, _high, _inner) in body if low > 0)
    return required <= 1 and any(high == sre.MAXREPEAT for _op, (_low, high, _inner) in body)
