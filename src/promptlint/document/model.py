"""The document model every rule works on.

A parser turns one prompt file into a :class:`Document`: the original source plus the
structure promptlint cares about (frontmatter, role messages, sections, few-shot
examples, template placeholders, comments, the version header and declared inputs).
Every element carries spans — character offsets into the original source — so a rule
can report an exact position and a fix can edit exactly the right characters.

Structured formats (YAML, JSON) store prompt text inside scalars whose characters are
not contiguous in the file (indentation, quotes, escapes). :class:`Text` keeps such a
string together with a map back to the source, so rules match on the decoded text and
still report source positions.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from promptlint.document.lines import LineIndex


class Span(NamedTuple):
    """A half-open range ``[start, end)`` of character offsets into the source."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def contains_offset(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True, slots=True)
class Text:
    """A string taken from the source, with a map from its indices to source offsets.

    ``pieces`` holds ``(text_start, source_start, length)`` runs, sorted, in which the
    text and the source agree character for character. Characters that exist only in
    the decoded text (an escape sequence, a folded line break) map to the nearest run.

    ``escapes`` holds ``(text_index, source_start, source_end)`` for each character
    that the source writes as an escape sequence (``\\u200b``, ``\\n``, a surrogate
    pair): a rule that reads the decoded text can still report the whole escape and a
    fix can remove it whole — never half an escape, which would change the string.
    """

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    escapes: tuple[tuple[int, int, int], ...] = ()
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)
    _escaped: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(p[0] for p in self.pieces))
        object.__setattr__(self, "_escaped", tuple(e[0] for e in self.escapes))

    @classmethod
    def contiguous(cls, source: str, start: int, end: int) -> Text:
        return cls(source[start:end], ((0, start, end - start),))

    @property
    def span(self) -> Span:
        if not self.pieces:
            return Span(0, 0)
        first, last = self.pieces[0], self.pieces[-1]
        return Span(first[1], last[1] + last[2])

    def to_source(self, index: int) -> int:
        """Source offset of text index ``index`` (a start position)."""
        if not self.pieces:
            return 0
        k = max(0, bisect.bisect_right(self._starts, index) - 1)
        text_start, source_start, length = self.pieces[k]
        return source_start + min(max(index - text_start, 0), length)

    def from_source(self, offset: int) -> int:
        """The first text index whose source offset is at or after ``offset``."""
        for text_start, source_start, length in self.pieces:
            if offset < source_start + length or (length == 0 and offset <= source_start):
                return text_start + max(0, offset - source_start)
        return len(self.text)

    def to_source_end(self, index: int) -> int:
        """Source offset just after text index ``index - 1`` (an end position)."""
        if index <= 0:
            return self.to_source(0)
        escape = self.escape_at(index - 1)
        if escape is not None:
            return escape.end
        return self.to_source(index - 1) + 1

    def escape_at(self, index: int) -> Span | None:
        """The escape sequence that writes text character ``index``, if it is one."""
        k = bisect.bisect_left(self._escaped, index)
        if k < len(self._escaped) and self._escaped[k] == index:
            _, start, end = self.escapes[k]
            return Span(start, end)
        return None

    def char_span(self, index: int) -> Span | None:
        """Exactly where text character ``index`` is written, or None when nowhere.

        A character is written either as itself (inside a piece) or as an escape;
        characters the decoding produced (a folded line break, a separator between
        joined parts) have no source of their own, and no fix may claim to edit them.
        """
        escape = self.escape_at(index)
        if escape is not None:
            return escape
        k = bisect.bisect_right(self._starts, index) - 1
        if k >= 0:
            text_start, source_start, length = self.pieces[k]
            if index < text_start + length:
                offset = source_start + index - text_start
                return Span(offset, offset + 1)
        return None

    def source_span(self, start: int, end: int) -> Span:
        return Span(self.to_source(start), self.to_source_end(max(end, start)))

    @classmethod
    def join(cls, texts: list[Text], separator: str = "\n") -> Text:
        """Concatenate texts (e.g. the parts of a multi-part message); the map follows."""
        pieces: list[tuple[int, int, int]] = []
        escapes: list[tuple[int, int, int]] = []
        chunks: list[str] = []
        offset = 0
        for index, text in enumerate(texts):
            if index:
                chunks.append(separator)
                offset += len(separator)
            pieces.extend((a + offset, b, c) for a, b, c in text.pieces)
            escapes.extend((a + offset, b, c) for a, b, c in text.escapes)
            chunks.append(text.text)
            offset += len(text.text)
        return cls("".join(chunks), tuple(pieces), tuple(escapes))

    def sub(self, start: int, end: int) -> Text:
        """The part ``text[start:end]`` as its own mapped Text."""
        pieces: list[tuple[int, int, int]] = []
        for text_start, source_start, length in self.pieces:
            lo = max(start, text_start)
            hi = min(end, text_start + length)
            if lo < hi:
                pieces.append((lo - start, source_start + lo - text_start, hi - lo))
        if not pieces:
            anchor = self.to_source(start)
            pieces = [(0, anchor, 0)]
        escapes = tuple((a - start, b, c) for a, b, c in self.escapes if start <= a < end)
        return Text(self.text[start:end], tuple(pieces), escapes)


@dataclass(frozen=True, slots=True)
class Message:
    """One role turn: ``system:``/``user:`` blocks, ``{{role "x"}}``, a messages item."""

    role: str  # normalised: system | user | assistant | tool | unknown
    raw_role: str  # as written: "model", "human", "Customer", ...
    span: Span  # the whole turn, marker included
    content: Text
    templated: bool = False  # the content holds a template placeholder


@dataclass(frozen=True, slots=True)
class Section:
    """A markdown heading and the text up to the next heading of the same or higher level."""

    title: str
    level: int
    span: Span
    heading_span: Span
    body: Text


@dataclass(frozen=True, slots=True)
class FewShotBlock:
    """A demonstration written into the file (see DESIGN.md "Few-shot examples").

    ``kind`` says how it was found: ``chat`` (turns before the final user turn),
    ``frontmatter`` (an ``examples:`` key), ``tag`` (``<example>``), ``heading``
    (a section named like an example) or ``pairs`` (``Q:``/``A:`` style lines).
    ``turns`` are its parts; their ``role`` is ``user`` for the input side and
    ``assistant`` for the output side, ``unknown`` when the block has no sides.
    """

    kind: str
    label: str
    span: Span
    turns: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A template construct: ``{{ x }}``, ``{% if %}``, ``{# c #}``, ``${x}``, ``{{$x}}``."""

    span: Span
    inner: Span
    kind: str  # expression | statement | comment | dollar


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment in the format's own syntax; inline directives live in these."""

    span: Span
    body: Span
    syntax: str  # "#", "//", "<!--", "{#", "{{!"


@dataclass(frozen=True, slots=True)
class VersionHeader:
    """The prompt's version: a frontmatter/mapping ``version`` key or a header comment."""

    value: str
    span: Span  # the value as written (no quotes)
    origin: str  # "frontmatter" | "comment"


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A model the file names: the value as written, its position, and where it was.

    ``key`` is the path of the value (``model``, ``model.configuration.azure_deployment``,
    ``execution_settings.default.model_id``). ``deployment`` marks an Azure deployment
    name (prompty's ``azure_deployment``): its owner names it and pins its version on
    the deployment, not in the prompt. ``provider`` is a provider the file declares
    beside the name (prompty's ``configuration.type``), in litellm's spelling.
    """

    name: str
    span: Span
    key: str
    deployment: bool = False
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class OutputBudget:
    """The declared output budget (``max_tokens``, ``max_output_tokens``, ``maxOutputTokens``)."""

    tokens: int
    span: Span  # the value
    key: str  # its path: ``model.parameters.max_tokens``, ``config.maxOutputTokens`` …


@dataclass(frozen=True, slots=True)
class DeclaredInput:
    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class TemplateVar:
    """A read of a root template variable (``user.name`` reads ``user``)."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Something that keeps the file from being read as its format (becomes FMT001)."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed prompt file. Parsers never raise; problems land in ``problems``."""

    source: str
    path: str | None
    format: str
    lines: LineIndex
    frontmatter: Mapping[str, Any] | None = None
    frontmatter_span: Span | None = None
    frontmatter_yaml_span: Span | None = None  # the YAML between the fences
    # Every string value of the frontmatter (or of a YAML/JSON file's top-level
    # mapping, message contents excluded), with its position.
    frontmatter_strings: tuple[Text, ...] = ()
    # The prompt text proper: what is sent to the model, frontmatter excluded.
    body: tuple[Text, ...] = ()
    # Every string of the file's YAML/JSON (frontmatter, keys and message fields
    # included) that the file writes with escape sequences, decoded: where rules that
    # read the text as sent look for what an escape hides (see yamlsrc.escaped_strings).
    escaped_strings: tuple[Text, ...] = ()
    messages: tuple[Message, ...] = ()
    sections: tuple[Section, ...] = ()
    examples: tuple[FewShotBlock, ...] = ()
    placeholders: tuple[Placeholder, ...] = ()
    comments: tuple[Comment, ...] = ()
    dialect: str = "none"  # jinja | handlebars | mustache | semantic-kernel | liquid | none
    template_vars: tuple[TemplateVar, ...] = ()
    template_errors: tuple[ParseProblem, ...] = ()
    declared_inputs: tuple[DeclaredInput, ...] | None = None
    version: VersionHeader | None = None
    # The first model the file names (``models[0].name``), for tokenizers and prices.
    model: str | None = None
    # Every model the file names, with positions (MOD rules, TOK003, the BOM).
    models: tuple[ModelRef, ...] = ()
    output_budget: OutputBudget | None = None
    problems: tuple[ParseProblem, ...] = ()
    # Parser-specific facts rules may use (e.g. the Jinja AST); never required.
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def body_span(self) -> Span:
        """Source range of the prompt body (after the frontmatter)."""
        if not self.body:
            return Span(len(self.source), len(self.source))
        return Span(self.body[0].span.start, self.body[-1].span.end)

    def in_placeholder(self, span: Span) -> bool:
        """Whether ``span`` touches a template placeholder (fixes must not edit those)."""
        return any(p.span.overlaps(span) for p in self.placeholders)

    def in_example(self, offset: int) -> bool:
        return any(block.span.contains_offset(offset) for block in self.examples)

    def role_at(self, offset: int) -> str | None:
        for message in self.messages:
            if message.span.contains_offset(offset):
                return message.role
        return None

    def iter_texts(self) -> Iterator[Text]:
        """Body texts then frontmatter strings: every piece of prose in the file."""
        yield from self.body
        yield from self.frontmatter_strings
