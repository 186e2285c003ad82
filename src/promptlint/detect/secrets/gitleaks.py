"""gitleaks' default rule set, evaluated in Python.

The rules are gitleaks' own ``config/gitleaks.toml`` (MIT), vendored verbatim in
``promptlint/data/gitleaks/``. ``scripts/update_gitleaks.py`` also writes
``rules.json`` there: the same rules with each Go pattern already translated to Python
(:mod:`.goregex`) and the rules that cannot be translated listed with the reason. Loading
that index costs about a millisecond; parsing the TOML would cost twenty on every run.
A test checks that the index is exactly the translation of the vendored TOML.

Evaluation follows gitleaks' detector (``detect/detect.go``):

1. keyword pre-filter: a rule runs only when one of its keywords occurs in the
   lower-cased text (a substring test per keyword, done once per text);
2. the rule's regex, compiled the first time the rule runs;
3. the secret is group ``secretGroup`` when set, else the first non-empty group, else
   the whole match (trimmed of newlines);
4. a rule's ``entropy`` is a floor the secret's Shannon entropy must exceed;
5. the global allowlist, then the rule's allowlists, drop the finding: regexes tested
   against the secret, the match or the line (``regexTarget``), stop words contained
   in the secret, path patterns, combined with OR or, when ``condition = "AND"``, AND.

gitleaks' ``gitleaks:allow`` comments and commit allowlists belong to repositories, not
prompts; global path allowlists (lock files, vendored code) are about files promptlint
never lints as prompts. Both are left out.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "gitleaks"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A secret one gitleaks rule reports: the rule, the secret's span and value."""

    rule: str
    start: int
    end: int
    value: str


class _Lazy:
    """A pattern compiled on first use: most allowlists never see a candidate."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.ASCII)
        return self._compiled.search(text)


@dataclass(frozen=True, slots=True)
class Allowlist:
    regexes: _Lazy | None
    target: str  # "secret", "match" or "line"
    stopwords: tuple[str, ...]
    paths: _Lazy | None
    all_of: bool  # condition = "AND"

    def skips_file(self, path: str) -> bool:
        """An OR allowlist's paths exempt whole files from the rule (gitleaks checks
        them before scanning)."""
        return not self.all_of and self.paths is not None and self.paths.search(path) is not None

    def allows(self, secret: str, match: str, line: str, path: str | None) -> bool:
        target = {"match": match, "line": line}.get(self.target, secret)
        lowered = secret.lower()
        checks: list[bool] = []
        if self.regexes is not None:
            checks.append(bool(target) and self.regexes.search(target) is not None)
        if self.stopwords:
            checks.append(any(word in lowered for word in self.stopwords))
        if self.all_of:
            if self.paths is not None:
                checks.append(path is not None and self.paths.search(path) is not None)
            return bool(checks) and all(checks)
        return any(checks)


@dataclass(slots=True)
class Rule:
    id: str
    pattern: str
    entropy: float
    secret_group: int
    keywords: tuple[str, ...]
    path: _Lazy | None
    allowlists: tuple[Allowlist, ...]
    _compiled: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, re.ASCII)
        return self._compiled


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    allowlist: Allowlist
    keywords: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]
    commit: str


def _allowlist(spec: dict[str, Any]) -> Allowlist:
    regexes = spec.get("regexes") or []
    paths = spec.get("paths") or []
    return Allowlist(
        regexes=_Lazy("|".join(f"(?:{r})" for r in regexes)) if regexes else None,
        target=spec.get("regexTarget") or "secret",
        stopwords=tuple(w.lower() for w in spec.get("stopwords") or ()),
        paths=_Lazy("|".join(f"(?:{p})" for p in paths)) if paths else None,
        all_of=(spec.get("condition") or "OR").upper() == "AND",
    )


def load_index(data: dict[str, Any]) -> RuleSet:
    rules = tuple(
        Rule(
            id=spec["id"],
            pattern=spec["regex"],
            entropy=float(spec.get("entropy") or 0.0),
            secret_group=int(spec.get("secretGroup") or 0),
            keywords=tuple(spec.get("keywords") or ()),
            path=_Lazy(spec["path"]) if spec.get("path") else None,
            allowlists=tuple(_allowlist(a) for a in spec.get("allowlists") or ()),
        )
        for spec in data["rules"]
    )
    keywords = tuple(sorted({k for rule in rules for k in rule.keywords}))
    skipped = tuple((s["id"], s["reason"]) for s in data.get("skipped") or ())
    return RuleSet(rules, _allowlist(data.get("allowlist") or {}), keywords, skipped, data.get("commit", ""))


@cache
def rule_set() -> RuleSet:
    """The vendored rules (read once per process; each regex compiles on first use)."""
    return load_index(json.loads((DATA_DIR / "rules.json").read_text(encoding="utf-8")))


@cache
def generic_allowlists() -> tuple[Allowlist, ...]:
    """The global allowlist and generic-api-key's regexes and known values: what
    gitleaks never reports as a named value, for promptlint's own key/value reader.

    Its short stop words (``find``, ``about``, ``account``…) are tuned to the generic
    rule's word-character values and would drop passwords that merely contain a word;
    only the long ones, which are known public values (a Yarn hash), are kept.
    """
    from dataclasses import replace

    ruleset = rule_set()
    generic = next((r.allowlists for r in ruleset.rules if r.id == "generic-api-key"), ())
    trimmed = tuple(replace(a, stopwords=tuple(w for w in a.stopwords if len(w) >= 16)) for a in generic)
    return (ruleset.allowlist, *(a for a in trimmed if a.regexes is not None or a.stopwords))


def shannon_entropy(value: str) -> float:
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def scan(text: str, path: str | None = None, rules: RuleSet | None = None) -> list[Candidate]:
    """Every finding of the rule set in ``text`` (``path`` enables path-scoped rules)."""
    ruleset = rules or rule_set()
    lowered = text.lower()
    present = {k for k in ruleset.keywords if k in lowered}
    found: list[Candidate] = []
    for rule in ruleset.rules:
        if rule.keywords and not any(k in present for k in rule.keywords):
            continue
        if rule.path is not None and (path is None or rule.path.search(path) is None):
            continue
        if path is not None and any(a.skips_file(path) for a in rule.allowlists):
            continue
        found.extend(_run(rule, text, path, ruleset.allowlist))
    return found


def _run(rule: Rule, text: str, path: str | None, allowlist: Allowlist) -> list[Candidate]:
    found: list[Candidate] = []
    for m in rule.regex.finditer(text):
        match = m.group()
        stripped = match.strip("\n")
        if not stripped:
            continue
        start, end = m.start(), m.end()
        group = rule.secret_group if rule.secret_group and rule.secret_group <= (m.re.groups or 0) else 0
        if not group:
            # gitleaks takes the first non-empty group; named groups label a variant
            # (jwt-base64's `alg`, `typ`…), so the secret is then the whole match.
            named = set(m.re.groupindex.values())
            group = next((g for g in range(1, (m.re.groups or 0) + 1) if m.group(g) and g not in named), 0)
        if group:
            start, end = m.span(group)
        else:
            start += len(match) - len(match.lstrip("\n"))
            end -= len(match) - len(match.rstrip("\n"))
        secret = text[start:end]
        if rule.entropy and shannon_entropy(secret) <= rule.entropy:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if allowlist.allows(secret, stripped, line, path):
            continue
        if any(a.allows(secret, stripped, line, path) for a in rule.allowlists):
            continue
        found.append(Candidate(rule.id, start, end, secret))
    return found


# Display names: a rule id's words, with the spelling providers use for themselves.
_WORDS = {
    "1password": "1Password", "api": "API", "aws": "AWS", "gcp": "GCP", "jwt": "JSON Web Token", "pat": "PAT",
    "id": "ID", "url": "URL", "ssh": "SSH", "oauth": "OAuth", "sdk": "SDK", "dsn": "DSN", "ca": "CA",
    "github": "GitHub", "gitlab": "GitLab", "openai": "OpenAI", "huggingface": "Hugging Face", "pypi": "PyPI",
    "npm": "npm", "nuget": "NuGet", "sendgrid": "SendGrid", "sendinblue": "Sendinblue", "hashicorp": "HashiCorp",
    "digitalocean": "DigitalOcean", "launchdarkly": "LaunchDarkly", "mailchimp": "Mailchimp",
    "newrelic": "New Relic", "planetscale": "PlanetScale", "rubygems": "RubyGems", "sendbird": "Sendbird",
    "sourcegraph": "Sourcegraph", "sumologic": "Sumo Logic", "travisci": "Travis CI", "clickhouse": "ClickHouse",
    "cloudflare": "Cloudflare", "dropbox": "Dropbox", "easypost": "EasyPost", "gocardless": "GoCardless",
    "jfrog": "JFrog", "linkedin": "LinkedIn", "messagebird": "MessageBird", "nytimes": "New York Times",
    "octopus": "Octopus", "privateai": "Private AI", "rapidapi": "RapidAPI", "readme": "ReadMe",
    "settlemint": "SettleMint", "squarespace": "Squarespace", "typeform": "Typeform", "yandex": "Yandex",
    "pkcs12": "PKCS#12", "tf": "Terraform", "ai": "AI", "mcp": "MCP", "cli": "CLI", "iam": "IAM",
    "hmac": "HMAC", "pgp": "PGP", "gpg": "GPG", "sk": "SK",
}  # fmt: skip


def kind(rule_id: str) -> str:
    """``slack-bot-token`` → ``Slack bot token``; ``github-pat`` → ``GitHub PAT``."""
    words = [_WORDS.get(w, w) for w in rule_id.split("-")]
    if words and words[0] == rule_id.split("-")[0]:
        words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)
