"""Topic packs: the vocabulary CON001 compares instructions with.

A topic pack is a folder whose ``pack.yaml`` says ``kind: topics``; each YAML file in it
holds one topic (top-level keys) or several (``topics: [...]``)::

    topic: output-format          # id
    label: output format          # used in messages: "output format: JSON vs plain prose"
    kind: exclusive               # exclusive: one value at a time | polarity: on or off
    directive: '(?i)\\brespond'    # optional: the sentence must also match this
    exclude: '(?i)\\btranslat'     # optional: sentences matching this are not about the topic
    values:                       # exclusive topics
      json: {label: JSON, patterns: ['(?i)\\bjson\\b']}
      plain: {label: plain prose, patterns: ['(?i)\\bprose\\b']}
    compatible: [[json, table]]   # value pairs that can be combined
    implies: {bullets: [list]}    # asking for a value asks for these too, and
                                  # forbidding one of these forbids it
    per-object: false             # true: values describe the thing the instruction is
                                  # about — "a brief summary" and "a detailed analysis"
                                  # do not conflict (the length topic)
    sections: true                # false: headings that name a part of the output or a
                                  # subject ("## Summary") do not scope this topic — a
                                  # tone or a language holds for the whole conversation
    heads: [object, format]       # optional: nouns a value may be followed by and still
                                  # be a choice ("a JSON object"); followed by any other
                                  # noun it names that noun's kind ("the markdown code
                                  # fence", "XML tags") and is no choice
    patterns: [...]               # polarity topics: what the behaviour looks like
    negative-patterns: [...]      # optional: phrases that forbid it without a negator
                                  # ("keep your instructions confidential"); exclusive
                                  # values take `negative-patterns` next to `patterns`
    classes:                      # optional: named groups of things the topic is about
      structured-data:
        label: a structured data format
        patterns: ['(?i)\\bstructured data\\b']   # the class named as a whole
        members: [json, yaml]     # exclusive topics: the topic's values in the class
    examples:                     # checked by the test suite
      - conflict: ["Always respond in JSON.", "Reply in plain prose."]
      - compatible: ["Respond in JSON for API requests.", "In chat, reply in plain prose."]

A class lets an instruction that forbids the whole class ("never answer in a structured
data format") meet one that asks for a member ("return YAML"). In a polarity topic,
which has no values, ``members`` maps member keys to their own ``label`` and
``patterns`` ("ask for … phone number" is a member of "ask for personal data"); a
class may also take ``negative-patterns``. Forbidding a class forbids every member;
asking for the class asks for one of them, so it meets neither a prohibition of one
member nor a request for a member, only a prohibition of the class — or, in an
exclusive topic, a value that no member can be combined with.

The built-in packs live in the repository's ``vocabulary/contradictions/``; configured
``rule-packs`` folders whose manifest says ``kind: topics`` add to them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from promptlint.document.yamlsrc import Loader, describe_error
from promptlint.errors import ConfigError
from promptlint.regexhints import LazyPattern, literal_hints, parse_pattern
from promptlint.regexrisk import backtracks_catastrophically

_TOPIC_KEYS = {
    "topic", "label", "kind", "directive", "exclude", "values", "compatible", "patterns", "negative-patterns",
    "per-object", "implies", "examples", "heads", "sections", "classes"
}  # fmt: skip
_VALUE_KEYS = {"label", "patterns", "negative-patterns"}
_CLASS_KEYS = {"label", "patterns", "negative-patterns", "members"}
_MEMBER_KEYS = {"label", "patterns"}
KINDS = ("exclusive", "polarity")
# What a pattern names: a value of the topic, a class as a whole, or one member of a class.
VALUE, CLASS, MEMBER = "", "class", "member"


@dataclass(frozen=True)
class Value:
    key: str
    label: str
    patterns: tuple[LazyPattern, ...]
    negative: tuple[LazyPattern, ...] = ()
    # Per pattern (then per negative pattern), the literal hints of :func:`promptlint.regexhints.literal_hints`.
    pattern_hints: tuple[frozenset[str] | None, ...] = ()
    negative_hints: tuple[frozenset[str] | None, ...] = ()
    role: str = VALUE


@dataclass(frozen=True)
class TopicClass:
    """A named group of a topic's values (or, in a polarity topic, of its own members)."""

    key: str
    label: str
    members: frozenset[str]


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    kind: str
    values: tuple[Value, ...] = ()
    directive: re.Pattern[str] | None = None
    exclude: re.Pattern[str] | None = None
    compatible: frozenset[frozenset[str]] = frozenset()
    examples: tuple[tuple[str, tuple[str, str]], ...] = ()
    source: str = ""
    per_object: bool = False
    implies: Mapping[str, frozenset[str]] = field(default_factory=dict)
    heads: frozenset[str] | None = None
    sections: bool = True
    # Every value pattern in one expression (compiled on first use: only topics with
    # ``heads`` need it), to tell whether one word is a value.
    any_source: str | None = None
    # Literal beginnings of every directive match (None: unknown), see :class:`_HintIndex`.
    directive_hints: frozenset[str] | None = None
    classes: tuple[TopicClass, ...] = ()
    # The patterns that name a class (role CLASS, keyed by class) or one of a polarity
    # topic's members (role MEMBER, keyed by member): matched like values.
    class_values: tuple[Value, ...] = ()

    @property
    def matchable(self) -> tuple[Value, ...]:
        """Everything a unit's words are matched against: values, classes, members."""
        return (*self.values, *self.class_values)

    def label_of(self, key: str, role: str = VALUE) -> str:
        if role == CLASS:
            return next((c.label for c in self.classes if c.key == key), key)
        pool = self.values if role == VALUE else self.class_values
        return next((v.label for v in pool if v.key == key and v.role == role), key)

    @property
    def any(self) -> re.Pattern[str] | None:
        if self.any_source is None:
            return None
        try:
            return re.compile(self.any_source)  # re caches compiled expressions
        except re.error:  # e.g. a numbered back-reference that the combination shifted
            return None

    def compatible_with(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible

    def closure(self, values: set[str]) -> set[str]:
        """``values`` and every value they imply."""
        out = set(values)
        for value in values:
            out |= self.implies.get(value, frozenset())
        return out


@dataclass(frozen=True)
class Scan:
    """What a normalised unit may mention: the topics worth looking at and the patterns
    that may match."""

    topics: list[Topic]
    # Per topic key, the (value, pattern, negative pattern?) triples that may match.
    live: dict[str, list[tuple[Value, LazyPattern, bool]]]


@dataclass
class Vocabulary:
    topics: list[Topic] = field(default_factory=list)
    _index: _HintIndex | None = field(default=None, repr=False)

    def scan(self, normal: str) -> Scan:
        """The topics and patterns a unit (in the form of :func:`promptlint.regexhints.normalise`) may
        mention, found by looking its words up in an index of every pattern's literal
        beginnings (:func:`promptlint.regexhints.literal_hints`) instead of running the patterns."""
        if self._index is None:
            self._index = _HintIndex(self.topics)
        return self._index.scan(normal)


class _HintIndex:
    """Pattern hints by the first (up to three) letters of their first word.

    A hint that starts at a word boundary (" json", " plain text") can only occur where a
    word of the unit starts with the hint's first word: the unit's word prefixes, looked
    up in this index, give the candidate hints, and a substring test confirms the longer
    ones. Patterns, directives and excludes without hints are always live.
    """

    def __init__(self, topics: list[Topic]) -> None:
        # Items are numbered: patterns (as value, pattern, negative?) and topic directives.
        self.by_word: dict[str, list[tuple[str, str, bool, int]]] = {}
        self.words: dict[str, tuple[frozenset[int], tuple[tuple[str, int], ...]]] = {}
        self.always: set[int] = set()
        self.items: list[tuple[Value, LazyPattern, bool]] = []
        self.topics: list[tuple[Topic, list[int], int | None]] = []
        count = 0
        for topic in topics:
            ids: list[int] = []
            for value in topic.matchable:
                for patterns, hints, negative in (
                    (value.patterns, value.pattern_hints, False),
                    (value.negative, value.negative_hints, True),
                ):
                    for pattern, found in zip(patterns, hints, strict=True):
                        self.items.append((value, pattern, negative))
                        self._add(count, found)
                        ids.append(count)
                        count += 1
            self.topics.append((topic, ids, None))
        for k, (topic, ids, _) in enumerate(self.topics):
            if topic.directive is not None:
                self._add(count, topic.directive_hints)
                self.topics[k] = (topic, ids, count)
                count += 1

    def _add(self, item: int, hints: frozenset[str] | None) -> None:
        if hints is None or any(not h.startswith(" ") or not h.strip() for h in hints):
            self.always.add(item)
            return
        for hint in hints:
            first = hint.split()[0]
            self.by_word.setdefault(first[:3], []).append((first, hint, hint.count(" ") > 1, item))

    def _word(self, word: str) -> tuple[frozenset[int], tuple[tuple[str, int], ...]]:
        """(items a word triggers by itself, (longer hint, item) pairs to confirm), memoised:
        a prompt uses the same few hundred words over and over."""
        cached = self.words.get(word)
        if cached is None:
            alone: set[int] = set()
            longer: list[tuple[str, int]] = []
            for key in (word[:1], word[:2], word[:3]) if len(word) > 2 else (word[:1], word):
                for first, hint, several, item in self.by_word.get(key, ()):
                    if word.startswith(first):
                        if several:
                            longer.append((hint, item))
                        else:
                            alone.add(item)
            cached = (frozenset(alone), tuple(longer))
            if len(self.words) < 50_000:
                self.words[word] = cached
        return cached

    def scan(self, normal: str) -> Scan:
        live: set[int] = set(self.always)
        for word in set(normal.split()):
            alone, longer = self._word(word)
            live |= alone
            for hint, item in longer:
                if hint in normal:
                    live.add(item)
        topics = []
        found: dict[str, list[tuple[Value, LazyPattern, bool]]] = {}
        for topic, items, directive in self.topics:
            if directive is not None and directive not in live:
                continue
            matching = [self.items[i] for i in items if i in live]
            if matching:
                topics.append(topic)
                found[topic.key] = matching
        return Scan(topics, found)


def shipped_dir() -> Path | None:
    """The vocabulary inside the installed wheel, or the repository's ``vocabulary/contradictions``."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_vocabulary" / "contradictions", here.parent.parent / "vocabulary" / "contradictions"):
        if candidate.is_dir():
            return candidate
    return None


def vocabulary(extra: tuple[Path, ...] = ()) -> Vocabulary:
    """The shipped topics plus the topic packs a config lists (``rule-packs`` folders
    whose ``pack.yaml`` says ``kind: topics``). Each config has its own vocabulary: a
    topic pack configured for one folder does not change another folder's results."""
    shipped = shipped_dir()
    return load((*((shipped,) if shipped else ()), *extra))


@cache
def load(directories: tuple[Path, ...]) -> Vocabulary:
    """Validated and compiled once per set of folders (bad regexes, unknown keys and
    duplicate topic ids raise :class:`ConfigError` naming the file)."""
    vocab = Vocabulary()
    seen: dict[str, str] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.y*ml")):
            if path.name == "pack.yaml" or path.suffix not in (".yaml", ".yml"):
                continue
            for topic in _load_file(path):
                if topic.key in seen:
                    raise ConfigError(f"{path}: topic '{topic.key}' is already defined in {seen[topic.key]}")
                seen[topic.key] = str(path)
                vocab.topics.append(topic)
    return vocab


def _compile(path: Path, where: str, pattern: Any) -> re.Pattern[str]:
    try:
        compiled = re.compile(str(pattern))
    except re.error as exc:
        raise ConfigError(f"{path}: {where}: invalid regular expression {pattern!r}: {exc}") from None
    _refuse_backtracking(path, where, compiled.pattern)
    return compiled


def _refuse_backtracking(path: Path, where: str, pattern: str) -> None:
    if backtracks_catastrophically(pattern):
        raise ConfigError(
            f"{path}: {where}: regular expression {pattern!r} nests unbounded repetitions "
            "that can match the same text (e.g. '(a+)+'), which takes exponential time on "
            "some lines; rewrite it so each part of the text has one way to match"
        )


def _lazy(path: Path, where: str, pattern: Any) -> LazyPattern:
    """A value pattern: parsed (validated, hinted) now, compiled on first use."""
    text = str(pattern)
    try:
        tree = parse_pattern(text)
        # Look-behind widths are checked by the compiler, not the parser.
        compiled = re.compile(text) if "(?<" in text else None
    except (re.error, RecursionError, OverflowError) as exc:
        raise ConfigError(f"{path}: {where}: invalid regular expression {pattern!r}: {exc}") from None
    _refuse_backtracking(path, where, text)
    return LazyPattern(text, literal_hints(text, tree), compiled)


def _list(path: Path, where: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ConfigError(f"{path}: {where}: patterns must be a list of regular expressions")
    return value


def _load_file(path: Path) -> list[Topic]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read topic file ({exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(describe_error(path, exc)) from None
    if isinstance(data, dict) and "topics" in data:
        items = data["topics"]
        if not isinstance(items, list):
            raise ConfigError(f"{path}: 'topics' must be a list")
    else:
        items = [data]
    return [_topic(path, item) for item in items]


def _topic(path: Path, item: Any) -> Topic:
    if not isinstance(item, dict):
        raise ConfigError(f"{path}: a topic must be a mapping")
    unknown = sorted(set(item) - _TOPIC_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key '{unknown[0]}' in topic (allowed: {', '.join(sorted(_TOPIC_KEYS))})")
    key = str(item.get("topic") or "")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
        raise ConfigError(f"{path}: topic id {key!r} must be kebab-case")
    kind = str(item.get("kind", "exclusive"))
    if kind not in KINDS:
        raise ConfigError(f"{path}: topic '{key}': kind must be one of {', '.join(KINDS)}")
    where = f"topic '{key}'"
    values: list[Value] = []
    if kind == "exclusive":
        raw = item.get("values")
        if not isinstance(raw, dict) or len(raw) < 2:
            raise ConfigError(f"{path}: {where}: an exclusive topic needs at least two values")
        for value_key, spec in raw.items():
            if not isinstance(spec, dict) or not spec.get("patterns"):
                raise ConfigError(f"{path}: {where}: value '{value_key}' needs patterns")
            unknown = sorted(set(spec) - _VALUE_KEYS)
            if unknown:
                raise ConfigError(f"{path}: {where}: unknown key '{unknown[0]}' in value '{value_key}'")
            context = f"{where} value '{value_key}'"
            patterns = tuple(_lazy(path, context, p) for p in _list(path, context, spec["patterns"]))
            negative = tuple(_lazy(path, context, p) for p in _list(path, context, spec.get("negative-patterns")))
            values.append(_value(str(value_key), str(spec.get("label", value_key)), patterns, negative))
    else:
        patterns = item.get("patterns")
        if not patterns and not item.get("classes"):
            raise ConfigError(f"{path}: {where}: a polarity topic needs patterns")
        if patterns:
            values.append(
                _value(
                    key,
                    str(item.get("label", key)),
                    tuple(_lazy(path, where, p) for p in _list(path, where, patterns)),
                    tuple(_lazy(path, where, p) for p in _list(path, where, item.get("negative-patterns"))),
                )
            )
    keys = {v.key for v in values}
    classes, class_values = _classes(path, where, kind, keys, item.get("classes"))
    compatible = set()
    for pair in item.get("compatible", []) or []:
        if not isinstance(pair, list) or len(pair) != 2 or not set(pair) <= keys:
            raise ConfigError(f"{path}: {where}: compatible entries are pairs of known values, got {pair!r}")
        compatible.add(frozenset(pair))
    implies: dict[str, frozenset[str]] = {}
    raw_implies = item.get("implies") or {}
    if not isinstance(raw_implies, dict):
        raise ConfigError(f"{path}: {where}: implies maps a value to a list of values")
    for value, implied in raw_implies.items():
        if value not in keys or not isinstance(implied, list) or not set(implied) <= keys:
            raise ConfigError(f"{path}: {where}: implies maps known values to lists of known values, got {value!r}")
        implies[str(value)] = frozenset(str(v) for v in implied)
    examples = []
    for example in item.get("examples", []) or []:
        if not isinstance(example, dict) or len(example) != 1:
            raise ConfigError(f"{path}: {where}: each example is conflict: [a, b] or compatible: [a, b]")
        ((label, pair),) = example.items()
        if label not in ("conflict", "compatible") or not isinstance(pair, list) or len(pair) != 2:
            raise ConfigError(f"{path}: {where}: each example is conflict: [a, b] or compatible: [a, b]")
        examples.append((label, (str(pair[0]), str(pair[1]))))
    heads = item.get("heads")
    if heads is not None and (not isinstance(heads, list) or not all(isinstance(h, str) for h in heads)):
        raise ConfigError(f"{path}: {where}: heads must be a list of nouns")
    return Topic(
        key=key,
        label=str(item.get("label", key)),
        kind=kind,
        values=tuple(values),
        directive=_compile(path, where, item["directive"]) if item.get("directive") else None,
        exclude=_compile(path, where, item["exclude"]) if item.get("exclude") else None,
        compatible=frozenset(compatible),
        examples=tuple(examples),
        source=str(path),
        per_object=bool(item.get("per-object", False)),
        implies=implies,
        heads=frozenset(h.lower() for h in heads) if heads is not None else None,
        sections=bool(item.get("sections", True)),
        any_source=_combined([p for v in values for p in (*v.patterns, *v.negative)]),
        directive_hints=literal_hints(str(item["directive"])) if item.get("directive") else None,
        classes=classes,
        class_values=class_values,
    )


def _classes(
    path: Path, where: str, kind: str, values: set[str], raw: Any
) -> tuple[tuple[TopicClass, ...], tuple[Value, ...]]:
    """The topic's ``classes``: validated like values, their patterns compiled."""
    if raw is None:
        return (), ()
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{path}: {where}: classes maps class ids to a label, patterns and members")
    classes: list[TopicClass] = []
    matchable: list[Value] = []
    member_keys: set[str] = set()
    for class_key, spec in raw.items():
        context = f"{where} class '{class_key}'"
        if not isinstance(spec, dict) or not spec.get("patterns") or not spec.get("members"):
            raise ConfigError(f"{path}: {context} needs patterns and members")
        unknown = sorted(set(spec) - _CLASS_KEYS)
        if unknown:
            raise ConfigError(f"{path}: {context}: unknown key '{unknown[0]}'")
        if not re.fullmatch(r"[a-z][a-z0-9-]*", str(class_key)) or class_key in values:
            raise ConfigError(f"{path}: {context}: a class id must be kebab-case and differ from every value")
        members = spec["members"]
        if kind == "exclusive":
            if not isinstance(members, list) or not members or not set(members) <= values:
                raise ConfigError(f"{path}: {context}: members of an exclusive topic's class are its values")
            keys = frozenset(str(m) for m in members)
        else:
            if not isinstance(members, dict):
                raise ConfigError(f"{path}: {context}: members of a polarity topic's class map ids to patterns")
            for member_key, member in members.items():
                member_context = f"{context} member '{member_key}'"
                if not isinstance(member, dict) or not member.get("patterns") or set(member) - _MEMBER_KEYS:
                    raise ConfigError(f"{path}: {member_context} needs a label and patterns (and nothing else)")
                if member_key in member_keys or member_key in raw:
                    raise ConfigError(f"{path}: {member_context} is defined twice")
                member_keys.add(str(member_key))
                patterns = tuple(
                    _lazy(path, member_context, p) for p in _list(path, member_context, member["patterns"])
                )
                matchable.append(_value(str(member_key), str(member.get("label", member_key)), patterns, (), MEMBER))
            keys = frozenset(str(m) for m in members)
        patterns = tuple(_lazy(path, context, p) for p in _list(path, context, spec["patterns"]))
        negative = tuple(_lazy(path, context, p) for p in _list(path, context, spec.get("negative-patterns")))
        label = str(spec.get("label", class_key))
        classes.append(TopicClass(str(class_key), label, keys))
        matchable.append(_value(str(class_key), label, patterns, negative, CLASS))
    return tuple(classes), tuple(matchable)


def _value(
    key: str,
    label: str,
    patterns: tuple[LazyPattern, ...],
    negative: tuple[LazyPattern, ...],
    role: str = VALUE,
) -> Value:
    return Value(
        key, label, patterns, negative, tuple(p.hints for p in patterns), tuple(p.hints for p in negative), role
    )


def _combined(patterns: list[LazyPattern]) -> str | None:
    """One expression matching wherever any of ``patterns`` matches (None if they cannot
    be combined: only a leading ``(?i)`` is turned into a scoped group)."""
    parts = []
    for pattern in patterns:
        text = re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
        flags = re.match(r"\(\?([aiLmsux]+)\)", text)
        if flags and flags.group(1) == "i":
            parts.append(f"(?i:{text[4:]})")
        elif flags:
            return None
        else:
            parts.append(f"(?:{text})")
    return "|".join(parts) if parts else None
