"""Word lists and word-level tests that tell a choice of value from a passing mention.

A format, language or behaviour named in a sentence is a *choice* only in some
positions: "respond in JSON", "no markdown", "avoid emojis". The same word is not a
choice when it

* is part of a name: a file name or extension ("copy it from ``hosting.json``",
  ``src/index.html``), an identifier (``html-ts-css``);
* modifies another noun: "the markdown code fence", "XML tags", "a JSON parser",
  "HTML artifacts" name a fence, tags, a parser, artifacts — unless the noun is one the
  topic declares as its own (``heads`` in the topic pack: "a JSON object", "markdown
  formatting");
* is the object of a verb that reads or handles content instead of producing the reply
  ("analyse the CSV", "parse it as JSON");
* sits in a prepositional phrase or purpose clause of a prohibition that forbids
  something else: "do not use bold in the markdown output", "never use ``$`` to render
  LaTeX", "no comments outside the LaTeX code";
* follows a prohibition of another act: "do not repeat the table", "never nest lists",
  "never compile lists of personal data" forbid repeating, nesting and compiling, not
  tables or lists.

Without a parser these are decided on the neighbouring words; the lists below are the
closed-class words (determiners, prepositions, conjunctions) and the verbs that choose
what the reply is made of.
"""

from __future__ import annotations

import re

FUNCTION_WORDS = frozenset(
    """a an the this that these those your their our my its his her any all every each some no not
    and or but nor so yet then than as at by for from in into of on onto over to with within without
    about above across after against along among around before behind below beneath beside between beyond
    during except inside near off out outside past per since through throughout toward towards under
    until unto up upon via whenever when where wherever whether while if unless because although though
    is are was were be been being am do does did has have had will would shall should can could may might
    must it they them you we i he she who whom whose which what how why also only just even still very
    too more most less least much many few such same other another both either neither else instead
    rather please always never ever often usually sometimes here there now anywhere everywhere somewhere nowhere
    again together altogether otherwise whatsoever already soon later first last next unless yet""".split()
)

# Verbs whose object is what the reply is made of ("use markdown", "respond in JSON",
# "add emojis"): after a negator, they forbid their object.
USE_VERBS = frozenset(
    """use using uses output outputs outputting return returns returning write writes writing respond responds
    responding reply replies replying answer answers answering include includes including add adds adding
    format formats produce produces producing generate generates generating give gives giving
    provide provides providing send sends sending print prints printing emit emits emitting insert inserts
    put puts present presents presenting display displays displaying render renders rendering start starts
    begin begins end ends apply applies applying employ employs employing show shows showing sprinkle
    rely resort switch switches go speak speaks speaking talk talks talking communicate communicates be
    mention mentions mentioning ask asks asking apologise apologize apologises apologizes apologising
    apologizing say says saying address addresses call calls greet greets refer refers reveal reveals
    share shares sharing disclose discloses tell tells telling expose leak summarise summarize quote
    explain explains explaining justify translate translates translating reference offer offers deliver
    structure contain contains containing create creates creating""".split()
)

# Verbs that read or handle content rather than produce the reply.
INPUT_VERBS = frozenset(
    """analyse analyze analyses analyzes analysing analyzing parse parses parsing read reads reading load loads
    loading open opens opening import imports importing fetch fetches fetching process processes processing
    review reviews reviewing inspect inspects inspecting examine examines examining check checks checking
    validate validates validating edit edits editing modify modifies modifying update updates updating copy
    copies copying scan scans scanning receive receives receiving accept accepts accepting handle handles
    handling interpret interprets interpreting escape escapes escaping embed embeds embedding find finds
    search searches searching download downloads upload uploads extract extracts save saves saving store
    stores storing decode decodes encode encodes convert converts converting wrap wraps wrapping nest
    nests nesting mix mixes mixing repeat repeats repeating duplicate duplicates compile compiles collect
    collects list lists listing have has mistake change changes alter alters attempt attempts try tries
    assume assumes confuse confuses remove removes removing delete deletes deleting strip strips filter filters
    ignore ignores ignoring exclude excludes omit omits skip skips drop drops get gets getting obtain obtains
    gather gathers request requests solicit""".split()
)

# Prepositions that put a mention in a phrase about something else.
CONTAINER_PREPOSITIONS = frozenset("in inside within for from of outside around".split())

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_NAME_BEFORE = re.compile(r"[./\\_@$#~*-]$")
_NAME_AFTER = re.compile(
    r"[._/\\@$#~]\w|_|-(?!(?:formatted|style|styled|only|based|like|compatible|encoded|ready|friendly)\b)\w"
)
_NEXT = re.compile(r"[\s`'\"“”*]*([A-Za-z][\w-]*)")


def in_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a file name, path or identifier, or the
    language tag of a code fence (```` ```json ````)."""
    if text[max(0, start - 3) : start] == "```":
        return True
    return bool(_NAME_BEFORE.search(text, max(0, start - 1), start) or _NAME_AFTER.match(text, end))


def next_word(text: str, end: int) -> str:
    """The word right after ``end`` (past blanks, quotes, backticks), lower case; "" at a
    clause boundary."""
    m = _NEXT.match(text, end)
    return m.group(1).lower() if m else ""


def is_noun_like(word: str) -> bool:
    """A content word that can head a noun phrase (not a function word, adverb or verb form)."""
    return bool(word) and word not in FUNCTION_WORDS and not word.endswith(("ly", "ing", "ed"))


def head_noun(text: str, end: int, limit: int = 3) -> str:
    """The last noun of the run of content words right after ``end`` ("brief task receipt
    and …" → "receipt"), or "" when a function word, punctuation or a verb form follows."""
    words = []
    pos = end
    for _ in range(limit):
        m = re.match(r"[ \t]+([A-Za-z][\w/-]*)", text[pos:])
        if not m or not is_noun_like(m.group(1).lower()):
            break
        words.append(m.group(1).lower())
        pos += m.end()
    return words[-1] if words else ""


def words_before(text: str, at: int, count: int = 4) -> list[str]:
    """Up to ``count`` words right before ``at``, nearest last, lower case."""
    return [w.lower() for w in _WORD.findall(text[max(0, at - 80) : at])][-count:]
