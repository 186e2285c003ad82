"""One home for spaCy pipelines: which are installed, what an option means, loading.

PII001/PII002 need a pipeline's named-entity recogniser; CON001 needs its dependency
parse. Both find the installed English pipelines, resolve a ``spacy-model`` option
(``auto``: the best installed; ``none``; or a name) and load a pipeline here, once per
process and purpose, with only the components that purpose uses — loading is the most
expensive thing promptlint does (~2 s for ``en_core_web_sm`` on two cores), so the CLI,
the language server (which loads in the background after start-up) and the benchmarks
share one copy. ``spacy`` itself is imported only when a pipeline is loaded.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import threading
from typing import Any, Literal

Purpose = Literal["ner", "parse"]
MODEL_PREFERENCE = ("en_core_web_trf", "en_core_web_lg", "en_core_web_md", "en_core_web_sm")
# Components NER never needs; `tok2vec`/`transformer` are kept only if NER listens to them.
_NOT_FOR_NER = ("tagger", "parser", "attribute_ruler", "lemmatizer", "morphologizer", "senter", "trainable_lemmatizer")
_LOADED: dict[tuple[str, str], Any] = {}
_LOCK = threading.Lock()


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
            f"spaCy pipeline {value!r} is not installed (`python -m spacy download {value}`), "
            "or use 'auto' to pick the best installed English pipeline"
        )


def is_loaded(model: str, purpose: Purpose) -> bool:
    return (model, purpose) in _LOADED


def load(model: str, purpose: Purpose) -> Any:
    """The pipeline ``model`` with the components ``purpose`` needs, loaded once per process.

    Thread-safe: a language server loading in the background and a request that needs
    the pipeline now wait for the same single load.
    """
    key = (model, purpose)
    pipeline = _LOADED.get(key)
    if pipeline is not None:
        return pipeline
    with _LOCK:
        pipeline = _LOADED.get(key)
        if pipeline is None:
            import spacy

            pipeline = _load_ner(spacy, model) if purpose == "ner" else spacy.load(model, exclude=["ner"])
            _LOADED[key] = pipeline
        return pipeline


def _load_ner(spacy: Any, model: str) -> Any:
    """Only what NER needs: a small model's NER has its own embedding layer."""
    try:
        nlp = spacy.load(model, exclude=[*_NOT_FOR_NER, "tok2vec"])
        nlp("Jane Doe lives in Paris.")  # fails fast if NER listened to the excluded tok2vec
        return nlp
    except Exception:
        return spacy.load(model, exclude=list(_NOT_FOR_NER))
