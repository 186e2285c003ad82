"""From prompt text to instruction units: what each instruction asks for, and when.

A unit is a sentence, a list item, or one side of a semicolon. For each unit this
module records:

* whether it is an instruction at all (imperative, modal or "always/never" phrasing —
  "JSON is a data format." is not one);
* its **scope**: the condition or context it applies to ("if the user asks for detail",
  "for API requests", "in emails", "otherwise", or a heading such as "## For API
  clients"). Instructions with different scopes never contradict each other;
* its **topic mentions**, each with a polarity: "Do not use JSON" mentions the
  output-format value JSON negatively, "Use JSON, not YAML" mentions JSON positively and
  YAML negatively;
* numeric **length limits** ("at most 50 words", "at least 3 paragraphs");
* generic **actions** for the "always X" / "never X" comparison (verb and object).

When a spaCy English pipeline is installed, negation and verb/object pairs come from
its dependency parse (the same pipeline the PII rule uses, with the parser enabled);
otherwise clause-local patterns do the same job.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from promptlint.contradictions.actions import DETERMINERS, IMPERATIVE_VERBS, Action, lemma, regex_actions
from promptlint.contradictions.vocabulary import Topic, Vocabulary
from promptlint.document.model import Span, Text

_SPLIT = re.compile(r"(?<=[.!?])[\"”')\]]*[ \t]+(?=[\"“(\[]?[A-Z0-9])|;[ \t]*|[ \t]+[—–][ \t]+(?=[a-z])")
_CODE_CHARS = re.compile(r"[{}()\[\];=<>|&$\\]")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,2}[.)]|[a-z][.)])[ \t]+")
_START_VERBS = sorted(
    IMPERATIVE_VERBS
    | {"keep", "be", "ensure", "output", "return", "format", "stick", "stay", "maintain", "adopt", "speak",
       "communicate", "present", "produce", "generate", "start", "begin", "refrain", "try", "remember", "prefer",
       "structure", "organise", "organize", "wrap", "place", "follow", "treat", "compose", "draft", "spell",
       "capitalise", "capitalize", "mirror", "match", "switch", "default", "refuse", "decline", "introduce",
       "omit", "drop", "leave", "limit", "consider", "aim", "strive", "favour", "favor", "lean", "emit", "talk",
       "say", "cover", "guide", "help", "go", "elaborate", "expand", "detail", "break", "stop", "avoid", "never",
       "do", "don't", "write", "reply", "respond", "answer", "sprinkle", "sound", "act", "pretend", "think"}
)  # fmt: skip
_DIRECTIVE_START = re.compile(
    r"(?i)^(?:please\s+)?(?:(?:always|never|only|just|also|then|first|now|still|strictly|simply|briefly|"
    r"politely|clearly|directly|ideally|generally|usually|each time)\s+)*"
    r"(?:feel free to|you (?:may|can|could)|(?:" + "|".join(re.escape(v) for v in _START_VERBS) + r"))\b"
)
# Markdown emphasis around labels and words: "**Tone:** warm", "__never__".
_EMPHASIS = re.compile(r"(?<!\w)(?:\*\*|__|\*|_)(?=\S)|(?<=\S)(?:\*\*|__|\*|_)(?!\w)")
# An instruction that starts with its verb (or "never", "do not"…).
IMPERATIVE = _DIRECTIVE_START
# "Tone: friendly and informal", "Output format: a JSON object" — a specification line.
_SPEC_LABEL = re.compile(
    r"(?i)^(?:(?:output|response|answer|reply)\s+)?(?:tone|style|voice|register|format|length|language|"
    r"formatting|output|persona|audience|word (?:limit|count))\s*:\s+(?=\S)"
)
# "Note: …" is a label even though "note" is also a verb.
_NOTE_LABEL = re.compile(r"(?i)^(?:note|nb|n\.b\.|important|tip|reminder|warning|caution|remember|ps|p\.s\.)\s*:")
# "House rules: …", "Also: …", "Note: …" — a label in front of the instruction.
_LABEL_PREFIX = re.compile(r"^(?:[A-Z][\w ]{0,30}|also|note|important|finally):\s+(?=\S)", re.I)
_DIRECTIVE_ANYWHERE = re.compile(
    r"(?i)\b(?:you (?:must|should|shall|need to|have to|are to|may not|cannot|can't|are not allowed to|"
    r"are required to|will (?!(?:receive|see|get|be given|be provided|find|have|be shown|be asked|encounter)\b))|"
    r"must|should|shall|need to|have to|always|never|make sure|ensure|be sure to|do not|don't|"
    r"under no circumstances|it is (?:important|essential|critical) (?:to|that))\b|"
    r"\b(?:responses?|answers?|replies|outputs?|the reply|your reply|messages?)\s+(?:must|should|shall|need to|"
    r"will|are to|is to|have to|has to)\b"
)
# A rule that admits no exception: a conditional instruction on the same topic contradicts it.
# ("Always …" is usually a default that later exceptions refine; "never" is a promise.)
_ABSOLUTE = re.compile(
    r"(?i)\b(?:never|at no time|under (?:no|any) circumstances?|in (?:any|all) (?:cases|circumstances)|no matter what|"
    r"without exception|regardless of|at all times|whatever happens|not even (?:if|when))\b"
)
_NEGATOR = re.compile(
    r"(?i)\b(?:not|never|no|don't|do not|doesn't|does not|avoid(?:ing)?|without|stop|refrain from|neither|nor|"
    r"none|cannot|can't|must not|mustn't|shouldn't|should not|may not|under no circumstances|instead of|"
    r"rather than)\b|\bn't\b"
)
_DEPARTURE = re.compile(
    r"(?i)\b(?:deviat|depart|stray|diverg|forget|forgot|fail|omit|neglect|ignor|break|violat|hesitat|skip)\w*"
)
# "Don't use markdown in asides": the prohibition covers part of the reply, not all of it.
_PART_OF_REPLY = re.compile(
    r"(?i)[^,;:.]*?\s(?:in|inside|within|for|on)\s+(?!(?:(?:your|the|any|all|every|each|its|a|an|this|that|final|"
    r"whole|entire)\s+)*(?:responses?|answers?|repl(?:y|ies)|outputs?|messages?|results?|text|conversations?|"
    r"chats?)\b)[a-z]"
)
# "…so use HTML formatting for those": a value for the part named before.
_FOR_THOSE = re.compile(r"(?i)[^,;:.]*?\s(?:in|inside|within|for|on)\s+(?:those|these|them|it|that|such cases)\b")
ONLY_THIS = re.compile(r"(?i)(?:anything|everything)\s+(?:else\s+)?(?:except|but|other than|besides)\b")
_RESET = re.compile(r"(?i)\b(?:but|instead|rather|only)\b|[,;:—–(]")
_CONTRAST = re.compile(r"(?i)\b(?:instead of|rather than|other than|apart from|except|not)\s*$")

# Scope: the condition or context an instruction applies to.
_LEADING_CONDITION = re.compile(
    r"(?i)^(?:(?:and|but|or|then)\s+)?(?P<scope>(?:if|when|whenever|unless|in case|once|while|during|after|"
    r"before|except when|only when|only if|where|as long as|provided that|for|in|on|with|within|otherwise)\b"
    r"[^,:]{0,80})[,:]\s*"
)
_TRAILING_CONDITION = re.compile(
    r"(?i)[,\s]+(?<!even )(?<!as )(?P<scope>(?:if|when|whenever|unless|in case|only when|only if|except when|"
    r"except for|except if|as long as|provided that|once|whenever)\b.*)$"
)
_TRAILING_CONTEXT = re.compile(
    r"(?i)\s+(?P<scope>(?:for|in|on|during)\s+(?:(?:all|any|every|each|the|a|an|our|their|your|internal|external|"
    r"public|private|short|long|simple|complex|follow-up|first|later|new|returning|api|chat|email|sms|voice|"
    r"slack|web|mobile|enterprise|technical|billing|legal|medical)\s+){0,3}(?:requests?|messages?|users?|questions?|"
    r"queries|emails?|calls?|clients?|customers?|tickets?|cases?|responses?|answers?|replies|chats?|conversations?|"
    r"threads?|channels?|api|slack|sms|tweets?|posts?|reports?|summaries|headlines?|titles?|subject lines?|"
    r"code blocks?|code|logs?|errors?|developers?|admins?|partners?|children|kids|beginners|experts|"
    r"sessions?|accounts?|prospects?|students?|guests?|patients?)\b)\s*$"
)
# "in the email", "in your reply": the output itself, not a kind of situation.
_THE_REPLY = re.compile(
    r"(?i)^(?:in|within|for)\s+(?:the|your|this|each)\s+(?:email|letter|post|message|reply|response|answer|output|"
    r"summary|text|article|essay|review)\s*$"
)
# Telegraphic rules: "No emojis.", "Plain text only, no formatting.", "English only."
_TELEGRAPHIC = re.compile(r"(?i)^(?:no\s+\w+|(?:[\w-]+\s+){0,2}[\w-]+\s+only)\b(?:[,;:.!]|\s*$)")
# Statements of permission or prohibition: "Emojis are welcome", "Long answers are fine".
_PERMISSION = re.compile(
    r"(?i)\b(?:is|are)\s+(?:always\s+|strictly\s+|not\s+)?(?:welcome|fine|okay|ok|allowed|permitted|encouraged|preferred|"
    r"required|mandatory|acceptable|appreciated|forbidden|prohibited|banned|discouraged|off-limits|"
    r"(?:limited|capped|restricted) to)\b"
)
_POST_PROHIBITION = re.compile(
    r"(?i)^[^,;:]*?\b(?:is|are)\s+(?:strictly\s+|always\s+)?(?:forbidden|prohibited|banned|discouraged|off-limits|"
    r"not (?:allowed|permitted|welcome|acceptable|ok|okay|fine))\b"
)
_CONCESSIVE = re.compile(r"(?i)[,\s]+(?:even if|even when|even though|regardless of|no matter)\b.*$")
# An exception clause leaves the instruction the default: "be concise unless asked for detail".
_EXCEPTION = re.compile(r"(?i)^(?:unless|except)\b")
_OTHERWISE = re.compile(r"(?i)^(?:otherwise|else|in all other cases|in other cases|by default)\b[,:]?\s*")
_STOP = frozenset(
    "a an the to of in on for with and or is are be it its this that these those if when whenever user "
    "users their they them you your any all every each".split()
)
# A condition that holds for every reply is no condition: "when answering", "in your responses".
_VACUOUS_SCOPE = frozenset(
    "answering responding replying writing respond reply answer response responses replies answers output "
    "outputs message messages always general possible doing so asked question questions needed necessary "
    "appropriate relevant applicable helpful useful required sensible".split()
)

_NUMBER = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|a single|a couple of|a)"
_LENGTH_UNITS = (
    r"(?P<unit>words?|sentences?|paragraphs?|lines?|characters?|chars|tokens?|bullet(?:[- ]points?)?|bullets|items|"
    r"points|questions?|examples?|emojis?|options?|suggestions?|sources?|links?|hashtags?|ideas?|alternatives?|"
    r"steps?|tips?)\b"
)
_LENGTH_UNIT_WORD = re.compile(_LENGTH_UNITS.replace("(?P<unit>", "(?:"), re.I)
# Countable things, compared only with the same thing (no words-per-unit estimate).
COUNTED = frozenset("question example emoji option suggestion source link hashtag idea alternative step tip".split())
_UPPER = (
    re.compile(
        r"(?i)\b(?:at most|no more than|not more than|maximum(?: of)?|max\.?|under|below|fewer than|less than|up to|"
        r"within|not exceeding|(?:not|never) exceed(?:ing)?|no longer than|limit(?:ed)?\s+(?:\w+\s+){0,3}?to|"
        r"shorter than|keep\s+(?:\w+\s+){0,3}?to)\s+" + _NUMBER + r"\s+(?:\w+\s+)?" + _LENGTH_UNITS
    ),
    re.compile(r"(?i)\b" + _NUMBER + r"\s+" + _LENGTH_UNITS + r"\s+(?:or (?:fewer|less)|max(?:imum)?|at most|tops)\b"),
)
_LOWER = (
    re.compile(
        r"(?i)\b(?:at least|no fewer than|no less than|not less than|minimum(?: of)?|min\.?|more than|over|"
        r"longer than)\s+" + _NUMBER + r"\s+(?:\w+\s+)?" + _LENGTH_UNITS
    ),
    re.compile(r"(?i)\b" + _NUMBER + r"\s+" + _LENGTH_UNITS + r"\s+(?:or more|minimum|at least)\b"),
)
# "300 to 400 words", "between 2 and 3 paragraphs", "3-5 sentences".
_RANGE = re.compile(
    r"(?i)\b(?:between\s+)?(?P<lo>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:to|-|–|and|or)\s*"
    r"(?P<hi>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\s+" + _LENGTH_UNITS
)
_EXACT = re.compile(
    r"(?i)\b(?:exactly|in|with|using|(?:write|use|give|provide|answer in|respond in|reply in))\s+"
    r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a single)\s+" + _LENGTH_UNITS
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "a single": 1, "a couple of": 2, "a": 1}  # fmt: skip
# "Use JSON or YAML": alternatives, either satisfies the instruction.
_ALTERNATIVE = re.compile(r"(?i)^\W*(?:or|either|and/or|/)\W*$|^\s*,\s*$")


# Rough words per unit, to compare "two sentences" with "five paragraphs".
WORDS_PER_UNIT = {"word": 1.0, "sentence": 20.0, "paragraph": 100.0, "line": 12.0, "bullet": 12.0, "character": 0.2,
                  "token": 0.75}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    topic: str
    value: str
    positive: bool
    start: int  # in the unit's text
    end: int
    # Polarity set by the words themselves ("keep … confidential", "anything except
    # the code"), not by a negator: a parse has nothing to add.
    fixed: bool = False
    # What the mention is about, for per-object topics (the pattern's ``object`` group).
    obj: str = ""


@dataclass(frozen=True, slots=True)
class Length:
    """A numeric length limit and what it measures ("" = the reply as a whole)."""

    target: str
    unit: str
    low: int | None = None
    high: int | None = None


@dataclass
class Instruction:
    text: str
    span: Span
    scope: str
    directive: bool
    absolute: bool
    core: str = ""  # the instruction without its scope
    core_offset: int = 0  # where ``core`` starts in ``text``
    mentions: list[Mention] = field(default_factory=list)
    # Topics whose positive values are offered as alternatives ("JSON or YAML").
    alternatives: set[str] = field(default_factory=set)
    lengths: list[Length] = field(default_factory=list)
    # What the instruction is about when it says "brief" or "50 words": "summary" for
    # "Summarise the change…", "" for the reply as a whole ("Keep it short").
    target: str = ""
    actions: list[Action] = field(default_factory=list)
    line: int = 0  # the source line the unit starts on
    sentence: int = 0  # units split from one sentence at ";" share this number


def _unit(word: str) -> str:
    word = word.lower()
    word = word[:-1] if word.endswith("s") else word
    if word.startswith("bullet") or word in ("item", "point"):
        return "bullet"
    return {"char": "character"}.get(word, word)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS.get(text.lower(), 1)


def normalise_scope(scope: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9']+", scope.lower()) if w not in _STOP]
    if all(w in _VACUOUS_SCOPE or w in ("otherwise", "if", "when", "whenever") for w in words):
        return ""
    return " ".join(words)


def split_units(text: Text) -> list[tuple[str, Span, int]]:
    """Units of ``text``: (unit text, source span, sentence number within ``text``).

    Pieces of one sentence split at ";" or a dash share the sentence number.
    """
    units = []
    s = text.text
    sentence = 0
    for line in re.finditer(r"[^\r\n]+", s):
        for start, end, new_sentence in _pieces(line.group(), line.start()):
            sentence += new_sentence
            raw = s[start:end]
            marker = _LIST_MARKER.match(raw)
            if marker:
                start += marker.end()
                raw = s[start:end]
            stripped = raw.strip().strip("*_`\"'“”")
            if len(stripped) < 6 or len(_CODE_CHARS.findall(stripped)) >= 4:
                continue
            start += len(raw) - len(raw.lstrip())
            end = start + len(raw.strip())
            units.append((s[start:end], text.source_span(start, end), sentence))
    return units


def _pieces(line: str, base: int) -> list[tuple[int, int, bool]]:
    """(start, end, starts a new sentence) of each piece of ``line``."""
    pieces = []
    last, new = 0, True
    for m in _SPLIT.finditer(line):
        pieces.append((base + last, base + m.start(), new))
        last, new = m.end(), not m.group().lstrip().startswith((";", "—", "–"))
    pieces.append((base + last, base + len(line), new))
    return [(a, b, n) for a, b, n in pieces if b > a]


def analyse(
    unit: str,
    span: Span,
    context_scope: str,
    vocab: Vocabulary,
    previous_scope: str,
    verbs: frozenset[str] = frozenset(),
) -> Instruction:
    """What ``unit`` asks for and when.

    ``context_scope`` comes from headings and template branches; ``verbs`` are words the
    document itself uses as verbs (:func:`.actions.marked_verbs`).
    """
    core = _EMPHASIS.sub("", unit.strip()).strip().rstrip(".!").strip()
    spec = _SPEC_LABEL.match(core)
    label_text = ""
    if spec:
        label_text = core[: spec.end()]
        core = core[spec.end() :]
    else:
        label = _LABEL_PREFIX.match(core)
        if label and (
            _NOTE_LABEL.match(core)
            or (not re.match(r"(?i)(?:if|when|unless|for|in)\b", core) and not _DIRECTIVE_START.match(core))
        ):
            core = core[label.end() :]
    scope_parts = [context_scope] if context_scope else []
    otherwise = _OTHERWISE.match(core)
    if otherwise:
        scope_parts.append(f"otherwise {previous_scope}")
        core = core[otherwise.end() :]
    exception = False
    leading = _LEADING_CONDITION.match(core)
    if leading and not _DIRECTIVE_START.match(core):
        if _EXCEPTION.match(leading.group("scope")):
            exception = True
        else:
            scope_parts.append(leading.group("scope"))
        core = core[leading.end() :]
    concessive = _CONCESSIVE.search(core)
    if concessive:  # "even if the user writes in French": no condition, a stronger rule
        core = core[: concessive.start()]
    trailing = _TRAILING_CONDITION.search(core) or _TRAILING_CONTEXT.search(core)
    if trailing:
        scope = trailing.group("scope")
        if _EXCEPTION.match(scope):
            exception = True
        # "in every answer", "for all users", "in the email": universal, not a restriction.
        elif not re.search(r"(?i)\b(?:every|all|each|any)\b", scope[:20]) and not _THE_REPLY.match(scope):
            scope_parts.append(scope)
        core = core[: trailing.start()]
    directive = bool(
        spec
        or _TELEGRAPHIC.match(core)
        or _DIRECTIVE_START.match(core)
        or _DIRECTIVE_ANYWHERE.search(core)
        or _PERMISSION.search(core)
        or _first_word(core) in verbs
    )
    instruction = Instruction(
        text=unit,
        span=span,
        scope=normalise_scope(" ".join(scope_parts)),
        directive=directive,
        absolute=bool(_ABSOLUTE.search(core)) and not exception,
        core=core,
    )
    if not directive:
        return instruction
    offset = max(unit.find(core), 0) if core else 0
    instruction.core_offset = offset
    for topic in vocab.topics:
        found = _mentions(topic, core, offset, label_text)
        instruction.mentions.extend(found)
        if _offers_alternatives(unit, [m for m in found if m.positive]):
            instruction.alternatives.add(topic.key)
    instruction.target = reply_target(core)
    _lengths(core, instruction)
    instruction.actions = regex_actions(core, verbs)
    return instruction


def _first_word(core: str) -> str:
    m = re.match(r"(?i)\s*(?:please\s+)?(?:(?:also|then|now|just|simply|first)\s+)?([a-z]+)\b", core)
    return m.group(1).lower() if m else ""


def _lengths(core: str, instruction: Instruction) -> None:
    found: dict[tuple[str, str], list[int | None]] = {}

    def add(m: re.Match[str], low: int | None, high: int | None) -> None:
        unit = _unit(m.group("unit"))
        target = _item(core, m, unit) if _item(core, m, unit) is not None else instruction.target
        bounds = found.setdefault((target or "", unit), [None, None])
        if low is not None and bounds[0] is None:
            bounds[0] = low
        if high is not None and bounds[1] is None:
            bounds[1] = high

    for m in _RANGE.finditer(core):
        lo, hi = _number(m.group("lo")), _number(m.group("hi"))
        if lo < hi:
            add(m, lo, hi)
    for regex in _UPPER:
        for m in regex.finditer(core):
            add(m, None, _number(m.group("n")))
    for regex in _LOWER:
        for m in regex.finditer(core):
            add(m, _number(m.group("n")), None)
    for m in _EXACT.finditer(core):
        n = _number(m.group("n"))
        add(m, n, n)
    instruction.lengths = [Length(target, unit, low, high) for (target, unit), (low, high) in found.items()]


# "a 20-30 word description", "3 two-sentence bullets": the limit is on that item.
_ADJECTIVAL_FOLLOW = re.compile(r"[ \t]+(?P<noun>[A-Za-z][\w-]*)")
_NOT_ITEM = frozenset(
    "or and max maximum min minimum at long in per each total tops or fewer less more only at most to of "
    "for with from".split()
)


def _item(core: str, m: re.Match[str], unit: str) -> str | None:
    """The item a limit measures when written adjectivally, else None."""
    word = m.group("unit")
    number = m.groupdict().get("hi") or m.groupdict().get("n") or ""
    hyphenated = core[m.start("unit") - 1 : m.start("unit")] == "-"
    singular = not word.lower().endswith("s") and number.lower() not in ("1", "one", "a", "a single")
    follow = _ADJECTIVAL_FOLLOW.match(core, m.end())
    if not (hyphenated or singular) or not follow or follow.group("noun").lower() in _NOT_ITEM:
        return None
    noun = lemma(follow.group("noun"))
    return "" if noun in REPLY_NOUNS else noun


# Nouns that name the reply itself: a limit on them is a limit on the whole answer.
REPLY_NOUNS = frozenset("answer response reply output message text result email it them everything content".split())
_SUBJECT_TARGET = re.compile(
    r"(?i)^(?:(?:your|the|each|every|all|any|our)\s+)*(?:(?:[a-z-]+)\s+)?(?P<noun>[a-z-]+)\s+"
    r"(?:must|should|shall|will|needs? to|has to|have to|can|may|is|are|cannot|can't|must not|should not)\b"
)
_KEEP_TARGET = re.compile(
    r"(?i)^(?:please\s+)?(?:keep|limit|cap|restrict|trim|shorten|make)\s+(?:(?:your|the|each|every|all|any|our)\s+)*"
    r"(?:(?:whole|entire|final|overall)\s+)?(?P<noun>[a-z-]+)"
)
_VERB_TARGETS = {"summarise": "summary", "summarize": "summary", "describe": "description", "explain": "explanation"}
_PRODUCE = re.compile(
    r"(?i)^(?:please\s+)?(?:always\s+)?(?:write|give|provide|produce|create|generate|compose|draft|return|output|"
    r"deliver|offer|include|add)\s+(?:me\s+|us\s+)?(?P<rest>.*)$"
)
_TARGET_END = re.compile(
    r"(?i)(?:^|\s+)(?:in|for|of|to|with|without|about|on|that|which|when|if|so|as|using|like)(?![\w-])|"
    r",\s*(?:then|and|but|so|or)\b|[;:.(]"
)


def reply_target(core: str) -> str:
    """What a length instruction is about ("" for the reply as a whole)."""
    first = re.match(r"(?i)\s*(?:please\s+)?(?:always\s+)?([a-z]+)", core)
    verb = first.group(1).lower() if first else ""
    if verb in _VERB_TARGETS:
        return _VERB_TARGETS[verb]
    for regex in (_KEEP_TARGET, _SUBJECT_TARGET):
        m = regex.match(core)
        if m:
            noun = lemma(m.group("noun"))
            return "" if noun in REPLY_NOUNS or noun in ("you", "yourself", "thing", "this") else noun
    m = _PRODUCE.match(core)
    if m:
        phrase = _TARGET_END.split(m.group("rest"), maxsplit=1)[0]
        words = [w for w in re.findall(r"[A-Za-z][\w'-]*", phrase) if w.lower() not in DETERMINERS]
        # "a thorough summary covering every topic discussed": the noun before the clause
        cut = next((i for i, w in enumerate(words) if i > 0 and w.lower().endswith(("ing", "ed"))), len(words))
        words = words[:cut]
        if words and not re.fullmatch(r"\d+|one|two|three|four|five|six|seven|eight|nine|ten", words[-1], re.I):
            noun = lemma(words[-1])
            if noun not in REPLY_NOUNS and not noun.endswith("ly") and not _LENGTH_UNIT_WORD.fullmatch(words[-1]):
                return noun
    return ""


def _offers_alternatives(unit: str, positives: list[Mention]) -> bool:
    ordered = sorted(positives, key=lambda m: m.start)
    return any(
        a.value != b.value and _ALTERNATIVE.match(unit[a.end : b.start]) and " or " in f" {unit[a.end : b.start]} "
        for a, b in itertools.pairwise(ordered)
    )


def _mentions(topic: Topic, core: str, offset: int, label_text: str = "") -> list[Mention]:
    if topic.exclude is not None and topic.exclude.search(core):
        return []
    # "Output format: JSON": the label says what the value is for.
    if topic.directive is not None and not topic.directive.search(f"{label_text}{core}"):
        return []
    found = []
    for value in topic.values:
        for pattern in value.patterns:
            for m in pattern.finditer(core):
                positive = _positive(core, m.start())
                if _PART_OF_REPLY.match(core, m.end()) and (not positive or _FOR_THOSE.match(core, m.end())):
                    continue
                if not positive and _qualified(core, m):
                    continue  # "never ask personal questions" forbids only that kind
                # "no formatting" (plain text): the negation is part of the value's name
                fixed = bool(ONLY_THIS.match(core, m.start()) or re.match(r"(?i)(?:no|without|zero|non)\b", m.group()))
                found.append(
                    Mention(topic.key, value.key, positive, offset + m.start(), offset + m.end(), fixed, _object(m))
                )
        for pattern in value.negative:
            for m in pattern.finditer(core):
                found.append(
                    Mention(topic.key, value.key, False, offset + m.start(), offset + m.end(), True, _object(m))
                )
    return found


_NEUTRAL = frozenset(
    "any the a an your their our my his her its more other such these those all follow-up clarifying additional "
    "further extra same new few single one two user customer client them him me us ask use include add write send "
    "never not no don't do with of and or to in for bullet numbered markdown plain simple short".split()
)
_QUALIFIERS = frozenset(
    "personal private sensitive irrelevant leading rhetorical complex nested long large big multiple excessive "
    "unnecessary inappropriate offensive trick random too many open-ended hypothetical".split()
)
_ADJECTIVE = re.compile(r"(?:al|ive|ous|ful|ic|ent|ant|ary|ible|able|less|ish)$")


def _object(m: re.Match[str]) -> str:
    text = m.groupdict().get("object") or ""
    return " ".join(lemma(w) for w in text.split())


def _qualified(core: str, m: re.Match[str]) -> bool:
    """Whether the noun a negative mention ends on carries a restricting adjective."""
    words = re.findall(r"[A-Za-z][\w'-]*", core[max(0, m.start() - 40) : m.end()])
    if len(words) < 2:
        return False
    before = words[-2].lower()
    return before not in _NEUTRAL and (before in _QUALIFIERS or bool(_ADJECTIVE.search(before)))


def _positive(core: str, at: int) -> bool:
    """A mention is negative when a negator precedes it in its clause, or "instead of"."""
    if ONLY_THIS.match(core, at):
        return True  # "never output anything except the code" asks for the code alone
    if _POST_PROHIBITION.match(core, at):
        return False  # "Emojis are not allowed"
    before = core[:at]
    if _CONTRAST.search(before):
        return False
    clause_start = 0
    for m in _RESET.finditer(before):
        clause_start = m.end()
    clause = before[clause_start:]
    negator = _NEGATOR.search(clause)
    if negator:
        # "do not deviate from the JSON format", "never forget to use JSON": positive.
        return bool(_DEPARTURE.search(clause, negator.end()))
    # "Never use emojis, markdown or tables": the negation runs across a list.
    head = re.match(r"(?i)\s*(?:please\s+)?(?:never|do not|don't|avoid|no)\b", core)
    return not (head and not re.search(r"(?i)\b(?:but|instead|rather|always|however|then)\b", before))
