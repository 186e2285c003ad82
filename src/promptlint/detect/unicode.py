"""Invisible and bidirectional Unicode: what a reviewer cannot see but the model reads.

Reported (UNI001): zero-width characters, bidirectional controls (the "Trojan Source"
embeddings, overrides and isolates, and stray direction marks), Unicode tag characters
U+E0000–E007F (the "ASCII smuggling" channel: each tag character mirrors an ASCII
character, so a run of them spells hidden text), other format characters (category
Cf), invisible fillers (Hangul fillers, the braille blank), variation selectors that
follow nothing they could modify, and private-use characters.

Not reported — ordinary text is never a finding: a byte-order mark at the start of the
file; ZWJ inside emoji sequences (👩‍💻) and ZWJ/ZWNJ between letters of scripts that
need them (Persian, Arabic, Indic scripts); tag characters inside a subdivision flag
(🏴 + tags + cancel tag); variation selectors after an emoji or a CJK ideograph;
direction marks in lines that contain right-to-left script.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZWJ, ZWNJ = "\u200d", "\u200c"
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MARKS = frozenset("\u200e\u200f\u061c")
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_CANDIDATE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\ue000-\uf8ff"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    "\U0001d173-\U0001d17a\U0001bca0-\U0001bca3\U000110bd\U000110cd\u0600-\u0605\u06dd\u070f\u08e2]"
)
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True, slots=True)
class InvisibleRun:
    start: int
    end: int
    chars: str

    @property
    def hidden_text(self) -> str | None:
        """The ASCII text a run of tag characters spells, if it is one."""
        tags = [c for c in self.chars if 0xE0020 <= ord(c) <= 0xE007E]
        return "".join(chr(ord(c) - 0xE0000) for c in tags) if tags else None


def _is_emoji(ch: str) -> bool:
    if not ch:  # the start or the end of the text: nothing to join
        return False
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2300 <= cp <= 0x23FF
        or 0x2B00 <= cp <= 0x2BFF
        or cp in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299)
        or 0x1F3FB <= cp <= 0x1F3FF
    )


def _is_joining_letter(ch: str) -> bool:
    """A letter of a script where ZWJ/ZWNJ are spelling, not tricks (anything but Latin-ish)."""
    if not ch or not unicodedata.category(ch).startswith(("L", "M")):
        return False
    return ord(ch) >= 0x0590 and not (0x1E00 <= ord(ch) <= 0x1EFF)


def _is_unspaced_script(ch: str) -> bool:
    """Scripts written without spaces, where ZWSP is the word separator."""
    if not ch:
        return False
    cp = ord(ch)
    return (
        0x0E00 <= cp <= 0x0EFF
        or 0x1000 <= cp <= 0x109F
        or 0x1780 <= cp <= 0x17FF
        or 0x0F00 <= cp <= 0x0FFF
        or _is_cjk(ch)
    )


def _is_cjk(ch: str) -> bool:
    if not ch:
        return False
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0x20000 <= cp <= 0x3134F or 0xF900 <= cp <= 0xFAFF


def suspicious(text: str, index: int) -> bool:
    """Whether the character at ``index`` is a finding in its context."""
    ch = text[index]
    cp = ord(ch)
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if ch == "\ufeff":
        return index != 0
    if ch == "\u200b" and _is_unspaced_script(before) and _is_unspaced_script(after):
        return False  # Thai, Lao, Khmer, Myanmar mark word breaks with it
    if ch in (ZWJ, ZWNJ):
        if (
            ch == ZWJ
            and (_is_emoji(before) or before == "\ufe0f")
            and (_is_emoji(after) or (after != "" and after in "\u2640\u2642\u2695\u2696\u2708\u2764"))
        ):
            return False
        return not (_is_joining_letter(before) and _is_joining_letter(after))
    if 0xE0020 <= cp <= 0xE007F:
        # Subdivision flags: U+1F3F4, tag letters, U+E007F.
        start = index
        while start > 0 and 0xE0020 <= ord(text[start - 1]) <= 0xE007F:
            start -= 1
        return not (start > 0 and text[start - 1] == "\U0001f3f4")
    if 0xFE00 <= cp <= 0xFE0F:
        return not (
            before
            and (
                _is_emoji(before)
                or _is_cjk(before)
                or unicodedata.category(before) in ("So", "Sm", "Nd")
                or before in "#*"
            )
        )
    if 0xE0100 <= cp <= 0xE01EF:
        return not (before and _is_cjk(before))
    if ch in _MARKS:
        line_start = text.rfind("\n", 0, index) + 1
        line_end = text.find("\n", index)
        return not _RTL.search(text[line_start : len(text) if line_end < 0 else line_end])
    if 0x0600 <= cp <= 0x0605 or ch in "\u06dd\u070f\u08e2":
        return not _is_joining_letter(after) and not after.isdigit()
    return True


def find_runs(text: str) -> list[InvisibleRun]:
    """Runs of adjacent suspicious characters (one finding and one fix per run)."""
    runs: list[InvisibleRun] = []
    for m in _CANDIDATE.finditer(text):
        index = m.start()
        if not suspicious(text, index):
            continue
        if runs and runs[-1].end == index:
            last = runs[-1]
            runs[-1] = InvisibleRun(last.start, index + 1, last.chars + text[index])
        else:
            runs.append(InvisibleRun(index, index + 1, text[index]))
    return runs


def describe(ch: str) -> str:
    cp = ord(ch)
    name = unicodedata.name(ch, "")
    if not name:
        if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
            name = "PRIVATE USE CHARACTER"
        elif 0xE0100 <= cp <= 0xE01EF:
            name = f"VARIATION SELECTOR-{cp - 0xE0100 + 17}"
        else:
            name = "UNNAMED FORMAT CHARACTER"
    return f"U+{cp:04X} {name}"


def kind(ch: str) -> str:
    cp = ord(ch)
    if ch in _BIDI_CONTROLS or ch in _MARKS:
        return "bidirectional control"
    if 0xE0000 <= cp <= 0xE007F:
        return "tag character"
    if 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000:
        return "private-use character"
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
        return "variation selector"
    if ch in _FILLERS:
        return "filler character"
    if ch in "\u200b\u200c\u200d\u2060\ufeff":
        return "zero-width character"
    return "format character"
