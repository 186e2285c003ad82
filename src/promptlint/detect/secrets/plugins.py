"""detect-secrets' provider plugins, used for their ``denylist`` regexes only.

The regexes run here directly, to get positions and never to call the plugins'
network verification. Importing detect-secrets costs ~150 ms (it pulls in
``requests``), so it happens only when the text holds a run of 20 token characters or
a key block header, which every format below needs; most prompts have none, and the
pre-commit hook stays fast.

Several plugins match without word boundaries or any check of the value
(``ASIA…`` inside an upper-case sentence): their hits must stand alone as a token and
look generated (see :func:`promptlint.detect.secrets.placeholders.looks_generated`)
before they count.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

PLUGINS = (
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
    ("basic_auth", "BasicAuthDetector", "Password in URL"),
)
_LABEL = re.compile(r"[A-Za-z_]{3,}[=:]\s*")
SCREEN = re.compile(r"[A-Za-z0-9_\-/+=:]{20,}|PRIVATE KEY|PuTTY-User-Key")


@cache
def denylists() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, regex) for every installed plugin (an absent one is skipped)."""
    found: list[tuple[str, re.Pattern[str]]] = []
    for module_name, class_name, kind in PLUGINS:
        try:
            module = importlib.import_module(f"detect_secrets.plugins.{module_name}")
            plugin: Any = getattr(module, class_name)
        except (ImportError, AttributeError):
            continue
        found.extend((kind, regex) for regex in plugin.denylist)
    return tuple(found)


def secret_span(m: re.Match[str]) -> tuple[int, int]:
    """The secret itself: a named group, else the longest group when the match also
    holds context (``aws_secret = "…"``), else the whole match (``ghp_…``, whose group
    is only the prefix)."""
    if "secret" in m.re.groupindex:
        return m.start("secret"), m.end("secret")
    if m.re.groups and re.search(r"[\s\"'=:]", m.group()):
        index = max(range(1, m.re.groups + 1), key=lambda i: len(m.group(i) or ""))
        if m.group(index):
            return m.start(index), m.end(index)
    label = _LABEL.match(m.group())  # `AccountKey=…`: the value after the label
    return m.start() + (label.end() if label else 0), m.end()
