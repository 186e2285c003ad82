"""Generic actions: the "always X" / "never X" comparison.

An action is a verb with its object: "never share the warehouse door code" is
(negative, share, head *code*, modifiers {warehouse, door}). Two actions contradict
when their polarities differ, their verbs mean the same thing ("mention" / "include"
/ "disclose" all put something in the reply) and their objects are the same thing:

* the same head noun, and the prohibition is at least as general as the request: "never
  use commands" / "use git commands" conflict, "avoid interactive commands" / "use
  commands from AGENTS.md" do not (the prohibition narrows, it does not contradict);
* or the prohibited object's head is a modifier of the requested one ("do not mention
  pricing" / "always include a pricing table");
* or the negative object is universal ("don't ask the student anything") and shares the
  rest of its nouns with the positive one.

A prohibition narrowed by a complement ("never place citations mid-sentence", "do not
use this tool to edit files") restricts the request, it does not contradict it. Two
prohibitions never conflict ("do not omit any ideas" / "do not repeat ideas" can both be
obeyed). Objects that point elsewhere ("this tool", "the following files", a lead-in
ending in ":") are not compared, and "try to X" / "need to X" compare X.

:mod:`.syntax` extracts actions from a dependency parse when a spaCy pipeline is
installed; :func:`regex_actions` is the fallback, and the first, cheap pass that finds
candidate pairs worth parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

# Verbs that mean the same thing for the comparison; the first of each group names it.
_GROUPS = (
    ("mention", "include", "share", "reveal", "disclose", "tell", "give", "provide", "show", "state", "list",
     "output", "print", "expose", "leak", "discuss", "bring", "cite", "quote", "add", "insert", "put",
     "comment", "point", "flag", "highlight", "remark"),
    ("repeat", "duplicate", "restate"),
    ("use", "employ", "sprinkle", "apply"),
    ("recommend", "suggest", "propose", "advise", "offer", "promise"),
    ("ask", "request", "query", "quiz"),
    ("sign",),
    ("refer", "address", "call", "name"),
    ("link", "attach", "reference"),
)  # fmt: skip
GROUP = {verb: group[0] for group in _GROUPS for verb in group}

# Verbs the fallback recognises at the start of an imperative sentence.
IMPERATIVE_VERBS = frozenset(
    set(GROUP)
    | {"start", "begin", "open", "end", "finish", "close", "conclude"}
    | {"accept", "approve", "assume", "book", "check", "compare", "confirm", "correct", "delete", "describe",
       "encourage", "escalate", "explain", "fix", "forward", "greet", "guess", "invent", "log", "make", "mark",
       "praise", "reject", "remove", "rename", "reply", "respond", "send", "skip", "speculate", "store", "summarise",
       "summarize", "translate", "update", "verify", "warn", "write", "answer", "apologise", "apologize",
       "thank", "welcome", "judge", "rate", "score", "flag", "report", "criticise", "criticize", "guarantee",
       "justify", "elaborate", "clarify", "highlight", "emphasise", "emphasize", "acknowledge", "reassure",
       "invite", "discourage", "copy", "paste", "reformat", "rewrite",
       "deliver", "deploy", "run", "execute", "call", "publish", "post", "reveal", "format", "return", "output",
       "omit", "exclude", "drop", "withhold", "hide", "suppress", "leave",
       "collect", "gather", "obtain", "solicit"}
)  # fmt: skip

ADVERBS = frozenset(
    "first last then again now here there later too also only always ever anyway immediately directly "
    "briefly clearly explicitly verbatim back up out together instead anywhere everywhere whatsoever".split()
)
UNIVERSAL = frozenset({"anything", "everything", "something", "any", "all", "whatever"})
# Words that say nothing about which thing is meant.
_VAGUE = frozenset({"thing", "things", "way", "time", "user", "users"})
_ANAPHORA = frozenset({"it", "them", "this", "that", "one", "ones", "those", "these", "same", "so"})
# Subjects that are the model itself: "you must …", "the assistant should …".
_SELF = frozenset(
    "you your yourself i we please and then also assistant model ai bot agent chatbot system it always "
    "never only just still must should shall will can may might need needs to have has do does don't "
    "doesn't not response answer reply output message".split()
)
# Adjectives that do not say which thing is meant ("the current balance" is "the balance").
GENERIC_ADJECTIVES = frozenset(
    "current latest full complete whole entire exact actual relevant specific same own right correct "
    "proper appropriate clear simple quick final real certain particular main overall".split()
)
# "Leave the price out", "omit the price": a negative "mention".
OMIT_VERBS = frozenset("omit exclude skip drop remove withhold hide suppress".split())
# "Start with a subject line": the sentence includes it.
POSITION_VERBS = frozenset(["start", "begin", "open", "end", "finish", "close", "conclude"])
DETERMINERS = frozenset(
    {"a", "an", "the", "your", "their", "our", "its", "his", "her", "my", "this", "that", "these", "those", "each",
     "every", "some", "no"}
)  # fmt: skip

_POLARITY = re.compile(
    r"(?i)\b(?P<polarity>always|never|do not|don't|must not|mustn't|should not|shouldn't|must|should|"
    r"make sure (?:to|you)|be sure to|feel free to|you (?:may|can|should|must)|avoid|refrain from|stop)\s+"
    r"(?:ever\s+|to\s+)?(?!(?:never|always|not|ever|only|also|just)\b)(?P<verb>[a-z]{3,})\b(?P<rest>[^.;:!?]*)"
)
_IMPERATIVE = re.compile(
    r"(?i)^(?:please\s+)?(?:(?:also|then|now|just|simply|first)\s+)?(?P<verb>[a-z]{3,})\b(?P<rest>[^.;:!?]*)"
)
_NEGATIVE = {
    "never",
    "do not",
    "don't",
    "must not",
    "mustn't",
    "should not",
    "shouldn't",
    "avoid",
    "refrain from",
    "stop",
}
_NO_OBJECT = re.compile(r"(?i)^\s*(?:absolutely\s+|any\s+)?(?:no|zero)\b")
# "try to X", "attempt to X": the act is X. "you do not need to X" permits, it does not forbid.
_CATENATIVE = frozenset("try attempt aim seek strive want need hesitate continue".split())
_TO_VERB = re.compile(r"(?i)^\s+to\s+(?P<verb>[a-z]{3,})\b(?P<rest>[^.;:!?]*)")
# Objects that point elsewhere: "this tool", "the following files", "such requests".
_DEICTIC = re.compile(
    r"(?i)^\s*(?:(?:any|all|each|none|some) of\s+)?"
    r"(?:this|that|these|those|such|said|the (?:following|above|aforementioned|same))\b"
)
_OF_UNIVERSAL = re.compile(r"(?i)^\s*(?:any|all|each|none|every one|either)\s+of\s+(?:the\s+|your\s+|their\s+)?")
# What narrows an action: a prepositional phrase or purpose clause after the object.
_COMPLEMENT = re.compile(
    r"(?i)^\s*,?\s*(?:to|for|with|in|on|at|by|from|into|about|before|after|during|while|until|without|outside|"
    r"inside|over|under|beyond|as|than|because|so|mid-\w+|between|across|within|via|instead)\b"
)
_RELATIVE = re.compile(r"(?i)^\s*(?:that|which|who|whom|whose)\b")
_PHRASE_END = re.compile(
    r"(?i)\s*(?:,|\b(?:when|if|unless|because|so|to|for|with|in|on|at|by|from|of|about|into|and|or|but|"
    r"before|after|while|until|than|as|that|which|who|whom|whose|where|what|how|why|whether|beyond|outside|"
    r"inside|under|over|without|they|you|he|she|we|it|i)\b)"
)


@dataclass(frozen=True, slots=True)
class Action:
    positive: bool
    verb: str  # the verb group
    head: str  # the object's head noun, lemmatised ("" for none)
    modifiers: frozenset[str] = frozenset()
    universal: bool = False
    # Narrowed by a relative clause ("tools that modify files"): only the same words match.
    restricted: bool = False
    # "Do not create a new one": the object is elsewhere; nothing to compare.
    anaphoric: bool = False
    # "The final plan must not contain …": who the rule is about, when not the model.
    subject: frozenset[str] = frozenset()
    # "anything except the translated text": the one head a universal object leaves out.
    exception: str = ""
    # "before deleting resources": the situation the action is tied to.
    adjunct: str = ""
    # "to edit existing files", "at the end of the sentence": what narrows the action.
    complement: str = ""
    # Said as a prohibition ("do not omit X" asks for X, but as a prohibition).
    prohibition: bool = False

    @property
    def label(self) -> str:
        words = [*sorted(self.modifiers), self.head] if self.head else []
        return " ".join([self.verb, *words])


_POSSESSIVE = re.compile(r"'s$|’s$|'$")
_VERB_ENDING_ES = re.compile(r"(?:ing|ed|es|s)$")
_VERB_ENDING = re.compile(r"(?:ing|ed|s)$")
_UNIVERSAL_ONLY = re.compile(r"(?i)\s*(?:anything|everything|any\s+\w+|all\s+\w+)\b")
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")
_SUBJECT_CLAUSE = re.compile(r"[,;:(]|\b(?:and|but|then|so)\b")
_OUT_FIRST = re.compile(r"(?i)\s+out\s+(?P<rest>.*)")
_OUT_LAST = re.compile(r"(?i)\s+(?P<rest>.*?)\s+out\b")
_PARTICLE = re.compile(r"(?i)\s+(?:on|out|up|about)\s+(?P<rest>.*)")
_WITH_OBJECT = re.compile(r"(?i)\s+with\s+(?P<rest>.*)")
_FOR_OBJECT = re.compile(r"(?i)\s+(?:(?:the|a|an)\s+\w+\s+)?for\s+(?P<rest>.*)")


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """A cheap lemma: lower case, no possessive, no plural or verb ending."""
    word = word.lower().strip("'\"“”‘’`")
    word = _POSSESSIVE.sub("", word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("sses", "shes", "ches", "xes"):
        if word.endswith(suffix):
            return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "sis")) and (len(word) > 3 or word == "ids"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def verb_group(verb: str) -> str:
    verb = verb.lower()
    for candidate in (verb, _VERB_ENDING_ES.sub("", verb), _VERB_ENDING.sub("", verb) + "e"):
        if candidate in GROUP:
            return GROUP[candidate]
    return _VERB_ENDING.sub("", verb) if len(verb) > 5 else verb


@dataclass(frozen=True, slots=True)
class NounPhrase:
    head: str
    modifiers: frozenset[str]
    universal: bool
    restricted: bool
    anaphoric: bool
    exception: str = ""
    adjunct: str = ""
    complement: str = ""


# "before deleting resources", "for read-only commands": when the action applies.
_ADJUNCT = re.compile(r"(?i)^\s*,?\s*(?P<adjunct>(?:before|after|for|during|while|until|once)\s+[^,;:.]+)")
_EXCEPT = re.compile(
    r"(?i)^\s*(?:else\s+|at all\s+)?(?:except|but|other than|besides|apart from|beyond|outside(?: of)?)\s+(?P<rest>.*)"
)


def object_of(phrase: str) -> NounPhrase:
    """The noun phrase at the start of ``phrase``: head, modifiers, and how it is bounded."""
    if _DEICTIC.match(phrase):
        return NounPhrase("", frozenset(), False, False, True)
    of = _OF_UNIVERSAL.match(phrase)
    if of:  # "any of the files": every file
        inner = object_of(phrase[of.end() :])
        return NounPhrase(inner.head, inner.modifiers, True, inner.restricted, inner.anaphoric, "", inner.adjunct,
                          inner.complement)  # fmt: skip
    universal_only = _UNIVERSAL_ONLY.match(phrase)
    if universal_only:
        rest = _EXCEPT.match(phrase[universal_only.end() :])
        if rest:  # "anything except the translated text"
            kept = object_of(rest.group("rest"))
            return NounPhrase("", frozenset(), True, False, False, kept.head)
    parts = _PHRASE_END.split(phrase, maxsplit=1)
    remainder = phrase[len(parts[0]) :]
    restricted = len(parts) > 1 and bool(_RELATIVE.match(remainder))
    adjunct_match = _ADJUNCT.match(remainder)
    adjunct = " ".join(lemma(w) for w in adjunct_match.group("adjunct").split()) if adjunct_match else ""
    complement = _complement(remainder)
    words = _WORDS.findall(parts[0])
    universal = any(w.lower() in UNIVERSAL for w in words)
    content = [lemma(w) for w in words if w.lower() not in DETERMINERS and w.lower() not in UNIVERSAL]
    # Trailing adverbs and participles ("the final answer first", "the tools provided").
    while len(content) > 1 and (content[-1] in ADVERBS or content[-1].endswith(("ly", "ed"))):
        content.pop()
    anaphoric = bool(content) and content[-1] in _ANAPHORA
    content = [w for w in content if w not in ADVERBS and w not in _VAGUE and w not in _ANAPHORA]
    content = [w for w in content[:-1] if w not in GENERIC_ADJECTIVES] + content[-1:]
    if not content and universal and not any(w.lower() in ("anything", "everything", "whatever") for w in words):
        anaphoric = True  # "any" with its noun cut off ("do not create any `.css` files"): unknown
    if not content or anaphoric:
        return NounPhrase("", frozenset(), universal, restricted, anaphoric, adjunct=adjunct, complement=complement)
    return NounPhrase(
        content[-1], frozenset(content[:-1]), universal, restricted, False, adjunct=adjunct, complement=complement
    )


# Phrases that narrow nothing: the reply goes to the user anyway ("don't show SQL to the
# user", "never mention it in your reply").
_NEUTRAL_COMPLEMENT = re.compile(
    r"(?i)\b(?:to|with|for)\s+(?:the\s+|your\s+|a\s+)?(?:users?|customers?|clients?|persons?|humans?|them|him|her|"
    r"me|us|people|anyone|readers?|recipients?|callers?|guests?|students?)\b|"
    r"\b(?:in|within)\s+(?:the\s+|your\s+|any\s+|a\s+)?(?:repl(?:y|ies)|responses?|answers?|outputs?|messages?)\b|"
    r"\b(?:at all|ever|again|under any circumstances?)\b"
)


_COORDINATED = re.compile(
    r"(?i)^\s*,?\s*(?:and|or|nor|as well as)\s+(?:the\s+|a\s+|an\s+)?[\w`'./-]+"
    r"(?:\s+(?:tools?|commands?|functions?|files?))?"
)


def _complement(remainder: str) -> str:
    """The words of a prepositional phrase or purpose clause after the object, normalised."""
    coordinated = _COORDINATED.match(remainder)
    if coordinated:  # "never call A and B in parallel": the phrase after the second object
        remainder = remainder[coordinated.end() :]
    if not _COMPLEMENT.match(remainder):
        return ""
    remainder = _NEUTRAL_COMPLEMENT.sub(" ", remainder)
    found = [lemma(w) for w in _WORDS.findall(remainder)]
    return " ".join(w for w in found if w not in DETERMINERS)[:80]


def _subject(before: str) -> frozenset[str]:
    clause = _SUBJECT_CLAUSE.split(before)[-1]
    words = [lemma(w) for w in _WORDS.findall(clause)]
    return frozenset(w for w in words if w not in _SELF and w not in DETERMINERS and w not in ADVERBS)


def marked_verbs(core: str) -> set[str]:
    """Verbs this text uses after "never", "always", "do not", "must"…: verbs for sure.

    The fallback has no part-of-speech tagger; a verb a prompt uses in "Never deploy on
    Fridays" tells it that "Deploy on Fridays if…" elsewhere in the prompt is an
    imperative too.
    """
    return {
        m.group("verb").lower()
        for m in _MARKED.finditer(core)
        if m.group("polarity").lower() not in ("avoid", "stop", "refrain from") and not m.group("verb").endswith("ing")
    }


# _POLARITY without the rest of the clause: finding the verbs is all marked_verbs needs.
_MARKED = re.compile(_POLARITY.pattern.replace(r"(?P<rest>[^.;:!?]*)", ""))


def regex_actions(core: str, verbs: frozenset[str] = frozenset(), *, lead_in: bool = False) -> list[Action]:
    """Actions found by patterns: "never/always/must … VERB OBJECT" and a leading imperative
    (a verb the fallback knows, or one of ``verbs``). A ``lead_in`` ("Do NOT define:")
    has its object in the list that follows: an action without one is not compared."""
    found: list[Action] = []
    for m in _POLARITY.finditer(core):
        polarity = " ".join(m.group("polarity").lower().split())
        verb, rest = m.group("verb"), m.group("rest")
        if polarity in ("avoid", "stop", "refrain from") and not verb.lower().endswith("ing"):
            # "avoid emojis": what follows is the object of an implied "use".
            verb, rest = "use", f" {verb}{rest}"
        positive = polarity not in _NEGATIVE
        inner = _TO_VERB.match(rest) if verb.lower() in _CATENATIVE else None
        if inner:
            if verb.lower() == "need" and not positive:
                continue  # "you do not need to display the changes": no rule either way
            verb, rest = inner.group("verb"), inner.group("rest")
        if _NO_OBJECT.match(rest):  # "use absolutely zero clichés"
            positive = False
        found.append(_action(positive, verb, rest, _subject(core[: m.start()]), prohibition=not positive))
    if not found:
        m = _IMPERATIVE.match(core)
        if m and (m.group("verb").lower() in IMPERATIVE_VERBS or m.group("verb").lower() in verbs):
            verb, rest = m.group("verb"), m.group("rest")
            inner = _TO_VERB.match(rest) if verb.lower() in _CATENATIVE else None
            if inner:
                verb, rest = inner.group("verb"), inner.group("rest")
            negative = bool(_NO_OBJECT.match(rest))
            found.append(_action(not negative, verb, rest, frozenset(), prohibition=negative))
    if lead_in:  # what the action applies to is the list that follows
        found = [replace(a, anaphoric=True) for a in found]
    return found


def _action(positive: bool, verb: str, rest: str, subject: frozenset[str], *, prohibition: bool = False) -> Action:
    leave_out = None
    if verb.lower() in ("leave", "keep"):  # "leave out the price", "leave the price out"
        leave_out = _OUT_FIRST.match(rest) or _OUT_LAST.match(rest)
    if verb.lower() in OMIT_VERBS or leave_out:
        positive, verb = not positive, "mention"
        rest = " " + leave_out.group("rest") if leave_out else rest
    particle = _PARTICLE.match(rest)
    if particle and verb.lower() in ("comment", "point", "bring", "remark"):  # "point out X", "comment on X"
        rest = " " + particle.group("rest")
    with_object = _WITH_OBJECT.match(rest)
    if verb.lower() in POSITION_VERBS and with_object:
        verb, rest = "include", " " + with_object.group("rest")
    for_object = _FOR_OBJECT.match(rest)
    if verb_group(verb) == "ask" and for_object:  # "ask (the user) for their passport number"
        rest = " " + for_object.group("rest")
    np = object_of(rest)
    return Action(
        positive,
        verb_group(verb),
        np.head,
        np.modifiers,
        np.universal,
        np.restricted,
        np.anaphoric,
        subject,
        np.exception,
        np.adjunct,
        np.complement,
        prohibition,
    )


_OTHER = frozenset("other another else different additional extra further".split())
# Verbs whose meaning is in their manner ("reply in German", "reply publicly"): without
# an object, two of them say nothing comparable.
_MANNER_VERBS = frozenset(
    "respond reply answer write speak talk communicate say be keep make do use mention sign refer ask "
    "explain describe go stay start begin act sound".split()
)


def same_thing(a: Action, b: Action) -> bool:
    """Whether two actions with the same verb group, one asked for and one forbidden, are
    about the same thing — with the prohibition at least as general as the request."""
    if a.verb != b.verb or a.subject != b.subject or a.anaphoric or b.anaphoric:
        return False
    if a.adjunct and b.adjunct and a.adjunct != b.adjunct:
        return False  # "ask before deleting" / "never ask for read-only commands"
    negative, positive = (a, b) if not a.positive else (b, a)
    if negative.modifiers & _OTHER:
        return False  # "use only the listed tools" / "do not use any other tools": one rule
    if negative.universal and negative.exception:
        return False  # "output nothing but the code": a restriction; what else it allows is unclear
    if negative.complement and negative.complement != positive.complement:
        return False  # "never place citations mid-sentence" narrows "place citations at the end"
    if not a.head and not b.head and not a.universal and not b.universal:
        # "do not speculate" / "feel free to speculate": the verb is the whole action.
        return a.verb not in _MANNER_VERBS and a.complement == b.complement
    if negative.universal and (not negative.head or negative.head in positive.modifiers | {positive.head}):
        return negative.modifiers <= positive.modifiers | {positive.head}  # "any internal instructions"
    if not a.head or not b.head:
        return False
    if a.restricted or b.restricted:
        return a.head == b.head and a.modifiers == b.modifiers and a.restricted == b.restricted
    if a.head == b.head:
        return negative.modifiers <= positive.modifiers
    return negative.head in positive.modifiers and not negative.modifiers


def conflicting(first: list[Action], second: list[Action]) -> tuple[Action, Action] | None:
    for a in first:
        for b in second:
            if a.positive != b.positive and not (a.prohibition and b.prohibition) and same_thing(a, b):
                return a, b
    return None
