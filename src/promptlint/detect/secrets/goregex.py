"""Go (RE2) regular expressions, rewritten for Python's ``re``.

gitleaks writes its rules for Go's ``regexp`` package. Most of the syntax is shared;
what differs, and what this module rewrites:

* flags in the middle of a pattern (``\\b(p8e-(?i)[a-z0-9]{32})``): Go applies them to
  the rest of the enclosing group, Python 3.11 rejects them; they become a scoped group,
  ``(?i:…)``, closed where the enclosing group closes (leading flags too, so that
  translated patterns can be joined into one alternation);
* ``\\z`` (end of text) is Python's ``\\Z``; ``$`` outside multi-line mode is the end of
  the text in Go, but also "before a final newline" in Python, so it becomes ``\\Z`` too;
* POSIX classes inside brackets (``[[:alnum:]]``) are spelled out;
* ``\\Q…\\E`` literal runs are escaped; ``(?<name>…)`` becomes ``(?P<name>…)``;
* a ``[`` or a doubled ``&``/``|``/``-``/``~`` inside a class is escaped, so Python
  never reads it as a future set operation.

Python's ``re`` has no ``\\p{…}`` classes: a pattern using one is reported as
untranslatable, with the reason, and the caller skips it. Patterns are compiled with
``re.ASCII`` so that ``\\w``, ``\\d``, ``\\s`` and ``\\b`` mean what they mean in Go.
Go has no atomic groups or possessive quantifiers, so none need rewriting; a Go
pattern that Python still reads differently fails to compile and is skipped likewise.
"""

from __future__ import annotations

import re

_POSIX = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_FLAGS_ONLY = re.compile(r"\(\?([imsU]*)(?:-([imsU]*))?\)")
_GROUP_OPEN = re.compile(r"\(\?(?:P?<\w+>|[imsU]*(?:-[imsU]*)?:|[=!]|<[=!])?")


class Untranslatable(ValueError):
    """A Go pattern with no Python equivalent (the message says why)."""


def translate(pattern: str) -> str:
    """The Python spelling of a Go regular expression (raises :class:`Untranslatable`)."""
    out: list[str] = []
    # One entry per open group: the scoped-flag groups opened in it, to close with it
    # (and to close before each ``|`` and reopen after it: in Go, ``a(?i)b|c`` is
    # ``a(?i:b)|(?i:c)``).
    stack: list[list[str]] = [[]]
    multiline = [False]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i = _escape(pattern, i, out)
            continue
        if ch == "[":
            i = _char_class(pattern, i, out)
            continue
        if ch == "(":
            flags = _FLAGS_ONLY.match(pattern, i)
            if flags:
                on, off = flags.group(1), flags.group(2) or ""
                if "U" in on + off:
                    raise Untranslatable("the ungreedy flag (?U) has no Python equivalent")
                if "m" in on:
                    multiline[-1] = True
                if "m" in off:
                    multiline[-1] = False
                # Always scoped, even at the start: the result can then be joined
                # with others into one alternation, as gitleaks does with allowlists.
                scope = f"(?{on}{'-' + off if off else ''}:"
                out.append(scope)
                stack[-1].append(scope)
                i = flags.end()
                continue
            opening = _GROUP_OPEN.match(pattern, i)
            text = opening.group() if opening else "("
            advance = len(text)
            if text.startswith("(?<") and not text.startswith(("(?<=", "(?<!")):
                text = "(?P<" + text[3:]
            scoped = re.fullmatch(r"\(\?([imsU]*)(?:-([imsU]*))?:", text)
            inherited = multiline[-1]
            if scoped:
                if "U" in text:
                    raise Untranslatable("the ungreedy flag (?U) has no Python equivalent")
                if "m" in scoped.group(1):
                    inherited = True
                if "m" in (scoped.group(2) or ""):
                    inherited = False
            out.append(text)
            stack.append([])
            multiline.append(inherited)
            i += advance
            continue
        if ch == ")":
            if len(stack) == 1:
                raise Untranslatable("unbalanced ')'")
            out.append(")" * len(stack.pop()))
            multiline.pop()
            out.append(")")
            i += 1
            continue
        if ch == "|" and stack[-1]:
            out.append(")" * len(stack[-1]) + "|" + "".join(stack[-1]))
            i += 1
            continue
        if ch == "$" and not multiline[-1]:
            out.append("\\Z")
            i += 1
            continue
        out.append(ch)
        i += 1
    if len(stack) != 1:
        raise Untranslatable("unbalanced '('")
    out.append(")" * len(stack[0]))
    return "".join(out)


def compile_go(pattern: str) -> re.Pattern[str]:
    """Translate and compile, with Go's ASCII meaning of ``\\w``, ``\\d``, ``\\s``, ``\\b``."""
    translated = translate(pattern)
    try:
        return re.compile(translated, re.ASCII)
    except re.error as exc:
        raise Untranslatable(f"Python's re rejects the translation: {exc}") from exc


def _escape(pattern: str, i: int, out: list[str]) -> int:
    """Copy or rewrite the escape at ``i``; return the index after it."""
    if i + 1 >= len(pattern):
        raise Untranslatable("trailing backslash")
    nxt = pattern[i + 1]
    if nxt == "z":
        out.append("\\Z")
        return i + 2
    if nxt == "Q":
        end = pattern.find("\\E", i + 2)
        literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
        out.append(re.escape(literal))
        return len(pattern) if end < 0 else end + 2
    if nxt in "pP":
        raise Untranslatable(f"Unicode class \\{nxt}… is not supported by Python's re")
    if nxt == "C":
        raise Untranslatable("\\C (any byte) is not supported by Python's re")
    out.append(pattern[i : i + 2])
    return i + 2


def _char_class(pattern: str, i: int, out: list[str]) -> int:
    """Copy the bracket expression starting at ``i``, spelling out POSIX classes."""
    j = i + 1
    parts = ["["]
    if j < len(pattern) and pattern[j] == "^":
        parts.append("^")
        j += 1
    if j < len(pattern) and pattern[j] == "]":  # a leading ']' is a literal in Go
        parts.append("\\]")
        j += 1
    while j < len(pattern):
        ch = pattern[j]
        if ch == "]":
            out.append("".join(parts) + "]")
            return j + 1
        if ch == "\\":
            if j + 1 < len(pattern) and pattern[j + 1] in "pP":
                raise Untranslatable("Unicode class \\p… is not supported by Python's re")
            if j + 1 < len(pattern) and pattern[j + 1] == "z":
                raise Untranslatable("\\z inside a character class")
            parts.append(pattern[j : j + 2])
            j += 2
            continue
        if ch == "[":
            posix = re.match(r"\[:(\^?)(\w+):\]", pattern[j:])
            if posix:
                if posix.group(1):
                    raise Untranslatable("negated POSIX class inside brackets")
                name = posix.group(2)
                if name not in _POSIX:
                    raise Untranslatable(f"unknown POSIX class [:{name}:]")
                parts.append(_POSIX[name])
                j += posix.end()
                continue
            parts.append("\\[")
            j += 1
            continue
        if ch in "&|~-" and j + 1 < len(pattern) and pattern[j + 1] == ch:
            parts.append("\\" + ch)
            j += 1
            continue
        parts.append(ch)
        j += 1
    raise Untranslatable("unterminated character class")
