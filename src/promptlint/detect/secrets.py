"""Secrets in prompt files: provider keys, tokens, private keys, credentials in URLs, and
high-entropy values assigned to key/token/password names.

Provider formats come from detect-secrets' detectors where it has them (AWS, GitHub,
GitLab, Slack, Stripe, private keys, JWT, Twilio, SendGrid, npm, PyPI, Mailchimp,
Discord, Telegram, Azure storage, Artifactory, Square, OpenAI's legacy keys): their
``denylist`` regexes are run here directly, to get positions and to never call their
network verification. What prompts also need — Anthropic and current OpenAI keys,
Google API keys, Hugging Face tokens, credentials in connection URLs, keyword
assignments checked for entropy — is added below.

Placeholders are not secrets: ``<YOUR_API_KEY>``, ``sk-XXXX…``, ``${OPENAI_API_KEY}``,
``{{ secrets.token }}``, ``changeme``, AWS's documented ``AKIAIOSFODNN7EXAMPLE``,
runs like ``abcdefgh``/``12345678``, values with too little entropy to be random, and
JSON Web Tokens whose claims are placeholders (``{"name": "John Doe"}``). Nor is code
that *computes* a secret: coding-agent prompts are full of examples such as
``password: formData.password``, ``apiKey: openAIKey()`` or
``token = localStorage.getItem("token")``, where the value is an identifier path, a
call or a subscript, not a literal. A quoted value is a literal and is still checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any


@dataclass(frozen=True, slots=True)
class SecretHit:
    kind: str
    start: int
    end: int
    value: str


# (kind, regex, group holding the secret) — promptlint's own additions.
_OWN: tuple[tuple[str, str, int], ...] = (
    ("Anthropic API key", r"\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{60,}", 0),
    ("OpenAI API key", r"\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}", 0),
    ("OpenAI API key", r"\bsk-[A-Za-z0-9]{40,64}\b", 0),
    ("Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b", 0),
    ("Google OAuth client secret", r"\bGOCSPX-[A-Za-z0-9_-]{28}\b", 0),
    ("Hugging Face token", r"\bhf_[A-Za-z0-9]{34,}\b", 0),
    ("GitHub fine-grained token", r"\bgithub_pat_[A-Za-z0-9_]{60,}\b", 0),
    ("Slack webhook", r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}", 0),
    ("Stripe key", r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b", 0),
    ("Stripe webhook secret", r"\bwhsec_[A-Za-z0-9]{24,}\b", 0),
    ("Groq API key", r"\bgsk_[A-Za-z0-9]{40,}\b", 0),
    ("Replicate token", r"\br8_[A-Za-z0-9]{30,}\b", 0),
    (
        "Password in URL",
        r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s:/@'\"<>]{1,64}:(?P<secret>[^\s@/'\"<>]{3,128})@[\w.-]+",
        1,
    ),
)
_ASSIGNMENT = re.compile(
    r"(?i)(?P<name>\b[\w.-]*(?:api[_ -]?key|apikey|secret|token|passw(?:or)?d|passwd|pwd|access[_ -]?key|"
    r"private[_-]?key|client[_-]?secret|auth[_-]?key|credential|bearer)[\w.-]*)[\"']?\s*(?::|=|=>|\bis\b)\s*"
    r"(?:bearer\s+)?(?P<quote>[\"'`])?(?P<secret>[^\s\"'`,;)}\]]{8,200})"
)
# An expression in code: an identifier path (``formData.password``, ``this.cfg.token``,
# ``process.env.KEY``), optionally ``new``/``await``, before a call or subscript.
_EXPRESSION = re.compile(r"(?:(?:new|await)\s+)?[A-Za-z_$][\w$]*(?:(?:\?\.|\.|::|->)[A-Za-z_$][\w$]*)*")
_MEMBER = re.compile(r"\?\.|\.|::|->")
_PRIVATE_KEY_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
# Things worth a closer look at all (everything above matches one of these).
_SCREEN = re.compile(
    r"[A-Za-z0-9_\-/+=]{20,}|PRIVATE KEY|PuTTY-User-Key|://[^\s:/@]+:[^\s@/]+@|"
    r"(?i:api[_-]?key|apikey|secret|token|passw|pwd|credential|bearer)"
)

_DETECT_SECRETS_PLUGINS = (
    ("aws", "AWSKeyDetector", "AWS key"),
    ("github_token", "GitHubTokenDetector", "GitHub token"),
    ("gitlab_token", "GitLabTokenDetector", "GitLab token"),
    ("slack", "SlackDetector", "Slack token"),
    ("stripe", "StripeDetector", "Stripe key"),
    ("private_key", "PrivateKeyDetector", "Private key"),
    ("jwt", "JwtTokenDetector", "JSON Web Token"),
    ("twilio", "TwilioKeyDetector", "Twilio key"),
    ("sendgrid", "SendGridDetector", "SendGrid key"),
    ("npm", "NpmDetector", "npm token"),
    ("pypi_token", "PypiTokenDetector", "PyPI token"),
    ("mailchimp", "MailchimpDetector", "Mailchimp key"),
    ("discord", "DiscordBotTokenDetector", "Discord bot token"),
    ("telegram_token", "TelegramBotTokenDetector", "Telegram bot token"),
    ("azure_storage_key", "AzureStorageKeyDetector", "Azure storage key"),
    ("artifactory", "ArtifactoryDetector", "Artifactory token"),
    ("square_oauth", "SquareOAuthDetector", "Square OAuth secret"),
    ("openai", "OpenAIDetector", "OpenAI API key"),
)


@cache
def _detectors() -> tuple[tuple[str, re.Pattern[str]], ...]:
    import importlib

    found: list[tuple[str, re.Pattern[str]]] = []
    for module_name, class_name, kind in _DETECT_SECRETS_PLUGINS:
        try:
            module = importlib.import_module(f"detect_secrets.plugins.{module_name}")
            plugin: Any = getattr(module, class_name)
        except (ImportError, AttributeError):
            continue
        found.extend((kind, regex) for regex in plugin.denylist)
    found.extend((kind, re.compile(pattern)) for kind, pattern, _ in _OWN)
    return tuple(found)


def find_secrets(text: str) -> list[SecretHit]:
    """Every non-placeholder secret in ``text`` (overlaps resolved: first, longest wins)."""
    if not _SCREEN.search(text):
        return []
    hits: list[SecretHit] = []
    for kind, regex in _detectors():
        for m in regex.finditer(text):
            start, end = _secret_span(m)
            if kind == "Private key":
                close = _PRIVATE_KEY_END.search(text, m.end())
                start = text.rfind("-----", 0, m.start()) if "BEGIN" in m.group() else m.start()
                start = m.start() if start < 0 else start
                end = close.end() if close else m.end()
                value = text[start:end]
                if not _private_key_body(value):
                    continue
            else:
                value = text[start:end]
                if is_placeholder(value) or (kind == "Password in URL" and value.lower() in _WEAK_PASSWORDS):
                    continue
                if kind == "JSON Web Token" and _example_jwt(value):
                    continue
            hits.append(SecretHit(kind, start, end, value))
    for m in _ASSIGNMENT.finditer(text):
        value = m.group("secret").rstrip(".")
        start = m.start("secret")
        if m.group("quote") is None and _is_code_expression(text, start):
            continue
        if _looks_random(value) and not is_placeholder(value):
            hits.append(SecretHit(f"Secret assigned to '{m.group('name')[:40]}'", start, start + len(value), value))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    result: list[SecretHit] = []
    for hit in hits:
        if result and hit.start < result[-1].end:
            continue
        result.append(hit)
    return result


def _is_code_expression(text: str, start: int) -> bool:
    """Whether the unquoted value at ``start`` is code that computes a secret.

    It is when it is an identifier path followed by a call or subscript
    (``openAIKey()``, ``os.environ["KEY"]``, ``localStorage.getItem(…)``) or a member
    access (``formData.password``), and no part of the path looks generated: a random
    token with a dot in it (``Xk9fPq2m.zLp9Tr…``) is still a literal.
    """
    m = _EXPRESSION.match(text, start)
    if m is None:
        return False
    path = re.sub(r"^(?:new|await)\s+", "", m.group())
    parts = _MEMBER.split(path)
    called = text[m.end() : m.end() + 1] in ("(", "[")
    if not called and len(parts) < 2:
        return False
    return not any(_looks_random(part) for part in parts)


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


def _secret_span(m: re.Match[str]) -> tuple[int, int]:
    """The secret itself: a named group, else the longest group when the match also
    holds context (``aws_secret = "…"``), else the whole match (``ghp_…``, whose group
    is only the prefix)."""
    if "secret" in m.re.groupindex:
        return m.start("secret"), m.end("secret")
    if m.re.groups and re.search(r"[\s\"'=:]", m.group()):
        index = max(range(1, m.re.groups + 1), key=lambda i: len(m.group(i) or ""))
        if m.group(index):
            return m.start(index), m.end(index)
    return m.start(), m.end()


def _private_key_body(block: str) -> bool:
    """A real key block has a body of base64, not "..." or a placeholder."""
    body = re.sub(r"-----[^-]+-----", "", block)
    body = re.sub(r"\s", "", body)
    return len(body) >= 40 and not is_placeholder(body)


# Credentials in documentation URLs ("postgres://user:password@localhost").
_WEAK_PASSWORDS = frozenset(
    {"password", "pass", "passwd", "pwd", "pw", "secret", "changeme", "admin", "root", "test", "user", "username",
     "guest", "demo", "1234", "12345", "123456", "qwerty", "letmein", "mypassword", "yourpassword", "pa55word"}
)  # fmt: skip
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)your|example|placeholder|dummy|fake|sample|redacted|changeme|change_me|insert|replace|todo|"
    r"here|secret[_-]?key|api[_-]?key|my[_-]?token|xxxx|\*\*\*|\.\.\.|…|<|>|\{|\}|\$|\benv\b|environ|getenv|"
    # %KEY% (Windows variables), %(key)s and %s (format strings); a lone % is a character.
    r"%\w+%|%\(\w+\)[sdr]|%s\b"
)


# Keys and tokens published in providers' documentation, copied into tutorials everywhere.
DOCUMENTED_EXAMPLES = frozenset(
    {
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx", "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
        "sk_test_26PHem9AhJZvU623DfE1x4sd", "rk_test_26PHem9AhJZvU623DfE1x4sd",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "xoxp-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    }
)  # fmt: skip


def is_placeholder(value: str) -> bool:
    if value in DOCUMENTED_EXAMPLES:
        return True
    if _PLACEHOLDER_WORDS.search(value):
        return True
    body = re.sub(
        r"^(?:sk-(?:proj-|ant-\w+-)?|sk_live_|sk_test_|rk_live_|ghp_|gho_|xox[a-z]-|hf_|AIza|AKIA)", "", value
    )
    if len(set(body.lower())) <= 4:
        return True
    return _has_run(body, 8)


def _has_run(text: str, length: int) -> bool:
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


def entropy(value: str) -> float:
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _looks_random(value: str) -> bool:
    """A value assigned to a secret-like name that looks generated, not like a word."""
    if re.fullmatch(r"[\d.,_-]+", value) or re.fullmatch(r"[a-z]+(?:[_-][a-z]+)*", value):
        return False  # numbers (max_tokens = 4096) and identifiers (token: bearer_token)
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z\d]"))
    if len(value) >= 20:
        return entropy(value) >= 3.5 and classes >= 2
    return classes >= 3 and entropy(value) >= 2.8


def mask_secret(value: str) -> str:
    first_line = value.split("\n", 1)[0]
    if first_line.startswith("-----BEGIN"):
        return first_line.strip() + " …(redacted)"
    return f"{value[:4]}…****" if len(value) > 8 else "****"


def iter_kinds() -> Iterator[str]:
    yield from sorted({kind for kind, _, _ in _OWN} | {kind for _, _, kind in _DETECT_SECRETS_PLUGINS})
