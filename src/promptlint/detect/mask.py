"""Masked previews: enough to find the value in review, never the value itself.

Every message, snippet, cache entry and baseline entry about personal data or secrets
goes through here (DESIGN.md "Privacy"): ``j***@e******.com``, ``J*** S***``,
``***-***-**67``, ``sk-p…****``.
"""

from __future__ import annotations

import hashlib
import re


def mask(entity: str, value: str) -> str:
    value = value.strip()
    if entity == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.partition("@")
        label, dot, rest = domain.partition(".")
        return f"{local[:1]}***@{label[:1]}{'*' * max(1, len(label) - 1)}{dot}{_tld(rest)}"
    if entity == "PERSON":
        return " ".join(f"{part[:1]}***" for part in value.split()) or "***"
    if entity == "SECRET":
        return f"{value[:4]}…****" if len(value) > 8 else "****"
    digits = re.sub(r"\D", "", value)
    if entity in ("PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "PASSPORT_NUMBER", "DRIVER_LICENSE"):
        keep = value[-2:] if entity != "CREDIT_CARD" else digits[-4:]
        masked = re.sub(r"[A-Za-z0-9]", "*", value[: len(value) - len(keep)])
        return masked + keep
    if entity == "IP_ADDRESS":
        head = re.split(r"[.:]", value, maxsplit=1)[0]
        return head + re.sub(r"[0-9A-Fa-f]", "*", value[len(head) :])
    if entity == "DATE_OF_BIRTH":
        return re.sub(r"\d", "*", value)
    if entity == "STREET_ADDRESS":
        return re.sub(r"(?<=[^\W\d_])[^\W\d_]", "*", re.sub(r"\d", "*", value))
    return value[:1] + "***"


def _tld(rest: str) -> str:
    # "co.uk" stays readable: the suffix identifies nobody.
    return rest if len(rest) <= 6 else rest[:3] + "…"


def fingerprint(*parts: str) -> str:
    """A stable, irreversible identity for a finding (baselines store only this)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:32]


def normalise(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())
