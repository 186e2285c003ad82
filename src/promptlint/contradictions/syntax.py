"""A second opinion from a dependency parse, for the pairs the patterns flagged.

The patterns in :mod:`.instructions` decide polarity from the words before a mention
and actions from word order. For every candidate conflict, a spaCy pipeline (the
English pipeline the PII rule uses, here with its tagger, parser and lemmatiser) checks
the two instructions again and vetoes the pair when the parse disagrees:

* **description, not instruction**: the sentence's root verb has a third-party subject
  ("The ticketing API returns JSON", "Users may ask you to respond in JSON") — nothing
  is asked of the model;
* **negation**: a topic mention is negated when a ``neg`` dependent ("not", "never",
  "no"), a governing "avoid"/"refrain"/"without", or an odd number of them sits on its
  path to the root — "do not deviate from the JSON format" is a double negation;
* **actions**: the verb lemma, its ``dobj`` head lemma and that head's compound and
  adjective modifiers replace the pattern guess for "always X" / "never X".

The pipeline loads on the first candidate pair (a file without one never pays for it)
and parses are memoised by text. Without an installed pipeline, or with the rule's
``model`` option set to ``none``, the patterns decide alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from promptlint import nlp
from promptlint.contradictions.actions import (
    GENERIC_ADJECTIVES,
    OMIT_VERBS,
    POSITION_VERBS,
    UNIVERSAL,
    Action,
    verb_group,
)
from promptlint.contradictions.instructions import Instruction, Mention
from promptlint.contradictions.patterns import IMPERATIVE

# Subjects that make a sentence about the model or its reply, not about the world.
_ADDRESSEE = frozenset(
    "you assistant model ai bot agent chatbot response answer reply output message summary tone text "
    "format language style length result title email letter post paragraph sentence it this".split()
)
_PEOPLE = frozenset(
    "user customer client employee student guest people visitor reader caller prospect patient they he "
    "she we i someone anyone colleague team".split()
)
# "X is allowed / forbidden / limited to …": a rule stated as a fact.
_RULE_PREDICATES = frozenset(
    "allow permit forbid prohibit ban welcome encourage discourage require limit cap restrict prefer".split()
)
_MODALS = frozenset({"must", "should", "shall", "need", "have"})
_NEGATING_HEADS = frozenset({"avoid", "refrain", "stop", "without", "never", "cease", "prevent", "forbid"})
_DEPARTURES = frozenset({"deviate", "depart", "stray", "diverge", "forget", "fail", "omit", "neglect", "ignore"})


class Syntax:
    """One spaCy pipeline, loaded on first use, with parses memoised by text."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._nlp: Any = None
        self._parses: dict[str, Any] = {}

    def parse(self, text: str) -> Any:
        if text not in self._parses:
            if self._nlp is None:
                self._nlp = nlp.load(self.model, "parse")
            if len(self._parses) > 4096:
                self._parses.clear()
            self._parses[text] = self._nlp(text)
        return self._parses[text]


@cache
def get_syntax(choice: str) -> Syntax | None:
    """The parser for a ``model`` option value (``auto``, ``none`` or a pipeline name)."""
    model = nlp.resolve_model(choice)
    return Syntax(model) if model else None


def descriptive(doc: Any) -> bool:
    """Whether the sentence states a fact instead of asking for something."""
    first = next((t for t in doc if t.pos_ not in ("ADV", "PUNCT", "INTJ", "PART") and t.lower_ != "please"), None)
    if first is not None and first.tag_ == "VB":
        return False  # an imperative, whatever the parser made of the rest
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return False
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    subject = subjects[0].lemma_.lower()
    if subject in _ADDRESSEE or root.lemma_.lower() in _RULE_PREDICATES:
        return False  # "Emojis are not allowed" states a rule
    modal = any(c.dep_ == "aux" and c.lemma_.lower() in _MODALS for c in root.children)
    return subject in _PEOPLE or not modal


def negated(token: Any) -> bool:
    """Odd number of negations between ``token`` and the root of its sentence."""
    count = 0
    # "no bullet points": the determiner sits on the head of the noun phrase.
    phrase = token
    while phrase.dep_ in ("compound", "amod", "nmod") and phrase.head.i != phrase.i:
        phrase = phrase.head
    node = token
    seen = 0
    while True:
        count += sum(1 for c in node.children if c.dep_ == "neg")
        if node.i in (token.i, phrase.i):  # "no emojis": a determiner negates its own noun only
            count += sum(1 for c in node.children if c.dep_ == "det" and c.lower_ in ("no", "zero"))
        lemma = node.lemma_.lower()
        if node is not token and (lemma in _NEGATING_HEADS or lemma in _DEPARTURES):
            count += 1
        if node.head.i == node.i or seen > 40:
            return count % 2 == 1
        node = node.head
        seen += 1


def actions(doc: Any) -> list[Action]:
    """Verb/object actions of a parsed instruction (imperatives and modal clauses)."""
    found = []
    for token in doc:
        if token.pos_ != "VERB" or token.dep_ in ("advcl", "relcl", "acl", "amod", "pcomp", "csubj"):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() not in _ADDRESSEE for c in token.children):
            continue
        verb = token.lemma_.lower()
        objects = [c for c in token.children if c.dep_ in ("dobj", "dative")]
        if verb in ("avoid", "refrain", "stop"):
            # "avoid emojis": a negative "use"; "avoid using emojis" is found at "using".
            found += [_action(False, "use", obj) for obj in objects if obj.pos_ in ("NOUN", "PROPN")]
            continue
        positive = not negated(token)
        particle = any(c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in token.children)
        if verb in OMIT_VERBS or (verb in ("leave", "keep") and particle):
            positive, verb = not positive, "mention"  # "leave the price out"
        if not objects:  # "start with a subject line", "ask for the passport number", "comment on X"
            prep = (
                "with"
                if verb in POSITION_VERBS
                else "for"
                if verb_group(verb) == "ask"
                else "on"
                if verb in ("comment", "remark")
                else ""
            )
            objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ == prep for g in c.children
                       if g.dep_ == "pobj"]  # fmt: skip
            verb = "include" if verb in POSITION_VERBS and objects else verb
        action = _action(positive, verb, next(iter(objects), None), objects)
        found.append(action)
    return found


def _action(positive: bool, verb: str, obj: Any, objects: list[Any] | None = None) -> Action:
    universal = any(o.lower_ in UNIVERSAL for o in objects or [])
    anaphoric = False
    for candidate in objects if objects is not None else [obj]:
        if candidate is None or candidate.lower_ in UNIVERSAL:
            continue
        if candidate.pos_ == "PRON":
            anaphoric = True
            continue
        modifiers = frozenset(
            c.lemma_.lower()
            for c in candidate.children
            if c.dep_ in ("compound", "amod", "nmod") and c.pos_ != "DET" and c.lemma_.lower() not in GENERIC_ADJECTIVES
        )
        universal = universal or any(c.lower_ in ("any", "all", "every") for c in candidate.children)
        restricted = any(c.dep_ in ("relcl", "acl") for c in candidate.children)
        return Action(positive, verb_group(verb), candidate.lemma_.lower(), modifiers, universal, restricted)
    return Action(positive, verb_group(verb), "", frozenset(), universal, False, anaphoric)


def _addressed(core: str) -> tuple[str, int]:
    """The text to parse and the shift of ``core`` inside it.

    Small English pipelines often tag a sentence-initial imperative as a noun ("Report
    results as CSV" → *Report* NN). Said to "you", the same words parse as intended.
    """
    if not IMPERATIVE.match(core):
        return core, 0
    prefix = "You " if re.match(r"(?i)(?:do not|don't|never|always|must)\b", core) else "You should "
    return prefix + core[:1].lower() + core[1:], len(prefix)


@dataclass(frozen=True)
class Reading:
    """What the parse says about one instruction."""

    descriptive: bool
    mentions: list[Mention]  # the pattern mentions, with the parse's polarity
    actions: list[Action]


def read(syntax: Syntax, instruction: Instruction) -> Reading:
    text, shift = _addressed(instruction.core)
    doc = syntax.parse(text)
    mentions = []
    for mention in instruction.mentions:
        offset = mention.start - instruction.core_offset + shift
        token = next((t for t in doc if t.idx <= offset < t.idx + len(t.text)), None)
        positive = mention.positive if token is None or mention.fixed else not negated(token)
        mentions.append(replace(mention, positive=positive))
    # Descriptions are what the patterns cannot tell from instructions; an imperative the
    # patterns recognised needs no second opinion on that.
    return Reading(bool(not shift and descriptive(doc)), mentions, actions(doc))
