"""Account names in home-folder paths: ``C:\\Users\\dana\\…``, ``/Users/dana/…``, ``/home/dana/…``.

A prompt captured from a real session (a coding agent's working directory, a stack
trace, a tool result) carries the login name of whoever ran it. That name is personal
data like any other: it usually is the person's name or handle, and it ties the prompt
to one machine. Paths written as documentation use generic accounts instead —
``/home/user``, ``/home/runner`` (CI), ``/home/ubuntu`` (cloud images),
``C:\\Users\\Public``, ``/Users/<name>``, ``$USER`` — and those are not reported
(:func:`promptlint.detect.pii.placeholders.account_is_placeholder`).

Plain regular expressions, no presidio: a text whose only candidate is a path never
imports it.
"""

from __future__ import annotations

import re

from promptlint.detect.pii import placeholders

# Windows: a drive letter or backslashes, any case ("C:\Users\", "c:/Users/", "\\Users\\" in
# JSON strings). macOS: "/Users/". Linux: "/home/". A URL's path ("example.com/home/x")
# is not a home folder: the separator must not follow a name character.
_HOME = re.compile(
    r"(?:(?<![\w.-])[A-Za-z]:(?:\\{1,2}|/)|(?<![\w.:-])\\{1,2})(?i:users|documents and settings)\\{1,2}"
    r"|(?<![\w.~-])/Users/"
    r"|(?<![\w.~-])/home/"
)
# The account: up to the next separator. Windows names may hold spaces ("C:\Users\Dana W\"),
# but only when the path goes on after them.
_ACCOUNT = re.compile(r"[\w$%{}<>@.+-]+(?:[ ][\w.-]+)*(?=\\|/)|[\w$%{}<>@.+-]+")


def find(text: str) -> list[tuple[int, int]]:
    """Spans of account names in home-folder paths in ``text`` (generic accounts left out)."""
    spans = []
    for home in _HOME.finditer(text):
        m = _ACCOUNT.match(text, home.end())
        if not m:
            continue
        value = m.group()
        after = text[m.end() : m.end() + 1]
        if not after or after not in "\\/":
            # The path ends here: "/home/notes.txt" is a file, "/home/dana." ends a sentence.
            value = value.rstrip(".")
            if "." in value:
                continue
        if not value or placeholders.account_is_placeholder(value):
            continue
        spans.append((m.start(), m.start() + len(value)))
    return spans
