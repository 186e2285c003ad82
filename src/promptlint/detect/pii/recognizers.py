"""Presidio recognizers used by the PII engine (imported only when analysis is needed).

presidio's own recognizers are used where they exist (email, phone, credit card, US
SSN, IBAN, IP address). The entities presidio has no recognizer for — street
addresses, dates of birth, passport and driver's licence numbers following their label,
and names introduced by a personal cue — are presidio recognizers written here.
Each recognizer carries a cheap screen so that presidio is not asked to parse texts
that cannot contain its entity.

Round two widened what is recognised without new per-country formats:

* phone numbers: presidio's ``PhoneRecognizer`` (``phonenumbers``), with the configured
  region list and leniency, asked about each digit run rather than about the whole text
  per region (55 regions over a whole prompt cost ~0.2 s; per run it is milliseconds);
* cards: every network's IIN ranges and lengths (13–19 digits, 2-series Mastercard),
  Luhn-checked by presidio's recognizer;
* IBANs in lower case, SSNs written without separators after an SSN label, e-mail
  addresses spelled out ("name at domain dot com"), dates with month abbreviations and
  birth cues after the date, passports after "travel document";
* street addresses in the shapes of :mod:`promptlint.detect.pii.streets`.
"""

from __future__ import annotations

import re
from typing import Any

import tldextract

from promptlint.detect.pii import presidio_light

# Each recognizer from its own module: `presidio_analyzer.predefined_recognizers` (and
# the package itself) would import every recognizer presidio has, and spaCy.
presidio_light.load()

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult  # noqa: E402
from presidio_analyzer.predefined_recognizers.country_specific.us.us_ssn_recognizer import UsSsnRecognizer  # noqa: E402
from presidio_analyzer.predefined_recognizers.generic.credit_card_recognizer import CreditCardRecognizer  # noqa: E402
from presidio_analyzer.predefined_recognizers.generic.email_recognizer import EmailRecognizer  # noqa: E402
from presidio_analyzer.predefined_recognizers.generic.iban_recognizer import IbanRecognizer  # noqa: E402
from presidio_analyzer.predefined_recognizers.generic.ip_recognizer import IpRecognizer  # noqa: E402
from presidio_analyzer.predefined_recognizers.generic.phone_recognizer import PhoneRecognizer  # noqa: E402

from promptlint.detect.mask import spelled_email  # noqa: E402
from promptlint.detect.pii import context, streets  # noqa: E402
from promptlint.detect.pii.regions import DEFAULT_PHONE_REGIONS, LENIENCY  # noqa: E402

# tldextract's bundled suffix list, never fetched: presidio's default extractor goes online.
_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_TLD(pattern_text.rsplit("@", 1)[-1]).fqdn != ""


class StreetAddressRecognizer(EntityRecognizer):
    """Street addresses (:mod:`promptlint.detect.pii.streets`); a complete one (postcode,
    city or state after it, or military mail) scores higher: inside an example it is
    somebody's without a further cue."""

    COMPLETE = 0.65
    PARTIAL = 0.6

    def __init__(self) -> None:
        super().__init__(supported_entities=["STREET_ADDRESS"], name="StreetAddressRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        return [
            RecognizerResult("STREET_ADDRESS", a, b, self.COMPLETE if complete else self.PARTIAL)
            for a, b, complete in streets.find(text)
        ]


class DateOfBirthRecognizer(PatternRecognizer):
    MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    PATTERNS = (
        r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b",
        r"\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}\b",
        rf"\b{MONTHS}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+(?:19|20)\d{{2}}\b",
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{MONTHS},?[ \t]+(?:19|20)\d{{2}}\b",
        # 22-nov-1972, 05.Aug.88, Nov-22-1972
        rf"\b\d{{1,2}}[-/.]{MONTHS}[-/.]?(?:19|20)?\d{{2}}\b",
        rf"\b{MONTHS}[-/.]\d{{1,2}}[-/.](?:19|20)\d{{2}}\b",
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
            cued = context.BIRTH_CUES.search(text[max(0, r.start - 40) : r.start]) or context.BIRTH_CUES_AFTER.match(
                text, r.end, min(len(text), r.end + 40)
            )
            if cued and (year == 1900 or year >= 1920):
                kept.append(r)
        return kept


class LabelledIdRecognizer(EntityRecognizer):
    """An ID number right after its label: ``passport no. X1234567``, ``DL# D123-4567``."""

    def __init__(self, entity: str, label: str) -> None:
        self.pattern = re.compile(
            rf"(?i)\b(?:{label})(?:[ \t]+(?:number|no\.?|num|nr\.?|#|id))?[ \t]*(?:is[ \t]*:?|:|#|=|-)?[ \t]*"
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


# ---------------------------------------------------------------- round two


class RegionalPhoneRecognizer(PhoneRecognizer):
    """presidio's phone recognizer, asked about each digit run instead of the whole text.

    ``PhoneNumberMatcher`` scans the text once per region; with dozens of regions that
    is the slowest part of the analysis. Every number it can find is a run of digits
    and separators, so the runs are found once and each is handed to the matcher,
    region by region, until one region accepts it (a number with ``+`` is accepted by
    the first). The release date of a model name (``gpt-4o-2024-08-06``) is not a run.
    Leniency is ``phonenumbers``' own (0 possible … 3 exact grouping).
    """

    RUN = re.compile(
        r"(?<![\w+])(?:\+|00)?[ \t]?\(?\d[\d \t().\-/]{5,24}\d(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,5})?(?!\w)"
    )

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        import phonenumbers

        results = []
        for run in self.RUN.finditer(context.blank_dated_ids(text)):
            candidate = run.group()
            for region in self.supported_regions:
                matches = list(phonenumbers.PhoneNumberMatcher(candidate, region, leniency=self.leniency))
                if matches:
                    for match in matches:
                        start, end = run.start() + match.start, run.start() + match.end
                        results.append(RecognizerResult("PHONE_NUMBER", start, end, self.SCORE))
                    break
        return results


# Card networks' issuer ranges and lengths (ISO/IEC 7812 IINs as the networks publish them).
_NETWORKS = (
    ("4", (13, 16, 19)),  # Visa
    ("51-55 2221-2720", (16,)),  # Mastercard
    ("34 37", (15,)),  # American Express
    ("6011 644-649 65 622126-622925", (16, 17, 18, 19)),  # Discover
    ("36 300-305 3095 38-39", (14, 15, 16, 17, 18, 19)),  # Diners Club (International, Carte Blanche)
    ("3528-3589", (16, 17, 18, 19)),  # JCB
    ("2131 1800", (15,)),  # JCB (the older 15-digit ranges)
    ("62 81", (16, 17, 18, 19)),  # UnionPay
    ("50 56-69", (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
    ("2200-2204", (16, 17, 18, 19)),  # Mir
    ("1", (15,)),  # UATP
)


def _ranges() -> list[tuple[str, str, tuple[int, ...]]]:
    out = []
    for spec, lengths in _NETWORKS:
        for part in spec.split():
            low, _, high = part.partition("-")
            out.append((low, high or low, lengths))
    return out


_CARD_RANGES = _ranges()


def card_network_ok(digits: str) -> bool:
    """Whether ``digits`` has the length one of the networks issuing its prefix uses."""
    for low, high, lengths in _CARD_RANGES:
        head = digits[: len(low)]
        if len(digits) in lengths and low <= head <= high:
            return True
    return False


class NetworkCardRecognizer(CreditCardRecognizer):
    """Card numbers of 12–19 digits, whole or grouped; Luhn (presidio) and network ranges."""

    def __init__(self) -> None:
        super().__init__(patterns=[Pattern("card, any network", r"(?<![\d-])\d{4}(?:[- ]?\d{1,6}){1,4}(?![\d-])", 0.5)])

    def validate_result(self, pattern_text: str) -> bool:
        digits = re.sub(r"\D", "", pattern_text)
        return 12 <= len(digits) <= 19 and card_network_ok(digits) and bool(super().validate_result(pattern_text))


class CuedSsnRecognizer(EntityRecognizer):
    """An SSN right after its label, separators or not ("SSN 536221934"): presidio scores a
    bare nine-digit run too low to report, the label is what makes it one."""

    PATTERN = re.compile(
        r"(?i)\b(?:ssn|social[ \t]+security(?:[ \t]+(?:number|no\.?|num|#))?|soc\.?[ \t]*sec\.?(?:[ \t]+no\.?)?)"
        r"(?:[ \t]+(?:number|no\.?|#))?[^\d\n]{0,20}?(?<!\d)(?P<id>\d{3}([- .]?)\d{2}\2\d{4})(?!\d)"
    )

    def __init__(self) -> None:
        self._ssn = UsSsnRecognizer()
        super().__init__(supported_entities=["US_SSN"], name="CuedSsnRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        return [
            RecognizerResult("US_SSN", m.start("id"), m.end("id"), 0.7)
            for m in self.PATTERN.finditer(text)
            if not self._ssn.invalidate_result(m.group("id"))
        ]


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class CaselessIbanRecognizer(IbanRecognizer):
    """presidio's IBAN recognizer (checksum, country lengths) on an upper-cased copy: a
    customer types "de35 3704 …". Only ASCII is upper-cased, so offsets stay the same."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None, **kwargs: Any) -> Any:
        return super().analyze(text.translate(_ASCII_UPPER), entities, nlp_artifacts, **kwargs)


class SpelledEmailRecognizer(EntityRecognizer):
    """E-mail addresses spelled out against harvesters: "ottilie.brandauer at gmx dot at",
    "jo [at] example [dot] org". The domain must end in a real suffix (tldextract's
    bundled list), and the mailbox must look like one (a dot, digit, ``_`` or ``+``) or
    follow a mail word: "look at github dot com" is directions."""

    _AT = r"(?:[ \t]*(?:\(at\)|\[at\]|\{at\}|<at>)[ \t]*|[ \t]+at[ \t]+)"
    _DOT = r"(?:[ \t]*(?:\(dot\)|\[dot\]|\{dot\}|<dot>)[ \t]*|[ \t]+dot[ \t]+|\.)"
    PATTERN = re.compile(
        rf"(?i)(?<![\w.+-])(?P<local>[a-z0-9][\w.+-]{{0,63}}){_AT}(?P<domain>[a-z0-9][a-z0-9-]{{0,62}}"
        rf"(?:{_DOT}[a-z0-9][a-z0-9-]{{0,62}})+)(?![\w@])"
    )
    MAIL_WORDS = re.compile(r"(?i)\b(?:e-?mail|mail|write|reach|contact|address|inbox|send)\b")

    def __init__(self) -> None:
        super().__init__(supported_entities=["EMAIL_ADDRESS"], name="SpelledEmailRecognizer", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        results = []
        for m in self.PATTERN.finditer(text):
            if "dot" not in m.group().lower() and "at)" not in m.group().lower() and "at]" not in m.group().lower():
                continue  # "x at y.com" with a real dot is prose about a site, not an obfuscated address
            domain = spelled_email("x@" + m.group("domain")).partition("@")[2]
            if _OFFLINE_TLD(domain).fqdn == "":
                continue
            local = m.group("local")
            if not (re.search(r"[\d._+-]", local) or self.MAIL_WORDS.search(text[max(0, m.start() - 40) : m.start()])):
                continue
            results.append(RecognizerResult("EMAIL_ADDRESS", m.start(), m.end(), 0.7))
        return results


_DIGITS = r"\d(?:[\s().\-/]*\d){6,}"


def pattern_recognizers(
    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS, phone_leniency: str = "valid"
) -> list[Screened]:
    return [
        Screened(OfflineEmailRecognizer(), r"@"),
        Screened(SpelledEmailRecognizer(), r"(?i)[ \t(\[{<]at[ \t)\]}>]"),
        Screened(
            RegionalPhoneRecognizer(supported_regions=phone_regions, leniency=LENIENCY[phone_leniency]),
            _DIGITS,
        ),
        Screened(NetworkCardRecognizer(), r"\d{4}"),
        Screened(UsSsnRecognizer(), r"\d{3}[- .]?\d{2}[- .]?\d{4}"),
        Screened(CuedSsnRecognizer(), r"(?i)ssn|social|soc\.?\s*sec"),
        Screened(CaselessIbanRecognizer(), r"(?i)[A-Z]{2}\d{2}"),
        Screened(IpRecognizer(), r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{0,4}:"),
        Screened(StreetAddressRecognizer(), r"\d"),
        Screened(DateOfBirthRecognizer(), r"(?i)birth|born|\bd\.?o\.?b\b"),
        Screened(
            LabelledIdRecognizer("PASSPORT_NUMBER", r"passport|travel[ \t]+document|travel[ \t]+doc"),
            r"(?i)passport|travel[ \t]+doc",
        ),
        Screened(
            LabelledIdRecognizer("DRIVER_LICENSE", r"driver'?s?[ \t]+licen[cs]e|driving[ \t]+licen[cs]e|DL"),
            r"(?i)licen[cs]e|\bDL\b",
        ),
        Screened(CueNameRecognizer(), r"[A-Za-z]"),
    ]
