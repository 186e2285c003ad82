"""Personal data in a document: which texts are examined, and which candidates count.

Used by PII001 (few-shot examples) and PII002 (the rest of the prompt). The engine
proposes candidates; this module decides with the document's structure and the
context rules of :mod:`promptlint.detect.pii.context`:

* placeholders are never findings (:mod:`promptlint.detect.pii.placeholders`), nor is
  anything overlapping a template slot (``{{customer_name}}``, ``<EMAIL>``,
  ``[REDACTED]``) or a configured allow-list entry;
* person names need a personal cue, street addresses a personal cue, dates a birth cue;
* an email to a role mailbox (``support@``) or to the prompt's own product
  (``quill@…`` in Quill's prompt, ``poke@…`` where the text names ``poke.com``) and a
  toll-free number belong to an organisation; private and documentation IP ranges
  identify no one;
* names the document itself gives a role — its persona or product, a public person it
  credits or discusses, a placeholder persona and its parts, a capitalised common word
  at the start of a sentence — are not people (:mod:`promptlint.detect.pii.people`);
* outside examples (PII002) a given name alone needs a field ("Customer: X") or
  contact or account words next to it;
* account names in home-folder paths are personal data, generic accounts are not
  (:mod:`promptlint.detect.pii.homepaths`);
* one finding per entity value per example (or prose block), with a count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from promptlint.detect import mask
from promptlint.detect.pii import context, people, placeholders
from promptlint.detect.pii.engine import Candidate, PhoneConfig, get_engine, mask_templates
from promptlint.detect.pii.regions import DEFAULT_PHONE_REGIONS, LENIENCY
from promptlint.document import scopes
from promptlint.document.model import Document, FewShotBlock, Message, Span, Text
from promptlint.nlp import check_model_option
from promptlint.options import Option
from promptlint.services import Services

ENTITIES = (
    "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS",
    "STREET_ADDRESS", "DATE_OF_BIRTH", "PASSPORT_NUMBER", "DRIVER_LICENSE", "USERNAME",
)  # fmt: skip
LABELS = {
    "PERSON": "Person name",
    "EMAIL_ADDRESS": "Email address",
    "PHONE_NUMBER": "Phone number",
    "CREDIT_CARD": "Credit card number",
    "US_SSN": "US Social Security number",
    "IBAN_CODE": "IBAN",
    "IP_ADDRESS": "IP address",
    "STREET_ADDRESS": "Street address",
    "DATE_OF_BIRTH": "Date of birth",
    "PASSPORT_NUMBER": "Passport number",
    "DRIVER_LICENSE": "Driver's licence number",
    "USERNAME": "Account name in a home-folder path",
}
SUGGESTIONS = {
    "PERSON": "Jane Doe",
    "EMAIL_ADDRESS": "jane@example.com",
    "PHONE_NUMBER": "555-0100",
    "CREDIT_CARD": "4111 1111 1111 1111",
    "US_SSN": "078-05-1120",
    "IBAN_CODE": "GB82 WEST 1234 5698 7654 32",
    "IP_ADDRESS": "192.0.2.1",
    "STREET_ADDRESS": "123 Example Street",
    "DATE_OF_BIRTH": "1970-01-01",
    "PASSPORT_NUMBER": "<PASSPORT_NUMBER>",
    "DRIVER_LICENSE": "<DRIVER_LICENSE>",
    "USERNAME": "<user> (or ~)",
}
# When two candidates overlap, the more specific one wins.
_PRIORITY = {e: i for i, e in enumerate(
    ("CREDIT_CARD", "IBAN_CODE", "US_SSN", "EMAIL_ADDRESS", "PASSPORT_NUMBER", "DRIVER_LICENSE", "DATE_OF_BIRTH",
     "USERNAME", "IP_ADDRESS", "PHONE_NUMBER", "STREET_ADDRESS", "PERSON")
)}  # fmt: skip
# Contact and account data: next to a name, it makes the name someone's (a path's account does not).
_STRUCTURED = frozenset(ENTITIES) - {"PERSON", "USERNAME"}


def _check_regexes(values: tuple[str, ...]) -> None:
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None


def _check_entities(values: tuple[str, ...]) -> None:
    unknown = [v for v in values if v not in ENTITIES]
    if unknown:
        raise ValueError(f"unknown entity {unknown[0]!r} (known: {', '.join(ENTITIES)})")


def _check_regions(values: tuple[str, ...]) -> None:
    bad = [v for v in values if not re.fullmatch(r"[A-Z]{2}", v)]
    if bad:
        raise ValueError(f"not a region code {bad[0]!r} (two capital letters, as in ISO 3166: US, DE, BR…)")
    if set(values) <= set(DEFAULT_PHONE_REGIONS):
        return  # known plans: no need to import phonenumbers to say so
    import phonenumbers

    unknown = [v for v in values if v not in phonenumbers.SUPPORTED_REGIONS]
    if unknown:
        raise ValueError(f"phonenumbers has no numbering plan for region {unknown[0]!r}")


def rule_options() -> dict[str, Option]:
    """The options PII001 and PII002 share (each rule has its own values)."""
    return {
        "spacy-model": Option(
            "str", "auto", "spaCy English pipeline for names: auto (best installed), none, or a package name.",
            check=check_model_option,
        ),
        "entities": Option("list[str]", list(ENTITIES), "Entity types to report.", check=_check_entities),
        "score-threshold": Option("float", 0.35, "Minimum recognizer score (0-1).", minimum=0),
        "allow": Option("list[str]", [], "Values that are never findings (case-insensitive, exact)."),
        "allow-patterns": Option("list[str]", [], "Regexes: matching values are never findings.", check=_check_regexes),
        "phone-regions": Option(
            "list[str]", list(DEFAULT_PHONE_REGIONS),
            "Regions whose national phone formats are recognised (numbers with + are recognised from anywhere).",
            check=_check_regions,
        ),
        "phone-leniency": Option(
            "str", "valid", "How strictly phone numbers are checked (phonenumbers' leniency).", choices=tuple(LENIENCY),
        ),
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class PiiFinding:
    entity: str
    span: Span  # in the source
    value: str
    where: str  # "few-shot example 2 (user turn)", "system prompt", "frontmatter"
    block: str  # enclosing block identity, for fingerprints
    in_example: bool = False
    occurrences: int = 1  # the same value in the same example (or prose block), reported once


@dataclass(frozen=True, slots=True)
class Target:
    text: Text
    where: str
    block: str
    turns: tuple[Message, ...] = ()  # to name the turn a finding is in
    group: str = ""  # findings are de-duplicated per group: one example, or one prose block

    @property
    def group_key(self) -> str:
        return self.group or self.block


def example_targets(doc: Document) -> list[Target]:
    """Chat and frontmatter examples turn by turn; prose examples (tags, headings, label
    pairs) as whole blocks, labels included — "Customer: X" is the cue that makes X a
    customer's name, and text between the turns belongs to the example too."""
    targets = []
    for index, block in enumerate(doc.examples, 1):
        name = _block_name(block, index)
        if block.kind in ("chat", "frontmatter"):
            for turn in block.turns:
                where = f"{name} ({_SIDES[turn.role]})" if turn.role in _SIDES else name
                targets.append(
                    Target(turn.content, where, f"example:{block.kind}:{index}:{turn.role}", group=f"example:{index}")
                )
        else:
            text = Text.contiguous(doc.source, block.span.start, block.span.end)
            targets.append(Target(text, name, f"example:{block.kind}:{index}", block.turns, f"example:{index}"))
    return targets


_SIDES = {"user": "user turn", "assistant": "assistant turn"}


def _where(target: Target, span: Span) -> str:
    for turn in target.turns:
        if turn.span.contains(span) and turn.role in _SIDES:
            return f"{target.where} ({_SIDES[turn.role]})"
    return target.where


def _block_name(block: FewShotBlock, index: int) -> str:
    if block.kind == "chat":
        return f"few-shot example {block.label.split()[-1]}"
    return f"few-shot example {index}"


def prose_targets(doc: Document) -> list[Target]:
    """Everything PII002 covers: the prompt outside examples, and frontmatter strings."""
    spans = [b.span for b in doc.examples]
    targets = []
    for text in doc.body:
        for piece in scopes.outside(text, spans):
            role = doc.role_at(piece.span.start)
            where = {"system": "system prompt", "user": "user turn", "assistant": "assistant turn"}.get(
                role or "", "prompt"
            )
            targets.append(Target(piece, where, f"prose:{role or 'body'}"))
    for text in doc.frontmatter_strings:
        targets.append(Target(text, "frontmatter", "frontmatter"))
    return targets


def warm(options: Mapping[str, Any]) -> None:
    """Load presidio and the NER pipeline the options name (see :func:`promptlint.linting.warm`)."""
    get_engine(str(options["spacy-model"])).warm()


def scan(
    doc: Document, options: Mapping[str, Any], memo: dict[Any, Any] | None = None, services: Services | None = None
) -> list[PiiFinding]:
    """Findings for the whole document: examples first, then the rest (``in_example``).

    Two passes: names accepted with a personal cue anywhere in the file are personal
    data wherever else they appear in it ("Name: Abebe Girma" … "Abebe Girma, 9 years
    of experience"). Shared by PII001 and PII002 through ``memo``. One finding per
    entity value per example (or prose block), with the number of occurrences: a
    transcript that names its speaker 180 times is one thing to fix, not 180.
    """
    key = ("pii", tuple((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in sorted(options.items())))
    if memo is not None and key in memo:
        return memo[key]
    targets = [(t, True) for t in example_targets(doc)] + [(t, False) for t in prose_targets(doc)]
    if not targets:
        return []
    engine = get_engine(str(options["spacy-model"]))
    masked = [mask_templates(t.text.text) for t, _ in targets]
    phone = PhoneConfig(
        tuple(options.get("phone-regions") or DEFAULT_PHONE_REGIONS), str(options.get("phone-leniency", "valid"))
    )
    results = engine.analyze(masked, services.store if services else None, services.notice if services else None, phone)
    wanted = set(options["entities"])
    threshold = float(options["score-threshold"])
    allow = {a.strip().lower() for a in options["allow"]}
    allow_patterns = [re.compile(p) for p in options["allow-patterns"]]
    # What the document says about its names, read only once a candidate needs it.
    cast: Callable[[], people.Cast] = cache(lambda: people.build(masked, doc.frontmatter))
    accepted = [
        _accepted(text, candidates, wanted, threshold, cast, in_example)
        for (_, in_example), text, candidates in zip(targets, masked, results, strict=True)
    ]
    if "PERSON" in wanted:
        _propagate_names(masked, accepted, [t.group_key for t, _ in targets])
    findings = []
    for (target, in_example), text, candidates in zip(targets, masked, accepted, strict=True):
        for candidate in candidates:
            value = text[candidate.start : candidate.end]
            if value.strip().lower() in allow or any(p.search(value) for p in allow_patterns):
                continue
            span = target.text.source_span(candidate.start, candidate.end)
            if doc.in_placeholder(span):
                continue
            findings.append(PiiFinding(candidate.entity, span, value, _where(target, span), target.block, in_example))
    findings = _deduplicate(findings, targets)
    if memo is not None:
        memo[key] = findings
    return findings


def _propagate_names(masked: list[str], accepted: list[list[Candidate]], groups: list[str]) -> None:
    """A full name accepted anywhere in the file is a finding wherever else it is written."""
    known = {
        " ".join(text[c.start : c.end].split())
        for text, cs in zip(masked, accepted, strict=True)
        for c in cs
        if c.entity == "PERSON"
    }
    known = {name for name in known if len(name.split()) >= 2 and not placeholders.name_is_placeholder(name)}
    if not known:
        return
    pattern = re.compile(
        r"(?<![\w@.])(?:" + "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True)) + r")(?![\w@])"
    )
    for index, text in enumerate(masked):
        for m in pattern.finditer(text):
            if not any(c.start < m.end() and m.start() < c.end for c in accepted[index]):
                accepted[index].append(Candidate("PERSON", m.start(), m.end(), 0.7))
    # Within one example (its turns) or prose block the given name or the surname of a
    # full name found there is the same person: "Hi, I'm Ilaria Bonetti …" — "Sorry to hear that, Ilaria."
    by_group: dict[str, set[str]] = {}
    for index, text in enumerate(masked):
        for c in accepted[index]:
            words = text[c.start : c.end].split()
            if c.entity == "PERSON" and len(words) >= 2:
                by_group.setdefault(groups[index], set()).update(
                    w for w in (words[0], words[-1]) if len(w) >= 3 and w[:1].isupper()
                )
    for index, text in enumerate(masked):
        parts = set(by_group.get(groups[index], ()))
        parts -= {p for p in parts if p.lower() in placeholders.NOT_NAMES or p.lower() in people.FUNCTION_WORDS}
        if not parts:
            continue
        part_pattern = re.compile(
            r"(?<![\w@.-])(?:" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + r")(?![\w@-])"
        )
        for m in part_pattern.finditer(text):
            if not any(c.start < m.end() and m.start() < c.end for c in accepted[index]):
                accepted[index].append(Candidate("PERSON", m.start(), m.end(), 0.7))


def _deduplicate(findings: list[PiiFinding], targets: list[tuple[Target, bool]]) -> list[PiiFinding]:
    """One finding per (example or prose block, entity, value): the first, with a count."""
    group_of = {t.block: t.group_key for t, _ in targets}
    first: dict[tuple[str, str, str], int] = {}
    out: list[PiiFinding] = []
    for finding in sorted(findings, key=lambda f: f.span):
        ident = (group_of.get(finding.block, finding.block), finding.entity, mask.normalise(finding.value))
        if ident in first:
            index = first[ident]
            out[index] = replace(out[index], occurrences=out[index].occurrences + 1)
            continue
        first[ident] = len(out)
        out.append(finding)
    return out


# --------------------------------------------------------------------- judging


def _accepted(
    text: str,
    candidates: Iterable[Candidate],
    wanted: set[str],
    threshold: float,
    cast: Callable[[], people.Cast] = people.Cast,
    in_example: bool = True,
) -> list[Candidate]:
    slots = placeholders.slot_spans(text)
    candidates = list(candidates)
    # The cue scan is the costly part of judging: only names need it.
    named = any(c.entity in ("PERSON", "PERSON_ORG") for c in candidates)
    cues = context.name_cues(text, weak=True) if named else []
    candidates = _org_names(text, candidates)
    shapes = _rejected_shapes(text) if any(c.entity == "PHONE_NUMBER" for c in candidates) else []
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (_PRIORITY.get(c.entity, 99), c.start - c.end)):
        if c.entity not in wanted or c.score < threshold:
            continue
        if any(a < c.end and c.start < b for a, b in slots):
            continue
        if any(k.start < c.end and c.start < k.end for k in kept):
            continue  # a more specific entity already covers these characters
        if c.entity == "PHONE_NUMBER" and any(a < c.end and c.start < b for a, b in shapes):
            continue  # digits of an IBAN, SSN or card that was rejected as one are not a phone number
        if c.entity == "PHONE_NUMBER" and any(
            o.entity == "STREET_ADDRESS" and o.score >= 0.65 and o.start <= c.start and c.end <= o.end
            for o in candidates
        ):
            continue  # a postcode inside a complete address ("3043-580 Cartaxo")
        if c.entity == "PERSON" and placeholders.name_is_placeholder(" ".join(text[c.start : c.end].split())):
            continue  # judged whole: "Max\nMustermann" wrapped over two lines is still a placeholder
        trimmed = _trim_name(text, c) if c.entity == "PERSON" else c
        # Context comes from what was already accepted: a placeholder email next to a
        # name does not make the name personal data.
        if trimmed is None or not _valid(text, trimmed, kept, cues, cast, in_example):
            continue
        kept.append(trimmed)
    return kept


def _org_names(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Organisations the NER model found that a personal cue calls people ("add Oyelaran
    Adebayo-Okafor as guardian": a name the small English model does not know). Only cues
    that name a person count; an interaction ("requests with Nuclei") names products too."""
    if not any(c.entity == "PERSON_ORG" for c in candidates):
        return candidates
    strong = context.name_cues(text)  # the cues that propose a name by themselves
    out = []
    for c in candidates:
        if c.entity != "PERSON_ORG":
            out.append(c)
            continue
        if any(a < c.end and c.start < b for a, b, _ in strong) and not context.ORG_WORDS.search(text[c.start : c.end]):
            out.append(Candidate("PERSON", c.start, c.end, c.score))
    return out


# Digits that are an IBAN, an SSN or a card by their shape, valid or not.
_SHAPES = re.compile(
    r"(?i)\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b"
    r"|(?<![\d-])\d{3}[ .-]\d{2}[ .-]\d{4}(?![\d-])"
    r"|(?<![\d-])\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?(?![\d-])"
)


def _rejected_shapes(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SHAPES.finditer(text)]


def _trim_name(text: str, c: Candidate) -> Candidate | None:
    """Drop greeting and role words around a name ("Thanks Dana" → "Dana"); a name
    never spans lines (NER sometimes runs on into the next line's label)."""
    segment = text[c.start : c.end]
    lines = [m for m in re.finditer(r"[^\r\n]+", segment) if m.group().strip()]
    if not lines:
        return None
    c = Candidate(c.entity, c.start + lines[0].start(), c.start + lines[0].end(), c.score)
    words = list(re.finditer(r"\S+", text[c.start : c.end]))
    if words and words[0].group().lower() in ("the", "a", "an", "our", "your", "my", "this", "that"):
        return None  # "I'm The Hero", "this is a Test": a noun phrase, not a name
    while words and words[0].group().strip(".,:;'’").lower() in placeholders.NOT_NAMES:
        words.pop(0)
    while words and words[-1].group().strip(".,:;'’").lower() in placeholders.NOT_NAMES:
        words.pop()
    if not words:
        return None
    start = c.start + words[0].start()
    end = c.start + words[-1].end()
    while end > start and text[end - 1] in ".,:;'’":
        end -= 1
    # A hyphenated surname is one word: "Okafor-Bellamy" is not "Okafor" and a loose "-Bellamy".
    while (m := _HYPHEN_PART.match(text, end)) is not None:
        end = m.end()
    return Candidate(c.entity, start, end, c.score)


_HYPHEN_PART = re.compile(r"-[^\W\d_][^\W\d_'’]*")


def _valid(
    text: str,
    c: Candidate,
    candidates: Iterable[Candidate],
    cues: list[tuple[int, int, str]],
    cast: Callable[[], people.Cast],
    in_example: bool,
) -> bool:
    value = text[c.start : c.end]
    entity = c.entity
    if entity == "EMAIL_ADDRESS":
        if "@" not in value:
            value = mask.spelled_email(value)
        return not (
            placeholders.email_is_placeholder(value) or placeholders.email_is_role(value) or cast().owns_mailbox(value)
        )
    if entity == "USERNAME":
        # An account named after the prompt's persona ("/home/claude") is the product's.
        return value.lower() not in placeholders.NOT_NAMES and cast().role(value) != "persona"
    if entity == "PHONE_NUMBER":
        return _plausible_phone(text, c.start, value) and not (
            placeholders.phone_is_placeholder(value) or placeholders.phone_is_business(value)
        )
    if entity == "CREDIT_CARD":
        return _plausible_card(text, c.start, c.end, value) and not placeholders.card_is_placeholder(value)
    if entity == "US_SSN":
        if placeholders.ssn_is_placeholder(value):
            return False
        if re.fullmatch(r"\d{3}([- .])\d{2}\1\d{4}", value):
            return True
        # Nine bare digits are an SSN only when labelled as one.
        return bool(re.search(r"(?i)\b(?:ssn|social security|soc\.?\s*sec)", text[max(0, c.start - 40) : c.start]))
    if entity == "IBAN_CODE":
        return not placeholders.iban_is_placeholder(value)
    if entity == "IP_ADDRESS":
        before = text[max(0, c.start - 12) : c.start].lower()
        if re.search(r"(?:v|version|ver\.?|release)\s*$", before):
            return False  # "version 1.2.3.4"
        return not placeholders.ip_is_placeholder(value)
    lo, hi = context.unit_bounds(text, c.start, c.end)
    unit = text[lo:hi]
    if entity == "STREET_ADDRESS":
        if placeholders.address_is_placeholder(value):
            return False
        # The sentence may have begun on the previous line ("Our returns depot is at\nVia…").
        wide = text[_sentence_start(text, lo) : hi]
        if context.BUSINESS_ADDRESS.search(wide):
            return False
        others = any(o.entity != "STREET_ADDRESS" and lo <= o.start < hi for o in candidates)
        # Inside a demonstration a complete postal address (street, postcode and city, or
        # military mail) is somebody's by itself: examples are pasted from real traffic.
        complete = in_example and c.score >= 0.65
        return bool(context.ADDRESS_CUES.search(unit)) or others or complete
    if entity == "PERSON":
        return _valid_name(text, c, value, unit, lo, hi, candidates, cues, cast, in_example)
    return True


def _sentence_start(text: str, lo: int) -> int:
    """``lo``, or the start of the previous line when that line runs on into this one
    (wrapped prose: not blank, not ending a sentence)."""
    line_start = text.rfind("\n", 0, lo) + 1
    if text[line_start:lo].strip() or line_start == 0:
        return lo
    previous = text.rfind("\n", 0, line_start - 1) + 1
    above = text[previous : line_start - 1].rstrip()
    if above and not above.endswith((".", "!", "?", ":")):
        return previous
    return lo


def _plausible_card(text: str, start: int, end: int, value: str) -> bool:
    """Card numbers are written whole or in the networks' groups (4-4-4-4, 4-6-5, 4-6-4);
    digits run on from an identifier or grouped otherwise ("#123-4567890-1234567", an
    order number) are not a card."""
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 1]
    if (before and (before.isalnum() or before in "-_#/.")) or (after and (after.isalnum() or after in "-_/")):
        return False
    groups = re.findall(r"\d+", value)
    if len(groups) == 1:
        return True
    sizes = [len(g) for g in groups]
    return (all(n == 4 for n in sizes[:-1]) and 1 <= sizes[-1] <= 4) or sizes in ([4, 6, 5], [4, 6, 4])


_PHONE_CUE = re.compile(
    r"(?i)\b(?:phone|tel|telephone|call|text|sms|mobile|cell|whatsapp|fax|number|reach|contact|ring|"
    r"(?:office|home|work|direct|desk|land)[ \t]?line)\b"
)
# A label after the number: "03778 502270 fax", "0412 938 207 (mobile)".
_PHONE_CUE_AFTER = re.compile(
    r"(?i)[ \t]*[(\[,–-]?[ \t]*(?:phone|tel|mobile|cell|fax|office|home|work|desk|landline|direct)\b"
)


# A label that names the digits after it as an identifier, not a phone: "Account:
# 55-2938-11", "Ticket number 4820 1193", "Case ID 7731-0042". Closed 8-digit numbering
# plans (Hong Kong, Norway, Denmark, Estonia…) make ``phonenumbers`` accept almost any
# eight digits in any grouping, so the label is what tells them apart.
_ID_LABEL = re.compile(
    r"(?i)\b(?:account|acct|ticket|case|order|invoice|ref(?:erence)?|id|serial|build|zip|post(?:al)?[ \t]?code|"
    r"policy|member(?:ship)?|booking|confirmation|tracking|claim|contract|transaction|receipt|sku|part|"
    r"(?:customer|client|employee|student|patient)[ \t]+(?:no\.?|number|num|id|#))"
    r"(?:[ \t]*(?:no\.?|number|num|#|id|code))?[ \t]*[:#=]?[ \t]*$"
)
_PHONE_WORD = re.compile(r"(?i)\b(?:phone|tel|telephone|mobile|cell|fax|whatsapp|sms)\b")


def _plausible_phone(text: str, start: int, value: str) -> bool:
    """Phone parsers accept timestamps, ranges, dates and table columns; people write phones
    with a ``+``, parentheses or at least three groups (or next to the word "phone")."""
    if re.search(r"\s{2,}|\t|/", value) or re.fullmatch(r"\d{3}-\d{2}-\d{4}", value):
        return False  # table columns, CIDR ranges, SSN-shaped numbers
    if re.fullmatch(
        r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}(?:\s+\d{1,2})?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2})?|\d+(?:\.\d+){3}",
        value,
    ):
        return False  # dates, IPv4
    before = text[max(0, start - 1) : start]
    if before and (before.isalnum() or before in "-_."):
        return False  # part of an identifier ("claude-sonnet-4-5-20250929")
    window = text[max(0, start - 40) : start]
    if not value.startswith(("+", "00", "(")) and _ID_LABEL.search(window) and not _PHONE_WORD.search(window):
        return False  # an identifier's digits after its label
    groups = re.findall(r"\d+", value)
    international = value.startswith("+")
    longest = max((len(g) for g in groups), default=0)
    if len(groups) > 1 and not international and (longest > 8 or (len(groups) > 2 and longest > 6)):
        return False  # an order or reference number ("#123-4567890-1234567"); "03-6149270", "+358 442259865" are phones
    if value.startswith(("+", "(")) or len(groups) >= 3:
        return True
    end = start + len(value)
    return bool(_PHONE_CUE.search(text[max(0, start - 40) : start]) or _PHONE_CUE_AFTER.match(text, end, end + 24))


def _valid_name(
    text: str,
    c: Candidate,
    value: str,
    unit: str,
    lo: int,
    hi: int,
    candidates: Iterable[Candidate],
    cues: list[tuple[int, int, str]],
    get_cast: Callable[[], people.Cast],
    in_example: bool,
) -> bool:
    if placeholders.name_is_placeholder(value) or context.ORG_WORDS.search(value):
        return False
    words = value.split()
    if any(word.lower().strip(".,") in placeholders.NOT_NAME_WORDS for word in words):
        return False
    kinds = {kind for a, b, kind in cues if a < c.end and c.start < b}
    # A slot that holds a name ("my name is …", "name on the account: …") holds it in
    # lower case too; the cue scan already stopped before English words.
    lower_slot = "lower" in kinds and value.islower()
    if len(words) > 4 or any(ch.isdigit() for ch in value) or not (value[:1].isupper() or lower_slot):
        return False
    if value.isupper() or re.search(r"['’]s\b", value):
        return False  # ACRONYMS, SHOUTED HEADINGS, "Linus's Three Questions"
    structured = any(o.entity in _STRUCTURED and lo <= o.start < hi for o in candidates)
    personal = structured or bool(context.PERSONAL_WORDS.search(unit))
    cast = get_cast()
    english = [] if lower_slot else [w for w in words if cast.is_english(w)]
    # A bare "Name:" field names templates and projects too; it proposes a name only when
    # every word is unlike English ("Name: Maija Kuosmanen", not "Name: Weekly Digest").
    if "namefield" in kinds and (english or len(words) < 2):
        kinds.discard("namefield")
        if not kinds and c.score < 0.85:
            return False
    if (
        kinds == {"intro"}
        and len(words) == 1
        and english
        and re.search(r"(?i)\bI(?:'m|’m|[ \t]+am)[ \t]+$", text[lo : c.start])
    ):
        return False  # "I'm Polish", "I am Italian": an adjective, not a name
    role = cast.role(value)
    if role in ("placeholder", "persona") or (role == "public" and not (structured or "field" in kinds)):
        return False  # "Jane" after "Jane Doe"; "You are Aria"; "Co-created by X" — unless contact data says otherwise
    if cast.common_phrase(value) and not (structured or lower_slot):
        return False  # Title Case: "Worth It", "Corresponding Source"
    if not structured and not lower_slot and cast.is_english(words[0]):
        # "Marian Williamson" at the start of a line is a name whose first word is also an
        # adjective; "Corresponding Source" is English throughout.
        if people.capital_explained(text, c.start) and (len(words) == 1 or len(english) == len(words)):
            return False  # "Further, you must…", "-- Title", "Corresponding Source, you…": a sentence's first word
        if len(words) == 1 and not kinds - _WEAK_KINDS:
            return False  # "payments with Stripe": an English word the NER model took for a name
    if len(words) == 1 and not in_example and not ({"field", "lower"} & kinds or personal):
        # Outside examples a given name alone is a persona, a character or an author far
        # more often than someone's data: only a field ("Customer: X") or contact or
        # account words next to it make it one.
        return False
    if kinds:
        return True
    if len(words) < 2:
        # A lone capitalised word ("Apple", "Einstein", "Navigate") needs a cue of its own.
        return False
    return personal


# Cue kinds that only confirm a name the NER model found.
_WEAK_KINDS = frozenset({"interaction", "role"})


def fingerprint(doc: Document, code: str, finding: PiiFinding) -> str:
    """Rule, entity, normalised value, the enclosing line's text and block — no position.

    Hashing the enclosing line too keeps a short value (a phone number, an SSN) from
    being recovered by hashing every possible value: the hash is only reproducible by
    someone who already has the line.
    """
    line = mask.normalise(doc.lines.line_text(doc.lines.position(finding.span.start).line))
    return mask.fingerprint(code, finding.entity, mask.normalise(finding.value), line, finding.block)
