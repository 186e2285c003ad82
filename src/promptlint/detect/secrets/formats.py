"""promptlint's own secret formats: what neither gitleaks nor detect-secrets covers.

Kept short on purpose. Each entry is a format prompts and agent tools meet that the
two rule sets lack or pin too tightly:

* AI-platform keys with their own prefixes (Anthropic and OpenAI keys of other lengths
  than gitleaks pins, OpenRouter, Groq, xAI, Replicate, LangSmith, Langfuse, Pinecone,
  Tavily, Firecrawl, ElevenLabs), Hugging Face tokens with digits, and a few
  developer-platform tokens (Docker Hub, Supabase, PostHog, Figma, Buildkite, CircleCI,
  ClickUp, Stripe webhook secrets, Google OAuth client secrets);
* webhook URLs of chat and automation services, where the URL itself is the
  credential: Discord, Microsoft Teams (connector and Power Automate/Logic Apps
  ``sig=`` URLs, like any signed Azure URL), Zapier, Make, IFTTT, Pipedream, Google
  Chat, Mattermost, DingTalk, Feishu/Lark, WeCom;
* credentials in HTTP ``Authorization`` headers (``Bearer``, ``Token``, ``Basic``…)
  wherever they stand, not only in a ``curl`` command;
* passwords in connection URLs of any scheme (``postgres://``, ``mongodb+srv://``,
  ``amqps://``, ``redis://:pw@``…), ``$`` and percent-escapes included.

Each format names the group that holds the secret (0 for the whole match).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Format:
    kind: str
    pattern: str
    group: int | str = 0
    # A cheap lower-case substring the text must contain for the pattern to be tried.
    keyword: str = ""


_TAIL = r"(?![\w-])"
FORMATS: tuple[Format, ...] = (
    Format("Anthropic API key", r"\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{60,}", keyword="sk-ant-"),
    Format("OpenAI API key", r"\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}", keyword="sk-"),
    Format("OpenAI API key", r"\bsk-[A-Za-z0-9]{32,64}" + _TAIL, keyword="sk-"),
    Format("OpenRouter API key", r"\bsk-or-v1-[a-f0-9]{64}\b", keyword="sk-or-"),
    Format("Langfuse secret key", r"\bsk-lf-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b", keyword="sk-lf-"),
    Format("Groq API key", r"\bgsk_[A-Za-z0-9]{40,}\b", keyword="gsk_"),
    Format("xAI API key", r"\bxai-[A-Za-z0-9]{60,}\b", keyword="xai-"),
    Format("Replicate token", r"\br8_[A-Za-z0-9]{30,}\b", keyword="r8_"),
    Format("LangSmith API key", r"\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b", keyword="lsv2_"),
    Format("Pinecone API key", r"\bpcsk_[A-Za-z0-9_]{40,}\b", keyword="pcsk_"),
    Format("Tavily API key", r"\btvly-(?:dev-|prod-)?[A-Za-z0-9]{32}\b", keyword="tvly-"),
    Format("Firecrawl API key", r"\bfc-[a-f0-9]{32}\b", keyword="fc-"),
    Format("ElevenLabs API key", r"\bsk_[a-f0-9]{48}\b", keyword="sk_"),
    Format("Hugging Face token", r"\bhf_[A-Za-z0-9]{34,}\b", keyword="hf_"),
    Format("GitHub fine-grained token", r"\bgithub_pat_[A-Za-z0-9_]{60,}\b", keyword="github_pat_"),
    Format("Google OAuth client secret", r"\bGOCSPX-[A-Za-z0-9_-]{28}" + _TAIL, keyword="gocspx-"),
    Format("Stripe webhook secret", r"\bwhsec_[A-Za-z0-9]{24,}\b", keyword="whsec_"),
    Format("Docker Hub token", r"\bdckr_pat_[A-Za-z0-9_-]{27,}" + _TAIL, keyword="dckr_pat_"),
    Format("Supabase access token", r"\bsbp_[a-f0-9]{40}\b", keyword="sbp_"),
    Format("Supabase secret key", r"\bsb_secret_[A-Za-z0-9_-]{20,}" + _TAIL, keyword="sb_secret_"),
    Format("PostHog personal API key", r"\bphx_[A-Za-z0-9]{40,}\b", keyword="phx_"),
    Format("Figma token", r"\bfigd_[A-Za-z0-9_-]{40,}" + _TAIL, keyword="figd_"),
    Format("Buildkite token", r"\bbkua_[a-f0-9]{40}\b", keyword="bkua_"),
    Format("CircleCI token", r"\bCCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}\b", keyword="ccipat_"),
    Format("ClickUp token", r"\bpk_\d{6,10}_[A-Z0-9]{32}\b", keyword="pk_"),
    # Webhook URLs: whoever has the URL can post.
    Format(
        "Discord webhook URL",
        r"https?://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68}",
        keyword="discord",
    ),
    Format(
        "Microsoft Teams webhook URL",
        r"https?://(?:[a-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/"
        r"[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/V2[A-Za-z0-9_-]{20,})?",
        keyword="webhook",
    ),
    # Power Automate / Logic Apps triggers and every Azure shared-access-signature URL:
    # the `sig` parameter is the credential.
    Format(
        "Signed URL signature (sig=)", r"https?://[^\s\"'<>]+?[?&]sig=(?P<sig>[A-Za-z0-9%_+/=-]{20,})", "sig", "sig="
    ),
    Format("Zapier webhook URL", r"https?://hooks\.zapier\.com/hooks/catch/\d+/[A-Za-z0-9]{5,}/?", keyword="zapier"),
    Format(
        "Make webhook URL", r"https?://hook\.(?:[a-z0-9]+\.)?(?:make|integromat)\.com/[a-z0-9]{20,}", keyword="hook."
    ),
    Format(
        "IFTTT webhook key",
        r"https?://maker\.ifttt\.com/trigger/[^/\s]+/(?:json/)?with/key/(?P<key>[A-Za-z0-9_-]{16,})",
        "key",
        "ifttt",
    ),
    Format("Pipedream webhook URL", r"https?://[a-z0-9]{10,}\.m\.pipedream\.net\b", keyword="pipedream"),
    Format(
        "Google Chat webhook token",
        r"https?://chat\.googleapis\.com/v1/spaces/[\w-]+/messages\?key=[\w-]+&token=(?P<token>[\w%-]{20,})",
        "token",
        "chat.googleapis",
    ),
    Format("Mattermost webhook URL", r"https?://[\w.-]+(?::\d+)?/hooks/(?P<hook>[a-z0-9]{26})\b", "hook", "/hooks/"),
    Format(
        "DingTalk webhook token",
        r"https?://oapi\.dingtalk\.com/robot/send\?access_token=(?P<token>[a-f0-9]{64})",
        "token",
        "dingtalk",
    ),
    Format(
        "Feishu webhook URL",
        r"https?://open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/(?P<hook>[0-9a-f-]{36})",
        "hook",
        "open-apis",
    ),
    Format(
        "WeCom webhook key",
        r"https?://qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key=(?P<key>[0-9a-f-]{36})",
        "key",
        "qyapi",
    ),
)

# `Authorization: Bearer …` (also `"Authorization": "Token …"`, `authorization=Basic …`).
AUTH_HEADER = (
    r"(?i)\b(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"'`]?"
    r"(?P<scheme>bearer|token|basic|bot|api-?key|sso-key|dsn|digest|ghp|key)\s+(?P<secret>[A-Za-z0-9._~+/=:-]{8,})"
)
# `curl -u user:password`, `wget --user=… --password`, `http -a user:password`: gitleaks
# reads curl's form with a narrower password alphabet (no `!`, `#`, `%`…).
CLI_USER = (
    r"\b(?:curl|wget|http|https|xh)\b[^\n]*?\s(?:-u|--user|-a|--auth)(?:=|[ \t]+)[\"']?"
    r"(?P<user>[^\s:'\"]{1,64}):(?P<secret>[^\s'\"]{3,128})"
)
# `scheme://user:password@host` for any scheme; the user may be empty (redis://:pw@).
URL_PASSWORD = (
    r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://(?P<user>[^\s:/@'\"<>`]{0,64})"
    r":(?P<secret>[^\s/'\"<>`]{3,128})"
    r"@(?P<host>[\w.-]*[\w-])"
)


@cache
def compiled(fmt: Format) -> re.Pattern[str]:
    """A format's pattern, compiled the first time its keyword occurs in a text."""
    return re.compile(fmt.pattern)


def basic_credentials(value: str) -> bool:
    """A ``Basic`` value that decodes to ``user:password`` with a password."""
    try:
        decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    _, sep, password = decoded.partition(":")
    return bool(sep) and len(password) >= 3 and decoded.isprintable()
