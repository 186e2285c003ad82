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

from promptlint.contradictions import words
from promptlint.contradictions.actions import DETERMINERS, IMPERATIVE_VERBS, Action, lemma, regex_actions
from promptlint.contradictions.vocabulary import Topic, Value, Vocabulary
from promptlint.document.model import Span, Text

# Sentence and clause boundaries. Every quantifier over blanks is possessive and the dash
# alternative starts only where a run of blanks starts: a line of a million spaces is
# scanned once, not once per space. "requirement.If a …" (no space after the full stop)
# is two sentences.
# Every alternative starts with a character (no lookbehind first), so the engine skips
# ahead to the next candidate character instead of trying each position.
_SPLIT = re.compile(
    r"(?P<stop>[.!?])(?:[\"”')\]]*+[ \t]++(?=[\"“(\[]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]))|;[ \t]*+|"
    r"[ \t](?<![ \t][ \t])[ \t]*+[—–][ \t]++(?=[a-z])"
)
# A unit longer than this is data (a minified line, a table row), not one instruction.
MAX_UNIT = 1500
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
_PLEASE = re.compile(r"(?i)(?:please\s+)?")
_START_ADVERB = re.compile(
    r"(?i)(?:always|never|only|just|also|then|first|now|still|strictly|simply|briefly|politely|clearly|directly|"
    r"ideally|generally|usually|each time)\s+"
)
_FREE_TO = re.compile(r"(?i)(?:feel free to|you (?:may|can|could))\b")
_START_WORD = re.compile(r"(?i)([a-z]+(?:'t)?)\b")


class _DirectiveStart:
    """Whether a text starts with an imperative: "[please] [always|never|just…]* VERB",
    "feel free to", "you may". (A regular expression with the 300 verbs as alternatives
    took microseconds per call; this tests the word against a set.)"""

    def match(self, text: str) -> bool:
        pos = _PLEASE.match(text).end()  # type: ignore[union-attr]
        starts = [pos]
        while (adverb := _START_ADVERB.match(text, pos)) is not None:
            pos = adverb.end()
            starts.append(pos)
        for at in reversed(starts):  # the longest run of adverbs first, as a regex would
            if _FREE_TO.match(text, at):
                return True
            word = _START_WORD.match(text, at)
            if word is not None and word.group(1).lower() in _START_SET:
                return True
        return False


_START_SET = frozenset(v.lower() for v in _START_VERBS)
_DIRECTIVE_START = _DirectiveStart()
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
    r"without exception|regardless of|at all times|whatever happens|not even (?:if|when)|nothing else|nothing more)\b"
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
# "the user prefers action over detailed explanations", "tables are preferred over long lists"
_PREFERRED_OVER = re.compile(r"(?i)\bprefer\w*\b[^.;]*\bover\s+(?:[\w-]+\s+){0,3}$")
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
# The same units as words of a normalised unit (:func:`.words.normalise`).
_UNIT_WORDS = frozenset(
    "word words sentence sentences paragraph paragraphs line lines character characters chars token tokens bullet "
    "bullets items points question questions example examples emoji emojis option options suggestion suggestions "
    "source sources link links hashtag hashtags idea ideas alternative alternatives step steps tip tips".split()
)
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
    # Per item ("bullets of 16 words", "each of 50 words or less"), not for the whole.
    each: bool = False


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
    # "Use this command in the following situations:" — what it applies to comes next.
    lead_in: bool = False
    # The parts of the output or subjects the unit's sections name ("summary", "weather"):
    # instructions in different sections do not meet, except on length, where the part
    # is what a limit measures (a part can be no longer than the whole reply).
    section: str = ""


def _unit(word: str) -> str:
    word = word.lower()
    word = word[:-1] if word.endswith("s") else word
    if word.startswith("bullet") or word in ("item", "point"):
        return "bullet"
    return {"char": "character"}.get(word, word)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS.get(text.lower(), 1)


_SCOPE_WORDS = re.compile(r"[a-z0-9']+")
_LINE = re.compile(r"[^\r\n]+")
_CONDITION_START = re.compile(r"(?i)(?:if|when|unless|for|in)\b")
_UNIVERSAL_SCOPE = re.compile(r"(?i)\b(?:every|all|each|any)\b")
_COMMA_OR_THEN = re.compile(r"[,:]\s*|\s+then\s+")
_FIRST_WORD = re.compile(r"(?i)\s*(?:please\s+)?(?:(?:also|then|now|just|simply|first)\s+)?([a-z]+)\b")
_NEGATED_BOUND = re.compile(r"(?i)(?:no|not|never)\b")
_BOUND_CLAUSE = re.compile(r"[,;:(]|\b(?:but|and then|then)\b")
_TARGET_VERB = re.compile(r"(?i)\s*(?:please\s+)?(?:always\s+)?([a-z]+)")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_NAMED_NEGATION = re.compile(r"(?i)(?:no|without|zero|non)\b")
_WITHOUT_END = re.compile(r"(?i)\bwithout\s+(?:\w+\s+){0,2}$")
_HEAD_NEGATION = re.compile(r"(?i)\s*(?:please\s+)?(?:never|do not|don't|avoid|no)\b")


def normalise_scope(scope: str) -> str:
    words = [w for w in _SCOPE_WORDS.findall(scope.lower()) if w not in _STOP]
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
    for line_start, line_end in _lines(s):
        flat = s[line_start:line_end].replace("\r", " ").replace("\n", " ")
        for start, end, new_sentence in _pieces(flat, line_start):
            sentence += new_sentence
            raw = flat[start - line_start : end - line_start]
            marker = _LIST_MARKER.match(raw)
            if marker:
                start += marker.end()
                raw = s[start:end]
            stripped = raw.strip().strip("*_`\"'“”")
            if len(stripped) < 6 or len(stripped) > MAX_UNIT or len(_CODE_CHARS.findall(stripped)) >= 4:
                continue
            start += len(raw) - len(raw.lstrip())
            end = start + len(raw.strip())
            units.append((flat[start - line_start : end - line_start], text.source_span(start, end), sentence))
    return units


_CONTINUES = re.compile(r"[ \t]*[a-z]")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"”')\]*_`]*[ \t]*$")


def _lines(s: str) -> list[tuple[int, int]]:
    """Logical lines: a line that ends without punctuation and is followed by one that
    starts in lower case is a soft-wrapped sentence ("Don't include the CSV" / "header.")."""
    out: list[tuple[int, int]] = []
    for line in _LINE.finditer(s):
        start, end = line.span()
        if out and _wraps(s, out[-1], start):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _wraps(s: str, previous: tuple[int, int], start: int) -> bool:
    text = s[previous[0] : previous[1]]
    if not text.strip() or text.lstrip().startswith(("#", "|", "<")) or _ENDS_SENTENCE.search(text):
        return False
    if s[previous[1] : start].count("\n") > 1 or not _CONTINUES.match(s, start):
        return False  # a blank line between, or the next line starts a new sentence
    return not _LIST_MARKER.match(s, start)


def _pieces(line: str, base: int) -> list[tuple[int, int, bool]]:
    """(start, end, starts a new sentence) of each piece of ``line``."""
    pieces = []
    last, new = 0, True
    for m in _SPLIT.finditer(line):
        stop = m.start() + (1 if m.group("stop") else 0)  # the full stop stays in its sentence
        pieces.append((base + last, base + stop, new))
        last, new = m.end(), bool(m.group("stop"))
    pieces.append((base + last, base + len(line), new))
    return [(a, b, n) for a, b, n in pieces if b > a]


def analyse(
    unit: str,
    span: Span,
    context_scope: str,
    vocab: Vocabulary,
    previous_scope: str,
    verbs: frozenset[str] = frozenset(),
    *,
    part: str = "",
    continues: bool = False,
) -> Instruction:
    """What ``unit`` asks for and when.

    ``context_scope`` comes from headings and template branches; ``verbs`` are words the
    document itself uses as verbs (:func:`.actions.marked_verbs`); ``part`` names the part
    of the output the unit's section is about ("summary" under "## Summary"), the thing
    its length limits measure unless the unit names another; ``continues`` says the unit
    is the second half of a sentence split at ";" or a dash.
    """
    core = _EMPHASIS.sub("", unit.strip()).strip().rstrip(".!").strip()
    if not _could_direct(core, verbs):
        return Instruction(text=unit, span=span, scope="", directive=False, absolute=False, core=core)
    lead_in = core.endswith(":")
    core = core.rstrip(":").strip()
    spec = _SPEC_LABEL.match(core)
    label_text = ""
    if spec:
        label_text = core[: spec.end()]
        core = core[spec.end() :]
    else:
        label = _LABEL_PREFIX.match(core)
        if label and (
            _NOTE_LABEL.match(core) or (not _CONDITION_START.match(core) and not _DIRECTIVE_START.match(core))
        ):
            label_scope = situation(core[: label.end()])
            if label_scope:  # "Weather: your answer should be very short" applies to weather queries
                context_scope = f"{context_scope} case {label_scope}".strip()
            core = core[label.end() :]
    reminder = _REMINDER.match(core)
    if reminder:  # "Remember, you have …": what follows says whether it is an instruction
        core = core[reminder.end() :]
    scope_parts = [context_scope] if context_scope else []
    otherwise = _OTHERWISE.match(core)
    if otherwise:
        scope_parts.append(f"otherwise {previous_scope}")
        core = core[otherwise.end() :]
    exception = False
    leading = _leading_condition(core)
    if leading is not None:
        condition, rest = leading
        if _EXCEPTION.match(condition):
            exception = True
        else:
            scope_parts.append(condition)
        core = core[rest:]
    tokens = frozenset(words.normalise(core).split())
    concessive = _CONCESSIVE.search(core) if not _CONCESSIVE_WORDS.isdisjoint(tokens) else None
    if concessive:  # "even if the user writes in French": no condition, a stronger rule
        core = core[: concessive.start()]
    trailing = None
    if not _CONDITION_WORDS.isdisjoint(tokens):
        trailing = _TRAILING_CONDITION.search(core)
    if trailing is None and not _CONTEXT_WORDS.isdisjoint(tokens):
        trailing = _TRAILING_CONTEXT.search(core, max(0, len(core) - 160))
    if trailing:
        scope = trailing.group("scope")
        if _EXCEPTION.match(scope):
            exception = True
        # "in every answer", "for all users", "in the email": universal, not a restriction.
        elif not _UNIVERSAL_SCOPE.search(scope[:20]) and not _THE_REPLY.match(scope):
            scope_parts.append(scope)
        core = core[: trailing.start()]
    directive = bool(
        spec
        or _TELEGRAPHIC.match(core)
        or _DIRECTIVE_START.match(core)
        or _directive_cue(core)
        or _PERMISSION.search(core)
        or _first_word(core) in verbs
    ) and not _THIRD_PARTY.match(core)
    instruction = Instruction(
        text=unit,
        span=span,
        scope=normalise_scope(" ".join(scope_parts)),
        directive=directive,
        absolute=not exception and not _ABSOLUTE_WORDS.isdisjoint(tokens) and bool(_ABSOLUTE.search(core)),
        core=core,
        lead_in=lead_in,
    )
    if not directive:
        return instruction
    offset = max(unit.find(core), 0) if core else 0
    instruction.core_offset = offset
    explicit = reply_target(core)
    instruction.target = part_named(core) or (explicit if explicit is not None else part)
    if continues and _IT.match(core):
        # "…add an emoji to a heading; keep it minimal": "it" is in the first half.
        instruction.lengths = []
        instruction.actions = []
        return instruction
    normal = words.normalise(f"{label_text} {core}")
    scan = vocab.scan(normal)
    for topic in scan.topics:
        found = _mentions(topic, core, offset, label_text, scan.live[topic.key])
        instruction.mentions.extend(found)
        if len(found) > 1 and _offers_alternatives(unit, [m for m in found if m.positive]):
            instruction.alternatives.add(topic.key)
    if not _UNIT_WORDS.isdisjoint(normal.split()):  # a numeric limit needs a unit ("words", "bullets", …)
        _lengths(core, instruction)
    instruction.actions = regex_actions(core, verbs, lead_in=lead_in)
    return instruction


_IT = re.compile(r"(?i)^(?:and\s+|but\s+|so\s+)?(?:keep|make|leave|do|use|have)\s+(?:it|them|this|that)\b")
# Words without which an expression cannot match (a set test is cheaper than the search).
_CONCESSIVE_WORDS = frozenset({"even", "regardless", "matter"})
_CONDITION_WORDS = frozenset({"if", "when", "whenever", "unless", "case", "only", "except", "long", "provided", "once"})
_CONTEXT_WORDS = frozenset({"for", "in", "on", "during"})
_ABSOLUTE_WORDS = frozenset(
    {"never", "time", "circumstances", "circumstance", "cases", "matter", "exception", "regardless", "times",
     "whatever", "even", "nothing"}
)  # fmt: skip


def situation(label: str) -> str:
    """The case a label names ("Weather:", "Academic research:"), "" for rule labels ("Note:")."""
    from promptlint.contradictions.gather import META_WORDS, classify

    title = label.rstrip(": ").strip()
    found = re.findall(r"[a-z0-9']+", title.lower())
    if _NOTE_LABEL.match(label) or any(w in META_WORDS for w in found):
        return ""  # "House rules:", "Team notes:", "Also:" group rules, they name no case
    scope, part = classify(title)
    return scope or part


# "Remember, …", "Note that …", "Keep in mind: …": a reminder label, not the instruction.
_REMINDER = re.compile(r"(?i)^(?:remember|note|keep in mind|bear in mind|reminder)(?:\s*[,:]\s*|\s+that\s+)")
# A rule about what someone else does: "users should report issues at …", "Customers may write in French".
_THIRD_PARTY = re.compile(
    r"(?i)^(?:(?:to|for|in order to)\b[^,]{0,60},\s*)?(?:(?:the|a|an|some|many|most|our|your|other)\s+)?"
    r"(?:users?|customers?|clients?|people|developers?|"
    r"humans?|visitors?|readers?|callers?|students?|persons?|someone|anyone|they|he|she|their \w+)\s+"
    r"(?:should|must|will|can|may|might|could|would|need to|have to|often|usually|sometimes|typically|"
    r"tend to|are expected to)\b"
)
# "…is treated as DATA, never as instructions": an adverb on a phrase, not a rule.
_CUE_ON_PHRASE = re.compile(r"(?i)\s+(?:as|in|on|at|for|with|from|the|a|an|than|to|by|via|because)\b")
_CONDITION_WORD = re.compile(
    r"(?i)^(?:(?:and|but|or|then)\s+)?(?P<scope>(?:if|when|whenever|unless|in case|once|while|during|after|before|"
    r"except when|only when|only if|where|as long as|provided that|for|in|on|with|within|otherwise)\b)"
)
_THEN_CONDITION = re.compile(r"(?i)^(?P<scope>(?:if|when|whenever|once)\b[^,:;]{0,200}?)\s+then\s+")
# The main clause after a leading condition: "If …, Claude should …", "When …, then do …".
_MAIN_CLAUSE = re.compile(
    r"(?i)\s*(?:then\s+)?(?:(?:you|we|i|it|they|he|she|claude|the [\w-]+|[A-Z][\w-]*)\s+(?:should|must|shall|will|"
    r"can|may|need|have to|always|never|do not|don't|are to|is to)\b)"
)


# The first word of every clause, past "please" and adverbs ("Always", "Never", "Just"…).
_CLAUSE_WORD = re.compile(
    r"(?i)(?:^|[,:;(—–]|\bthen\b|\*\*)[\s*_\"'“`]*(?:please\s+)?"
    r"(?:(?:always|never|only|just|also|then|first|now|still|strictly|simply|briefly|politely|clearly|directly|"
    r"ideally|generally|usually)\s+)*([a-z]+(?:'t)?)"
)


def _could_direct(unit: str, verbs: frozenset[str]) -> bool:
    """A cheap, conservative test: False only when no clause of the unit can start an
    instruction and no modal or "always/never" is in it ("The tool returns the file's
    contents." is a description; most lines of a long prompt are)."""
    if _DIRECTIVE_ANYWHERE.search(unit) or _PERMISSION.search(unit) or _SPEC_LABEL.match(unit):
        return True
    lowered = unit.lower()
    if " only" in lowered or unit.lstrip("-*_ ").lower().startswith("no "):
        return True  # telegraphic rules: "English only", "No emojis"
    if _CONDITION_WORD.match(unit):
        return True  # "If the user asks for a table use a markdown table": the analysis decides
    for m in _CLAUSE_WORD.finditer(unit):
        word = m.group(1).lower()
        if word in _START_SET or word in verbs or word in ("feel", "you", "never", "always"):
            return True
    return False


def _directive_cue(core: str) -> bool:
    for m in _DIRECTIVE_ANYWHERE.finditer(core):
        if m.group().lower() in ("always", "never") and _CUE_ON_PHRASE.match(core, m.end()):
            continue
        return True
    return False


def _leading_condition(core: str) -> tuple[str, int] | None:
    """(condition, where the instruction starts) of "If …, do X" / "When …, then X"."""
    if _DIRECTIVE_START.match(core):
        return None
    opener = _CONDITION_WORD.match(core)
    if opener:
        # "If the person asks for no bullet points, headers, lists and so on, Claude should …":
        # the condition runs to the comma where the main clause starts.
        for comma in _COMMA_OR_THEN.finditer(core[:320]):
            if comma.start() <= opener.end():
                continue
            if _MAIN_CLAUSE.match(core, comma.end()) or _DIRECTIVE_START.match(core[comma.end() :]):
                return core[opener.start("scope") : comma.start()], comma.end()
    leading = _LEADING_CONDITION.match(core)
    if leading:
        return leading.group("scope"), leading.end()
    then = _THEN_CONDITION.match(core)
    if then:
        return then.group("scope"), then.end()
    return _unpunctuated_condition(core) if opener else None


_NOT_A_MAIN_VERB = frozenset(
    "that which who whom to and or can could will would may might should must shall you they it we i he she not also "
    "is are be been do does did".split()
)


def _unpunctuated_condition(core: str) -> tuple[str, int] | None:
    """ "When making calls with tools that accept objects ensure they are JSON": the main
    clause starts at the first imperative that is not a relative clause's verb."""
    found = list(_WORD.finditer(core[:320]))
    for k in range(2, len(found)):
        word = found[k].group().lower()
        if word in _START_SET and found[k - 1].group().lower() not in _NOT_A_MAIN_VERB:
            return core[: found[k - 1].end()], found[k].start()
    return None


def _first_word(core: str) -> str:
    m = _FIRST_WORD.match(core)
    return m.group(1).lower() if m else ""


def _lengths(core: str, instruction: Instruction) -> None:
    found: dict[tuple[str, str, bool], list[int | None]] = {}
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], low: int | None, high: int | None, *, bound: bool) -> None:
        if any(a < m.end() and m.start() < b for a, b in taken):
            return  # "no more than 50 words" is not also "more than 50 words"
        taken.append((m.start(), m.end()))
        if _POSITION.search(core, max(0, m.start() - 12), m.start()) or _defines(core, m):
            return  # "the last 10-15 words of the transcript", "snippets longer than 20 lines should …"
        if _negated(core, m):
            if not bound:
                return  # "never use 1-2 character names" forbids names, sets no length
            low, high = high, low  # "don't use more than 50 words" is an upper bound
        unit = _unit(m.group("unit"))
        item = _item(core, m, unit)
        if item is None:
            tied = _each(core, m)
        else:  # "a 20-word title" measures the title; "16-word bullets" measure each bullet
            follow = _ADJECTIVAL_FOLLOW.match(core, m.end())
            tied = (item, bool(item) and follow is not None and follow.group("noun").lower() != item)
        target, each = tied if tied is not None else (instruction.target, False)
        each = each or (unit not in COUNTED and unit != "bullet" and _lemma_item(target))
        bounds = found.setdefault((target or "", unit, each), [None, None])
        if low is not None and bounds[0] is None:
            bounds[0] = low
        if high is not None and bounds[1] is None:
            bounds[1] = high

    for m in _RANGE.finditer(core):
        lo, hi = _number(m.group("lo")), _number(m.group("hi"))
        if lo < hi:
            add(m, lo, hi, bound=False)
    for regex in _UPPER:
        for m in regex.finditer(core):
            add(m, None, _number(m.group("n")), bound=True)
    for regex in _LOWER:
        for m in regex.finditer(core):
            add(m, _number(m.group("n")), None, bound=True)
    for m in _EXACT.finditer(core):
        n = _number(m.group("n"))
        add(m, n, n, bound=False)
    instruction.lengths = [Length(target, unit, low, high, each) for (target, unit, each), (low, high) in found.items()]


# "the last 10-15 words", "the first 3 lines": a position in the text, not a length.
_POSITION = re.compile(r"(?i)\b(?:last|first|final|next|previous|past|top|bottom|initial|opening|closing)\s*$")
_MODAL_AFTER = re.compile(r"(?i)^[^.;:]{0,80}?\b(?:should|must|shall|will|are|is|need|get|go|belong)\b")
# Items a list is made of: a limit on them is a limit per item ("the IDEAS bullets as exactly 16 words").
_ITEM_NOUNS = frozenset("bullet item point idea entry card row step tip question recommendation".split())


def _lemma_item(target: str) -> bool:
    return bool(target) and target.split()[-1] in _ITEM_NOUNS


def _defines(core: str, m: re.Match[str]) -> bool:
    """Whether the limit defines which things the sentence is about ("code snippets longer
    than 20 lines should be artifacts", "modifications (not exceeding 600 lines)")."""
    before = core[: m.start()]
    if before.rstrip().endswith("("):
        words = re.findall(r"[A-Za-z][\w'-]*", before)
        return bool(words) and lemma(words[-1]) not in REPLY_NOUNS and not words[-1].lower().endswith("ly")
    words = re.findall(r"[A-Za-z][\w'-]*", before)
    if not words or len(words) > 5 or _DIRECTIVE_START.match(before) or _DIRECTIVE_ANYWHERE.search(before):
        return False
    return lemma(words[-1]) not in REPLY_NOUNS and bool(_MODAL_AFTER.match(core[m.end() :]))


def _negated(core: str, m: re.Match[str]) -> bool:
    """A negator before the limit in its clause ("don't use more than 50 words")."""
    if _NEGATED_BOUND.match(m.group()):
        return False  # "no more than", "not exceeding": the negation is the bound
    clause = _BOUND_CLAUSE.split(core[: m.start()])[-1]
    return bool(_NEGATOR.search(clause))


_EACH_AFTER = re.compile(
    r"(?i)^\s*(?:each|apiece|per\s+(?P<per>item|bullet|point|idea|entry|line|row|card|question|step)s?)\b"
)
_EACH_BEFORE = re.compile(
    r"(?i)\b(?:(?P<noun>[a-z][\w-]*)\s+(?:of|with)|each\s+(?:of\s+)?(?:which\s+|them\s+)?(?:is\s+|are\s+)?)\s*$"
)


def _each(core: str, m: re.Match[str]) -> tuple[str, bool] | None:
    """(item, per item) for a limit tied to a noun: "each" or "per bullet" after it,
    "bullets of 16 words" (per bullet), "a summary of 25 words" (the summary); else None."""
    after = _EACH_AFTER.match(core, m.end())
    if after:
        return (lemma(after.group("per")) if after.group("per") else instruction_item(core) or "item"), True
    before = _EACH_BEFORE.search(core, max(0, m.start() - 40), m.start())
    if before is None:
        return None
    noun = before.group("noun")
    if noun is None:
        return instruction_item(core) or "item", True
    item = lemma(noun)
    if item in REPLY_NOUNS or noun.lower() in _NOT_ITEM or _LENGTH_UNIT_WORD.fullmatch(noun):
        return None
    return item, noun.lower() != item


def instruction_item(core: str) -> str:
    """The plural thing a sentence lists ("List 10 character flaws, each …" → flaw)."""
    m = re.search(r"(?i)\b([a-z][\w-]+s)\b", core)
    return lemma(m.group(1)) if m else ""


# "a section called SUMMARY", "the IDEAS bullets", "the other output sections": the part measured.
_PART_CALLED = re.compile(
    r"(?:section|heading|part|block|field|column)s?\s+(?:called|named|titled|labell?ed|with the (?:title|heading))\s+"
    r"[\"'`*]*(?P<name>[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"
)
_PART_CAPS = re.compile(
    r"\b(?:the|a|an|your|each|in|into)\s+[\"'`*]*(?P<name>[A-Z][A-Z0-9_-]{2,}(?:\s+[A-Z][A-Z0-9_-]{2,}){0,3})[\"'`*]*\s+"
    r"(?i:section|bullets?|list|items?|part|field|column|heading|table)s?\b"
)
_PART_OTHER = re.compile(r"(?i)\b(?:the\s+)?(?:other|remaining|rest of the)\s+(?:output\s+)?sections\b")


def part_named(core: str) -> str:
    """The part of the output an instruction names as what it is about, or ""."""
    for regex in (_PART_CALLED, _PART_CAPS):
        m = regex.search(core)
        if m:
            return "part " + " ".join(m.group("name").lower().split())
    return "part other sections" if _PART_OTHER.search(core) else ""


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
# The reply's own explanatory content counts as the reply: "be brief" and "explain in depth"
# are about the same thing.
REPLY_NOUNS = frozenset(
    "answer response reply output message text result email it them everything content explanation walkthrough "
    "breakdown elaboration justification reasoning rationale".split()
)
_SUBJECT_TARGET = re.compile(
    r"(?i)^(?:(?:your|the|each|every|all|any|our)\s+)*(?:(?:[a-z-]+)\s+)?(?P<noun>[a-z-]+)\s+"
    r"(?:must|should|shall|will|needs? to|has to|have to|can|may|is|are|cannot|can't|must not|should not)\b"
)
_KEEP_TARGET = re.compile(
    r"(?i)^(?:please\s+)?(?:keep|limit|cap|restrict|trim|shorten|make)\s+(?:(?:your|the|each|every|all|any|our)\s+)*"
    r"(?:(?:whole|entire|final|overall)\s+)?(?P<noun>[a-z-]+)"
)
_VERB_TARGETS = {"summarise": "summary", "summarize": "summary", "describe": "description", "explain": ""}
_PRODUCE = re.compile(
    r"(?i)^(?:please\s+)?(?:always\s+)?(?:(?:write|give|provide|produce|create|generate|compose|draft|return|output|"
    r"deliver|offer|include|add|extract|list)\s+(?:me\s+|us\s+)?|(?:begin|start|open|end|finish|close|conclude)\w*\s+"
    r"(?:\w+\s+)?with\s+)(?P<rest>.*)$"
)
_TARGET_END = re.compile(
    r"(?i)(?:^|\s+)(?:in|for|of|to|with|without|about|on|that|which|when|if|so|as|using|like)(?![\w-])|"
    r",\s*(?:then|and|but|so|or)\b|[;:.(]"
)


def produced(core: str) -> bool:
    """Whether the instruction asks for something to be written ("Give a detailed tour")."""
    return bool(_PRODUCE.match(core))


def reply_target(core: str) -> str | None:
    """What a length instruction is about: "" for the reply as a whole, a noun for a part
    ("Begin with a brief summary" → summary), None when the sentence does not say."""
    first = _TARGET_VERB.match(core)
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
        words = [w for w in _WORD.findall(phrase) if w.lower() not in DETERMINERS]
        # "a thorough summary covering every topic discussed": the noun before the clause
        cut = next((i for i, w in enumerate(words) if i > 0 and w.lower().endswith(("ing", "ed"))), len(words))
        words = words[:cut]
        if words and not re.fullmatch(r"\d+|one|two|three|four|five|six|seven|eight|nine|ten", words[-1], re.I):
            noun = lemma(words[-1])
            if noun not in REPLY_NOUNS and not noun.endswith("ly") and not _LENGTH_UNIT_WORD.fullmatch(words[-1]):
                return noun
        return ""  # "Write at least 200 words per answer": what is written is the reply
    return None


def _offers_alternatives(unit: str, positives: list[Mention]) -> bool:
    ordered = sorted(positives, key=lambda m: m.start)
    return any(
        a.value != b.value and _ALTERNATIVE.match(unit[a.end : b.start]) and " or " in f" {unit[a.end : b.start]} "
        for a, b in itertools.pairwise(ordered)
    )


def _mentions(
    topic: Topic,
    core: str,
    offset: int,
    label_text: str = "",
    live: list[tuple[Value, re.Pattern[str], bool]] | None = None,
) -> list[Mention]:
    """Mentions of ``topic``'s values in ``core``; ``live`` are the (value, pattern,
    negative) triples that may match (:meth:`.Vocabulary.scan`; None: all of them)."""
    if topic.exclude is not None and topic.exclude.search(core):
        return []
    # "Output format: JSON": the label says what the value is for.
    if topic.directive is not None and not topic.directive.search(f"{label_text}{core}"):
        return []
    if live is None:
        live = [(v, p, False) for v in topic.values for p in v.patterns]
        live += [(v, p, True) for v in topic.values for p in v.negative]
    found = []
    for value, pattern, negative in live:
        for m in pattern.finditer(core):
            if negative:
                if not words.in_name(core, m.start(), m.end()):
                    found.append(
                        Mention(topic.key, value.key, False, offset + m.start(), offset + m.end(), True, _object(m))
                    )
                continue
            if words.in_name(core, m.start(), m.end()) or _modifies_other(topic, core, m) or _quoted(core, m.start()):
                continue  # "hosting.json", "the markdown code fence", a quoted sentence: not a choice of value
            positive = _positive(core, m.start())
            if _PART_OF_REPLY.match(core, m.end()) and (not positive or _FOR_THOSE.match(core, m.end())):
                continue
            if not positive and (
                _qualified(topic, core, m) or _EXHAUSTIVE.match(core, m.end()) or _PURPOSE_AFTER.match(core, m.end())
            ):
                continue  # "never ask personal questions", "don't explain every step", "no tables to summarise X"
            if (
                topic.key == "length"
                and m.group().lower().endswith("ly")
                and not _WRITING_VERB.search(core[: m.start()])
            ):
                continue  # "test the API thoroughly": how to act, not how long to write
            # "no formatting" (plain text): the negation is part of the value's name
            fixed = bool(ONLY_THIS.match(core, m.start()) or _NAMED_NEGATION.match(m.group()))
            if not fixed and _BESIDES.search(core, max(0, m.start() - 60), m.start()):
                positive = fixed = True  # "do not output anything besides the LaTeX code"
            if not positive and not fixed and not _forbids(core, m.start()):
                continue  # "do not repeat the table", "no bold in the markdown output"
            if positive and not fixed and _handled(core, m.start()):
                continue  # "as you analyse the CSV": input, not the reply's form
            obj = _object(m) or (_described(core, m.end()) if topic.per_object and topic.kind == "exclusive" else "")
            found.append(Mention(topic.key, value.key, positive, offset + m.start(), offset + m.end(), fixed, obj))
    # Mentions in document order, as the patterns of one value were before.
    found.sort(key=lambda m: (m.start, m.end))
    return found


_EXHAUSTIVE = re.compile(r"(?i)\s+(?:every|each|all|everything)\b")
# "Do not use tables to summarise what you already said": a ban for one purpose only.
_PURPOSE_AFTER = re.compile(
    r"(?i)\s+(?:just\s+|only\s+|simply\s+)?(?:to|in order to)\s+(?!the\b|a\b|an\b|your\b)[a-z]{3,}"
)
_QUOTE = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]")


def _quoted(core: str, at: int) -> bool:
    """Whether ``at`` is inside a quoted sentence ('DO NOT SAY: "This artifact uses HTML …"')."""
    return any(q.start() < at < q.end() and len(q.group(1).split()) >= 4 for q in _QUOTE.finditer(core))


_WRITING_VERB = re.compile(
    r"(?i)\b(?:explain|describe|write|cover|discuss|answer|respond|reply|document|summari[sz]e|elaborate|detail|"
    r"go through|walk|outline|review|comment|analy[sz]e|report|present|be)\w*\b"
)
_BESIDES = re.compile(
    r"(?i)\b(?:anything|everything|nothing)\s+(?:else\s+)?(?:except|but|other than|besides|beyond|apart from|"
    r"outside(?: of)?)\s+(?:[\w-]+\s+){0,3}$"
)
# Verbs that take "to do X" after them: the act is the second verb.
_CATENATIVE = frozenset("try tries attempt attempts need needs want wants dare choose decide seek aim ever".split())
# Words that qualify a value without changing what it is ("valid JSON", "plain text").
_VALUE_ADJECTIVES = frozenset(
    "valid plain raw strict proper clean simple standard pure well-formed correct compact minified pretty "
    "github-style github-flavored commonmark basic rich full complete single".split()
)


def _modifies_other(topic: Topic, core: str, m: re.Match[str]) -> bool:
    """Whether the value names the kind of another noun ("markdown code fence", "XML tags")."""
    if topic.heads is None or any(c.isspace() for c in m.group()):
        return False  # a phrase ("the same language as the call transcript") names itself
    after = words.next_word(core, m.end())
    if not words.is_noun_like(after) or after in topic.heads or after.isdigit():
        return False
    return not (topic.any is not None and topic.any.match(after))


def _forbids(core: str, at: int) -> bool:
    """Whether the negation before ``at`` forbids the mention itself, not another act on it
    or something in a phrase about it (see :mod:`.words`)."""
    before = core[:at]
    negators = list(_NEGATOR.finditer(before))
    if not negators:
        return True  # negative through a list ("never use emojis, markdown or tables")
    between = before[negators[-1].end() :]
    tokens = [w.lower() for w in _WORD.findall(between)]
    tokens = [w for w in tokens if not w.endswith("ly") and w not in ("ever", "again", "yourself")]
    while len(tokens) > 1 and tokens[0] in _CATENATIVE and tokens[1] == "to":
        tokens = tokens[2:]  # "do not attempt to parse it as JSON" is about parsing
    if tokens and (
        tokens[0] in words.INPUT_VERBS or (tokens[0] not in words.USE_VERBS and tokens[0] not in words.FUNCTION_WORDS)
    ):
        return False  # "never nest lists", "do not repeat the table", "never have a list with one item"
    if tokens and tokens[-1] in ("that", "which", "who", "whose"):
        return False  # "don't add comments that explain changes": the mention is in a relative clause
    if "to" in tokens[1:]:
        after = tokens[tokens.index("to", 1) + 1 :]
        verb_mention = words.next_word(" " + core[at:], 0) in words.USE_VERBS
        if (after and after[0] not in words.FUNCTION_WORDS) or (
            not after and verb_mention and tokens[tokens.index("to", 1) - 1] not in words.USE_VERBS
        ):
            return False  # "never use $ to render LaTeX", "comments just to explain actions": a purpose
    # "no bold in the markdown output", "the \\label command for LaTeX": a phrase about something else
    rest = [w for w in tokens if w not in _VALUE_ADJECTIVES]
    for k in range(len(rest) - 1, -1, -1):
        word = rest[k]
        if word in ("the", "a", "an", "your", "its", "their", "this", "that", "any", "all"):
            continue
        if word in words.CONTAINER_PREPOSITIONS:
            if word not in ("in", "into"):
                return False  # "characters in the output for Markdown", "comments outside the LaTeX"
            if k + 1 >= len(rest):
                return True  # "never respond in JSON": the manner of the act
            # "in the markdown output": forbidden only when "in" follows the act itself
            governor = rest[k - 1] if k else ""
            return governor in words.USE_VERBS or governor in ("not", "never", "no", "don't", "avoid")
        break
    return True


def _handled(core: str, at: int) -> bool:
    """Whether a positive mention is the object of a verb that reads or handles content
    ("analyse the CSV", "assume it is Markdown"), or of "for" ("RLS setup for any table")."""
    before = [
        w
        for w in words.words_before(core, at, 5)
        if w not in DETERMINERS
        and w not in _VALUE_ADJECTIVES
        and w not in ("any", "all", "it", "is", "are", "be", "them")
    ]
    return bool(before) and (before[-1] in words.INPUT_VERBS or before[-1] == "for")


def _described(core: str, end: int) -> str:
    """The noun a qualitative value describes ("a brief progress note" → note), "" for the reply."""
    noun = words.head_noun(core, end)
    if not noun:
        return ""
    noun = lemma(noun)
    return "" if noun in REPLY_NOUNS else noun


_NEUTRAL = frozenset(
    "any the a an your their our my his her its more other such these those all follow-up clarifying additional "
    "further extra new few single one two user customer client them him me us ask use include add write send "
    "never not no don't do with of and or to in for bullet numbered markdown plain simple short".split()
)
_QUALIFIERS = frozenset(
    "personal private sensitive irrelevant leading rhetorical complex nested long large big multiple excessive "
    "unnecessary inappropriate offensive trick random too many open-ended hypothetical same exact identical "
    "similar".split()
)
_ADJECTIVE = re.compile(r"(?:al|ive|ous|ful|ic|ent|ant|ary|ible|able|less|ish)$")


def _object(m: re.Match[str]) -> str:
    text = m.groupdict().get("object") or ""
    return " ".join(lemma(w) for w in text.split())


def _qualified(topic: Topic, core: str, m: re.Match[str]) -> bool:
    """Whether the noun a negative mention ends on carries a restricting modifier: an
    adjective ("personal questions") or, for a topic with declared heads, another noun
    ("an authentication table" is a kind of table, not the table format)."""
    found = _WORD.findall(core[max(0, m.start() - 40) : m.end()])
    if len(found) < 2:
        return False
    before = found[-2].lower()
    if before in _NEUTRAL or before in _VALUE_ADJECTIVES:
        return False
    if before in _QUALIFIERS or _ADJECTIVE.search(before):
        return True
    # "your own authentication table", "a comparison table": a noun after a determiner.
    return (
        topic.heads is not None
        and m.group().count(" ") == 0
        and len(found) >= 3
        and found[-3].lower() in (*DETERMINERS, "own", "any", "or", "and")
        and words.is_noun_like(before)
        and before not in words.USE_VERBS
        and before not in words.INPUT_VERBS
        and not (topic.any is not None and topic.any.match(before))
    )


def _positive(core: str, at: int) -> bool:
    """A mention is negative when a negator precedes it in its clause, or "instead of"."""
    if ONLY_THIS.match(core, at):
        return True  # "never output anything except the code" asks for the code alone
    if _POST_PROHIBITION.match(core, at):
        return False  # "Emojis are not allowed"
    before = core[:at]
    if _CONTRAST.search(before) or _PREFERRED_OVER.search(before):
        return False
    example = _EXAMPLE_OPEN.search(before)
    if example and ")" not in before[example.end() :]:
        # "do NOT add a preamble (such as explaining your code)": the example is what is forbidden
        return _positive(core, example.start())
    clause_start = 0
    for m in _RESET.finditer(before):
        clause_start = m.end()
    clause = before[clause_start:]
    if (
        clause_start
        and before[:clause_start].rstrip().endswith(",")
        and _shares_negation(before[:clause_start], clause)
    ):
        return False  # "avoiding any elaboration, explanation, introduction": the list shares the negation
    negator = _NEGATOR.search(clause)
    if negator:
        # "do not deviate from the JSON format", "never forget to use JSON": positive.
        if _DEPARTURE.search(clause, negator.end()):
            return True
        # "never refuse without an explanation": two negations.
        return bool(_WITHOUT_END.search(clause) and len(_NEGATOR.findall(clause)) > 1)
    # "Never use emojis, markdown or tables": the negation runs across a list.
    head = _HEAD_NEGATION.match(core)
    if not head:
        return True
    # …but not past a new clause: "do not omit a requirement; if …, state why briefly".
    return bool(_NEW_CLAUSE.search(before, head.end()))


# "(such as …", "(e.g. …": examples of what the sentence asks for or forbids.
_EXAMPLE_OPEN = re.compile(r"\((?:such as|e\.g\.|eg|for example|for instance|like|including|i\.e\.)\s")
_CONTRAST_WORD = re.compile(r"(?i)\b(?:but|rather|instead|however|yet|although|though)\b")
_STRONG_NEGATOR = re.compile(r"(?i)\b(?:not|never|don't|do not|avoid\w*|without|refrain\w*|stop)\b|n't\b")


def _shares_negation(before: str, clause: str) -> bool:
    """Whether ``clause`` is a short item of a list whose governing clause is negated
    ("avoiding any elaboration, explanation, …"); a new imperative ("…, ask instead") is not."""
    item = clause.strip()
    item = item[3:].strip() if item.lower().startswith(("and ", "or ")) else item
    if len(item.split()) > 3 or _DIRECTIVE_START.match(item):
        return False
    for segment in reversed(re.split(r"[,;:(]", before)):
        if _CONTRAST_WORD.search(segment):
            return False  # "…, but rather direct and to the point"
        if _STRONG_NEGATOR.search(segment):
            return True
        words_ = segment.split()
        if len(words_) > 4 or (words_ and _DIRECTIVE_START.match(segment.strip())):
            return False
    return False


_NEW_CLAUSE = re.compile(
    r"(?i)\b(?:but|instead|rather|always|however|then|if|when|unless|because|while|whereas|so)\b|[.;:!?—–]"
)
