"""The PII engine: presidio recognizers and a spaCy NER pipeline, built once per process.

* Pattern recognizers (email, phone, credit card, US SSN, IBAN, IP) are presidio's own,
  with their validation (Luhn, IBAN checksums, phone-number parsing, invalid-SSN
  ranges); the email recognizer checks domains against tldextract's bundled suffix
  list, never the network. Street addresses, dates of birth, passport and driver's
  licence numbers, and names introduced by a cue are promptlint's own presidio
  recognizers.
* Person names also come from spaCy NER through presidio's ``SpacyRecognizer`` and a
  ``SpacyNlpEngine`` built explicitly around a pipeline loaded with only the NER
  component (never presidio's default engine, which downloads ``en_core_web_lg``).
* Texts are screened first (:func:`promptlint.privacy.context.needs_analysis`): most
  prompt text has nothing that could be personal data, and then presidio and spaCy are
  not even imported. Account names in home-folder paths are plain patterns
  (:mod:`promptlint.privacy.homepaths`) and never import presidio either. NER runs
  only on texts with a personal cue, batched with ``nlp.pipe``. Raw candidates are
  cached by text hash (offsets and types only), so an unchanged example is never
  analysed twice.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from promptlint.privacy import context, homepaths

LOG = logging.getLogger("promptlint")
ENGINE_VERSION = "2"  # 2: USERNAME, cue kinds, no vocative before an ellipsis
MODEL_PREFERENCE = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
# Components NER never needs; `tok2vec`/`transformer` are kept only if NER listens to them.
_NOT_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter", "trainable_lemmatizer")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A raw detection: entity type, span in the analysed text, recognizer score."""

    entity: str
    start: int
    end: int
    score: float


# ---------------------------------------------------------------------- models


def _size_rank(name: str) -> int:
    for rank, suffix in enumerate(("_trf", "_lg", "_md", "_sm")):
        if suffix in name:
            return rank
    return len(MODEL_PREFERENCE)


def installed_models() -> list[str]:
    """Installed English pipelines, best first (official names, then `spacy_models` entry points)."""
    found = [name for name in MODEL_PREFERENCE if importlib.util.find_spec(name) is not None]
    try:
        extra = [ep.name for ep in importlib.metadata.entry_points(group="spacy_models")]
    except Exception:
        extra = []
    extra = sorted({n for n in extra if n.startswith("en_") and n not in found}, key=lambda n: (_size_rank(n), n))
    return sorted(found, key=_size_rank) + extra


def resolve_model(choice: str) -> str | None:
    """``auto`` → the best installed English pipeline (or None); ``none`` → None."""
    if choice == "none":
        return None
    if choice == "auto":
        models = installed_models()
        return models[0] if models else None
    return choice


def check_model_option(value: str) -> None:
    """Config-time check: a named model must be installed (``auto``/``none`` always pass)."""
    if value in ("auto", "none"):
        return
    if importlib.util.find_spec(value) is None and value not in installed_models():
        raise ValueError(
            f"spaCy pipeline {value!r} is not installed (pip install {value.replace('_', '-')}), "
            "or use 'auto' to pick the best installed English pipeline"
        )


_NOTICE_SHOWN = False


def no_model_notice() -> None:
    global _NOTICE_SHOWN
    if not _NOTICE_SHOWN:
        _NOTICE_SHOWN = True
        LOG.warning(
            "note: no spaCy English pipeline is installed, so PII001/PII002 cannot recognise person names "
            "without a cue; emails, phones, cards and the other patterns are still checked. "
            "Install one with `pip install en-core-web-sm` (or `python -m spacy download en_core_web_sm`)."
        )


# ---------------------------------------------------------------------- engine


class PiiEngine:
    """Presidio recognizers + optional spaCy NER. Build with :func:`get_engine`."""

    def __init__(self, model: str | None) -> None:
        self.model = model
        self._patterns: list[Any] | None = None
        self._analyzer: Any = None
        self._nlp_engine: Any = None
        self._memory: dict[str, list[Candidate]] = {}

    # -- lazy construction ------------------------------------------------------

    def _recognizers(self) -> list[Any]:
        if self._patterns is None:
            logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
            from promptlint.privacy import recognizers

            self._patterns = recognizers.pattern_recognizers()
        return self._patterns

    def _ner(self) -> Any:
        """presidio AnalyzerEngine over an explicitly built SpacyNlpEngine (NER only)."""
        if self._analyzer is None and self.model is not None:
            import spacy
            from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
            from presidio_analyzer.nlp_engine import SpacyNlpEngine
            from presidio_analyzer.predefined_recognizers import SpacyRecognizer

            logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
            nlp = _load_ner_pipeline(spacy, self.model)
            engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": self.model}])
            engine.nlp = {"en": nlp}  # already loaded: presidio must not load (or download) anything
            registry = RecognizerRegistry(recognizers=[SpacyRecognizer(supported_entities=["PERSON"])])
            self._nlp_engine = engine
            self._analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
        return self._analyzer

    # -- analysis -----------------------------------------------------------------

    def analyze(self, texts: Sequence[str]) -> list[list[Candidate]]:
        """Raw candidates for each text (placeholders and context are judged by the caller)."""
        results: list[list[Candidate] | None] = [None] * len(texts)
        keys = [self._key(text) for text in texts]
        pending: list[int] = []
        for index, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if not context.needs_analysis(text):
                results[index] = []
                continue
            cached = self._memory.get(key) or self._load(key)
            if cached is not None:
                results[index] = cached
            else:
                pending.append(index)
        if pending:
            found = self._analyze_fresh([texts[i] for i in pending])
            for index, candidates in zip(pending, found, strict=True):
                results[index] = candidates
                self._memory[keys[index]] = candidates
                self._store(keys[index], candidates)
        return [r or [] for r in results]

    def _analyze_fresh(self, texts: list[str]) -> list[list[Candidate]]:
        out: list[list[Candidate]] = []
        ner_wanted: list[int] = []
        for index, text in enumerate(texts):
            # Home-folder accounts are plain patterns: a text with only a path never imports presidio.
            out.append([Candidate("USERNAME", a, b, 0.8) for a, b in homepaths.find(text)])
            if not context.needs_presidio(text):
                continue
            candidates = []
            for recognizer in self._recognizers():
                if not recognizer.screen(text):
                    continue
                for r in recognizer.analyze(text, entities=recognizer.supported_entities, nlp_artifacts=None):
                    candidates.append(Candidate(r.entity_type, r.start, r.end, float(r.score)))
            out[index].extend(candidates)
            if candidates or context.needs_ner(text):
                ner_wanted.append(index)
        if ner_wanted:
            if self.model is None:
                no_model_notice()
            else:
                analyzer = self._ner()
                batch = [texts[i] for i in ner_wanted]
                artifacts = self._nlp_engine.process_batch(batch, language="en", batch_size=32)
                for index, (_, nlp_artifacts) in zip(ner_wanted, artifacts, strict=True):
                    for r in analyzer.analyze(
                        texts[index], language="en", entities=["PERSON"], nlp_artifacts=nlp_artifacts
                    ):
                        out[index].append(Candidate("PERSON", r.start, r.end, float(r.score)))
        return out

    # -- cache ----------------------------------------------------------------------

    def _key(self, text: str) -> str:
        digest = hashlib.sha256(f"{ENGINE_VERSION}\x00{self.model}\x00".encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path | None:
        return _CACHE_DIR / "pii" / key[:2] / f"{key}.json" if _CACHE_DIR else None

    def _load(self, key: str) -> list[Candidate] | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return [Candidate(*item) for item in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            return None

    def _store(self, key: str, candidates: list[Candidate]) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps([[c.entity, c.start, c.end, round(c.score, 3)] for c in candidates])
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
            Path(tmp).replace(path)
        except OSError:
            pass


_CACHE_DIR: Path | None = None


def set_cache_dir(directory: Path | None) -> None:
    """Where analysed-block results are kept (set by the runner; None: memory only)."""
    global _CACHE_DIR
    _CACHE_DIR = directory


def cache_dir() -> Path | None:
    """The result cache directory of this run (None: memory only); CON001's judge uses it too."""
    return _CACHE_DIR


@cache
def get_engine(choice: str) -> PiiEngine:
    """One engine per model choice per process (shared by the CLI, the LSP, benchmarks)."""
    return PiiEngine(resolve_model(choice))


def _load_ner_pipeline(spacy: Any, model: str) -> Any:
    """Load only what NER needs: small models' NER has its own embedding layer."""
    try:
        nlp = spacy.load(model, exclude=[*_NOT_FOR_NER, "tok2vec"])
        nlp("Jane Doe lives in Paris.")  # fails fast if NER listened to the excluded tok2vec
        return nlp
    except Exception:
        return spacy.load(model, exclude=list(_NOT_FOR_NER))


def mask_templates(text: str) -> str:
    """Blank out template syntax (same length, offsets kept): NER must not read `{{ }}`."""
    from promptlint.document.scan import scan_placeholders

    chars = None
    for placeholder in scan_placeholders(text):
        if chars is None:
            chars = list(text)
        for i in range(placeholder.span.start, placeholder.span.end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return text if chars is None else "".join(chars)
