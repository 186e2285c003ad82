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
from promptlint.contradictions.actions import DETERMINERS, Action, lemma, regex_actions
from promptlint.contradictions.patterns import (
    _ABSOLUTE,
    _ABSOLUTE_WORDS,
    _ADJECTIVAL_FOLLOW,
    _ADJECTIVE,
    _ALTERNATIVE,
    _BESIDES,
    _BOUND_CLAUSE,
    _CATENATIVE,
    _CLAUSE_WORD,
    _CODE_CHARS,
    _COMMA_OR_THEN,
    _CONCESSIVE,
    _CONCESSIVE_WORDS,
    _CONDITION_START,
    _CONDITION_WORD,
    _CONDITION_WORDS,
    _CONTEXT_WORDS,
    _CONTINUES,
    _CONTRAST,
    _CONTRAST_WORD,
    _CUE_ON_PHRASE,
    _DEPARTURE,
    _DIRECTIVE_ANYWHERE,
    _DIRECTIVE_START,
    _EACH_AFTER,
    _EACH_BEFORE,
    _EMPHASIS,
    _ENDS_SENTENCE,
    _EXACT,
    _EXAMPLE_OPEN,
    _EXCEPTION,
    _EXHAUSTIVE,
    _FIRST_WORD,
    _FOR_THOSE,
    _HEAD_NEGATION,
    _IT,
    _ITEM_NOUNS,
    _KEEP_TARGET,
    _LABEL_PREFIX,
    _LEADING_CONDITION,
    _LENGTH_UNIT_WORD,
    _LINE,
    _LIST_MARKER,
    _LOWER,
    _MAIN_CLAUSE,
    _MODAL_AFTER,
    _NAMED_NEGATION,
    _NEGATED_BOUND,
    _NEGATOR,
    _NEUTRAL,
    _NEW_CLAUSE,
    _NOT_A_MAIN_VERB,
    _NOT_ITEM,
    _NOTE_LABEL,
    _NUMBERS,
    _OTHERWISE,
    _PART_CALLED,
    _PART_CAPS,
    _PART_OF_REPLY,
    _PART_OTHER,
    _PERMISSION,
    _POSITION,
    _POST_PROHIBITION,
    _PREFERRED_OVER,
    _PRODUCE,
    _PURPOSE_AFTER,
    _QUALIFIERS,
    _QUOTE,
    _RANGE,
    _REMINDER,
    _RESET,
    _SCOPE_WORDS,
    _SPEC_LABEL,
    _SPLIT,
    _START_SET,
    _STOP,
    _STRONG_NEGATOR,
    _SUBJECT_TARGET,
    _TARGET_END,
    _TARGET_VERB,
    _TELEGRAPHIC,
    _THE_REPLY,
    _THEN_CONDITION,
    _THIRD_PARTY,
    _TRAILING_CONDITION,
    _TRAILING_CONTEXT,
    _UNIT_WORDS,
    _UNIVERSAL_SCOPE,
    _UPPER,
    _VACUOUS_SCOPE,
    _VALUE_ADJECTIVES,
    _VERB_TARGETS,
    _WITHOUT_END,
    _WORD,
    _WRITING_VERB,
    COUNTED,
    MAX_UNIT,
    ONLY_THIS,
    REPLY_NOUNS,
)
from promptlint.contradictions.vocabulary import Topic, Value, Vocabulary
from promptlint.document.model import Span, Text
from promptlint.regexhints import LazyPattern, normalise


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
    # What ``value`` names (see :data:`.vocabulary.VALUE`): a value, a class, a member.
    role: str = ""


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
    tokens = frozenset(normalise(core).split())
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
    normal = normalise(f"{label_text} {core}")
    scan = vocab.scan(normal)
    for topic in scan.topics:
        found = _mentions(topic, core, offset, label_text, scan.live[topic.key])
        instruction.mentions.extend(found)
        if len(found) > 1 and _offers_alternatives(unit, [m for m in found if m.positive and not m.role]):
            instruction.alternatives.add(topic.key)
    if not _UNIT_WORDS.isdisjoint(normal.split()):  # a numeric limit needs a unit ("words", "bullets", …)
        _lengths(core, instruction)
    instruction.actions = regex_actions(core, verbs, lead_in=lead_in)
    return instruction


def situation(label: str) -> str:
    """The case a label names ("Weather:", "Academic research:"), "" for rule labels ("Note:")."""
    from promptlint.contradictions.gather import META_WORDS, classify

    title = label.rstrip(": ").strip()
    found = re.findall(r"[a-z0-9']+", title.lower())
    if _NOTE_LABEL.match(label) or any(w in META_WORDS for w in found):
        return ""  # "House rules:", "Team notes:", "Also:" group rules, they name no case
    scope, part = classify(title)
    return scope or part


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


def part_named(core: str) -> str:
    """The part of the output an instruction names as what it is about, or ""."""
    for regex in (_PART_CALLED, _PART_CAPS):
        m = regex.search(core)
        if m:
            return "part " + " ".join(m.group("name").lower().split())
    return "part other sections" if _PART_OTHER.search(core) else ""


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
    live: list[tuple[Value, LazyPattern, bool]] | None = None,
) -> list[Mention]:
    """Mentions of ``topic``'s values in ``core``; ``live`` are the (value, pattern,
    negative) triples that may match (:meth:`.Vocabulary.scan`; None: all of them)."""
    if topic.exclude is not None and topic.exclude.search(core):
        return []
    # "Output format: JSON": the label says what the value is for.
    if topic.directive is not None and not topic.directive.search(f"{label_text}{core}"):
        return []
    if live is None:
        live = [(v, p, False) for v in topic.matchable for p in v.patterns]
        live += [(v, p, True) for v in topic.matchable for p in v.negative]
    found = []
    for value, pattern, negative in live:
        for m in pattern.finditer(core):
            if negative:
                if not words.in_name(core, m.start(), m.end()):
                    found.append(
                        Mention(
                            topic.key, value.key, False, offset + m.start(), offset + m.end(), True, _object(m),
                            value.role,
                        )
                    )  # fmt: skip
                continue
            if words.in_name(core, m.start(), m.end()) or _modifies_other(topic, core, m) or _quoted(core, m.start()):
                continue  # "hosting.json", "the markdown code fence", a quoted sentence: not a choice of value
            positive = _positive(core, m.start())
            if _PART_OF_REPLY.match(core, m.end()) and (not positive or _FOR_THOSE.match(core, m.end())):
                continue
            # (A class's name carries its own modifier: "personal data" is the class, not a
            # restricted kind of data.)
            if not positive and (
                (not value.role and _qualified(topic, core, m))
                or _EXHAUSTIVE.match(core, m.end())
                or _PURPOSE_AFTER.match(core, m.end())
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
            found.append(
                Mention(topic.key, value.key, positive, offset + m.start(), offset + m.end(), fixed, obj, value.role)
            )
    # Mentions in document order, as the patterns of one value were before.
    found.sort(key=lambda m: (m.start, m.end))
    return found


def _quoted(core: str, at: int) -> bool:
    """Whether ``at`` is inside a quoted sentence ('DO NOT SAY: "This artifact uses HTML …"')."""
    return any(q.start() < at < q.end() and len(q.group(1).split()) >= 4 for q in _QUOTE.finditer(core))


def _modifies_other(topic: Topic, core: str, m: re.Match[str]) -> bool:
    """Whether the value names the kind of another noun ("markdown code fence", "XML tags")."""
    if topic.heads is None or any(c.isspace() for c in m.group()):
        return False  # a phrase ("the same language as the call transcript") names itself
    after = words.next_word(core, m.end())
    if not words.is_noun_like(after) or after in topic.heads or after.isdigit():
        return False
    return not (topic.any is not None and topic.any.match(after))


_LY_VERBS = frozenset({"reply", "apply", "supply", "comply", "rely", "imply"})


def _forbids(core: str, at: int) -> bool:
    """Whether the negation before ``at`` forbids the mention itself, not another act on it
    or something in a phrase about it (see :mod:`.words`)."""
    before = core[:at]
    negators = list(_NEGATOR.finditer(before))
    if not negators:
        return True  # negative through a list ("never use emojis, markdown or tables")
    between = before[negators[-1].end() :]
    tokens = [w.lower() for w in _WORD.findall(between)]
    # Adverbs say nothing about what is forbidden ("never actually use JSON"); "reply" is no adverb.
    tokens = [w for w in tokens if (not w.endswith("ly") or w in _LY_VERBS) and w not in ("ever", "again", "yourself")]
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
