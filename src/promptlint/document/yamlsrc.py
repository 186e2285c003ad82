"""YAML with positions: compose a YAML region into nodes and map scalars to the source.

PyYAML's composer keeps a start and end mark on every node; this module turns those
into :class:`Span` offsets in the *original* file (frontmatter regions start mid-file)
and aligns each decoded scalar with its source characters, so a match inside a
``|`` block or a quoted string reports the right line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from promptlint.document.model import ParseProblem, Span, Text

try:  # libyaml is ~10x faster; both count marks in characters.
    Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    Loader = yaml.SafeLoader

STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True, slots=True)
class YamlRegion:
    """A composed YAML region: its root node, Python value, and offset in the file."""

    node: yaml.Node | None
    data: Any
    offset: int
    # Decoded scalars by node id: a string that is both prompt text and written with
    # escapes is decoded once.
    texts: dict[int, Text] = field(default_factory=dict, compare=False, repr=False)

    def span(self, node: yaml.Node) -> Span:
        return Span(self.offset + node.start_mark.index, self.offset + node.end_mark.index)


MAX_DEPTH = 2000
# Values a document may expand to through aliases (a 2 MB JSON file without aliases has
# far fewer; see expanded_size).
MAX_EXPANDED_NODES = 200_000


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether ``text`` may nest deeper than ``limit`` levels.

    libyaml composes recursively in C: a few tens of thousands of nested ``[`` crash the
    process instead of raising. Flow brackets are counted (quotes ignored: the estimate
    only errs towards "too deep" for absurd inputs), and block nesting cannot exceed
    the deepest indentation.
    """
    if text.count("[") + text.count("{") > limit:
        depth = 0
        for char in text:
            if char in "[{":
                depth += 1
                if depth > limit:
                    return True
            elif char in "]}" and depth:
                depth -= 1
    indent = max((len(line) - len(line.lstrip(" ")) for line in text.split("\n")), default=0)
    return indent > limit * 4


def expanded_size(root: yaml.Node) -> int:
    """How many nodes a walk of ``root`` visits with every alias expanded.

    A "billion laughs" document is small as composed — each anchored node exists once
    and aliases point at it — but every walker (the string-scalar walk, few-shot
    detection, the constructed data) sees it expanded: nine aliases of nine aliases,
    seven levels deep, are 4.8 million values from 300 bytes. Counted bottom-up with a
    memo, so the count costs one visit per distinct node.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def load_region(
    source: str, start: int, end: int, *, json_text: bool = False
) -> tuple[YamlRegion | None, ParseProblem | None]:
    """Compose and construct ``source[start:end]``; never raises (nor crashes).

    ``json_text`` says the region is valid JSON: its strings may then hold surrogate
    pair escapes (``\\ud83d\\ude00``, what ``json.dumps`` writes for every emoji and
    tag character), which YAML forbids and libyaml rejects. They are read through
    :func:`_surrogates_masked` instead of failing the whole file.
    """
    text = source[start:end]
    if too_deep(text):
        return None, ParseProblem(
            f"invalid YAML: nested more than {MAX_DEPTH} levels deep", Span(start, min(start + 1, end))
        )
    masked = _surrogates_masked(text) if json_text else None
    loader = Loader(masked if masked is not None else text)
    try:
        node = loader.get_single_node()
        if node is not None and "*" in text and expanded_size(node) > MAX_EXPANDED_NODES:
            return None, ParseProblem(
                f"invalid YAML: aliases expand it to more than {MAX_EXPANDED_NODES:,} values",
                Span(start, min(start + 1, end)),
            )
        if masked is not None and node is not None:
            _unmask_surrogates(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = start + (mark.index if mark is not None else 0)
        at = min(at, max(start, end - 1))
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        return None, ParseProblem(f"invalid YAML: {what}", Span(at, min(at + 1, len(source))))
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return None, ParseProblem(f"invalid YAML: {_one_line(str(exc))}", Span(start, min(start + 1, end)))
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. a date that does not exist
        return None, ParseProblem(f"invalid YAML: {_one_line(str(exc))}", Span(start, min(start + 1, end)))
    finally:
        loader.dispose()
    return YamlRegion(node, data, start), None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def describe_error(path: object, exc: yaml.YAMLError) -> str:
    """``path:line: invalid YAML (problem)`` on one line, for errors in config-like files
    (rule packs, topic packs): PyYAML's own text spans several lines with a caret drawing,
    which breaks the "one line naming the file" promise of config errors."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f":{mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{path}{where}: invalid YAML ({_one_line(str(problem))})"


# JSON writes a character outside the BMP as two \u escapes (a surrogate pair). YAML
# forbids surrogate code points, so each such escape is swapped for an escape of the
# same length naming a private-use stand-in (marks and offsets stay exact), and the
# stand-ins are turned back into surrogates, then joined, in the composed nodes.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_STAND_INS = re.compile("[\ue000-\ue7ff]")
_STAND_IN_ESCAPE = re.compile(r"\\u[eE][0-7][0-9a-fA-F]{2}")
_SURROGATE_BASE, _STAND_IN_BASE = 0xD800, 0xE000


def _surrogates_masked(text: str) -> str | None:
    """``text`` with surrogate escapes swapped for stand-ins, or None if it has none.

    A JSON escape ``\\`` followed by ``u`` cannot be mistaken: the text is valid JSON,
    so a backslash run of odd length is what starts an escape. A file that already uses
    the stand-in range (raw or escaped) is left alone — it fails as before.
    """
    if _SURROGATE_ESCAPE.search(text) is None or _STAND_INS.search(text) or _STAND_IN_ESCAPE.search(text):
        return None

    def swap(m: re.Match[str]) -> str:
        backslashes = len(m.group(1))
        if backslashes % 2 == 0:  # an escaped backslash followed by a literal "u…"
            return m.group()
        code = int(m.group(2), 16) - _SURROGATE_BASE + _STAND_IN_BASE
        return f"{m.group(1)[:-1]}\\u{code:04x}"

    return re.sub(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})", swap, text)


def _unmask_surrogates(root: yaml.Node) -> None:
    """Turn stand-ins back into surrogates and join pairs, in every scalar once."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # aliases: each node is fixed once
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if isinstance(node.value, str) and _STAND_INS.search(node.value):
                node.value = join_surrogates(
                    _STAND_INS.sub(lambda m: chr(ord(m.group()) - _STAND_IN_BASE + _SURROGATE_BASE), node.value)
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def join_surrogates(value: str) -> str:
    """Pairs of surrogates as the one character they encode; a lone one as U+FFFD."""
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def mapping_get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def mapping_key(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The key node itself (for reporting a declaration's position)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node
    return None


def iter_string_scalars(
    node: yaml.Node | None, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], yaml.ScalarNode]]:
    """Every string value under ``node`` (keys excluded), depth first, with its path."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == STR_TAG and node.value:
            yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from iter_string_scalars(item, (*path, index))
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            yield from iter_string_scalars(value_node, (*path, key))


def escaped_strings(source: str, region: YamlRegion | None) -> tuple[Text, ...]:
    """Every double-quoted scalar (keys included) written with an escape, decoded.

    These are the strings whose text as sent differs from the file's characters in
    more than folding: an escape can hide an invisible character (``\\u200b``), a
    line break (``\\n``) with trailing spaces before it, a look-alike letter. Each
    node is read once, however many aliases name it.
    """
    if region is None or region.node is None:
        return ()
    found: list[Text] = []
    seen: set[int] = set()
    stack: list[yaml.Node] = [region.node]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            span = region.span(node)
            if node.style == '"' and source.find("\\", span.start, span.end) >= 0:
                found.append(scalar_text(source, region, node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return tuple(sorted(found, key=lambda t: t.span.start))


def scalar_text(source: str, region: YamlRegion, node: yaml.ScalarNode) -> Text:
    """The scalar's decoded value with a map back to its characters in ``source``."""
    cached = region.texts.get(id(node))
    if cached is not None:
        return cached
    span = region.span(node)
    text = None
    if node.style == '"':
        text = double_quoted(source, span.start, span.end)
        if text is not None and text.text != node.value:
            text = None
    if text is None:
        text = align(node.value, source, span.start, span.end, node.style)
    region.texts[id(node)] = text
    return text


_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_WIDTH = {"x": 2, "u": 4, "U": 8}
_BREAKS = "\r\n"
_BLANKS = " \t"


_DQ_TOKEN = re.compile(r"[^\\ \t\r\n]+|\\(?:\r\n|[\s\S])|[ \t]+|\r\n|\r|\n")


def double_quoted(source: str, start: int, end: int) -> Text | None:
    """Decode the double-quoted scalar ``source[start:end]`` (quotes included) exactly.

    The YAML rules (JSON strings are the one-line case): escapes decode to one
    character each and are recorded as such; an escaped line break and the indentation
    after it vanish; a raw line break folds with the blanks around it into a space,
    or into n-1 newlines for n breaks — characters with no source of their own. Every
    other character is itself. JSON surrogate pairs decode to the one character they
    encode. Returns None for anything it does not know (the caller aligns instead).
    Runs of plain characters are taken a token at a time, not character by character.
    """
    if end - start < 2 or source[start] != '"' or source[end - 1] != '"':
        return None
    stop = end - 1
    out: list[str] = []
    length = 0
    pieces: list[list[int]] = []
    escapes: list[tuple[int, int, int]] = []
    pending: list[tuple[int, str]] = []  # blanks that a fold may still drop
    leading_blanks = folded = False  # after a line break (raw: folded) blanks are dropped
    breaks = 0

    def raw(offset: int, text: str) -> None:
        nonlocal length
        last = pieces[-1] if pieces else None
        if last is not None and last[0] + last[2] == length and last[1] + last[2] == offset:
            last[2] += len(text)
        else:
            pieces.append([length, offset, len(text)])
        out.append(text)
        length += len(text)

    def join() -> None:
        nonlocal length, leading_blanks, folded, breaks
        if folded or leading_blanks:
            made = "\n" * breaks if breaks or not folded else " "
            out.append(made)
            length += len(made)
        else:
            for offset, text in pending:
                raw(offset, text)
        pending.clear()
        leading_blanks = folded = False
        breaks = 0

    pos = start + 1
    while pos < stop:
        m = _DQ_TOKEN.match(source, pos, stop)
        if m is None:
            return None
        token = m.group()
        first = token[0]
        if first in _BLANKS:
            if not leading_blanks:
                pending.append((pos, token))
            pos = m.end()
            continue
        if first in _BREAKS:
            if not leading_blanks:
                pending.clear()
                leading_blanks = folded = True
            else:
                breaks += 1
            pos = m.end()
            continue
        join()
        if first != "\\":
            raw(pos, token)
            pos = m.end()
            continue
        kind = token[1]
        if kind in _BREAKS:  # an escaped line break
            leading_blanks = True
            pos = m.end()
            continue
        decoded, width = _escape(source, pos, stop, kind)
        if decoded is None:
            return None
        escapes.append((length, pos, pos + width))
        out.append(decoded)
        length += 1
        pos += width
    join()
    if not pieces:
        pieces.append([0, start, 0])
    return Text("".join(out), tuple((a, b, c) for a, b, c in pieces), tuple(escapes))


def _escape(source: str, j: int, stop: int, kind: str) -> tuple[str | None, int]:
    """The character the escape at ``source[j]`` writes, and its width in the source."""
    if kind in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[kind], 2
    digits = _HEX_WIDTH.get(kind)
    if digits is None:
        return None, 0
    hex_text = source[j + 2 : j + 2 + digits]
    if len(hex_text) != digits or j + 2 + digits > stop or any(c not in "0123456789abcdefABCDEF" for c in hex_text):
        return None, 0
    code = int(hex_text, 16)
    if 0xD800 <= code <= 0xDBFF and kind == "u":  # a JSON surrogate pair
        low = source[j + 6 : j + 12]
        if low[:2] == "\\u" and len(low) == 6 and all(c in "0123456789abcdefABCDEF" for c in low[2:]):
            low_code = int(low[2:], 16)
            if 0xDC00 <= low_code <= 0xDFFF and j + 12 <= stop:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low_code - 0xDC00)), 12
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd", 2 + digits  # a lone surrogate, as join_surrogates reads it
    if code > 0x10FFFF:
        return None, 0
    return chr(code), 2 + digits


def align(value: str, source: str, start: int, end: int, style: str | None) -> Text:
    """Greedily align a decoded scalar with its source text.

    Characters that agree form runs; source-only characters (indentation, quotes, the
    block header) are skipped; whitespace folded by YAML matches any whitespace run;
    escapes in double-quoted scalars map one decoded character to the whole escape.
    """
    i, j = 0, start
    if style in ("|", ">"):
        newline = source.find("\n", start, end)
        j = newline + 1 if newline >= 0 else end
    elif style in ('"', "'"):
        j = start + 1
        end = max(j, end - 1)
    pieces: list[list[int]] = []

    def emit(text_index: int, source_index: int) -> None:
        if pieces and pieces[-1][0] + pieces[-1][2] == text_index and pieces[-1][1] + pieces[-1][2] == source_index:
            pieces[-1][2] += 1
        else:
            pieces.append([text_index, source_index, 1])

    n = len(value)
    while i < n and j < end:
        c, d = value[i], source[j]
        if style == '"' and d == "\\":
            nxt = source[j + 1] if j + 1 < end else ""
            if nxt in ("\n", "\r"):  # escaped line break: contributes nothing
                j += 2
                while j < end and source[j] in " \t\r\n":
                    j += 1
                continue
            width = {"x": 4, "u": 6, "U": 10}.get(nxt, 2)
            pieces.append([i, j, 0])
            i += 1
            j += width
            continue
        if c == d:
            emit(i, j)
            i += 1
            j += 1
            if style == "'" and c == "'" and j < end and source[j] == "'":
                j += 1
            continue
        if c in " \n" and d in " \t\r\n":
            while i < n and value[i] in " \n":
                i += 1
            while j < end and source[j] in " \t\r\n":
                j += 1
            continue
        j += 1
    if not pieces:
        pieces.append([0, start, 0])
    return Text(value, tuple((a, b, c) for a, b, c in pieces))
