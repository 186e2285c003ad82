"""MOD003 unknown-model."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint import models
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.document.parsers.formats import FORMATS
from promptlint.rules.base import RuleContext, RuleMeta


class UnknownModel:
    """The prompt names a model the catalogue does not know.

    ## What it does
    Looks up the model the prompt names (the places MOD001 reads, else the config's
    `model`) the way litellm resolves names — provider prefixes such as `openai/`,
    `azure/`, `anthropic/`, `bedrock/`, `vertex_ai/`, `gemini/` and Genkit's `googleai/`,
    case aside — and reports a name it cannot find, with the closest known name (edit
    distance over the catalogue's chat models) when one is close. Placeholders
    (`${env:MODEL}`, `{{model}}`, `<your-deployment>`) are not names and are skipped.

    Private models and Azure deployments with names of their own are declared in the
    config, with what is known about them:

    ```toml
    [tool.promptlint.custom-models]
    "support-bot-prod" = "azure/gpt-4o-2024-11-20"      # a deployment: checked as that model
    "acme-*" = { max-input-tokens = 32768 }             # private models (a glob)
    ```

    ## Why is this bad?
    A typo in a model name fails only when the prompt is first sent, often in
    production. A model the catalogue has never heard of also has no context window,
    price or deprecation date to check: it may have been retired and removed from the
    catalogue.

    ## Example
    ```yaml
    ---
    model: gpt4o
    ---
    ```

    ## Use instead
    ```yaml
    ---
    model: gpt-4o-2024-11-20
    ---
    ```
    """

    meta = RuleMeta(
        code="MOD003",
        name="unknown-model",
        summary="Prompt names a model the catalogue does not know",
        default_severity=Severity.WARNING,
        formats=FORMATS,
        needs_date=True,  # the did-you-mean says when its proposal is retired
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for target in models.targets(doc, ctx.models, ctx.model):
            if target.info is not None:
                continue
            catalog = ctx.models.catalog
            where = "" if target.span is not None else " (the configured `model`)"
            what = "Azure deployment" if target.deployment else "Model"
            message = f"{what} `{target.name}`{where} is not in the model catalogue ({catalog.source})"
            # Listed under another provider only (a bare name would have resolved to it).
            listed = catalog.elsewhere(target.name)
            guess = catalog.suggest(target.name)
            if listed:
                message += (
                    f"; it lists `{listed[0]}` (a model its provider retired leaves that provider's part "
                    "of the catalogue)"
                )
            elif guess is not None:
                known = catalog.lookup(guess).info
                retired = known.deprecation_date if known and known.deprecated_by(ctx.today) else None
                message += f"; did you mean `{guess}`" + (f" (deprecated {retired.isoformat()})?" if retired else "?")
            elif target.deployment:
                message += f'; declare what it runs: [custom-models] "{target.name}" = "azure/<model>"'
            else:
                message += "; declare private models under [custom-models]"
            yield ctx.diagnostic(target.span or Span(0, 0), message)
