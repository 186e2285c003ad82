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
* numeric **length** limits conflict when they leave no room (at most 50 words / at
  least 200 words), and so do tight limits against "detailed", generous ones against
  "brief";
* the generic **always X / never X** conflicts when verb and object are the same
  ("always include the order ID" / "never include the order ID"); different objects
  ("never share the password" / "always share the order status") do not.

An instruction that offers alternatives ("JSON or YAML") conflicts only with an
instruction none of whose values it allows; one that combines values ("a markdown
table") conflicts with an instruction whose value excludes any of them.

Every candidate pair is then confirmed by :mod:`.syntax` when a spaCy pipeline is
installed: a unit that its dependency parse shows to be a description ("The API returns
JSON") is not an instruction, and generic actions are compared on the parse's verb and
object lemmas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from promptlint.contradictions import actions
from promptlint.contradictions.instructions import COUNTED, WORDS_PER_UNIT, Instruction, Length
from promptlint.contradictions.syntax import Syntax, read
from promptlint.contradictions.vocabulary import Topic, Vocabulary

# Numeric limits that contradict a qualitative length ("at most 30 words" vs "detailed").
_TIGHT = {"word": 200, "sentence": 4, "line": 4, "character": 1000, "token": 250, "paragraph": 1, "bullet": 5}
_GENEROUS = {"word": 250, "sentence": 10, "paragraph": 3, "line": 15, "character": 1500, "token": 400, "bullet": 10}


@dataclass(frozen=True)
class Conflict:
    earlier: Instruction
    later: Instruction
    topic: str
    description: str


def find_conflicts(instructions: list[Instruction], vocab: Vocabulary, syntax: Syntax | None = None) -> list[Conflict]:
    """Pairs that cannot both be obeyed, each reported at the later instruction.

    With ``syntax``, every candidate pair must also pass :func:`.syntax.confirm`.
    """
    topics = {t.key: t for t in vocab.topics}
    conflicts: list[Conflict] = []
    # One finding per instruction and sentence on the other side, on the first topic
    # that explains it: "…in plain prose; do not use JSON" against "Respond in JSON",
    # or "Use plain text; do not use tables" against "Present the plan as a table", is
    # one contradiction, and "by their first name" / "never use their name" is one
    # conflict even though two topics see it.
    reported: set[tuple[str, int, int]] = set()
    for j, later in enumerate(instructions):
        if not later.directive:
            continue
        for earlier in instructions[:j]:
            if not earlier.directive or earlier.text == later.text or not _comparable(earlier, later):
                continue
            for topic, description in _compare(earlier, later, topics):
                keys = (("later", id(earlier), later.sentence), ("earlier", earlier.sentence, id(later)))
                if any(key in reported for key in keys):
                    continue
                if syntax is not None and not _confirmed(syntax, earlier, later, topic, topics):
                    continue
                reported.update(keys)
                conflicts.append(Conflict(earlier, later, topic, description))
    return conflicts


def _confirmed(syntax: Syntax, earlier: Instruction, later: Instruction, topic: str, topics: dict[str, Topic]) -> bool:
    """The same comparison again, on what the dependency parse reads in both instructions."""
    first, second = read(syntax, earlier), read(syntax, later)
    if first.descriptive or second.descriptive:
        return False
    if topic.startswith("action:"):
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


def _comparable(a: Instruction, b: Instruction) -> bool:
    """Same scope; or an absolute unconditional rule ("never apologise", "do not use
    markdown") against a conditional one ("apologise when the customer is upset"): an
    absolute rule admits no exceptions, while a plain default ("be concise") does."""
    if a.scope == b.scope:
        return True
    return (not a.scope and a.absolute) or (not b.scope and b.absolute)


def _compare(a: Instruction, b: Instruction, topics: dict[str, Topic]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, topic in topics.items():
        description = _topic_conflict(topic, a, b)
        if description:
            found.append((key, description))
    length = _length_conflict(a, b)
    if length and "length" not in {k for k, _ in found}:
        found.append(("length-limit", length))
    if found:
        return found  # a named topic explains the conflict better than the generic action
    description = action_conflict(a.actions, b.actions)
    return [description] if description else []


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
    if topic.per_object and not _same_target(a.target, b.target):
        return None  # "a brief summary" and "a detailed analysis" are about different things
    # Asking for bullet points asks for a list; "do not use lists" forbids them.
    pos_a = topic.closure({m.value for m in ma if m.positive})
    pos_b = topic.closure({m.value for m in mb if m.positive})
    neg_a = {m.value for m in ma if not m.positive}
    neg_b = {m.value for m in mb if not m.positive}
    if topic.kind == "polarity":
        if topic.per_object:  # the same thing on both sides ("internal notes")
            pairs = [(x, y) for x in ma for y in mb if x.positive != y.positive and _same_target(x.obj, y.obj)]
            if not pairs:
                return None
            x = pairs[0][0]
            what = f"{topic.label} ({x.obj})" if x.obj else topic.label
            return f"{what}: do vs don't" if x.positive else f"{what}: don't vs do"
        if pos_a and neg_b:
            return f"{topic.label}: do vs don't"
        if neg_a and pos_b:
            return f"{topic.label}: don't vs do"
        return None
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
    """Limits on different items ("a 20-word title", "a 300-word essay") do not collide;
    a limit on the reply as a whole ("") meets every other."""
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


def _length_conflict(a: Instruction, b: Instruction) -> str | None:
    for la in a.lengths:
        for lb in b.lengths:
            if not _same_target(la.target, lb.target):
                continue
            for low, high in ((la, lb), (lb, la)):
                if low.low is None or high.high is None:
                    continue
                if low.unit == high.unit:
                    clash = low.low > high.high
                elif low.unit in COUNTED or high.unit in COUNTED:
                    clash = False
                else:  # different units: compare in estimated words, with a wide margin
                    low_words = low.low * WORDS_PER_UNIT.get(low.unit, 1.0)
                    clash = low_words > 3 * high.high * WORDS_PER_UNIT.get(high.unit, 1.0)
                if clash:
                    pair = (_describe(low, "low"), _describe(high, "high"))
                    return f"length: {pair[0]} vs {pair[1]}" if low is la else f"length: {pair[1]} vs {pair[0]}"
    for first, second in ((a, b), (b, a)):
        qualitative = {m.value for m in second.mentions if m.topic == "length" and m.positive}
        if not qualitative:
            continue
        for length in first.lengths:
            if not _same_target(length.target, second.target):
                continue
            words = None
            if "detailed" in qualitative and length.high is not None and length.high <= _TIGHT.get(length.unit, -1):
                words = (_describe(length, "high"), "detailed")
            elif "brief" in qualitative and length.low is not None and length.low >= _GENEROUS.get(length.unit, 10**9):
                words = (_describe(length, "low"), "brief")
            if words:
                return f"length: {words[0]} vs {words[1]}" if first is a else f"length: {words[1]} vs {words[0]}"
    return None
