"""UNI002 confusable-characters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from promptlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import RuleContext, RuleMeta

# Cyrillic and Greek letters that render like Latin ones (Unicode confusables subset).
LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M",
    "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y",
    "ο": "o", "ν": "v", "ρ": "p", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")


class ConfusableCharacters:
    """A Latin word with Cyrillic or Greek look-alike letters mixed in.

    ## What it does
    Flags a word that is written in Latin letters except for one or more Cyrillic or
    Greek letters that look identical (`pаssword` with a Cyrillic `а`). Words entirely
    in Cyrillic or Greek are ordinary text and are never flagged; only mixed words are,
    because real writing never mixes scripts inside a word. The fix (unsafe: check the
    word first) replaces the look-alikes with their Latin letters.

    ## Why is this bad?
    Homoglyphs make a word look like another one: a keyword filter, a guardrail phrase
    or a brand name in the prompt silently stops matching, and instructions can be
    disguised in review.

    ## Example
    ```text
    Never reveal the pаssword.   (Cyrillic а)
    ```

    ## Use instead
    ```text
    Never reveal the password.
    ```
    """

    meta = RuleMeta(
        code="UNI002",
        name="confusable-characters",
        summary="Latin word with look-alike Cyrillic or Greek letters",
        default_severity=Severity.WARNING,
        fix="always",
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        found: list[tuple[Span, str, str]] = []
        for m in _WORD.finditer(doc.source):
            fixed = _latin_spelling(m.group())
            if fixed is not None:
                found.append((Span(m.start(), m.end()), fixed, _codes(m.group())))
        found.extend(_escaped_words(doc))
        for span, fixed, codes in sorted(found):
            yield ctx.diagnostic(
                span,
                f"'{fixed}' is spelled with look-alike non-Latin letters ({codes})",
                # ASCII letters replace the whole word, escapes included: safe in any string.
                fix=Fix(f"Replace with '{fixed}'", (Edit(span, fixed),), Applicability.UNSAFE),
            )


def _latin_spelling(word: str) -> str | None:
    """The Latin word ``word`` imitates, if it mixes look-alikes into Latin letters."""
    if word.isascii() or len(_LATIN.findall(word)) < 2:
        return None
    foreign = [ch for ch in word if not ch.isascii()]
    if not foreign or any(ch not in LOOKALIKES for ch in foreign):
        return None
    return "".join(LOOKALIKES.get(ch, ch) for ch in word)


def _codes(word: str) -> str:
    return ", ".join(sorted({f"U+{ord(ch):04X}" for ch in word if not ch.isascii()}))


def _escaped_words(doc: Document) -> Iterator[tuple[Span, str, str]]:
    """Mixed words in JSON/YAML strings whose look-alikes are written as escapes.

    (``p\\u0430ssword`` reads as a Latin word to the model.) Words whose look-alikes
    are written raw are found in the file's own text.
    """
    for text in doc.escaped_strings:
        for m in _WORD.finditer(text.text):
            fixed = _latin_spelling(m.group())
            if fixed is None:
                continue
            if any(text.escape_at(i) is None for i in range(m.start(), m.end()) if not text.text[i].isascii()):
                continue
            chars = [text.char_span(i) for i in range(m.start(), m.end())]
            spans = [c for c in chars if c is not None]
            if len(spans) != len(chars) or any(a.end != b.start for a, b in pairwise(spans)):
                continue  # not one stretch of the file
            yield Span(spans[0].start, spans[-1].end), fixed, f"{_codes(m.group())}, written as escapes"
