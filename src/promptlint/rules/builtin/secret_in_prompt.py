"""SEC001 secret-in-prompt."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.detect import mask, secrets
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta


class SecretInPrompt:
    """An API key, token, password or private key in the prompt file.

    ## What it does
    Scans the whole file (frontmatter included) for provider keys and tokens — OpenAI,
    Anthropic, AWS, GitHub, GitLab, Slack, Stripe, Google, Hugging Face, Twilio,
    SendGrid, npm, PyPI and more (detect-secrets' detectors plus prompt-specific ones) —
    private key blocks, passwords in connection URLs, and high-entropy values assigned
    to names like `api_key`, `token` or `password`. Placeholders are left alone:
    `<YOUR_API_KEY>`, `sk-XXXX…`, `${OPENAI_API_KEY}`, `{{ secrets.token }}`,
    `changeme`, AWS's documented example keys. Messages show only a masked prefix.

    ## Why is this bad?
    Prompt files are copied into logs, eval reports, tickets and the model provider's
    systems, and live forever in git history. A key pasted into a prompt (often while
    debugging a tool call) is a leaked key: rotate it.

    ## Example
    ```yaml
    tools:
      - name: search
        headers: {Authorization: "Bearer sk-proj-4fK…"}
    ```

    ## Use instead
    ```yaml
    tools:
      - name: search
        headers: {Authorization: "Bearer ${SEARCH_API_KEY}"}
    ```

    ## Options
    - `allow-patterns` (regexes): values that are never findings (e.g. your fixtures' fake keys).
    """

    meta = RuleMeta(
        code="SEC001",
        name="secret-in-prompt",
        summary="Secret, API key or private key in the prompt file",
        default_severity=Severity.ERROR,
        options={"allow-patterns": Option("list[str]", [], "Regexes: matching values are never findings.")},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        import re

        allowed = [re.compile(p) for p in ctx.options["allow-patterns"]]
        for hit in secrets.find_secrets(doc.source):
            if any(p.search(hit.value) for p in allowed):
                continue
            yield ctx.diagnostic(
                Span(hit.start, hit.end),
                f"{hit.kind} in the prompt file: {secrets.mask_secret(hit.value)}; remove it and rotate the key",
                fingerprint=mask.fingerprint(
                    "SEC001", hit.kind, hit.value, doc.lines.line_text(doc.lines.position(hit.start).line)
                ),
                sensitive=True,
            )
