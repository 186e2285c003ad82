"""Literal hints of regular expressions, and patterns compiled only when a hint occurs.

Python's ``re`` tries every pattern at every position, and compiling a pattern with
large character classes costs milliseconds. Most texts mention none of most patterns'
words, so a substring test on a pattern's literal beginnings (its *hints*) rules it out
at a fraction of the cost — before it is run, and before it is even compiled. CON001's
topic vocabulary (~150 value patterns) and the PII name cues (~40, each with the
name's Unicode letter classes) both work this way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any


def parse_pattern(pattern: str) -> Any:
    """The parse tree of ``pattern`` (:mod:`re._parser`); raises :class:`re.error`."""
    from re import _parser as parser

    return parser.parse(pattern)


def literal_hints(pattern: str, tree: Any = None) -> frozenset[str] | None:
    """Normalised literal strings one of which occurs wherever ``pattern`` matches, or
    None when the expression can start with something else (a class, a wildcard).

    Python's regular expressions try every alternative at every position; most units of a
    prompt mention no value of most topics, and a substring test on the hints rules a
    topic out at a fraction of the cost. The hints are the literal beginnings of the
    expression, read from its parse tree (:mod:`re._parser`; ``tree`` when the caller
    already has it) and normalised like the unit
    (:func:`normalise`); when the expression starts at a word boundary, a hint starts
    with a space. Anything unexpected yields None, which only turns the shortcut off.
    """
    try:
        from re import _constants as c

        found, _ = _prefixes(list(tree if tree is not None else parse_pattern(pattern)), c, 0)
    except Exception:
        return None
    if found is None:
        return None
    hints = {_NOT_ALNUM.sub(" ", h.lower()) for h in found}
    if any(not h.strip() for h in hints):
        return None
    return frozenset(hints)


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower case, every run of other characters one space, a space at both ends: the form
    :func:`literal_hints` hints are tested against."""
    return f" {_NOT_ALNUM.sub(' ', text.lower())} "


_MAX_HINTS = 64
_HINT_LENGTH = 10
_MAX_CLASS = 4  # a character class of up to this many literal characters is read as alternatives


def _prefixes(items: list[tuple[object, object]], c: object, depth: int) -> tuple[set[str] | None, bool]:
    """(literal beginnings of the sequence ``items``, whether they are its whole match)."""
    if depth > 30:
        return None, False
    out = {""}
    for index, (op, av) in enumerate(items):
        if op is c.LITERAL:  # type: ignore[attr-defined]
            part: set[str] | None = {chr(av)}  # type: ignore[arg-type]
            whole = True
        elif op is c.IN and 0 < len(av) <= _MAX_CLASS and all(kind is c.LITERAL for kind, _ in av):  # type: ignore[attr-defined,arg-type]
            part, whole = {chr(code) for _, code in av}, True  # type: ignore[union-attr]  # a small class: "[Mm]y"
        elif op is c.AT:  # type: ignore[attr-defined]
            part, whole = ({" "} if av is c.AT_BOUNDARY and not any(out) else {""}), True  # type: ignore[attr-defined]
        elif op in (c.ASSERT, c.ASSERT_NOT):  # type: ignore[attr-defined]
            part, whole = {""}, True
        elif op is c.SUBPATTERN:  # type: ignore[attr-defined]
            part, whole = _prefixes(list(av[-1]), c, depth + 1)  # type: ignore[index]
        elif op is c.BRANCH:  # type: ignore[attr-defined]
            part, whole = set(), True
            for alternative in av[1]:  # type: ignore[index]
                found, complete = _prefixes(list(alternative), c, depth + 1)
                if found is None:
                    part = None
                    break
                part |= found
                whole = whole and complete
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):  # type: ignore[attr-defined]
            low, high, sub = av  # type: ignore[misc]
            found, complete = _prefixes(list(sub), c, depth + 1)
            if low == 0 and not any(o.strip() for o in out) and (found is None or not all(f.strip() for f in found)):
                # An optional run of blanks (or anything hintless) at the start: what follows
                # it occurs in every match, so its beginnings are hints ("^[ \t]*Regards").
                return _prefixes(items[index + 1 :], c, depth + 1)[0], False
            if found is None:
                part = None
            elif low == 0 and high == 1 and complete:
                part, whole = found | {""}, True
            elif low == 0:
                after, _ = _prefixes(items[index + 1 :], c, depth + 1)
                part = None if after is None else found | after
                whole = False
            else:
                part, whole = found, False
        else:
            part, whole = None, False
        if part is None:
            if any(out):
                return _trim(out), False  # what is known so far is a valid beginning
            return None, False
        out = _trim({a + b for a in out for b in part})
        if not whole:
            return out, False
    return out, True


def _trim(found: set[str]) -> set[str]:
    """At most :data:`_MAX_HINTS` beginnings of at most :data:`_HINT_LENGTH` characters
    (a shorter beginning is still a valid one)."""
    length = _HINT_LENGTH
    found = {f[:length] for f in found}
    while len(found) > _MAX_HINTS and length > 1:
        length -= 1
        found = {f[:length] for f in found}
    return found


class LazyPattern:
    """A regular expression with its hints, compiled the first time it runs.

    Loading CON001's vocabulary parses every pattern — that validates it and gives the
    hints of its index — but compiling all ~150 of them cost another ~25 ms a process,
    and most never run: the index rules them out for every unit of a typical prompt.
    A pattern whose errors only compiling finds (a look-behind of varying width) is
    compiled when loaded, so a bad pack still fails there, naming its file.
    """

    __slots__ = ("_compiled", "hints", "pattern")

    def __init__(self, pattern: str, hints: frozenset[str] | None, compiled: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self.hints = hints
        self._compiled = compiled

    @classmethod
    def hinted(cls, pattern: str) -> LazyPattern:
        """``pattern`` with the hints :func:`literal_hints` reads from it."""
        return cls(pattern, literal_hints(pattern))

    def may_occur(self, normalised: str) -> bool:
        """Whether the pattern can match a text whose :func:`normalise` form is given
        (False only when none of its hints is in it: then it is neither run nor compiled)."""
        return self.hints is None or any(hint in normalised for hint in self.hints)

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
