"""English adjectives, adverbs and verbs, from the installed spaCy pipeline's own data.

At the start of a sentence every word is capitalised, so "Further, you must…" and
"Corresponding Source, you remain obligated…" look like someone being addressed. What
tells them from "Dana, your order…" is the dictionary: *further* and *corresponding*
are English words, *Dana* is not one that starts a sentence that way.

Every English spaCy pipeline (``en_core_web_sm`` … ``_trf``) ships its rule
lemmatizer's tables, among them WordNet's lemma index per part of speech. The
adjective, adverb and verb lists are used here; the noun list is not, because WordNet
lists people (*einstein*, *dana*) among its nouns. The file is read directly with
``srsly`` (a spaCy dependency), without importing spaCy, and only when a sentence-initial
candidate needs it. Without a pipeline the set is empty and the callers fall back to
function words and the document's own lower-case words.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from promptlint.nlp import resolve_model


@cache
def english_words() -> frozenset[str]:
    """Lower-case adjectives, adverbs and verbs known to the installed English pipeline."""
    path = _lookups_path()
    if path is None:
        return frozenset()
    try:
        import srsly

        tables = srsly.read_msgpack(path)
        index, exceptions = tables["lemma_index"], tables["lemma_exc"]
    except Exception:
        return frozenset()
    # The index is keyed by hashed part-of-speech names; the noun table is the one whose
    # exceptions lemmatise "children".
    nouns = {key for key, table in exceptions.items() if isinstance(table, dict) and "children" in table}
    if not nouns:
        return frozenset()
    return frozenset(
        word for key, words in index.items() if key not in nouns for word in words if word.isalpha() and len(word) > 2
    )


def _lookups_path() -> Path | None:
    model = resolve_model("auto")
    if model is None:
        return None
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        for candidate in sorted(Path(root).glob("*/lemmatizer/lookups/lookups.bin")):
            return candidate
        direct = Path(root) / "lemmatizer" / "lookups" / "lookups.bin"
        if direct.is_file():
            return direct
    return None
