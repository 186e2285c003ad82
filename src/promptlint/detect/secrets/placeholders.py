"""What looks like a secret and is not: promptlint's placeholder knowledge.

Applied on top of every source (gitleaks' rules, detect-secrets' plugins, promptlint's
own formats), because prompts are documentation as much as code: they show the shape
of a key (``sk-XXXX…``, ``<YOUR_API_KEY>``, ``${OPENAI_API_KEY}``), cut one short on
purpose (``sk-ant-api03-...``), mask its tail (``xoxp-…-####``), or quote the keys
providers publish for their emulators and docs.

Template syntax is a placeholder only where it is template syntax: ``${VAR}``,
``{{ var }}``, ``<var>``, ``%VAR%``, ``$ENV_NAME``. A ``$`` inside a password
(``Pa$$w0rd!x``) and the percent-escapes of a URL (``p%40ss``) are characters.
"""

from __future__ import annotations

import re
from itertools import pairwise

# Keys and tokens published in providers' documentation and emulators, copied into
# tutorials everywhere. Each is public by design.
DOCUMENTED_EXAMPLES = frozenset(
    {
        # Stripe's documentation keys.
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx", "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        "sk_test_26PHem9AhJZvU623DfE1x4sd", "rk_test_26PHem9AhJZvU623DfE1x4sd",
        # GitHub's and Slack's documentation tokens.
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "xoxp-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        # The JWT introduction's sample token (jwt.io).
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        # AWS's documented example key pair.
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        # The Azure Storage emulator (Azurite) account key, the same on every machine.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        # The Azure Cosmos DB emulator's fixed key.
        "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
        # Google reCAPTCHA's test site and secret keys (always pass verification).
        "6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI", "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe",
    }
)  # fmt: skip

# Weak, documentation-style passwords ("postgres://user:password@localhost").
WEAK_PASSWORDS = frozenset(
    {"password", "pass", "passwd", "pwd", "pw", "secret", "changeme", "admin", "root", "test", "user", "username",
     "guest", "demo", "1234", "12345", "123456", "qwerty", "letmein", "mypassword", "yourpassword", "pa55word",
     "postgres", "mysql", "redis", "example", "default", "p@ssw0rd", "passw0rd", "secret123", "password123",
     "token", "apikey", "api_key", "key", "pass123", "hunter2"}
)  # fmt: skip

_PLACEHOLDER_WORDS = re.compile(
    r"(?i)your|example|placeholder|dummy|fake|sample|redacted|changeme|change_me|insert|replace|todo|"
    r"here|my[_-]?token|xxxx|\*\*\*|###|•|\.\.\.|…|\benv\b|environ|getenv"
)
# A value that only names a key ("my-api-key", "SECRET_KEY"): words, not a key.
_KEY_NAME = re.compile(r"(?i)^[a-z_-]*(?:api|secret|access|private)[_-]?key[a-z_-]*$")
# Well-formed template syntax: ${VAR}, ${VAR:-default}, {{ var }}, {% … %}, <var>, %VAR%,
# %(key)s, %s, $(cmd), $ENV_NAME; a whole value that is $name, %name% or {name}. A
# stray `$` or brace inside a password is a character, not a template.
_TEMPLATE = re.compile(
    r"\$\{[A-Za-z_][\w.:-]*(?::?[-=?+][^}]*)?\}|\{\{[^{}]*\}\}|\{%[^%]*%\}|<[A-Za-z_][\w .:-]*>|^<|>$|"
    r"%[A-Z_][A-Z0-9_]{2,}%|%\(\w+\)[sdr]|%s\b|\$\([^)]*\)|\$[A-Z_][A-Z0-9_]{2,}\b|"
    r"^\$\w+$|^%\w+%$|^\{\w+\}?$|^\[\w*\]?$"
)
# Masked characters, as a run: the visible part of a key with the rest hidden.
_MASKED = re.compile(r"([xX*#•●░█])\1{3,}")
# A short unit typed again and again: 123123123, abcd1234abcd1234abcd1234.
_REPEATED = re.compile(r"(.{2,8})\1{2,}")
_WORD = re.compile(r"([A-Z]?[a-z]{3,}|[A-Z]{3,})\d{0,3}")
_CHUNK = re.compile(r"[_.\-/: ]+|(?<=[a-z])(?=[A-Z])")
_PREFIXES = re.compile(
    r"^(?:sk-(?:proj-|svcacct-|admin-|ant-\w+-)?|sk_live_|sk_test_|rk_live_|gh[pousr]_|github_pat_|xox[a-z]-|hf_|"
    r"api_org_|AIza|AKIA|ASIA|glpat-|npm_|pypi-|xapp-)"
)


def is_placeholder(value: str) -> bool:
    """Whether ``value`` is a stand-in for a secret rather than one."""
    if value in DOCUMENTED_EXAMPLES:
        return True
    if _PLACEHOLDER_WORDS.search(value) or _TEMPLATE.search(value) or _MASKED.search(value):
        return True
    if _KEY_NAME.match(value):
        return True
    if _REPEATED.search(value):
        return True
    body = _PREFIXES.sub("", value)
    if len(set(body.lower())) <= 4:
        return True
    return has_run(body, 8)


def has_run(text: str, length: int) -> bool:
    """``abcdefgh``, ``12345678`` or ``aaaaaaaa`` style runs: typed, not generated."""
    run = 1
    for a, b in pairwise(text):
        if ord(b) - ord(a) in (0, 1):
            run += 1
            if run >= length:
                return True
        else:
            run = 1
    return False


def is_cut(text: str, start: int, end: int) -> bool:
    """A value cut short with an ellipsis (``sk-proj-4fK...``): a redaction, not a key."""
    after = text[end : end + 3]
    return after.startswith(("...", "…")) or text[max(0, start - 3) : start].endswith(("...", "…"))


def is_masked_tail(text: str, end: int) -> bool:
    """A value whose tail is masked (``xoxp-5723…-####``, ``AKIA****``): the mask
    characters follow it, directly or after one separator."""
    return bool(re.match(r"[-_.:]?[*#•●xX]{4,}", text[end : end + 9]))


def made_of_words(value: str) -> bool:
    """Whether a value is an identifier or phrase made of words
    (``AgencyIdentificationCodeContentType``, ``jetbrains.mps.v8_elimination``,
    ``PREfix_helloworld380``), not a generated token.

    Identifiers show their word boundaries, as case changes or separators: the value
    must split into two or more chunks, and chunks that read as words (letters with
    vowels among them, at most three trailing digits) must make up most of it. A
    random token has no such structure, whatever letters it happens to spell.
    """
    chunks = [c for c in _CHUNK.split(value) if c]
    if len(chunks) < 2:
        return False
    total = sum(len(c) for c in chunks)
    covered = sum(len(c) for c in chunks if _wordlike(c))
    return total >= 8 and covered / total >= 0.6


def _wordlike(chunk: str) -> bool:
    """A capitalised, lower-case or upper-case word of 3+ letters (digits may follow)
    with vowels in it; random mixed case (``HDRYOcs``) is none of these."""
    word = _WORD.fullmatch(chunk)
    if word is None:
        return False
    letters = word.group(1).lower()
    vowels = sum(c in "aeiouy" for c in letters)
    return 0.2 <= vowels / len(letters) <= 0.7 and not re.search(r"[^aeiouy]{4}", letters)


def looks_generated(body: str) -> bool:
    """Whether a token body looks machine-made rather than like a word or identifier.

    Digits, or upper and lower case mixed the way random strings mix them (about half
    of the letters upper case), or symbols of base64. A camelCase identifier
    (``hubDownloadCache``) has few capitals; a word in one case has none.
    """
    letters = [c for c in body if c.isalpha()]
    if any(c.isdigit() for c in body) or re.search(r"[+/=]", body):
        return True
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    return 0.2 <= upper <= 0.8
