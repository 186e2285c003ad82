"""Whose name is it? The prompt's own persona or product, a public person, a placeholder.

A capitalised phrase next to a personal cue is not yet a private person's name. On
real prompts most such phrases are something else, and the prompt itself says so:

* **personas and products the prompt names**: "You are Aria, the assistant of…",
  "Your name is Junie", "I am Manus, an AI assistant", "I am Cluely powered by…",
  "the Vercel Queues API", the frontmatter's ``name:``/``title:`` (a prompty file's
  ``name: Hello Prompty`` names the prompt);
* **public people it credits or discusses**: "Co-created by X", "I was created by X",
  "Author: X", "X wrote…", "X's book", "according to X", "in the style of X",
  "philosopher X", "X is a novelist", "my guest today is X", "Lady X", "X (1856–1939)";
* **placeholder personas**: once "Jane Doe" is in the file, "Jane" and "Doe" alone are
  the same stand-in;
* **common words**: a capital explained by its position — the start of a sentence, a
  line, a list item or a heading ("Further, you must…", "-- Title") — or a Title-Case
  phrase ("Determining if It's Worth It") is no sign of a name. A word counts as common
  when it is an English function word or discourse adverb, or when the document itself
  also writes it in lower case ("further", "title", "source"): a person's name is not
  written that way.

:class:`Cast` holds what one document says about its names; the judging in
:mod:`promptlint.detect.pii.scan` asks it before accepting a PERSON candidate. A public
person stays a finding when contact or account data sits next to the name: a
personal cue beats a credit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from promptlint.detect.pii import placeholders
from promptlint.detect.pii.context import _TITLE, _WORD

# English function words and sentence adverbs: a closed class, never a person's name on its own.
FUNCTION_WORDS = frozenset(
    {
        "a", "about", "above", "across", "actually", "additionally", "after", "afterwards", "again", "against",
        "ahead", "all", "almost", "alone", "along", "already", "also", "alternatively", "although", "always", "am",
        "among", "an", "and", "another", "any", "anyway", "apart", "are", "around", "as", "at", "away", "back",
        "basically", "be", "because", "been", "before", "beforehand", "being", "below", "beneath", "besides",
        "between", "beyond", "both", "briefly", "but", "by", "can", "certainly", "clearly", "consequently",
        "conversely", "could", "currently", "definitely", "despite", "do", "does", "down", "during", "each",
        "earlier", "either", "else", "elsewhere", "especially", "essentially", "even", "eventually", "ever",
        "every", "except", "finally", "first", "firstly", "for", "fortunately", "from", "further", "furthermore",
        "generally", "hence", "here", "hereafter", "how", "however", "if", "importantly", "in", "including",
        "indeed", "initially", "inside", "instead", "into", "is", "it", "its", "just", "lastly", "later", "less",
        "likewise", "many", "may", "maybe", "meanwhile", "might", "moreover", "most", "much", "must", "namely",
        "naturally", "near", "neither", "never", "nevertheless", "next", "no", "nonetheless", "nor", "not", "notably",
        "now", "obviously", "of", "off", "often", "on", "once", "only", "onto", "or", "other", "otherwise", "ought",
        "our", "out", "outside", "over", "overall", "perhaps", "please", "plus", "possibly", "previously", "primarily",
        "rather", "regardless", "remember", "secondly", "shall", "should", "similarly", "since", "so", "some",
        "sometimes", "soon", "specifically", "still", "subsequently", "such", "suddenly", "than", "that", "the",
        "then", "thence", "there", "thereafter", "thereby", "therefore", "these", "they", "this", "those", "though",
        "through", "throughout", "thus", "to", "together", "too", "toward", "towards", "typically", "ultimately",
        "under", "unfortunately", "unless", "unlike", "until", "up", "upon", "usually", "very", "via", "was", "we",
        "well", "were", "what", "whatever", "when", "whenever", "where", "whereas", "wherever", "whether", "which",
        "while", "who", "whoever", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet",
        "you", "your",
    }
)  # fmt: skip

# Product and persona names may be CamelCase or carry digits ("OpenHands", "GPT4All").
_PWORD = rf"(?:{_WORD}|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+)"
_NAME = rf"(?:{_PWORD}(?:[ \t]+(?:(?:van|von|de|da|del|der|di|la|le|bin|al|el)[ \t]+)?{_PWORD}){{0,3}})(?![\w])"


def _named(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` with ``{N}`` standing for a name group (several allowed)."""
    count = pattern.count("{N}")
    for i in range(count):
        pattern = pattern.replace("{N}", f"{_TITLE}(?P<n{i}>{_NAME})", 1)
    return re.compile(pattern)


# The assistant's own name, a product the prompt is about.
_AI = (
    r"(?:AI|A\.I\.|assistant|agent|bot|chatbot|chat ?bot|model|copilot|companion|LLM|language model|system|tool|app|"
    r"application|helper|guide|tutor|coach|persona|character|philosopher|expert|advisor|adviser|engine|platform|"
    r"service|extension|plugin|IDE|editor|terminal|CLI)"
)
# What only software calls itself ("I'm Dana, your support agent" may be a real employee).
_AI_SELF = (
    r"(?:AI|A\.I\.|(?:virtual |digital |AI |personal )?assistant|bot|chatbot|chat ?bot|(?:language )?model|copilot|LLM)"
)
_PRODUCT_NOUN = (
    r"(?:API|APIs|SDK|CLI|app|apps|docs|documentation|plugin|extension|platform|library|framework|dashboard|"
    r"console|integration|package|module|product|suite|editor|IDE|mode|protocol|engine|runtime|toolkit|bot)"
)
_PERSONA_PATTERNS = (
    r"\b(?:[Yy]ou are|[Yy]ou're|[Yy]ou’re|[Yy]ou will be|[Yy]ou act as|[Aa]ct as|[Yy]ou play|[Pp]lay the role of)"
    r"[ \t]+{N}(?![ \t]*(?:'s|’s))(?=[ \t]*(?:[,.;:!(—–]|-[ \t]|$)|[ \t]+(?:an?|the|your|from|by|powered|built|"
    r"developed|made|created|designed|trained|who|which|that|and)\b|[ \t]+" + _AI + r"\b)",
    r"\b(?:[Yy]our name is|[Yy]ou are named|[Yy]ou're named|[Yy]ou are called|[Yy]ou're called|[Cc]all yourself|"
    r"[Rr]efer to yourself as|[Ii]ntroduce yourself as|[Yy]our persona is|[Yy]ou go by)[ \t:]+[\"'“‘*]*{N}",
    r"\b(?:I am|I'm|I’m|[Mm]y name is|[Tt]his is)[ \t]+{N}(?=[ \t]*,?[ \t]+(?:(?:an?|the|your)[ \t]+"
    r"(?:[\w-]+[ \t]+){0,3}?" + _AI_SELF + r"\b|(?:powered|built|developed|made|created|designed|trained)\b))",
    r"(?<![\w.])(?:{N})[ \t]+is[ \t]+(?:an?|the|your)[ \t]+(?:[\w-]+[ \t]+){0,3}?" + _AI_SELF + r"\b",
    r"(?m)(?<![\w.])(?:{N})[ \t]+" + _PRODUCT_NOUN + r"\b",
)

# Public people the prompt credits or discusses.
_PUBLIC_ROLE = (
    r"(?:author|writer|novelist|poet|playwright|essayist|philosopher|scientist|physicist|chemist|biologist|"
    r"mathematician|economist|historian|journalist|investor|venture capitalist|entrepreneur|professor|podcaster|"
    r"(?:podcast|show|radio|television|TV) host|president|senator|politician|statesman|king|queen|emperor|empress|"
    r"pharaoh|painter|sculptor|composer|musician|singer|songwriter|actor|actress|filmmaker|athlete|inventor|"
    r"psychologist|psychiatrist|neuroscientist|theologian|prophet|saint|explorer|astronaut|"
    r"co-founder|cofounder|billionaire|celebrity|influencer|comedian|pioneer)"
)
_TITLES = (
    r"(?:Lady|Lord|King|Queen|Sir|Dame|Prince|Princess|Duke|Duchess|Baron|Baroness|Emperor|Empress|Pope|Saint|St\.|"
    r"President|Senator|Chancellor|Pharaoh|Tsar|Czar|Sultan|Shah|Rabbi|Imam|Ayatollah)"
)
_CREDIT_VERB = (
    r"(?:[Cc]o-?created|[Cc]reated|[Ww]ritten|[Aa]uthored|[Cc]o-?authored|[Dd]eveloped|[Dd]esigned|[Ii]nvented|"
    r"[Cc]oined|[Pp]opulari[sz]ed|[Ii]nspired|[Cc]ompiled|[Cc]urated|[Bb]uilt|[Mm]ade|[Pp]ioneered|[Ff]ounded|"
    r"[Dd]evised|[Ff]ormulated|[Pp]roposed|[Ii]ntroduced|[Dd]escribed|[Tt]aught|[Pp]ainted|[Cc]omposed|[Dd]irected)"
)
_WORK = (
    r"(?:prompt|pattern|assistant|bot|agent|tool|template|project|app|book|books|essay|essays|article|paper|"
    r"framework|method|technique|theory|concept|idea|model|library|package|course|podcast|show|series|song|album|"
    r"film|movie|novel|poem|painting|game|talk|lecture|quote|principle|law|test|system|approach|list|guide|version)"
)
_PUBLIC_PATTERNS = (
    # credits: bylines, and what made the prompt or a work
    r"(?m)^[ \t>*#\-]*(?:\*\*)?"
    + _CREDIT_VERB
    + r"(?:\*\*)?[ \t]+by[ \t]+{N}(?:(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]*&[ \t]*){N})?",
    r"\b(?:I|[Ww]e|[Ii]t|[Tt]his|[Tt]hat)[ \t]+(?:was|were|has been|have been|is|are)[ \t]+(?:originally[ \t]+)?"
    + _CREDIT_VERB
    + r"[ \t]+by[ \t]+{N}(?:(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]*&[ \t]*){N})?",
    r"\b"
    + _WORK
    + r"s?[ \t]+(?:(?:was|were|is|are)[ \t]+)?(?:originally[ \t]+|first[ \t]+)?"
    + _CREDIT_VERB
    + r"[ \t]+by[ \t]+{N}(?:(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]*&[ \t]*){N})?",
    r"(?im)^[ \t>*\-]*(?:\*\*)?(?:authors?|credits?|created by|written by|inspired by|based on|maintainers?|"
    r"contributors?|original (?:author|idea|concept))(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(?-i:{N})",
    r"(?m)^[ \t]*(?:[Bb]y|[Ff]rom)[ \t]+{N}[ \t]*$",
    # discussed
    r"(?<![\w.])(?:{N})[ \t]+(?:wrote|writes|said|says|argued|argues|famously|once (?:said|wrote)|coined|proposed|"
    r"observed|believed|taught|discovered|invented|founded|co-founded|cofounded|painted|composed|popularized|"
    r"popularised|described|explains|explained|defined|developed|pioneered)\b",
    r"(?<![\w.])(?:{N})(?:'s|’s|')[ \t]+(?:[\w-]+[ \t]+)?(?:book|books|essay|essays|novel|novels|work|works|"
    r"writing|writings|theory|theories|law|laws|principle|principles|razor|method|framework|paper|papers|quote|"
    r"quotes|words|philosophy|ideas|approach|style|teachings|podcast|show|talk|lecture|dialogues|poems?|plays?)\b",
    r"\b(?:[Aa]ccording to|[Qq]uoted? (?:from|by)|[Qq]uoting|(?:in|with) the (?:style|voice|spirit|manner|tone|"
    r"tradition) of|[Ii]nspired by|[Ii]nfluences? (?:from|of)|[Tt]he (?:work|ideas|writings|teachings|"
    r"philosophy|wisdom|principles) of|[Ww]orks? (?:of|by)|[Ww]ritings (?:of|by)|[Ii]n the words of)"
    r"[ \t]+{N}(?:(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]*&[ \t]*){N})?",
    # a public role
    r"\b(?:the[ \t]+)?(?:[\w-]+[ \t]+)?" + _PUBLIC_ROLE + r"s?[ \t]+{N}",
    r"(?<![\w.])(?:{N})(?:,[ \t]+(?:an?|the)|[ \t]+(?:is|was)(?:[ \t]+(?:an?|the))?)[ \t]+(?:[\w-]+[ \t]+){0,4}?"
    + _PUBLIC_ROLE
    + r"\b",
    r"(?<![\w.])(?:{N}),?[ \t]+and[ \t]+I(?:'m|’m|[ \t]+am)[ \t]+(?:an?|the)[ \t]+(?:[\w-]+[ \t]+){0,3}?"
    + _PUBLIC_ROLE
    + r"\b",
    r"(?<![\w.])(?:{N})[ \t]*\((?:c\.[ \t]*|born[ \t]+|b\.[ \t]*)?\d{3,4}"
    r"(?:[ \t]*[–-][ \t]*\d{2,4})?(?:[ \t]*BC)?\)",
    # published conversations
    r"\b(?:[Mm]y|[Oo]ur)[ \t]+(?:special[ \t]+)?guests?[ \t]+(?:today[ \t]+|this week[ \t]+)?"
    r"(?:is|are|was)[ \t]+{N}",
    r"\b(?:podcast|episode|keynote|lecture|TED talk|fireside chat)[ \t]+(?:with|featuring|by)[ \t]+{N}",
    # titles of nobility and office
    r"\b(?P<title>" + _TITLES + r")[ \t]+(?P<titled>" + _NAME + r")",
)


def normalise(value: str) -> str:
    return " ".join(value.lower().replace("’", "'").split()).strip(".,;:'\"")


def words(value: str) -> list[str]:
    return [w.strip(".,;:'\"()") for w in normalise(value).split() if w.strip(".,;:'\"()")]


# A domain written on its own, not as an address's ("poke.com", "https://www.acme.io/…").
_DOMAIN = re.compile(
    r"(?<![@\w.-])(?:https?://)?(?:[a-z0-9-]+\.)*?([a-z0-9-]{3,})\.(?:com|io|ai|co|dev|app|org|net|so|sh|tech|xyz)\b",
    re.IGNORECASE,
)
_LOWER = re.compile(r"(?<![\w.@/\\#$%&=+~'’-])[a-z][a-z]+(?![\w@/\\=(]|[.-][A-Za-z0-9])")


@dataclass(frozen=True, slots=True)
class Cast:
    """What one document says about the names in it (see the module docstring)."""

    personas: frozenset[str] = frozenset()
    public: frozenset[str] = frozenset()
    placeholders: frozenset[str] = frozenset()
    lowercase: frozenset[str] = frozenset()
    brands: frozenset[str] = frozenset()  # second-level labels of domains the text writes ("poke.com")

    def role(self, value: str) -> str | None:
        """``persona``, ``public`` or ``placeholder`` when the name (or every word of it)
        is one of those the document names; else None."""
        parts = words(value)
        if not parts:
            return None
        for role, names in (("placeholder", self.placeholders), ("persona", self.personas), ("public", self.public)):
            if normalise(value) in names or all(any(p in n.split() for n in names) for p in parts):
                return role
        return None

    def is_common(self, word: str) -> bool:
        """A function word, or a word the document also writes in lower case."""
        w = word.strip(".,;:'\"()!?").lower().replace("’", "'")
        w = re.sub(r"'s$", "", w)
        return w in FUNCTION_WORDS or w in self.lowercase

    def is_english(self, word: str) -> bool:
        """:meth:`is_common`, or an English adjective, adverb or verb (:mod:`.lexicon`)."""
        if self.is_common(word):
            return True
        from promptlint.detect.pii import lexicon

        return word.strip(".,;:'\"()!?").lower() in lexicon.english_words()

    def common_phrase(self, value: str) -> bool:
        """Every word common: a Title-Case phrase ("Worth It", "Corresponding Source")."""
        parts = value.split()
        return bool(parts) and all(self.is_common(p) for p in parts)

    def owns_mailbox(self, email: str) -> bool:
        """An address named after the prompt's persona or product (``poke@…``, ``openhands@…``)."""
        local = re.sub(r"[^a-z0-9]", "", email.lower().partition("@")[0].split("+", 1)[0])
        if len(local) < 3:
            return False
        return local in self.brands or any(re.sub(r"[^a-z0-9]", "", name) == local for name in self.personas)


def capital_explained(text: str, start: int) -> bool:
    """Whether the capital at ``text[start]`` is explained by position: the start of the
    text, a line, a sentence, a list item, a heading, a quotation or a table cell."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if re.fullmatch(r"[\s>*#+|\-–—•\d.)(\[\]\"'“‘`_:=]*", before):
        return True
    return bool(re.search(r"(?:[.!?:;]|\.\.\.|…)[\"'”’)\]*_]*[ \t]+[\"'“‘(*_]*$", before))


def build(texts: Iterable[str], frontmatter: Mapping[str, Any] | None) -> Cast:
    """The :class:`Cast` of a document from all of its texts and its frontmatter."""
    personas: set[str] = set()
    public: set[str] = set()
    found_placeholders: set[str] = set()
    lowercase: set[str] = set()
    brands: set[str] = set()
    for key in ("name", "title", "persona", "assistant_name", "bot_name", "agent_name"):
        value = (frontmatter or {}).get(key)
        if isinstance(value, str) and 0 < len(value) <= 80:
            personas.add(normalise(value))
    for raw in texts:
        lowercase.update(_LOWER.findall(raw))
        brands.update(m.lower().replace("-", "") for m in _DOMAIN.findall(raw))
        text = _decoded(raw)
        persona_cues, public_cues, _ = _cues()
        for cue in persona_cues:
            for m in cue.finditer(text):
                personas.update(_names(m))
        for cue in public_cues:
            for m in cue.finditer(text):
                public.update(_names(m))
        if any(ch.isupper() for ch in text):
            found_placeholders.update(_placeholder_names(text))
    return Cast(
        frozenset(n for n in personas if n),
        frozenset(n for n in public if n and not placeholders.name_is_placeholder(n)),
        frozenset(found_placeholders),
        frozenset(lowercase),
        frozenset(brands),
    )


_ESCAPES = re.compile(r"\\u0026#39;|&#39;|&#x27;|&apos;|\\u0027|\\u2019|&rsquo;|(?<!\\)\\[nrt]|\\\"")


def _decoded(text: str) -> str:
    """Undo JSON and HTML escapes ("I\\u0026#39;m", "\\n") so cues read a transcript quoted in a JSON string."""
    if "\\" not in text and "&" not in text:
        return text
    return _ESCAPES.sub(lambda m: " " if m.group()[1:2] in "nrt" and len(m.group()) == 2 else "'", text).replace(
        '\\"', '"'
    )


def _names(m: re.Match[str]) -> list[str]:
    out = []
    groups = m.groupdict()
    if groups.get("titled"):
        out.append(normalise(f"{groups['title']} {groups['titled']}"))
        out.append(normalise(groups["titled"]))
    for key, value in groups.items():
        if key.startswith("n") and value:
            parts = normalise(value).split()
            while parts and (parts[0] in FUNCTION_WORDS or parts[0] in placeholders.NOT_NAMES):
                parts.pop(0)  # "I'm Andrew Huberman", "The OpenHands"
            while parts and (parts[-1] in FUNCTION_WORDS or parts[-1] in placeholders.NOT_NAMES):
                parts.pop()
            if parts:
                out.append(" ".join(parts))
    return out


@cache
def _cues() -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...], re.Pattern[str]]:
    """Persona cues, public-person cues and placeholder personas, compiled on first use:
    most runs never see a name, and these patterns are not cheap to compile."""
    full = sorted((n for n in placeholders.PLACEHOLDER_NAMES if " " in n), key=len, reverse=True)
    placeholder = re.compile(
        r"(?i)(?<![\w])(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in full) + r")(?![\w])"
    )
    return tuple(_named(p) for p in _PERSONA_PATTERNS), tuple(_named(p) for p in _PUBLIC_PATTERNS), placeholder


def _placeholder_names(text: str) -> set[str]:
    """Placeholder personas written in ``text`` ("Jane Doe"): their parts are stand-ins too."""
    return {normalise(m.group()) for m in _cues()[2].finditer(text)}
