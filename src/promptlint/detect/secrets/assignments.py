"""Secrets given a name: ``api_key = "…"``, ``password: …``, ``--token …``.

gitleaks' generic rule reads ``name <operator> value`` for a fixed set of name words
and an entropy floor. Prompts write key/value pairs in more ways than its operator set
and name words cover, and a value after a key name needs a different test than
entropy alone. This module reads:

* names: any identifier or short phrase whose words include a secret word (``token``,
  ``secret``, ``password``/``passwd``/``pwd``/``pass``, ``credential``, ``bearer``,
  ``apikey``) or whose last word is ``key`` (``AZURE_OPENAI_KEY``, ``fastlyKey``,
  ``AccountKey=`` in a connection string or log line, "the API key"), in camelCase,
  snake_case, kebab-case or prose; not names that say what they are instead (``…Id``,
  ``…_url``, ``…_name``, ``max_tokens``, ``public_key``, ``keyboard``…);
* operators: ``=``, ``:``, ``:=``, ``::=``, ``?=``, ``=>``, ``->``, comparisons,
  ``is`` (prose), a subscript (``os.environ['HF_TOKEN'] = …``), a function argument
  (``setProperty("DB_PASSWORD", "…")``, ``api_key("…")``) and a command-line flag
  (``--api-key …``, ``-ClientSecret '…'``);
* values: literals that look generated (entropy and character classes), and — right
  after a key name — UUID-shaped or long hexadecimal values, which have too little
  entropy per character to pass an entropy test and are keys all the same.

Code that computes a secret is not one (``password: formData.password``,
``apiKey: openAIKey()``): an unquoted value that is an identifier path before a call,
a subscript or a member access is skipped; a quoted one is a literal and is checked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Candidate names: a token (or two-word phrase) holding a secret word. Classified below.
_NAME = re.compile(
    r"(?i)(?<![\w$@.-])(?P<flag>--?)?(?P<name>(?:[A-Za-z_$@][\w$@.-]*?[ _-])?"
    r"[\w$@.-]*?(?:key|secret|token|passw(?:or)?d|passwd|pwd|pass|passphrase|credentials?|creds|bearer|apikey)"
    r"[\w.-]*)"
)
_AFTER = re.compile(
    r"(?P<close>[\"'`]?\]?[\"'`]?|\[\w*\])[ \t]*"
    r"(?P<op>:=|::=|:::=|\?=|=>|->|===?|!==?|:|=|,|\(|\bis\b|[ \t])[ \t]*"
    r"(?P<quote>@?[\"'`])?"
)
_UNQUOTED = re.compile(r"[^\s\"'`,;)}\]]{6,200}")
_REST_OF_LINE = re.compile(r"([^\s\"'`]+?)[\"'`]?[,;.]?[ \t]*(?:\n|$)")
# The literal first: `if ("…" == password)`.
_REVERSED = re.compile(
    r"(?P<quote>[\"'`])(?P<secret>[^\"'`\s]{6,200})(?P=quote)\s*(?:===?|!==?)\s*(?P<name>[A-Za-z_$][\w$.]*)"
)
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
SECRET_WORDS = frozenset(
    {"secret", "secrets", "token", "password", "passwd", "pwd", "pass", "passphrase", "credential", "credentials",
     "bearer", "apikey", "secretkey", "accesskey", "privatekey", "passcode", "pat", "creds", "secrete"}
)  # fmt: skip
# Last words that say the value is something else than the secret.
_NOT_SECRET_LAST = frozenset(
    {"id", "ids", "url", "urls", "uri", "endpoint", "name", "names", "path", "file", "files", "type", "types",
     "length", "len", "size", "version", "count", "counts", "limit", "limits", "format", "header", "prefix",
     "field", "fields", "region", "ttl", "expiry", "expires", "expiration", "usage", "used", "budget", "index",
     "policy", "scope", "scopes", "label", "mode", "tokens", "keys", "secrets", "hint", "env", "var", "vars",
     "location", "store", "vault", "ref", "arn", "provider", "source", "status", "required", "enabled", "dir",
     "rotation", "algorithm", "alg", "column", "pattern", "regex", "description", "placeholder", "example",
     "manager", "reset", "strength", "confirm", "confirmation", "input", "prompt", "tokenizer",
     "encoding", "method", "class", "schema"}
)  # fmt: skip
# Key names that are not secret keys.
_NOT_SECRET_KEY = frozenset(
    {"primary", "foreign", "public", "pub", "publishable", "sort", "partition", "cache", "idempotency", "hot",
     "row", "dedupe", "dedup", "site", "map", "dict", "object", "lookup", "hash", "composite", "unique", "shortcut",
     "group", "routing", "distribution", "shard", "index", "api_id", "translation", "i18n", "storage", "registry",
     "license", "product", "serial", "activation", "ssh", "gpg", "pgp", "signing", "encryption", "music", "piano",
     "bucket", "schema", "natural", "sequence", "entry", "record", "table", "column", "field",
     "event", "metric", "label", "tag", "config", "setting", "settings", "option", "param", "header", "query"}
)  # fmt: skip
# Whole names that count things or configure a tokenizer.
_NOT_SECRET_NAMES = re.compile(
    r"(?i)^(?:max|min|num|n|total|input|output|prompt|completion|context|reasoning|cached)[_-]?(?:new[_-]?)?tokens?"
    r"|^tokens?[_-]?(?:count|limit|budget|usage|per|type|ids?)|^(?:next|page|continuation|csrf|xsrf)[_-]?token"
    r"|^(?:no|none|bypass|all|by)[_-]?pass$"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]{32,}")
# An expression in code: an identifier path (``formData.password``, ``this.cfg.token``,
# ``process.env.KEY``), optionally ``new``/``await``, before a call or subscript.
_EXPRESSION = re.compile(r"(?:(?:new|await)\s+)?[A-Za-z_$][\w$]*(?:(?:\?\.|\.|::|->)[A-Za-z_$][\w$]*)*")
_MEMBER = re.compile(r"\?\.|\.|::|->")
_CALL = re.compile(r"[A-Za-z_$][\w$.]*\(.*\)")


@dataclass(frozen=True, slots=True)
class Assignment:
    name: str
    start: int
    end: int
    value: str
    keyed_hex: bool  # UUID/hex right after a key name: accepted without the entropy test


def words(name: str) -> list[str]:
    """``AZURE_OPENAI_KEY`` → azure, openai, key; ``fastlyKey`` → fastly, key."""
    return [w.lower() for w in _WORDS.findall(name)]


def says_otherwise(name: str) -> bool:
    """Whether a name says its value is not a secret (``clientId``, ``token_url``,
    ``max_tokens``, ``public_key``, ``csrf_token``)."""
    bare = name.strip("$@.-_ ").rsplit(".", 1)[-1]
    parts = words(bare)
    if not parts:
        return False
    if _NOT_SECRET_NAMES.search(bare) or parts[-1] in _NOT_SECRET_LAST:
        return True
    if any(p in ("public", "publishable", "pub") for p in parts) or re.search(r"(?i)[cx]srf", bare):
        return True
    return parts[-1] == "key" and len(parts) > 1 and parts[-2] in _NOT_SECRET_KEY


def secret_name(name: str) -> bool:
    """Whether a name says its value is a secret."""
    bare = name.strip("$@.-_ ").rsplit(".", 1)[-1]
    if not bare or _NOT_SECRET_NAMES.search(bare):
        return False
    parts = words(bare)
    if not parts or parts[-1] in _NOT_SECRET_LAST:
        return False
    if any(p in ("public", "publishable", "pub") for p in parts) or re.search(r"(?i)[cx]srf", bare):
        return False  # published by design, or anti-forgery tokens rendered into every page
    if parts[-1] == "key":
        return len(parts) > 1 and parts[-2] not in _NOT_SECRET_KEY and not (len(parts) > 2 and parts[-2] == "ssh")
    return any(p in SECRET_WORDS for p in parts)


def find(text: str) -> Iterator[Assignment]:
    """Every ``name <op> value`` whose name is a secret name (values not yet judged)."""
    yield from _named(text)
    if "=" in text:
        for m in _REVERSED.finditer(text):
            if secret_name(m.group("name")):
                value = m.group("secret")
                yield Assignment(m.group("name"), m.start("secret"), m.end("secret"), value, False)


def _named(text: str) -> Iterator[Assignment]:
    for m in _NAME.finditer(text):
        name = m.group("name")
        flag = m.group("flag")
        # The phrase form ("the API key is …") keeps two words; an identifier keeps one.
        if " " in name and secret_name(name.rsplit(" ", 1)[1]):
            name = name.rsplit(" ", 1)[1]
        if name.startswith("-"):  # `--api-key` after a command word
            flag, name = flag or "-", name.lstrip("-")
        bare_key = name.lower() in ("key", "-key", "$key")
        if not bare_key and not secret_name(name):
            continue
        after = _AFTER.match(text, m.end())
        if after is None:
            continue
        op, quote = after.group("op"), after.group("quote")
        if op in (",", "(") or op.isspace():
            # Positional forms need a quoted literal, or (whitespace) a flag.
            if op.isspace() and not (flag or quote):
                continue
            if op in (",", "(") and not quote:
                continue
        start = after.end()
        value = _value(text, start, quote)
        if value is None:
            continue
        if bare_key and (op != "=" or len(value) < 16):
            continue  # `Key=…` in a log line or connection string; not YAML's `key: …`
        if len(value) < (8 if password_name(name) else 10):
            continue
        if op == "is" and not quote and value.lower() in ("the", "a", "an", "not", "in", "set", "required"):
            continue
        if (not quote and _is_code_expression(text, start)) or _CALL.fullmatch(value):
            continue  # code, quoted or not: `:key="JSON.stringify(item)"`
        keyed = bool(_UUID.fullmatch(value) or _HEX.fullmatch(value)) and words(name)[-1:] != ["id"]
        yield Assignment(name, start, start + len(value), value, keyed)


def password_name(name: str) -> bool:
    """Names of passwords people choose (shorter, made of words): ``password``,
    ``passwd``, ``pwd``, ``passphrase``. The abbreviation ``pass`` is not among them
    (``bypass``, ``X-…-PASS`` headers): its values need the general length floor."""
    return any(p in ("password", "passwd", "pwd", "passphrase", "passcode") for p in words(name))


def _value(text: str, start: int, quote: str | None) -> str | None:
    if quote:
        q = quote[-1]
        end = text.find(q, start)
        if end < 0 or end - start > 200 or "\n" in text[start:end]:
            return None
        value = text[start:end]
        if " " in value.strip() or len(value) < 6:
            return None
        return value
    # A value that is the rest of its line (`db_pass = m{h}o)p$e]…` in a config file)
    # keeps its brackets; elsewhere a bracket ends it (`connect(token)`).
    line = _REST_OF_LINE.match(text, start)
    if line and 6 <= len(line.group(1)) <= 200:
        return line.group(1)
    m = _UNQUOTED.match(text, start)
    if m is None:
        return None
    return m.group().rstrip(".")


def looks_random(value: str) -> bool:
    """A value assigned to a secret-like name that looks generated, not like a word."""
    if re.fullmatch(r"[\d.,_-]+", value) or re.fullmatch(r"[a-z]+(?:[_-][a-z]+)*", value):
        return False  # numbers (max_tokens = 4096) and identifiers (token: bearer_token)
    if re.fullmatch(r"[A-Za-z]+(?:[_-][A-Za-z]+)*", value) and not re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", value):
        return False  # Words (Password, SECRET_NAME)
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z\d]"))
    if len(value) >= 20:
        return entropy(value) >= 3.5 and classes >= 2
    return classes >= 3 and entropy(value) >= 2.8


def entropy(value: str) -> float:
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values()) if n else 0.0


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
    called = text[m.end() : m.end() + 1] in ("(", "[", "<")  # a call, subscript or generic
    if not called and len(parts) < 2:
        return False
    return not any(looks_random(part) for part in parts)
