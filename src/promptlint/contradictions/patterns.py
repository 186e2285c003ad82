"""The pattern tables of instruction analysis: what starts a directive, marks a
condition, negates, bounds a length, names a part of the reply.

Data, not logic: :mod:`promptlint.contradictions.instructions` applies these tables.
Every quantifier over blanks in them is possessive or bounded, so no table backtracks
on hostile input (a line of a million spaces is scanned once).
"""

from __future__ import annotations

import re

from promptlint.contradictions.actions import IMPERATIVE_VERBS

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

_START_SET = frozenset(v.lower() for v in _START_VERBS)

# Markdown emphasis around labels and words: "**Tone:** warm", "__never__".
_EMPHASIS = re.compile(r"(?<!\w)(?:\*\*|__|\*|_)(?=\S)|(?<=\S)(?:\*\*|__|\*|_)(?!\w)")


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


_DIRECTIVE_START = _DirectiveStart()


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

# The same units as words of a normalised unit (:func:`promptlint.regexhints.normalise`).
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

_CONTINUES = re.compile(r"[ \t]*[a-z]")

_ENDS_SENTENCE = re.compile(r"[.!?:;][\"”')\]*_`]*[ \t]*$")

_IT = re.compile(r"(?i)^(?:and\s+|but\s+|so\s+)?(?:keep|make|leave|do|use|have)\s+(?:it|them|this|that)\b")

# Words without which an expression cannot match (a set test is cheaper than the search).
_CONCESSIVE_WORDS = frozenset({"even", "regardless", "matter"})

_CONDITION_WORDS = frozenset({"if", "when", "whenever", "unless", "case", "only", "except", "long", "provided", "once"})

_CONTEXT_WORDS = frozenset({"for", "in", "on", "during"})

_ABSOLUTE_WORDS = frozenset(
    {"never", "time", "circumstances", "circumstance", "cases", "matter", "exception", "regardless", "times",
     "whatever", "even", "nothing"}
)  # fmt: skip

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

_NOT_A_MAIN_VERB = frozenset(
    "that which who whom to and or can could will would may might should must shall you they it we i he she not also "
    "is are be been do does did".split()
)

# "the last 10-15 words", "the first 3 lines": a position in the text, not a length.
_POSITION = re.compile(r"(?i)\b(?:last|first|final|next|previous|past|top|bottom|initial|opening|closing)\s*$")

_MODAL_AFTER = re.compile(r"(?i)^[^.;:]{0,80}?\b(?:should|must|shall|will|are|is|need|get|go|belong)\b")

# Items a list is made of: a limit on them is a limit per item ("the IDEAS bullets as exactly 16 words").
_ITEM_NOUNS = frozenset("bullet item point idea entry card row step tip question recommendation".split())

_EACH_AFTER = re.compile(
    r"(?i)^\s*(?:each|apiece|per\s+(?P<per>item|bullet|point|idea|entry|line|row|card|question|step)s?)\b"
)

_EACH_BEFORE = re.compile(
    r"(?i)\b(?:(?P<noun>[a-z][\w-]*)\s+(?:of|with)|each\s+(?:of\s+)?(?:which\s+|them\s+)?(?:is\s+|are\s+)?)\s*$"
)

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

# "a 20-30 word description", "3 two-sentence bullets": the limit is on that item.
_ADJECTIVAL_FOLLOW = re.compile(r"[ \t]+(?P<noun>[A-Za-z][\w-]*)")

_NOT_ITEM = frozenset(
    "or and max maximum min minimum at long in per each total tops or fewer less more only at most to of "
    "for with from".split()
)

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

_EXHAUSTIVE = re.compile(r"(?i)\s+(?:every|each|all|everything)\b")

# "Do not use tables to summarise what you already said": a ban for one purpose only.
_PURPOSE_AFTER = re.compile(
    r"(?i)\s+(?:just\s+|only\s+|simply\s+)?(?:to|in order to)\s+(?!the\b|a\b|an\b|your\b)[a-z]{3,}"
)

_QUOTE = re.compile(r"[\"“]([^\"“”\n]{12,}?)[\"”]")

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

# "(such as …", "(e.g. …": examples of what the sentence asks for or forbids.
_EXAMPLE_OPEN = re.compile(r"\((?:such as|e\.g\.|eg|for example|for instance|like|including|i\.e\.)\s")

_CONTRAST_WORD = re.compile(r"(?i)\b(?:but|rather|instead|however|yet|although|though)\b")

_STRONG_NEGATOR = re.compile(r"(?i)\b(?:not|never|don't|do not|avoid\w*|without|refrain\w*|stop)\b|n't\b")

_NEW_CLAUSE = re.compile(
    r"(?i)\b(?:but|instead|rather|always|however|then|if|when|unless|because|while|whereas|so)\b|[.;:!?—–]"
)
