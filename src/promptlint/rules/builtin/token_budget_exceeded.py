"""TOK001 token-budget-exceeded."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint import globs, models, tokens
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta

_FRONTMATTER_KEYS = ("token_budget", "token-budget", "max_prompt_tokens")


class TokenBudgetExceeded:
    """The prompt is longer, in tokens, than its budget.

    ## What it does
    Counts the tokens of the prompt as sent (frontmatter excluded, template comments
    removed; template variables count as written) with the tokenizer of the target model
    — the frontmatter's model, else the configured `model` — and flags the prompt when
    the count is over budget. The budget comes from, in order: a `token_budget` key in
    the frontmatter, `per-file-max-tokens` globs, then `max-tokens`; with none of them
    the rule has nothing to check (the model's context window is TOK003's). The message
    gives the count, the budget, and where the model catalogue knows the price, the
    input cost per 1,000 calls.

    Encodings: `o200k_base` for GPT-4o/4.1/5 and o-series models, `cl100k_base` for
    GPT-4/3.5, `p50k_base` for davinci. Other models are counted with `o200k_base` as an
    approximation, marked "≈" in the message.

    ## Why is this bad?
    Every call pays for the prompt. A prompt over budget leaves less room for context
    and answers, raises latency and cost on every request, and past the context window
    the request fails.

    ## Example
    ```toml
    [tool.promptlint.rules.TOK001]
    max-tokens = 2000   # the prompt counts 2,350
    ```

    ## Use instead
    Cut the prompt under budget, or raise the budget on purpose (`token_budget: 2500`
    in the frontmatter, or a `per-file-max-tokens` glob).

    ## Options
    - `max-tokens` (default: none): the budget.
    - `per-file-max-tokens` (table of glob = tokens): budgets for matching paths.
    """

    meta = RuleMeta(
        code="TOK001",
        name="token-budget-exceeded",
        summary="Prompt is over its token budget",
        default_severity=Severity.ERROR,
        options={
            "max-tokens": Option("int", 0, "Token budget (0: none; the context window is TOK003's).", minimum=0),
            "per-file-max-tokens": Option(
                "dict[str,int]", {}, "Budgets for paths matching each glob.", check=globs.check_keys
            ),
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not doc.body:
            return
        text = tokens.prompt_text(doc)
        model = doc.model or ctx.model
        budget, source = _budget(doc, ctx)
        if budget is None:
            return
        if tokens.upper_bound(text) <= budget:
            return  # cannot be over: no tokenizer needed
        count = tokens.count_tokens(text, model)
        if count.tokens <= budget:
            return
        over = count.tokens - budget
        approx = "" if count.exact else "≈"
        how = f"{count.encoding}, {model}" if model else count.encoding
        message = (
            f"Prompt is {approx}{count.tokens:,} tokens ({how}), over {source} of {budget:,} "
            f"by {over:,} ({over / budget:.0%})"
        )
        cost = models.cost_per_thousand_calls(count.tokens, ctx.models.info(model))
        if cost is not None:
            message += f"; input ≈ {models.format_cost(cost)} per 1,000 calls"
        start = doc.body_span.start
        line = doc.lines.position(start).line
        yield ctx.diagnostic(Span(start, max(start, doc.lines.line_end(line))), message)


def _budget(doc: Document, ctx: RuleContext) -> tuple[int | None, str]:
    if doc.frontmatter:
        for key in _FRONTMATTER_KEYS:
            value = doc.frontmatter.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                return value, "its frontmatter budget"
    path = ctx.rel_path or doc.path or ""
    for pattern, value in dict(ctx.options["per-file-max-tokens"]).items():
        if path and globs.matches(path, pattern):
            return value, f"the budget for {pattern}"
    configured = int(ctx.options["max-tokens"])
    if configured > 0:
        return configured, "the budget"
    return None, ""
