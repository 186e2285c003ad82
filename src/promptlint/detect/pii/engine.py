"""The PII engine: presidio recognizers and a spaCy NER pipeline, built once per process.

* Pattern recognizers (email, phone, credit card, US SSN, IBAN, IP) are presidio's own,
  with their validation (Luhn, IBAN checksums, phone-number parsing, invalid-SSN
  ranges); the email recognizer checks domains against tldextract's bundled suffix
  list, never the network. Street addresses, dates of birth, passport and driver's
  licence numbers, and names introduced by a cue are promptlint's own presidio
  recognizers.
* Person names also come from spaCy NER: a pipeline loaded with only the NER component
  (never presidio's default engine, which downloads ``en_core_web_lg``), its entities
  taken as presidio's ``SpacyRecognizer`` takes them (:func:`ner_candidates`) without
  importing presidio's ``AnalyzerEngine``; presidio's recognizer modules are imported
  one by one (:mod:`promptlint.detect.pii.presidio_light`), never its whole package.
* Texts are screened first (:func:`promptlint.detect.pii.context.needs_analysis`): most
  prompt text has nothing that could be personal data, and then presidio and spaCy are
  not even imported. Account names in home-folder paths are plain patterns
  (:mod:`promptlint.detect.pii.homepaths`) and never import presidio either. NER runs
  only on texts with a personal cue, batched with ``nlp.pipe``; the pipeline comes from
  :mod:`promptlint.nlp`, loaded once per process. Raw candidates are cached by text
  hash in the run's store (offsets and types only), so an unchanged example is never
  analysed twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from promptlint import nlp as nlp_models
from promptlint.detect.pii import context, homepaths
from promptlint.store import Store, content_key

LOG = logging.getLogger("promptlint")
ENGINE_VERSION = "3"  # 2: USERNAME, cue kinds, no vocative before an ellipsis; 3: round two (issue 11)


@dataclass(frozen=True, slots=True)
class PhoneConfig:
    """Where phone numbers are read from (``phone-regions``) and how strictly (``phone-leniency``)."""

    regions: tuple[str, ...] = ()
    leniency: str = "valid"

    def __post_init__(self) -> None:
        if not self.regions:
            from promptlint.detect.pii.regions import DEFAULT_PHONE_REGIONS

            object.__setattr__(self, "regions", DEFAULT_PHONE_REGIONS)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A raw detection: entity type, span in the analysed text, recognizer score."""

    entity: str
    start: int
    end: int
    score: float


NO_MODEL_NOTICE = (
    "note: no spaCy English pipeline is installed, so PII001/PII002 cannot recognise person names without a cue; "
    "emails, phones, cards and the other patterns are still checked. Install one with "
    "`python -m spacy download en_core_web_sm`."
)
# A store namespace of its own; entries are offsets and entity types, never text.
NAMESPACE = "pii"
_MEMORY_ENTRIES = 50_000


# ---------------------------------------------------------------------- engine


class PiiEngine:
    """Presidio recognizers + optional spaCy NER. Build with :func:`get_engine`."""

    def __init__(self, model: str | None) -> None:
        self.model = model
        self._patterns: dict[tuple[tuple[str, ...], str], list[Any]] = {}
        self._nlp: Any = None
        # Per process: a language server re-analyses the same blocks on every keystroke.
        self._memory: dict[str, list[Candidate]] = {}

    # -- lazy construction ------------------------------------------------------

    def _recognizers(self, phone: PhoneConfig | None = None) -> list[Any]:
        phone = phone or PhoneConfig()
        key = (phone.regions, phone.leniency)
        if key not in self._patterns:
            logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
            from promptlint.detect.pii import recognizers

            self._patterns[key] = recognizers.pattern_recognizers(phone.regions, phone.leniency)
        return self._patterns[key]

    def _ner(self) -> Any:
        """The spaCy pipeline with only the NER component (None without a model).

        presidio's ``AnalyzerEngine`` is not used for NER: over a ``SpacyRecognizer`` it
        only maps spaCy's labels and gives every entity presidio's default NER score
        (:func:`ner_candidates` does the same), and importing it costs ~0.5 s more than
        spaCy (every predefined recognizer; see :mod:`presidio_light`).
        """
        if self._nlp is None and self.model is not None:
            self._nlp = nlp_models.load(self.model, "ner")
        return self._nlp

    # -- analysis -----------------------------------------------------------------

    def warm(self) -> None:
        """Load presidio and the NER pipeline now (the language server does this at start-up)."""
        self._recognizers()
        self._ner()

    def analyze(
        self,
        texts: Sequence[str],
        store: Store | None = None,
        notice: Callable[[str], None] | None = None,
        phone: PhoneConfig | None = None,
    ) -> list[list[Candidate]]:
        """Raw candidates for each text (placeholders and context are judged by the caller).

        Analysed texts are kept in ``store`` (the run's cache) by content hash; a stored
        entry that is not exactly a list of in-range candidates is ignored and redone.
        """
        results: list[list[Candidate] | None] = [None] * len(texts)
        phone = phone or PhoneConfig()
        keys = [self._key(text, phone) for text in texts]
        pending: list[int] = []
        for index, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if not context.needs_analysis(text):
                results[index] = []
                continue
            cached = self._memory.get(key)
            if cached is None and store is not None:
                cached = _valid(store.get(NAMESPACE, key), len(text))
            if cached is not None:
                results[index] = cached
            else:
                pending.append(index)
        if pending:
            found = self._analyze_fresh([texts[i] for i in pending], notice, phone)
            for index, candidates in zip(pending, found, strict=True):
                results[index] = candidates
                if len(self._memory) >= _MEMORY_ENTRIES:
                    self._memory.clear()
                self._memory[keys[index]] = candidates
                if store is not None:
                    payload = [[c.entity, c.start, c.end, round(c.score, 3)] for c in candidates]
                    store.put(NAMESPACE, keys[index], payload)
        return [r or [] for r in results]

    def _analyze_fresh(
        self, texts: list[str], notice: Callable[[str], None] | None, phone: PhoneConfig
    ) -> list[list[Candidate]]:
        out: list[list[Candidate]] = []
        ner_wanted: list[int] = []
        for index, text in enumerate(texts):
            # Home-folder accounts are plain patterns: a text with only a path never imports presidio.
            out.append([Candidate("USERNAME", a, b, 0.8) for a, b in homepaths.find(text)])
            if not context.needs_presidio(text):
                continue
            candidates = []
            for recognizer in self._recognizers(phone):
                if not recognizer.screen(text):
                    continue
                for r in recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None):
                    candidates.append(Candidate(r.entity_type, r.start, r.end, float(r.score)))
            out[index].extend(candidates)
            if candidates or context.needs_ner(text):
                ner_wanted.append(index)
        if ner_wanted:
            if self.model is None:
                if notice is not None:
                    notice(NO_MODEL_NOTICE)
                else:
                    LOG.warning(NO_MODEL_NOTICE)
            else:
                docs = self._ner().pipe([texts[i] for i in ner_wanted], batch_size=32)
                for index, doc in zip(ner_wanted, docs, strict=True):
                    out[index].extend(ner_candidates(doc))
        return out

    # -- cache ----------------------------------------------------------------------

    def _key(self, text: str, phone: PhoneConfig) -> str:
        return content_key(ENGINE_VERSION, str(self.model), ",".join(phone.regions), phone.leniency, text)


# presidio's NER defaults (``NerModelConfiguration``): spaCy labels that map to the two
# entities asked for, and the score given to every spaCy entity (spaCy has none).
_NER_LABELS = {
    **dict.fromkeys(("PERSON", "PER", "PATIENT", "STAFF", "HCW"), "PERSON"),
    **dict.fromkeys(("ORG", "HOSP", "PATORG", "HOSPITAL"), "ORGANIZATION"),
}
NER_SCORE = 0.85


def ner_candidates(doc: Any) -> list[Candidate]:
    """PERSON (and ORGANIZATION, as ``PERSON_ORG``) entities of a spaCy ``doc``, as
    presidio's ``AnalyzerEngine`` with a ``SpacyRecognizer`` returns them: same labels,
    score and order, contained duplicates removed (``EntityRecognizer.remove_duplicates``)."""
    from promptlint.detect.pii import presidio_light

    presidio_light.load()
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    results = [
        RecognizerResult(_NER_LABELS[ent.label_], ent.start_char, ent.end_char, NER_SCORE)
        for ent in doc.ents
        if ent.label_ in _NER_LABELS
    ]
    return [
        Candidate("PERSON" if r.entity_type == "PERSON" else "PERSON_ORG", r.start, r.end, float(r.score))
        for r in EntityRecognizer.remove_duplicates(results)
    ]


def _valid(value: Any, length: int) -> list[Candidate] | None:
    """A stored entry, if it is exactly what :meth:`PiiEngine.analyze` writes."""
    if not isinstance(value, list):
        return None
    out = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str)):
            return None
        entity, start, end, score = item
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= length:
            return None
        if not isinstance(score, int | float) or isinstance(score, bool):
            return None
        out.append(Candidate(entity, start, end, float(score)))
    return out


@cache
def get_engine(choice: str) -> PiiEngine:
    """One engine per model choice per process (shared by the CLI, the LSP, benchmarks)."""
    return PiiEngine(nlp_models.resolve_model(choice))


def mask_templates(text: str) -> str:
    """Blank out template syntax (same length, offsets kept): NER must not read `{{ }}`."""
    from promptlint.document.parsers.scan import scan_placeholders

    chars = None
    for placeholder in scan_placeholders(text):
        if chars is None:
            chars = list(text)
        for i in range(placeholder.span.start, placeholder.span.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return text if chars is None else "".join(chars)
