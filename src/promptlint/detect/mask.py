"""Masked previews: enough to find the value in review, never the value itself.

Every message, snippet, cache entry and baseline entry about personal data or secrets
goes through here (DESIGN.md "Privacy"): ``j***@e******.com``, ``J*** S***``,
``***-***-**67``, ``sk-p…****``.
"""

from __future__ import annotations

import hashlib
import re


def mask(entity: str, value: str) -> str:
    # One line: an address found over three lines is previewed on one.
    value = " ".join(value.split())
    if entity == "EMAIL_ADDRESS" and "@" not in value:
        value = spelled_email(value)  # "ottilie.b at gmx dot at" previews as o***@g**.at
    if entity == "EMAIL_ADDRESS" and "@" in value:
        local, _, domain = value.partition("@")
        label, dot, rest = domain.partition(".")
        return f"{local[:1]}***@{label[:1]}{'*' * max(1, len(label) - 1)}{dot}{_tld(rest)}"
    if entity == "PERSON":
        # Each part of a hyphenated name is masked on its own: "O***-B***", not "O***" for
        # "Okafor-Bellamy" (nor a preview that leaves "-Bellamy" readable).
        return " ".join("-".join(f"{p[:1]}***" for p in part.split("-") if p) for part in value.split()) or "***"
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


_AT = re.compile(r"(?i)[ \t]*(?:\(at\)|\[at\]|\{at\}|<at>)[ \t]*|[ \t]+at[ \t]+")
_DOT = re.compile(r"(?i)[ \t]*(?:\(dot\)|\[dot\]|\{dot\}|<dot>)[ \t]*|[ \t]+dot[ \t]+")


def spelled_email(value: str) -> str:
    """The ordinary form of an address spelled out against harvesters."""
    return _DOT.sub(".", _AT.sub("@", value, count=1))


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
