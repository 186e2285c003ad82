r"""The run-time index of a gitleaks configuration (``data/gitleaks/rules.json``).

Built by ``scripts/update_gitleaks.py`` from the vendored ``gitleaks.toml`` and
re-derived by the test suite, which fails when the two disagree. Building it means:

* translating every Go pattern to Python (:mod:`.goregex`); a rule whose pattern
  cannot be translated, a path-only rule (it matches file names) and a composite
  rule are listed under ``skipped`` with the reason;
* lower-casing keywords and stop words (gitleaks compares them lower-cased);
* dropping the global path allowlist (lock files, vendored trees: never prompts);
* one adaptation to prompts, the only change to gitleaks' semantics: the common
  secret terminator ``(?:[\x60'"\s;]|\\[nr]|$)`` also accepts prose punctuation
  followed by a blank or the end (``…the key is AIza….``), because prompts write keys
  in sentences. The terminator is outside the secret group, so secrets do not change.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

from .goregex import Untranslatable, compile_go, translate

GO_TERMINATOR = r"""(?:[\x60'"\s;]|\\[nr]|$)"""
PROSE_TERMINATOR = r"""(?:[\x60'"\s;]|\\[nr]|[.,:!?)\]}>](?=\s|$)|$)"""


def _pattern(pattern: str) -> str:
    pattern = pattern.replace(GO_TERMINATOR, PROSE_TERMINATOR)
    compile_go(pattern)  # raises Untranslatable with the reason
    return translate(pattern)


def _allowlist(spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if spec.get("regexes"):
        out["regexes"] = [_pattern(r) for r in spec["regexes"]]
    if spec.get("regexTarget"):
        out["regexTarget"] = spec["regexTarget"]
    if spec.get("stopwords"):
        out["stopwords"] = sorted({w.lower() for w in spec["stopwords"]})
    if spec.get("paths"):
        out["paths"] = [_pattern(p) for p in spec["paths"]]
    if spec.get("condition"):
        out["condition"] = spec["condition"].upper()
    return out


def build_index(toml_text: str, commit: str) -> dict[str, Any]:
    """The run-time index of a gitleaks TOML configuration."""
    config = tomllib.loads(toml_text)
    rules: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for spec in config.get("rules", []):
        rule_id = spec["id"]
        if "regex" not in spec:
            skipped.append({"id": rule_id, "reason": "path-only rule: it matches file names, not content"})
            continue
        if spec.get("requiredRules") or spec.get("required"):
            skipped.append({"id": rule_id, "reason": "composite rule (required rules) is not evaluated"})
            continue
        try:
            rule: dict[str, Any] = {"id": rule_id, "regex": _pattern(spec["regex"])}
            if spec.get("entropy"):
                rule["entropy"] = spec["entropy"]
            if spec.get("secretGroup"):
                rule["secretGroup"] = spec["secretGroup"]
            rule["keywords"] = sorted({k.lower() for k in spec.get("keywords", [])})
            if spec.get("path"):
                rule["path"] = _pattern(spec["path"])
            allowlists = [_allowlist(a) for a in spec.get("allowlists", [])]
            if spec.get("allowlist"):
                allowlists.append(_allowlist(spec["allowlist"]))
            if allowlists:
                rule["allowlists"] = allowlists
        except Untranslatable as exc:
            skipped.append({"id": rule_id, "reason": str(exc)})
            continue
        rules.append(rule)
    glob = dict(config.get("allowlist") or {})
    glob.pop("paths", None)  # lock files and vendored trees: never prompts
    glob.pop("description", None)
    return {
        "commit": commit,
        "minVersion": config.get("minVersion", ""),
        "allowlist": _allowlist(glob),
        "rules": rules,
        "skipped": skipped,
    }


def dump_index(index: dict[str, Any]) -> str:
    return json.dumps(index, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
