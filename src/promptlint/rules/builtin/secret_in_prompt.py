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
    Scans the whole file (frontmatter included), and each string as the model receives
    it (JSON and YAML escapes decoded), for provider keys and tokens — gitleaks'
    default rule set (~220 providers: OpenAI, Anthropic, AWS, GitHub, GitLab, Slack,
    Stripe, Google, Hugging Face, Azure AD, Atlassian, Linear, Sentry, Datadog, npm,
    PyPI…), detect-secrets' detectors and promptlint's own formats (AI platforms,
    chat and automation webhook URLs) — private key blocks, credentials in
    `Authorization` headers, `curl -u` and connection URLs, and secrets assigned to
    names like `api_key`, `AZURE_OPENAI_KEY`, `--client-secret` or `password`.
    Placeholders are left alone: `<YOUR_API_KEY>`, `sk-XXXX…`, `${OPENAI_API_KEY}`,
    `{{ secrets.token }}`, `changeme`, values cut with `...` or masked with `####`,
    providers' documented and emulator keys. Messages show only a masked prefix.

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
        for span, hit in _hits(doc):
            if any(p.search(hit.value) for p in allowed):
                continue
            yield ctx.diagnostic(
                span,
                f"{hit.kind} in the prompt file: {secrets.mask_secret(hit.value)}; remove it and rotate the key",
                fingerprint=mask.fingerprint(
                    "SEC001", hit.kind, hit.value, doc.lines.line_text(doc.lines.position(hit.start).line)
                ),
                sensitive=True,
            )


def _hits(doc: Document) -> list[tuple[Span, secrets.SecretHit]]:
    """Secrets in the file as written, then in the strings as the model receives them.

    A JSON message holds ``\\"api_key\\": \\"…\\"`` and ``\\n``; a YAML scalar folds and
    unescapes: a rule written for source code reads the decoded string better. Hits
    in decoded strings are mapped back to the file; the file's own hits come first.
    """
    found = [(Span(h.start, h.end), h) for h in secrets.find_secrets(doc.source, doc.path)]
    for text in doc.iter_texts():
        if not text.text or text.text == doc.source[text.span.start : text.span.end]:
            continue
        for hit in secrets.find_secrets(text.text, doc.path):
            span = text.source_span(hit.start, hit.end)
            if not any(span.overlaps(other) for other, _ in found):
                found.append((span, hit))
    found.sort(key=lambda item: item[0].start)
    return found
