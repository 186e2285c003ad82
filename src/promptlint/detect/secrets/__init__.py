"""Secrets in prompt files: provider keys, tokens, private keys, webhook URLs,
credentials in headers and URLs, and secrets assigned to key/token/password names.

Three sources, then one filter:

1. gitleaks' default rule set (:mod:`.gitleaks`, vendored data, ~220 provider rules
   with keywords, entropy floors and allowlists), behind its keyword pre-filter;
2. detect-secrets' provider plugins (:mod:`.plugins`), imported only when the text
   holds something token-shaped;
3. promptlint's own formats (:mod:`.formats`: what neither covers — AI-platform keys,
   chat and automation webhooks, ``Authorization`` headers anywhere, passwords in
   connection URLs) and key/value syntax (:mod:`.assignments`).

On top, placeholder knowledge (:mod:`.placeholders`): documented and emulator keys,
``<YOUR_API_KEY>``, ``sk-XXXX…``, ``${OPENAI_API_KEY}``, values cut with ``...``,
masked tails, runs like ``abcdefgh``; provider hits without a boundary or that read as
a word (``ASIA…`` in an upper-case sentence, ``hf_`` inside an identifier); and names
that say the value is something else (``clientId``, ``token_url``).

Where findings overlap, a provider's (gitleaks, detect-secrets, own formats) wins over
a name-based one (gitleaks' generic rule, assignments); among equals the earlier and
longer wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import assignments, formats, gitleaks, placeholders, plugins
from .assignments import entropy
from .placeholders import DOCUMENTED_EXAMPLES, is_placeholder

__all__ = ["DOCUMENTED_EXAMPLES", "SecretHit", "entropy", "find_secrets", "is_placeholder", "iter_kinds", "mask_secret"]


@dataclass(frozen=True, slots=True)
class SecretHit:
    kind: str
    start: int
    end: int
    value: str


# gitleaks rules that find a value by the name before it, not by its own shape.
_NAME_BASED = frozenset({"generic-api-key"})
_PRIVATE_KEY_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
# The name in front of a value (`clientId: "…"`, `"token_url": "…"`).
_NAME_BEFORE = re.compile(r"([A-Za-z_$@][\w$@.-]*)[\"'`\]]*\s*(?::=|=>|[:=,]|\bis)\s*[\"'`]?\s*$")
# A provider hit must stand alone: not glued to letters or digits on either side.
_GLUED = re.compile(r"[A-Za-z0-9]")
_TOKEN_END = re.compile(r"[A-Za-z0-9_-]*")
# Plugins whose regex pins a length the provider does not (newer Discord tokens are
# longer): a hit glued to more token characters is the start of the whole token.
_VARIABLE_LENGTH = frozenset({"Discord bot token"})


@dataclass(frozen=True, slots=True)
class _Candidate:
    kind: str
    start: int
    end: int
    name_based: bool
    keyed_hex: bool = False
    # Passwords are chosen by people: one made of words is still a password.
    words_ok: bool = False


def find_secrets(text: str, path: str | None = None) -> list[SecretHit]:
    """Every non-placeholder secret in ``text`` (``path`` enables gitleaks' path-scoped
    rules), in order, without overlaps."""
    candidates = list(_gitleaks(text, path))
    if plugins.SCREEN.search(text):
        candidates.extend(_plugins(text))
    candidates.extend(_own(text))
    candidates.extend(_assignments(text))
    accepted: list[SecretHit] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(candidates, key=lambda c: (c.name_based, c.start, c.start - c.end)):
        if any(c.start < end and start < c.end for start, end in taken):
            continue
        c = _trimmed(text, c)
        value = text[c.start : c.end]
        if not _keep(text, c, value):
            continue
        taken.append((c.start, c.end))
        accepted.append(SecretHit(c.kind, c.start, c.end, value))
    accepted.sort(key=lambda h: h.start)
    return accepted


def _gitleaks(text: str, path: str | None) -> Iterator[_Candidate]:
    for found in gitleaks.scan(text, path):
        start, end = found.start, found.end
        if found.rule == "private-key":
            start, end = _key_block(text, start, end)
        yield _Candidate(gitleaks.kind(found.rule), start, end, found.rule in _NAME_BASED)


def _plugins(text: str) -> Iterator[_Candidate]:
    for kind, regex in plugins.denylists():
        for m in regex.finditer(text):
            start, end = plugins.secret_span(m)
            if kind == "Private key":
                start = text.rfind("-----", 0, m.start()) if "BEGIN" in m.group() else m.start()
                start, end = _key_block(text, m.start() if start < 0 else start, m.end())
                yield _Candidate(kind, start, end, False)
                continue
            if start and _GLUED.match(text, start - 1):
                continue  # `ASIA…` inside a longer upper-case word
            if _GLUED.match(text, end):
                if kind not in _VARIABLE_LENGTH:
                    continue  # a prefix of a longer token: another format
                end = _TOKEN_END.match(text, end).end()
            body = text[start:end]
            if "=" not in m.group() and not placeholders.looks_generated(body):
                continue
            yield _Candidate(kind, start, end, kind == "Password in URL")


def _own(text: str) -> Iterator[_Candidate]:
    lowered = text.lower()
    for fmt in formats.FORMATS:
        if fmt.keyword and fmt.keyword not in lowered:
            continue
        for m in formats.compiled(fmt).finditer(text):
            start, end = m.span(fmt.group)
            body = re.sub(r"^(?:[A-Za-z0-9]{1,10}[_-]){1,3}", "", m.group(fmt.group))
            if "://" not in m.group(fmt.group) and not placeholders.looks_generated(body):
                continue  # `hf_requiredCharacteristicTypes…`: an identifier with a prefix
            yield _Candidate(fmt.kind, start, end, False)
    if "authoriz" in lowered:
        for m in re.finditer(formats.AUTH_HEADER, text):
            value = m.group("secret").rstrip(".,;")
            if m.group("scheme").lower() == "basic" and not formats.basic_credentials(value):
                continue
            start = m.start("secret")
            yield _Candidate("Credential in an Authorization header", start, start + len(value), False)
    if "-u" in text or "--user" in text or "-a " in text or "--auth" in text:
        for m in re.finditer(formats.CLI_USER, text):
            password = m.group("secret")
            if password.lower() in placeholders.WEAK_PASSWORDS:
                continue
            yield _Candidate("Password in a command line", m.start("secret"), m.end("secret"), False, words_ok=True)
    if "://" in text:
        for m in re.finditer(formats.URL_PASSWORD, text):
            password = m.group("secret")
            if password.lower() in placeholders.WEAK_PASSWORDS or password.lower() == m.group("user").lower():
                continue
            yield _Candidate("Password in URL", m.start("secret"), m.end("secret"), False, words_ok=True)


def _assignments(text: str) -> Iterator[_Candidate]:
    generic = gitleaks.generic_allowlists()
    for a in assignments.find(text):
        line_start = text.rfind("\n", 0, a.start) + 1
        line_end = text.find("\n", a.end)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        password = assignments.password_name(a.name)
        if not password and any(allow.allows(a.value, text[line_start : a.end], line, None) for allow in generic):
            continue  # gitleaks' own allowlist for named values (identifiers, known hashes)
        if a.keyed_hex or assignments.looks_random(a.value):
            kind = f"Secret assigned to '{a.name[:40]}'"
            yield _Candidate(kind, a.start, a.end, True, a.keyed_hex, password)


def _trimmed(text: str, c: _Candidate) -> _Candidate:
    """Without the sentence's full stop or comma a value character class swallowed
    (``…the key is sk_test_4eC3….``); a JWT's empty signature keeps its dot."""
    value = text[c.start : c.end]
    stripped = value.rstrip(".,;:")
    if stripped != value and stripped.count(".") != 2 and (c.end == len(text) or text[c.end].isspace()):
        return _Candidate(c.kind, c.start, c.start + len(stripped), c.name_based, c.keyed_hex, c.words_ok)
    return c


def _keep(text: str, c: _Candidate, value: str) -> bool:
    """The filter every candidate passes: placeholders, cuts, masks, telling names."""
    if c.kind.startswith("Private key"):
        return _private_key_body(value)
    if is_placeholder(value) or placeholders.is_cut(text, c.start, c.end):
        return False
    if not c.words_ok and "://" not in value and c.kind != "JSON Web Token" and placeholders.made_of_words(value):
        return False
    if placeholders.is_masked_tail(text, c.end):
        return False
    if c.kind == "Password in URL" and value.lower() in placeholders.WEAK_PASSWORDS:
        return False
    if c.kind == "JSON Web Token" and _example_jwt(value):
        return False
    if c.name_based and not c.keyed_hex:
        before = _NAME_BEFORE.search(text, max(0, c.start - 80), c.start)
        if before and assignments.says_otherwise(before.group(1)):
            return False  # `clientId: <uuid>`, `token_url: https://…`
    return True


def _key_block(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole ``-----BEGIN … PRIVATE KEY----- … -----END …-----`` block."""
    begin = text.rfind("-----BEGIN", max(0, start - 200), start + 11)
    close = _PRIVATE_KEY_END.search(text, start)
    return (begin if begin >= 0 else start), (close.end() if close else end)


def _private_key_body(block: str) -> bool:
    """A real key block has a body of base64, not "..." or a placeholder."""
    body = re.sub(r"-----[^-]+-----", "", block)
    body = re.sub(r"\s", "", body)
    return len(body) >= 40 and not is_placeholder(body)


# Claim values that mark a JSON Web Token as a documentation example: metasyntactic
# variables, the placeholder person, and the sample subject of the JWT introduction.
_EXAMPLE_CLAIMS = frozenset(
    {"foo", "bar", "baz", "qux", "john doe", "jane doe", "example", "test", "1234567890", "user@example.com"}
)


def _example_jwt(token: str) -> bool:
    """A JWT whose payload carries placeholder claims and no expiry: a teaching example."""
    import base64
    import binascii
    import json

    parts = token.split(".")
    if len(parts) < 2:
        return False
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    if not isinstance(claims, dict) or "exp" in claims:
        return False
    values = {str(v).strip().lower() for v in claims.values() if isinstance(v, str | int)}
    return bool(values & _EXAMPLE_CLAIMS) or bool({k.lower() for k in claims} & {"foo", "bar"})


def mask_secret(value: str) -> str:
    """A preview that never spells the secret: the key-block header, or the first
    characters (a provider prefix such as ``ghp_``) of a long value, never more than a
    quarter of it."""
    first_line = value.split("\n", 1)[0]
    if first_line.startswith("-----BEGIN"):
        return first_line.strip() + " …(redacted)"
    shown = min(4, len(value) // 4)
    return f"{value[:shown]}…****" if shown >= 2 else "****"


def iter_kinds() -> Iterator[str]:
    """The kinds of secret SEC001 can report (assignment kinds carry the name)."""
    kinds = {gitleaks.kind(rule.id) for rule in gitleaks.rule_set().rules}
    kinds |= {f.kind for f in formats.FORMATS} | {kind for _, _, kind in plugins.PLUGINS}
    kinds |= {"Credential in an Authorization header", "Password in URL", "Password in a command line"}
    kinds |= {"Secret assigned to '<name>'"}
    yield from sorted(kinds)
