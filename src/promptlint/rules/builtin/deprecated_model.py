"""MOD002 deprecated-model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from promptlint import models
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.document.parsers.formats import FORMATS
from promptlint.rules.base import Option, RuleContext, RuleMeta


class DeprecatedModel:
    """The prompt's model is past its deprecation date, or reaches it soon.

    ## What it does
    Looks up the model the prompt names (the places MOD001 reads, else the config's
    `model`) in the model catalogue and reads its deprecation date. Past the date: an
    error. Within `warn-days` of it: a warning. The message names the date and, where
    the catalogue lists one, the successor of the same provider (a successor that is
    itself retired is followed to its own), in the spelling the prompt used.

    An Azure deployment named after an OpenAI model that Azure's part of the catalogue
    does not list is not judged by OpenAI's dates (Azure retires on its own schedule).

    ## Why is this bad?
    Providers retire models on 60–180-day timers. Past the date the calls fail, and the
    migration becomes a fire drill; a warning inside the window turns it into a planned
    change, prompt by prompt.

    ## Example
    ```yaml
    ---
    model: gpt-4-0613   # deprecated on 2026-10-23
    ---
    ```

    ## Use instead
    ```yaml
    ---
    model: gpt-5.6-sol
    ---
    ```

    ## Options
    - `warn-days` (default `90`): warn this many days before the deprecation date.
    """

    meta = RuleMeta(
        code="MOD002",
        name="deprecated-model",
        summary="Prompt's model is deprecated (past the date: error; within the window: warning)",
        default_severity=Severity.ERROR,
        formats=FORMATS,
        needs_date=True,
        options={
            "warn-days": Option("int", 90, "Warn this many days before the deprecation date.", minimum=0),
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        today = ctx.today
        horizon = today + dt.timedelta(days=int(ctx.options["warn-days"]))
        for target in models.targets(doc, ctx.models, ctx.model):
            info = target.info
            if info is None or target.resolution.approximate or info.deprecation_date is None:
                continue
            date = info.deprecation_date
            if date > horizon:
                continue
            where = "" if target.span is not None else " (the configured `model`)"
            days = (date - today).days
            if days <= 0:
                when = f"was deprecated on {date.isoformat()}" + (f" ({-days} days ago)" if days < 0 else " (today)")
                severity = ctx.severity
            else:
                when = f"is deprecated on {date.isoformat()} (in {days} day{'s' if days != 1 else ''})"
                severity = min(ctx.severity, Severity.WARNING)
            message = f"Model `{target.name}`{where} {when}"
            nxt = models.successor(ctx.models.catalog, info, today)
            if nxt is not None:
                message += f"; its successor is `{models.respell(target.name, info.key, nxt.key)}`"
            yield ctx.diagnostic(target.span or Span(0, 0), message, severity=severity)
