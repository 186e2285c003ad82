"""What outside promptlint can change a lint result: the analysis environment.

The same prompt gives different PII findings with and without a spaCy pipeline, and
different secret findings with another detect-secrets release. A result cached in one
environment (the pre-commit hook's, say, which has no pipeline) must never be served in
another (the developer's shell, which has one). This signature goes into every result
cache key; it names the installed distributions the rules read and the English spaCy
pipelines installed, with their versions — or their absence.
"""

from __future__ import annotations

import importlib.metadata
from functools import cache

# Distributions whose behaviour shows up in findings.
_DISTRIBUTIONS = (
    "presidio-analyzer",
    "spacy",
    "phonenumbers",
    "detect-secrets",
    "tldextract",
    "tiktoken",
    "jinja2",
    "pyyaml",
)


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


@cache
def signature() -> str:
    """``name=version`` for each relevant distribution and installed spaCy pipeline."""
    from promptlint.nlp import installed_models

    parts = [f"{name}={_version(name)}" for name in _DISTRIBUTIONS]
    pipelines = installed_models()
    parts.append("spacy-pipelines=" + (",".join(f"{p}={_version(p)}" for p in pipelines) or "none"))
    return ";".join(parts)
