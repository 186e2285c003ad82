"""Presidio recognizers used by the PII engine (imported only when analysis is needed).

presidio's own recognizers are used where they exist (email, phone, credit card, US
SSN, IBAN, IP address). The entities presidio has no recognizer for — street
addresses, dates of birth, passport and driver's licence numbers following their label,
and names introduced by a personal cue — are presidio recognizers written here.
Each recognizer carries a cheap screen so that presidio is not asked to parse texts
that cannot contain its entity.
"""

from __future__ import annotations

import re
from typing import Any

import tldextract
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
    UsSsnRecognizer,
)

from promptlint.detect.pii import context

# tldextract's bundled suffix list, never fetched: presidio's default extractor goes online.
_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).fqdn != ""


class StreetAddressRecognizer(PatternRecognizer):
    SUFFIX = (
        r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Terrace|Ter|"
        r"Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Crescent|Close|Row|Trail|Trl|Alley|Plaza|Walk)"
    )
    PATTERN = (
        r"\b\d{1,6}[A-Za-z]?(?:-\d{1,4})?[ \t]+(?:[A-Z][\w.'-]*[ \t]+){0,4}" + SUFFIX + r"\b\.?"
        r"(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?"
        r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|#)\.?[ \t]*[\w-]+)?"
        r"(?:,[ \t]*[A-Z][a-zA-Z.'-]+(?:[ \t]+[A-Z][a-zA-Z.'-]+){0,2}){0,2}"
        r"(?:,?[ \t]+[A-Z]{2}\b)?(?:[ \t]+\d{5}(?:-\d{4})?)?"
        r"(?:,?[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2})?"
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity="STREET_ADDRESS",
            patterns=[Pattern("street address", self.PATTERN, 0.6)],
            global_regex_flags=re.MULTILINE,
        )


class DateOfBirthRecognizer(PatternRecognizer):
    MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    PATTERNS = (
        r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b",
        r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b",
        rf"\b{MONTHS}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d{{2}}\b",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{MONTHS},?[ \t]+(?:19|20)\d{{2}}\b",
    )

    def __init__(self) -> None:
        super().__init__(
            supported_entity="DATE_OF_BIRTH",
            patterns=[Pattern(f"date {i}", p, 0.5) for i, p in enumerate(self.PATTERNS)],
            global_regex_flags=re.IGNORECASE,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None, regex_flags: Any = None
    ) -> list[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        # A date is a date of birth only right after a birth cue ("DOB:", "born on"), and
        # only a living person's: "Einstein, born on 14 March 1879" is history.
        kept = []
        for r in results:
            value = text[r.start : r.end]
            full = re.findall(r"(?:19|20)\d{2}", value)
            short = re.findall(r"\d{2}$", value)
            year = int(full[0]) if full else (int(short[0]) + 1900 if short else 1900)
            if context.BIRTH_CUES.search(text[max(0, r.start - 40) : r.start]) and (year == 1900 or year >= 1920):
                kept.append(r)
        return kept


class LabelledIdRecognizer(EntityRecognizer):
    """An ID number right after its label: ``passport no. X1234567``, ``DL# D123-4567``."""

    def __init__(self, entity: str, label: str) -> None:
        self.pattern = re.compile(
            rf"(?i)\b(?:{label})(?:[ \t]+(?:number|no\.?|num|#|id))?[ \t]*(?:is|:|#|=)?[ \t]*"
            r"(?P<id>[A-Z0-9][A-Z0-9-]{4,17}[A-Z0-9])\b"
        )
        super().__init__(supported_entities=[entity], name=f"{entity.title()}Recognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        results = []
        for m in self.pattern.finditer(text):
            value = m.group("id")
            if re.search(r"\d", value) and not value.lower().startswith(("number", "is")):
                results.append(RecognizerResult(self.supported_entities[0], m.start("id"), m.end("id"), 0.7))
        return results


class CueNameRecognizer(EntityRecognizer):
    """Names introduced by a personal cue ("my name is X", "Hi X", "Customer: X")."""

    def __init__(self) -> None:
        super().__init__(supported_entities=["PERSON"], name="CueNameRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        return [RecognizerResult("PERSON", a, b, 0.7) for a, b in context.name_cue_spans(text)]


class Screened:
    """A recognizer with a cheap pre-check on the text."""

    def __init__(self, recognizer: Any, screen: str) -> None:
        self.recognizer = recognizer
        self.supported_entities = recognizer.supported_entities
        self._screen = re.compile(screen)

    def screen(self, text: str) -> bool:
        return bool(self._screen.search(text))

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        return self.recognizer.analyze(text, entities, nlp_artifacts)


_DIGITS = r"\d(?:[\s().\-/]*\d){6,}"


def pattern_recognizers() -> list[Screened]:
    return [
        Screened(OfflineEmailRecognizer(), r"@"),
        Screened(
            PhoneRecognizer(supported_regions=("US", "GB", "DE", "FR", "IN", "CA", "AU", "IE", "ES", "IT", "NL", "BR")),
            _DIGITS,
        ),
        Screened(CreditCardRecognizer(), _DIGITS),
        Screened(UsSsnRecognizer(), r"\d{3}[- .]?\d{2}[- .]?\d{4}"),
        Screened(IbanRecognizer(), r"[A-Z]{2}\d{2}"),
        Screened(IpRecognizer(), r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:"),
        Screened(StreetAddressRecognizer(), r"\b\d{1,6}[A-Za-z]?[ \t]+[A-Z]"),
        Screened(DateOfBirthRecognizer(), r"(?i)birth|born|\bd\.?o\.?b\b"),
        Screened(LabelledIdRecognizer("PASSPORT_NUMBER", r"passport"), r"(?i)passport"),
        Screened(
            LabelledIdRecognizer("DRIVER_LICENSE", r"driver'?s?[ \t]+licen[cs]e|driving[ \t]+licen[cs]e|DL"),
            r"(?i)licen[cs]e|\bDL\b",
        ),
        Screened(CueNameRecognizer(), r"[A-Z]"),
    ]
