"""Path globs for config keys (``include``, ``exclude``, ``per-file-ignores``).

Semantics follow .gitignore closely enough to be unsurprising: a pattern without a
``/`` matches the file name at any depth (``*.prompty``); a pattern with a ``/`` matches
the path relative to the config file's folder (``prompts/legacy/*.md``); ``**`` spans
any number of folders; ``{a,b}`` is an alternation; a trailing ``/`` matches everything
below a folder. Paths are compared with ``/`` separators.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def compile_glob(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().replace("\\", "/")
    anchored = "/" in pattern.rstrip("/")
    if pattern.endswith("/"):
        pattern += "**"
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if pattern.startswith("/"):
        pattern = pattern[1:]
    regex = _translate(pattern)
    return re.compile(("" if anchored else r"(?:.*/)?") + regex + r"\Z")


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append(r"(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(r".*")
            i += 2
        elif c == "*":
            out.append(r"[^/]*")
            i += 1
        elif c == "?":
            out.append(r"[^/]")
            i += 1
        elif c == "[":
            close = pattern.find("]", i + 1)
            if close < 0:
                out.append(re.escape(c))
                i += 1
            else:
                body = pattern[i + 1 : close]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close + 1
        elif c == "{":
            close = pattern.find("}", i + 1)
            if close < 0:
                out.append(re.escape(c))
                i += 1
            else:
                options = pattern[i + 1 : close].split(",")
                out.append("(?:" + "|".join(_translate(o) for o in options) + ")")
                i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    return "".join(out)


def check(pattern: str) -> None:
    """Raise ValueError naming what is wrong with ``pattern`` (an empty range such as ``[z-a]``)."""
    try:
        compile_glob(pattern)
    except re.error as exc:
        raise ValueError(f"invalid glob {pattern!r} ({exc.msg})") from None


def check_keys(table: dict[str, object]) -> None:
    """Option check for tables keyed by glob (``per-file-max-tokens``)."""
    for pattern in table:
        check(pattern)


def matches(path: str, pattern: str) -> bool:
    """Whether the relative ``path`` (``/``-separated) matches ``pattern``."""
    return compile_glob(pattern).match(path.replace("\\", "/").lstrip("/")) is not None


def matches_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(matches(path, p) for p in patterns)
