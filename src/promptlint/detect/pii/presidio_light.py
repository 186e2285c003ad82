"""Import the few presidio modules the PII engine uses, without presidio's package imports.

``import presidio_analyzer`` (and so any ``from presidio_analyzer… import X``) runs the
package's ``__init__``, which imports ``AnalyzerEngine`` → ``RecognizerRegistry`` →
every predefined recognizer of every country (~180 regular expressions compiled at
import) and ``nlp_engine`` → spaCy: ~1.4 s of CPU on two cores. The engine needs six
recognizers and the base classes, which cost ~0.04 s on their own, and spaCy only when
a text needs NER. :func:`load` therefore registers presidio's packages as *shells*:
module objects with the package's real ``__path__`` whose ``__init__`` has not run
yet, so that importing one recognizer module imports just that module and what it
names. The base classes are put on the root shell (what recognizer modules import
from it), and ``NlpArtifacts``, which two recognizer modules name only as a parameter
annotation, is a placeholder on the ``nlp_engine`` shell.

Anything else asked of a shell (``from presidio_analyzer import AnalyzerEngine``, the
benchmark's presidio-defaults engine in the same process) *completes* presidio: the
placeholder is removed and each package's real ``__init__`` runs inside its shell, the
root first, as a plain ``import presidio_analyzer`` would; modules imported meanwhile
are reused, so every class keeps its identity. If presidio is already imported, or its
layout is not the expected one, nothing is stubbed and the plain import is used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

ROOT = "presidio_analyzer"
# Packages whose __init__ imports far more than the engine uses (parents before children).
SHELLS = (
    ROOT,
    f"{ROOT}.nlp_engine",
    f"{ROOT}.predefined_recognizers",
    f"{ROOT}.predefined_recognizers.generic",
    f"{ROOT}.predefined_recognizers.country_specific",
    f"{ROOT}.predefined_recognizers.country_specific.us",
)
# What recognizer modules import from the root package, in presidio's own import order.
_BASE = (
    ("analysis_explanation", "AnalysisExplanation"),
    ("recognizer_result", "RecognizerResult"),
    ("entity_recognizer", "EntityRecognizer"),
    ("local_recognizer", "LocalRecognizer"),
    ("pattern", "Pattern"),
    ("pattern_recognizer", "PatternRecognizer"),
)
_PLACEHOLDERS = {f"{ROOT}.nlp_engine": ("NlpArtifacts",)}
_LOCK = threading.RLock()
_state = {"shells": False, "completing": False}
_pending: dict[str, types.ModuleType] = {}  # shells whose real __init__ has not run


class _Placeholder:
    """Stands for ``NlpArtifacts`` in annotations until presidio is completed."""


def _complete_one(name: str) -> None:
    module = _pending.pop(name, None)
    if module is None:
        return
    for attr in _PLACEHOLDERS.get(name, ()):
        module.__dict__.pop(attr, None)
    module.__dict__.pop("__getattr__", None)
    module.__spec__.loader.exec_module(module)  # type: ignore[union-attr]


def complete() -> None:
    """Run every shell's real ``__init__`` (root first, as ``import presidio_analyzer`` does)."""
    with _LOCK:
        if not _pending or _state["completing"]:
            return
        _state["completing"] = True
        try:
            for name in list(_pending):  # placeholders go before any real module can import them
                for attr in _PLACEHOLDERS.get(name, ()):
                    _pending[name].__dict__.pop(attr, None)
            for name in SHELLS:
                _complete_one(name)
        finally:
            _state["completing"] = False


def _shell(name: str) -> types.ModuleType:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.submodule_search_locations is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)

    def __getattr__(attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        with _LOCK:
            if _state["completing"]:
                _complete_one(name)  # asked for while an outer package's __init__ runs
            else:
                complete()
        if attr in module.__dict__:
            return module.__dict__[attr]
        raise AttributeError(f"module {name!r} has no attribute {attr!r}")

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    return module


def load() -> None:
    """Register the shells (once, unless presidio is imported already)."""
    with _LOCK:
        if _state["shells"] or ROOT in sys.modules:
            return
        _state["shells"] = True
        try:
            shells = {}
            for name in SHELLS:
                shells[name] = module = _shell(name)
                sys.modules[name] = module
                _pending[name] = module
                parent, _, child = name.rpartition(".")
                if parent:
                    setattr(shells[parent], child, module)
            root = shells[ROOT]
            for submodule, attr in _BASE:
                setattr(root, attr, getattr(importlib.import_module(f"{ROOT}.{submodule}"), attr))
            for name, attrs in _PLACEHOLDERS.items():
                for attr in attrs:
                    setattr(shells[name], attr, _Placeholder)
        except Exception:
            # An unexpected presidio layout: forget the shells, use the plain import.
            for name in [n for n in sys.modules if n == ROOT or n.startswith(ROOT + ".")]:
                del sys.modules[name]
            _pending.clear()
            importlib.import_module(ROOT)
