"""Generic actions: the "always X" / "never X" comparison.

An action is a verb with its object: "never share the warehouse door code" is
(negative, share, head *code*, modifiers {warehouse, door}). Two actions contradict
when their polarities differ, their verbs mean the same thing ("mention" / "include"
/ "disclose" all put something in the reply) and their objects are the same thing:

* the same head noun, unless both carry modifiers and none is shared ("never share
  personal information" / "always share order information" are different things);
* or one object's head is a modifier of the other ("do not mention pricing" /
  "always include a pricing table");
* or the negative object is universal ("don't ask the student anything") and shares the
  rest of its nouns with the positive one.

:mod:`.syntax` extracts actions from a dependency parse when a spaCy pipeline is
installed; :func:`regex_actions` is the fallback, and the first, cheap pass that finds
candidate pairs worth parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Verbs that mean the same thing for the comparison; the first of each group names it.
_GROUPS = (
    ("mention", "include", "share", "reveal", "disclose", "tell", "give", "provide", "show", "state", "list",
     "output", "print", "repeat", "expose", "leak", "discuss", "bring", "cite", "quote", "add", "insert", "put",
     "comment", "point", "flag", "highlight", "note", "remark"),
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
       "omit", "exclude", "drop", "withhold", "hide", "suppress", "leave"}
)  # fmt: skip

ADVERBS = frozenset(
    "first last then again now here there later too also only always ever anyway immediately directly "
    "briefly clearly explicitly verbatim back up out together instead".split()
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

    @property
    def label(self) -> str:
        words = [*sorted(self.modifiers), self.head] if self.head else []
        return " ".join([self.verb, *words])


def lemma(word: str) -> str:
    """A cheap lemma: lower case, no possessive, no plural or verb ending."""
    word = word.lower().strip("'\"“”‘’`")
    word = re.sub(r"'s$|’s$|'$", "", word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("sses", "shes", "ches", "xes"):
        if word.endswith(suffix):
            return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "sis")) and (len(word) > 3 or word == "ids"):
        return word[:-1]
    return word


def verb_group(verb: str) -> str:
    verb = verb.lower()
    for candidate in (verb, re.sub(r"(?:ing|ed|es|s)$", "", verb), re.sub(r"(?:ing|ed|s)$", "", verb) + "e"):
        if candidate in GROUP:
            return GROUP[candidate]
    return re.sub(r"(?:ing|ed|s)$", "", verb) if len(verb) > 5 else verb


@dataclass(frozen=True, slots=True)
class NounPhrase:
    head: str
    modifiers: frozenset[str]
    universal: bool
    restricted: bool
    anaphoric: bool
    exception: str = ""
    adjunct: str = ""


# "before deleting resources", "for read-only commands": when the action applies.
_ADJUNCT = re.compile(r"(?i)^\s*,?\s*(?P<adjunct>(?:before|after|for|during|while|until|once)\s+[^,;:.]+)")
_EXCEPT = re.compile(
    r"(?i)^\s*(?:else\s+|at all\s+)?(?:except|but|other than|besides|apart from|beyond|outside(?: of)?)\s+(?P<rest>.*)"
)


def object_of(phrase: str) -> NounPhrase:
    """The noun phrase at the start of ``phrase``: head, modifiers, and how it is bounded."""
    universal_only = re.match(r"(?i)\s*(?:anything|everything|any\s+\w+|all\s+\w+)\b", phrase)
    if universal_only:
        rest = _EXCEPT.match(phrase[universal_only.end() :])
        if rest:  # "anything except the translated text"
            kept = object_of(rest.group("rest"))
            return NounPhrase("", frozenset(), True, False, False, kept.head)
    parts = _PHRASE_END.split(phrase, maxsplit=1)
    restricted = len(parts) > 1 and bool(_RELATIVE.match(phrase[len(parts[0]) :]))
    adjunct_match = _ADJUNCT.match(phrase[len(parts[0]) :])
    adjunct = " ".join(lemma(w) for w in adjunct_match.group("adjunct").split()) if adjunct_match else ""
    words = re.findall(r"[A-Za-z][\w'’-]*", parts[0])
    universal = any(w.lower() in UNIVERSAL for w in words)
    content = [lemma(w) for w in words if w.lower() not in DETERMINERS and w.lower() not in UNIVERSAL]
    # Trailing adverbs and participles ("the final answer first", "the tools provided").
    while len(content) > 1 and (content[-1] in ADVERBS or content[-1].endswith(("ly", "ed"))):
        content.pop()
    anaphoric = bool(content) and content[-1] in _ANAPHORA
    content = [w for w in content if w not in ADVERBS and w not in _VAGUE and w not in _ANAPHORA]
    content = [w for w in content[:-1] if w not in GENERIC_ADJECTIVES] + content[-1:]
    if not content or anaphoric:
        return NounPhrase("", frozenset(), universal, restricted, anaphoric, adjunct=adjunct)
    return NounPhrase(content[-1], frozenset(content[:-1]), universal, restricted, False, adjunct=adjunct)


def _subject(before: str) -> frozenset[str]:
    clause = re.split(r"[,;:(]|\b(?:and|but|then|so)\b", before)[-1]
    words = [lemma(w) for w in re.findall(r"[A-Za-z][\w'’-]*", clause)]
    return frozenset(w for w in words if w not in _SELF and w not in DETERMINERS and w not in ADVERBS)


def marked_verbs(core: str) -> set[str]:
    """Verbs this text uses after "never", "always", "do not", "must"…: verbs for sure.

    The fallback has no part-of-speech tagger; a verb a prompt uses in "Never deploy on
    Fridays" tells it that "Deploy on Fridays if…" elsewhere in the prompt is an
    imperative too.
    """
    return {
        m.group("verb").lower()
        for m in _POLARITY.finditer(core)
        if m.group("polarity").lower() not in ("avoid", "stop", "refrain from") and not m.group("verb").endswith("ing")
    }


def regex_actions(core: str, verbs: frozenset[str] = frozenset()) -> list[Action]:
    """Actions found by patterns: "never/always/must … VERB OBJECT" and a leading imperative
    (a verb the fallback knows, or one of ``verbs``)."""
    found: list[Action] = []
    for m in _POLARITY.finditer(core):
        polarity = " ".join(m.group("polarity").lower().split())
        verb, rest = m.group("verb"), m.group("rest")
        if polarity in ("avoid", "stop", "refrain from") and not verb.lower().endswith("ing"):
            # "avoid emojis": what follows is the object of an implied "use".
            verb, rest = "use", f" {verb}{rest}"
        positive = polarity not in _NEGATIVE
        if _NO_OBJECT.match(rest):  # "use absolutely zero clichés"
            positive = False
        found.append(_action(positive, verb, rest, _subject(core[: m.start()])))
    if not found:
        m = _IMPERATIVE.match(core)
        if m and (m.group("verb").lower() in IMPERATIVE_VERBS or m.group("verb").lower() in verbs):
            found.append(_action(not _NO_OBJECT.match(m.group("rest")), m.group("verb"), m.group("rest"), frozenset()))
    return found


def _action(positive: bool, verb: str, rest: str, subject: frozenset[str]) -> Action:
    leave_out = None
    if verb.lower() in ("leave", "keep"):  # "leave out the price", "leave the price out"
        leave_out = re.match(r"(?i)\s+out\s+(?P<rest>.*)", rest) or re.match(r"(?i)\s+(?P<rest>.*?)\s+out\b", rest)
    if verb.lower() in OMIT_VERBS or leave_out:
        positive, verb = not positive, "mention"
        rest = " " + leave_out.group("rest") if leave_out else rest
    particle = re.match(r"(?i)\s+(?:on|out|up|about)\s+(?P<rest>.*)", rest)
    if particle and verb.lower() in ("comment", "point", "bring", "remark"):  # "point out X", "comment on X"
        rest = " " + particle.group("rest")
    with_object = re.match(r"(?i)\s+with\s+(?P<rest>.*)", rest)
    if verb.lower() in POSITION_VERBS and with_object:
        verb, rest = "include", " " + with_object.group("rest")
    for_object = re.match(r"(?i)\s+(?:(?:the|a|an)\s+\w+\s+)?for\s+(?P<rest>.*)", rest)
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
    )


# Verbs whose meaning is in their manner ("reply in German", "reply publicly"): without
# an object, two of them say nothing comparable.
_MANNER_VERBS = frozenset(
    "respond reply answer write speak talk communicate say be keep make do use mention sign refer ask "
    "explain describe go stay start begin act sound".split()
)


def same_thing(a: Action, b: Action) -> bool:
    """Whether two actions with the same verb group are about the same object."""
    if a.verb != b.verb or a.subject != b.subject or a.anaphoric or b.anaphoric:
        return False
    if a.adjunct and b.adjunct and a.adjunct != b.adjunct:
        return False  # "ask before deleting" / "never ask for read-only commands"
    if not a.head and not b.head and not a.universal and not b.universal:
        # "do not speculate" / "feel free to speculate": the verb is the whole action.
        return a.verb not in _MANNER_VERBS
    negative, positive = (a, b) if not a.positive else (b, a)
    if negative.universal and negative.exception:
        return bool(positive.head) and positive.head != negative.exception
    if negative.universal and (not negative.head or negative.head in positive.modifiers | {positive.head}):
        return True
    if not a.head or not b.head:
        return False
    if a.restricted or b.restricted:
        return a.head == b.head and a.modifiers == b.modifiers and a.restricted == b.restricted
    if a.head == b.head:
        return not (a.modifiers and b.modifiers and not (a.modifiers & b.modifiers))
    return (a.head in b.modifiers and not a.modifiers) or (b.head in a.modifiers and not b.modifiers)


def conflicting(first: list[Action], second: list[Action]) -> tuple[Action, Action] | None:
    for a in first:
        for b in second:
            if a.positive != b.positive and same_thing(a, b):
                return a, b
    return None
