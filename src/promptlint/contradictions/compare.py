"""Which instruction pairs cannot both be obeyed.

Two instructions are compared only when both are instructions (not descriptions) and
their scopes are the same — "respond in JSON for API requests" and "in chat, respond in
plain text" apply to different situations, and "be concise; if the user asks for
detail, be thorough" is an exception, not a contradiction. Within the same scope:

* an **exclusive** topic conflicts when the two choose incompatible values (JSON vs
  plain prose; English vs the user's language), or when one asks for a value the other
  forbids (use markdown / do not use markdown);
* a **polarity** topic conflicts when one asks for the behaviour and the other forbids
  it (use emojis / never use emojis);
* numeric **length** limits conflict when they leave no room for the same thing (at
  most 50 words / at least 200 words for the reply; a part can be no longer than the
  whole reply), and so do tight limits against "detailed", generous ones against
  "brief". Limits on different parts ("a SUMMARY of 25 words" / "IDEAS of 16 words"),
  per-item limits against counts ("bullets of 16 words" / "at least 20 items") and
  "brief" against "detailed" for different things do not;
* the generic **always X / never X** conflicts when verb and object are the same
  ("always include the order ID" / "never include the order ID"); different objects
  ("never share the password" / "always share the order status") do not.

An instruction that offers alternatives ("JSON or YAML") conflicts only with an
instruction none of whose values it allows; one that combines values ("a markdown
table") conflicts with an instruction whose value excludes any of them.

Units of the same sentence are never paired, nor a unit with a repeat of itself; each
pair of sentences yields at most one finding, and one sentence takes part in at most
:data:`PER_UNIT` findings.

**Cost.** Pairs are not enumerated. Each instruction is reduced to *features* — per topic
it mentions, its length limits, its generic actions — and a feature's *signature* holds
everything the comparison reads. Instructions are indexed by feature key and signature;
a new instruction is compared with the distinct earlier signatures under its keys (each
comparison is memoised), and only a conflicting signature's members are looked at. The
work grows with the number of instructions times the number of distinct signatures per
key, both bounded, not with the square of the prompt.

Every candidate pair is then confirmed by :mod:`.syntax` when a spaCy pipeline is
installed: a unit that its dependency parse shows to be a description ("The API returns
JSON") is not an instruction, and generic actions are compared on the parse's verb and
object lemmas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any

from promptlint.contradictions import actions
from promptlint.contradictions.instructions import Instruction, Length, Mention, produced
from promptlint.contradictions.patterns import COUNTED, WORDS_PER_UNIT
from promptlint.contradictions.syntax import Syntax, read
from promptlint.contradictions.vocabulary import CLASS, MEMBER, Topic, Vocabulary

# Numeric limits that contradict a qualitative length ("at most 30 words" vs "detailed").
_TIGHT = {"word": 200, "sentence": 4, "line": 4, "character": 1000, "token": 250, "paragraph": 1, "bullet": 5}
_GENEROUS = {"word": 250, "sentence": 10, "paragraph": 3, "line": 15, "character": 1500, "token": 400, "bullet": 10}
# Units of size, comparable with each other through an estimate in words.
_SIZES = frozenset(WORDS_PER_UNIT) - {"bullet"}
# At most this many findings involve one sentence; at most this many distinct earlier
# signatures, and members of a conflicting one, are looked at per feature.
PER_UNIT = 3
_SIGNATURES = 256
_MEMBERS = 24


@dataclass(frozen=True)
class Conflict:
    earlier: Instruction
    later: Instruction
    topic: str
    description: str


@dataclass
class _Group:
    """Earlier instructions that share one feature signature."""

    sid: int  # the signature, interned
    sample: Instruction
    feature: Any
    members: list[Instruction]


_Compare = Callable[[Instruction, Instruction, Any, Any], "str | None"]


@dataclass(frozen=True)
class _Feature:
    """One thing an instruction asks for, as the index sees it."""

    kind: str  # a topic key, "length-limit" or "action"
    lookup: tuple[Hashable, ...]  # index keys where earlier instructions it may conflict with are
    keys: tuple[Hashable, ...]  # index keys it is filed under for later instructions
    signature: Hashable  # everything ``compare`` reads
    value: Any
    compare: _Compare


class _Index:
    """Earlier instructions by feature key and signature, with the comparisons made so far.

    For each key and each signature seen later, the groups filed under the key that
    conflict with it are kept, with how many groups were looked at: a signature seen again
    is compared only with the groups filed since. Comparisons are memoised by pair of
    interned signatures.
    """

    def __init__(self) -> None:
        self.ids: dict[tuple[str, Hashable], int] = {}
        self.groups: dict[Hashable, list[_Group]] = {}
        self.by_sid: dict[tuple[Hashable, int], _Group] = {}
        self.seen: dict[tuple[Hashable, int], tuple[int, list[tuple[_Group, str]]]] = {}
        self.memo: dict[tuple[int, int], str | None] = {}

    def sid(self, feature: _Feature) -> int:
        return self.ids.setdefault((feature.kind, feature.signature), len(self.ids))

    def conflicting(self, key: Hashable, sid: int, feature: _Feature, later: Instruction) -> list[tuple[_Group, str]]:
        groups = self.groups.get(key, [])
        checked, found = self.seen.get((key, sid), (0, []))
        for group in groups[max(checked, len(groups) - _SIGNATURES) :]:
            pair = (group.sid, sid)
            if pair not in self.memo:
                self.memo[pair] = feature.compare(group.sample, later, group.feature, feature.value)
            description = self.memo[pair]
            if description is not None:
                found.append((group, description))
        self.seen[(key, sid)] = (len(groups), found)
        return found

    def file(self, feature: _Feature, sid: int, instruction: Instruction) -> None:
        for key in feature.keys:
            group = self.by_sid.get((key, sid))
            if group is None:
                group = _Group(sid, instruction, feature.value, [instruction])
                self.by_sid[(key, sid)] = group
                self.groups.setdefault(key, []).append(group)
            elif len(group.members) < _MEMBERS:
                group.members.append(instruction)


def find_conflicts(
    instructions: list[Instruction],
    vocab: Vocabulary,
    syntax: Syntax | None = None,
    stats: dict[str, int] | None = None,
) -> list[Conflict]:
    """Pairs that cannot both be obeyed, each reported at the later instruction.

    With ``syntax``, every candidate pair must also pass :func:`.syntax.confirm`.
    ``stats``, when given, receives the work done: ``comparisons`` (signature pairs
    compared) and ``pairs`` (instruction pairs looked at) — what the tests bound.
    """
    topics = {t.key: t for t in vocab.topics}
    conflicts: list[Conflict] = []
    index = _Index()
    reported: set[tuple[int, int]] = set()
    involved: dict[int, int] = {}
    seen: set[tuple[str, str, str]] = set()
    looked = 0
    for later in instructions:
        if not later.directive:
            continue
        key = (_normal(later.core), later.scope, later.target)
        if key in seen:
            continue  # the same instruction again: compared once
        seen.add(key)
        features = [(feature, index.sid(feature)) for feature in _features(later, topics)]
        for feature, sid in features:
            for lookup in feature.lookup:
                if involved.get(later.sentence, 0) >= PER_UNIT:
                    break
                for group, description in index.conflicting(lookup, sid, feature, later):
                    if involved.get(later.sentence, 0) >= PER_UNIT:
                        break
                    for earlier in group.members:
                        looked += 1
                        pair = (earlier.sentence, later.sentence)
                        if (
                            earlier.sentence == later.sentence
                            or pair in reported
                            or involved.get(earlier.sentence, 0) >= PER_UNIT
                            or not _comparable(earlier, later, feature.kind, topics.get(feature.kind))
                        ):
                            continue
                        if syntax is not None and not _confirmed(syntax, earlier, later, feature.kind, topics):
                            continue
                        reported.add(pair)
                        involved[earlier.sentence] = involved.get(earlier.sentence, 0) + 1
                        involved[later.sentence] = involved.get(later.sentence, 0) + 1
                        conflicts.append(Conflict(earlier, later, feature.kind, description))
                        break
        for feature, sid in features:
            index.file(feature, sid, later)
    if stats is not None:
        stats["comparisons"] = len(index.memo)
        stats["pairs"] = looked
    return conflicts


_WORDS = re.compile(r"[a-z0-9]+")


def _normal(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _features(instruction: Instruction, topics: dict[str, Topic]) -> list[_Feature]:
    """Everything the instruction asks for, as index features.

    The signature holds all that the comparison reads, so two instructions with the same
    signature compare alike with any third one.
    """
    out: list[_Feature] = []
    for key in dict.fromkeys(m.topic for m in instruction.mentions):
        topic = topics.get(key)
        if topic is None:
            continue
        mentions = tuple(sorted({(m.value, m.positive, m.obj, m.role) for m in instruction.mentions if m.topic == key}))
        signature = (mentions, instruction.target if topic.per_object else None, key in instruction.alternatives)

        def compare(a: Instruction, b: Instruction, _fa: Any, _fb: Any, topic: Topic = topic) -> str | None:
            return _topic_conflict(topic, a, b)

        keys = (("topic", key),)
        out.append(_Feature(key, keys, keys, signature, None, compare))
    qualitative = tuple(sorted({(m.value, m.obj) for m in instruction.mentions if m.topic == "length" and m.positive}))
    if instruction.lengths or qualitative:
        lengths = tuple(sorted(instruction.lengths, key=repr))
        keys = (("length-limit",),)
        out.append(_Feature("length-limit", keys, keys, (lengths, qualitative, instruction.target), None, _length_pair))
    for action in dict.fromkeys(instruction.actions):
        if action.anaphoric:
            continue
        out.append(_Feature("action", *_action_keys(action), action, action, _action_pair))
    return out


def _action_keys(action: actions.Action) -> tuple[tuple[Hashable, ...], tuple[Hashable, ...]]:
    """(lookup, file-under) keys of a generic action. A request meets prohibitions of the
    same verb on its head or on one of its modifiers, and universal ones ("never mention
    anything"); a prohibition meets requests whose head or modifiers hold its head."""
    verb, head = action.verb, action.head
    if action.positive:
        lookup = (("act-", verb, head), *(("act-", verb, m) for m in action.modifiers), ("act-", verb, "*"))
        keys = (("act+", verb, head), *(("act+", verb, m) for m in action.modifiers), ("act+", verb, "*"))
    else:
        lookup = (("act+", verb, "*"),) if action.universal else (("act+", verb, head),)
        keys = (("act-", verb, "*"),) if action.universal else (("act-", verb, head),)
    return tuple(dict.fromkeys(lookup)), tuple(dict.fromkeys(keys))


def _length_pair(a: Instruction, b: Instruction, _fa: Any, _fb: Any) -> str | None:
    if not a.lengths and not b.lengths:
        return None  # "brief" against "detailed" is the length topic's comparison
    return _length_conflict(a, b)


def _action_pair(_a: Instruction, _b: Instruction, first: actions.Action, second: actions.Action) -> str | None:
    found = action_conflict([first], [second])
    return found[1] if found else None


def _confirmed(syntax: Syntax, earlier: Instruction, later: Instruction, topic: str, topics: dict[str, Topic]) -> bool:
    """The same comparison again, on what the dependency parse reads in both instructions."""
    first, second = read(syntax, earlier), read(syntax, later)
    if first.descriptive or second.descriptive:
        return False
    if topic == "action":
        return _actions_agree(first.actions, second.actions)
    if topic not in topics:  # numeric length limits: nothing for the parse to add
        return True
    a, b = replace(earlier, mentions=first.mentions), replace(later, mentions=second.mentions)
    return _topic_conflict(topics[topic], a, b) is not None


def _actions_agree(first: list[actions.Action], second: list[actions.Action]) -> bool:
    """The parse vetoes an always/never pair only when it reads the same verbs with
    complete objects and finds them different, or finds no opposite polarity."""
    same_verb = [(x, y) for x in first for y in second if x.verb == y.verb]
    if not same_verb:
        return True  # the parse read other verbs: it has nothing to say about these
    opposite = [(x, y) for x, y in same_verb if x.positive != y.positive]
    return any(actions.same_thing(x, y) or not x.head or not y.head for x, y in opposite)


def _comparable(a: Instruction, b: Instruction, kind: str = "", topic: Topic | None = None) -> bool:
    """Same scope and section; or an absolute unconditional rule ("never apologise") against
    a conditional one ("apologise when the customer is upset"): an absolute rule admits no
    exceptions, while a plain default ("be concise") does.

    Sections that name parts of the output do not scope a topic whose pack says
    ``sections: false`` (tone, language, emojis… hold for the whole conversation). A length
    limit in a section meets one outside every section: the section is the part it
    measures, and a part can be no longer than the whole reply."""
    sections = topic is None or topic.sections
    same_section = (
        not sections or a.section == b.section or (kind in ("length", "length-limit") and not (a.section and b.section))
    )
    if a.scope == b.scope and same_section:
        return True
    unscoped_a = not a.scope and (not a.section or not sections)
    unscoped_b = not b.scope and (not b.section or not sections)
    return (unscoped_a and a.absolute) or (unscoped_b and b.absolute)


def action_conflict(first: list[actions.Action], second: list[actions.Action]) -> tuple[str, str] | None:
    pair = actions.conflicting(first, second)
    if pair is None:
        return None
    a, b = pair
    label = (a if a.head else b).label
    words = ("always", "never") if a.positive else ("never", "always")
    return f"action:{label}", f"{words[0]} vs {words[1]} '{label}'"


def _label(topic: Topic, key: str) -> str:
    return next((v.label for v in topic.values if v.key == key), key)


def _no(topic: Topic, key: str) -> str:
    return "no " + re.sub(r"^(?:a|an|the) ", "", _label(topic, key))


def _topic_conflict(topic: Topic, a: Instruction, b: Instruction) -> str | None:
    ma = [m for m in a.mentions if m.topic == topic.key]
    mb = [m for m in b.mentions if m.topic == topic.key]
    if not ma or not mb:
        return None
    if topic.classes:
        found = _class_conflict(topic, ma, mb, a, b)
        if found:
            return found
        # Classes and their members meet only as above; the values compare as before.
        ma = [m for m in ma if not m.role]
        mb = [m for m in mb if not m.role]
        if not ma or not mb:
            return None
    if topic.per_object and topic.kind == "exclusive":
        # "a brief summary" and "a detailed analysis" are about different things: compare
        # what each value describes (the noun it qualifies, else the instruction's target).
        by_a = _by_target(ma, a.target)
        by_b = _by_target(mb, b.target)
        for target in by_a.keys() & by_b.keys():
            found = _exclusive(topic, by_a[target], by_b[target], a, b)
            if found:
                return found
        return None
    if topic.kind == "polarity":
        if topic.per_object:  # the same thing on both sides ("internal notes")
            pairs = [(x, y) for x in ma for y in mb if x.positive != y.positive and _same_target(x.obj, y.obj)]
            if not pairs:
                return None
            x = pairs[0][0]
            what = f"{topic.label} ({x.obj})" if x.obj else topic.label
            return f"{what}: do vs don't" if x.positive else f"{what}: don't vs do"
        pos_a, neg_b = any(m.positive for m in ma), any(not m.positive for m in mb)
        if pos_a and neg_b:
            return f"{topic.label}: do vs don't"
        if any(not m.positive for m in ma) and any(m.positive for m in mb):
            return f"{topic.label}: don't vs do"
        return None
    return _exclusive(topic, ma, mb, a, b)


def _class_conflict(topic: Topic, ma: list[Mention], mb: list[Mention], a: Instruction, b: Instruction) -> str | None:
    """Conflicts that involve a class (see :mod:`.vocabulary`, ``classes``).

    Forbidding a class forbids every member: it meets a request for any member (an
    exclusive topic's values, closed over ``implies``, or a polarity topic's members).
    Asking for the class asks for one member, unnamed: it meets — in an exclusive topic
    — only values that no member can be combined with ("a structured data format" /
    "plain prose"), never a prohibition of one member. A class on both sides, or one
    member on both, is left to the topic's values and the generic always/never
    comparison, which see the verbs ("do not mention competitors" / "compare us with
    competitor brands when asked"; "include the customer's phone number" / "do not
    repeat it" are different acts).
    """
    for first, second, flipped in ((ma, mb, False), (mb, ma, True)):
        for x in first:
            if x.role != CLASS:
                continue
            group = next((c for c in topic.classes if c.key == x.value), None)
            if group is None:
                continue
            label = topic.label_of(group.key, CLASS)
            if not x.positive:
                for y in second:
                    if y.positive and (
                        (y.role == MEMBER and y.value in group.members)
                        or (not y.role and bool(topic.closure({y.value}) & group.members))
                    ):
                        return _pair(topic, _no_label(label), topic.label_of(y.value, y.role), flipped)
                continue
            if topic.kind != "exclusive":
                continue
            other = a if flipped else b  # the instruction ``second`` is from
            named = {y.value for y in second if y.positive and not y.role}
            chosen = topic.closure(named)
            if (
                chosen
                and _coherent(topic, chosen, other)
                and topic.key not in other.alternatives
                and all(not topic.compatible_with(m, v) for m in group.members for v in chosen)
            ):
                return _pair(topic, label, " + ".join(_label(topic, v) for v in sorted(named)), flipped)
    return None


def _pair(topic: Topic, first: str, second: str, flipped: bool) -> str:
    """The message, earlier instruction's side first."""
    return f"{topic.label}: {second} vs {first}" if flipped else f"{topic.label}: {first} vs {second}"


def _no_label(label: str) -> str:
    return "no " + re.sub(r"^(?:a|an|the|our|your|their) ", "", label)


def _by_target(mentions: list[Any], target: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for m in mentions:
        out.setdefault(m.obj or target, []).append(m)
    return out


def _exclusive(topic: Topic, ma: list[Any], mb: list[Any], a: Instruction, b: Instruction) -> str | None:
    # Asking for bullet points asks for a list; "do not use lists" forbids them.
    pos_a = topic.closure({m.value for m in ma if m.positive})
    pos_b = topic.closure({m.value for m in mb if m.positive})
    neg_a = {m.value for m in ma if not m.positive}
    neg_b = {m.value for m in mb if not m.positive}
    # Asked for in one, forbidden in the other.
    for value in sorted(pos_a & neg_b):
        return f"{topic.label}: {_label(topic, value)} vs {_no(topic, value)}"
    for value in sorted(neg_a & pos_b):
        return f"{topic.label}: {_no(topic, value)} vs {_label(topic, value)}"
    # Choices that exclude each other. Alternatives ("JSON or YAML") need only one
    # value to fit; combined values ("a markdown table") all have to.
    if pos_a and pos_b and _coherent(topic, pos_a, a) and _coherent(topic, pos_b, b):
        either_a, either_b = topic.key in a.alternatives, topic.key in b.alternatives
        if either_a or either_b:
            clash = not (pos_a & pos_b) and all(not topic.compatible_with(x, y) for x in pos_a for y in pos_b)
        else:
            clash = any(not topic.compatible_with(x, y) for x in pos_a for y in pos_b)
        if clash:
            named_a = sorted({m.value for m in ma if m.positive})  # as written, not the implied values
            named_b = sorted({m.value for m in mb if m.positive})
            first = (" or " if either_a else " + ").join(_label(topic, v) for v in named_a)
            second = (" or " if either_b else " + ").join(_label(topic, v) for v in named_b)
            return f"{topic.label}: {first} vs {second}"
    return None


def _same_target(x: str, y: str) -> bool:
    """Objects of a per-object polarity topic: the same, or one left unsaid."""
    return not x or not y or x == y


def _describe(length: Length, side: str) -> str:
    unit = f"{length.unit}s"
    if side == "low":
        return f"at least {length.low} {unit}"
    return f"at most {length.high} {unit}"


def _coherent(topic: Topic, values: set[str], instruction: Instruction) -> bool:
    """Values one instruction asks for together must fit together; when they do not ("convert
    the HTML to markdown"), some of them are not the reply's form and the choice is unclear."""
    if topic.key in instruction.alternatives:
        return True
    return all(topic.compatible_with(x, y) for x in values for y in values)


def _room(low: Length, high: Length) -> bool:
    """Whether a lower bound on one thing and an upper bound on another can meet: the same
    thing measured the same way, or a part (lower) inside the whole reply (upper)."""
    if low.each != high.each:
        return False
    return low.target == high.target or (not high.target and not high.each and bool(low.target))


def _numeric_clash(low: Length, high: Length) -> bool:
    assert low.low is not None and high.high is not None
    if low.unit == high.unit:
        return low.low > high.high
    if low.unit not in _SIZES or high.unit not in _SIZES or low.unit in COUNTED or high.unit in COUNTED:
        return False
    # Different units of size: compare in estimated words, with a wide margin.
    low_words = low.low * WORDS_PER_UNIT.get(low.unit, 1.0)
    return low_words > 3 * high.high * WORDS_PER_UNIT.get(high.unit, 1.0)


def _length_conflict(a: Instruction, b: Instruction) -> str | None:
    for la in a.lengths:
        for lb in b.lengths:
            for low, high in ((la, lb), (lb, la)):
                if low.low is None or high.high is None or not _room(low, high):
                    continue
                if _numeric_clash(low, high):
                    pair = (_describe(low, "low"), _describe(high, "high"))
                    return f"length: {pair[0]} vs {pair[1]}" if low is la else f"length: {pair[1]} vs {pair[0]}"
    for first, second in ((a, b), (b, a)):
        qualitative = {(m.value, m.obj or second.target) for m in second.mentions if m.topic == "length" and m.positive}
        for length in first.lengths:
            if length.each:
                continue
            words = None
            for value, target in qualitative:
                # A tight limit on the reply leaves no room for a detailed part; a brief
                # reply none for a long part. Otherwise both must measure the same thing.
                # A detailed part against a tight reply only when the part is written for
                # the reply ("write a detailed tour"), not when something else is thorough.
                if (
                    value == "detailed"
                    and length.high is not None
                    and length.high <= _TIGHT.get(length.unit, -1)
                    and (length.target == target or (not length.target and produced(second.core)))
                ):
                    words = (_describe(length, "high"), "detailed")
                elif (
                    value == "brief"
                    and length.low is not None
                    and length.low >= _GENEROUS.get(length.unit, 10**9)
                    and (length.target == target or not target)
                ):
                    words = (_describe(length, "low"), "brief")
                if words:
                    return f"length: {words[0]} vs {words[1]}" if first is a else f"length: {words[1]} vs {words[0]}"
    return None
