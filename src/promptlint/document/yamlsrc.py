"""YAML with positions: compose a YAML region into nodes and map scalars to the source.

PyYAML's composer keeps a start and end mark on every node; this module turns those
into :class:`Span` offsets in the *original* file (frontmatter regions start mid-file)
and aligns each decoded scalar with its source characters, so a match inside a
``|`` block or a quoted string reports the right line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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

    def span(self, node: yaml.Node) -> Span:
        return Span(self.offset + node.start_mark.index, self.offset + node.end_mark.index)


MAX_DEPTH = 2000


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


def load_region(source: str, start: int, end: int) -> tuple[YamlRegion | None, ParseProblem | None]:
    """Compose and construct ``source[start:end]``; never raises (nor crashes)."""
    text = source[start:end]
    if too_deep(text):
        return None, ParseProblem(
            f"invalid YAML: nested more than {MAX_DEPTH} levels deep", Span(start, min(start + 1, end))
        )
    loader = Loader(text)
    try:
        node = loader.get_single_node()
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


def scalar_text(source: str, region: YamlRegion, node: yaml.ScalarNode) -> Text:
    """The scalar's decoded value with a map back to its characters in ``source``."""
    span = region.span(node)
    return align(node.value, source, span.start, span.end, node.style)


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
