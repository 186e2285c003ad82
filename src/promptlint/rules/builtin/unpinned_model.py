"""MOD001 unpinned-model."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from promptlint import models
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.document.parsers.formats import FORMATS
from promptlint.rules.base import Option, RuleContext, RuleMeta


class UnpinnedModel:
    """The prompt names a moving model alias where dated snapshots of it exist.

    ## What it does
    Looks up the model the prompt names — frontmatter `model:`, prompty's
    `model.configuration`, dotprompt's `model:`, a chat file's `model`, a golden set's
    `model:`, or else the config's `model` — in the model catalogue (litellm's model map,
    see `model-catalog`). When the name is an alias that dated snapshots of the same
    model exist for (`gpt-4o` → `gpt-4o-2024-11-20`, `claude-opus-4-6` →
    `claude-opus-4-6-20260205`), or one that says it moves (`mistral-large-latest`), it
    reports the name and the newest snapshot to pin.

    Not reported: an alias that is already past its deprecation date, or whose
    snapshots all retire within 90 days (pinning would not help: MOD002 names the
    successor); Azure deployment names (prompty's `azure_deployment`, `azure/…`): their
    version is pinned on the deployment, not in the prompt; names declared under
    `custom-models`, and aliases listed in `allow-aliases`. A finding about the config's
    `model` is reported at the top of each prompt that relies on it.

    ## Why is this bad?
    Providers move aliases silently: a prompt tuned on one snapshot runs on the next one
    without a diff, and a behaviour change has no commit to blame. A dated snapshot
    changes only when someone changes the file.

    ## Example
    ```yaml
    ---
    model: openai/gpt-5.4
    ---
    ```

    ## Use instead
    ```yaml
    ---
    model: openai/gpt-5.4-2026-03-05
    ---
    ```

    ## Options
    - `allow-aliases` (default `[]`): aliases accepted on purpose (names or globs, such
      as `"*-latest"` or `"gpt-5.4"`), matched against the name as written and the
      catalogue's name for it.
    """

    meta = RuleMeta(
        code="MOD001",
        name="unpinned-model",
        summary="Prompt names a moving model alias; pin a dated snapshot",
        default_severity=Severity.WARNING,
        formats=FORMATS,
        needs_date=True,
        options={
            "allow-aliases": Option("list[str]", [], "Aliases accepted on purpose (names or globs)."),
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        allowed = [p.lower() for p in ctx.options["allow-aliases"]]
        for target in models.targets(doc, ctx.models, ctx.model):
            info = target.info
            if info is None or info.custom or target.deployment:
                continue
            if any(fnmatch.fnmatchcase(n.lower(), p) for p in allowed for n in (target.name, info.key)):
                continue
            moving, snapshot = models.pinning(ctx.models.catalog, info, ctx.today)
            if not moving:
                continue
            where = "" if target.span is not None else " (the configured `model`)"
            if snapshot is not None:
                pin = models.respell(target.name, info.key, snapshot.key)
                message = (
                    f"Model `{target.name}`{where} is a moving alias; pin the dated snapshot `{pin}` "
                    "so the model changes only with this file"
                )
            else:
                message = (
                    f"Model `{target.name}`{where} is a moving alias (`-latest`); pin a versioned model "
                    "so the model changes only with this file"
                )
            yield ctx.diagnostic(target.span or Span(0, 0), message)
