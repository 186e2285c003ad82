"""TOK002 token-growth."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint import models, tokens
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta


class TokenGrowth:
    """The prompt grew by more than a threshold against the base revision.

    ## What it does
    Counts the tokens of the prompt as sent, now and at `--base` (default `HEAD`), with
    the target model's tokenizer, and flags growth of at least `max-growth-percent` that
    is also at least `min-growth-tokens` tokens. The message gives both counts, the delta
    ("+312 tokens, +14 %"), and where the price is known, the extra input cost per
    1,000 calls. New files and files outside git are not checked.

    ## Why is this bad?
    Prompts grow one reasonable-looking paragraph at a time. A 30 % jump in one commit
    is a cost and latency change for every request, and deserves a reviewer's explicit
    look rather than slipping through in a wall of text.

    ## Example
    A commit that takes `support.prompty` from 1,200 to 1,650 tokens.

    ## Use instead
    Trim the addition, or accept the growth knowingly (`promptlint: disable-next-line`
    is the wrong tool; raise the threshold for that file in `per-file-ignores` or
    acknowledge it in review).

    ## Options
    - `max-growth-percent` (default `20`): growth that is flagged, in percent.
    - `min-growth-tokens` (default `50`): growth below this many tokens is never flagged.
    """

    meta = RuleMeta(
        code="TOK002",
        name="token-growth",
        summary="Prompt grew more than a threshold against the base revision",
        default_severity=Severity.WARNING,
        needs_git_base=True,
        options={
            "max-growth-percent": Option("float", 20.0, "Flag growth of at least this percent.", minimum=0),
            "min-growth-tokens": Option("int", 50, "Never flag growth below this many tokens.", minimum=0),
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        base = ctx.base_document
        if base is None or not doc.body:
            return
        now_text, then_text = tokens.prompt_text(doc), tokens.prompt_text(base)
        if now_text == then_text:
            return
        min_growth = int(ctx.options["min-growth-tokens"])
        # Growth cannot exceed the tokens of the inserted text, which cannot exceed its
        # UTF-8 bytes (plus a few merges at its edges). Small edits need no tokenizer.
        if tokens.upper_bound(_inserted(then_text, now_text)) + 4 < min_growth:
            return
        model = doc.model or base.model or ctx.model
        now = tokens.count_tokens(now_text, model)
        then = tokens.count_tokens(then_text, model)
        delta = now.tokens - then.tokens
        if delta < min_growth or delta <= 0:
            return
        percent = 100.0 * delta / then.tokens if then.tokens else float("inf")
        if percent < float(ctx.options["max-growth-percent"]):
            return
        approx = "" if now.exact else "≈"
        rev = ctx.base.rev if ctx.base else "the base revision"
        shown = f"+{percent:.0f} %" if then.tokens else "new text"
        message = (
            f"Prompt grew from {approx}{then.tokens:,} to {approx}{now.tokens:,} tokens since {rev} "
            f"(+{delta:,} tokens, {shown})"
        )
        cost = models.cost_per_thousand_calls(delta, ctx.models.info(model))
        if cost is not None:
            message += f"; input ≈ +{models.format_cost(cost)} per 1,000 calls"
        start = doc.body_span.start
        line = doc.lines.position(start).line
        yield ctx.diagnostic(Span(start, max(start, doc.lines.line_end(line))), message)


def _inserted(old: str, new: str) -> str:
    """The part of ``new`` between its common prefix and common suffix with ``old``."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return new[prefix : len(new) - suffix]
