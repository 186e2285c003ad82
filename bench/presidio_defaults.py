"""The baseline promptlint's PII rules are compared with: presidio with its defaults.

Usage: python bench/presidio_defaults.py FILE... (prints one JSON line per file)

Default recognizers, default score threshold, every entity, whole files — what a team
gets by pointing `AnalyzerEngine()` at its prompts. The only change from the real
default is the spaCy model: presidio would download `en_core_web_lg`, which is not
reachable here, so the best installed English pipeline is used (the same one
promptlint uses), and tldextract is kept offline.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any


def build_engine() -> Any:
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from promptlint.nlp import installed_models

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    # Keep tldextract offline (the default extractor fetches the public suffix list).
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    tldextract.extract = offline  # type: ignore[assignment]
    import presidio_analyzer.predefined_recognizers.generic.email_recognizer as email_module

    email_module.tldextract.extract = offline  # type: ignore[attr-defined]
    models = installed_models()
    if not models:
        raise SystemExit("no spaCy English pipeline installed")
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": models[0]}]}
    return AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())


def analyze(engine: Any, text: str) -> list[dict[str, Any]]:
    return [
        {"entity": r.entity_type, "start": r.start, "end": r.end, "score": round(r.score, 2)}
        for r in engine.analyze(text=text, language="en")
    ]


def main(argv: list[str]) -> int:
    engine = build_engine()
    for name in argv:
        text = Path(name).read_text(encoding="utf-8", errors="replace")
        print(json.dumps({"path": name, "results": analyze(engine, text)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
