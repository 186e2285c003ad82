"""TOK003 context-window-exceeded."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint import models, tokens
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta


def _fraction(value: float) -> None:
    if not 0 < value <= 1:
        raise ValueError(f"must be a fraction above 0 and at most 1, got {value!r}")


class ContextWindowExceeded:
    """The prompt and its output budget do not fit the model's context window.

    ## What it does
    Counts the prompt's tokens as sent (as TOK001 does) with the model's tokenizer, adds
    the output budget the prompt declares (`max_tokens`, `max_output_tokens`,
    `maxOutputTokens` or `max_completion_tokens`, at the top of the frontmatter, in
    prompty's `model.parameters`, dotprompt's `config` or `parameters`), and compares the
    sum with the input window the model catalogue gives for the model the prompt names
    (else the config's `model`). Over the window: an error; above `warn-fraction` of it:
    a warning.

    The finding sits on the model's name when the prompt names it, else on the output
    budget, else on the first line of the prompt.

    ## Why is this bad?
    A request that does not fit is refused (or silently truncated) on every call. A
    prompt that fitted one model overflows the next one with a smaller window, and the
    output budget is part of the same window.

    ## Example
    ```yaml
    ---
    model: gpt-4-0613          # an 8,192-token window
    parameters:
      max_tokens: 4096
    ---
    (a 5,000-token prompt)
    ```

    ## Use instead
    Lower the output budget, cut the prompt, or move to a model with a larger window.

    ## Options
    - `warn-fraction` (default `0.9`): warn above this share of the window.
    """

    meta = RuleMeta(
        code="TOK003",
        name="context-window-exceeded",
        summary="Prompt plus its output budget exceeds the model's context window",
        default_severity=Severity.ERROR,
        options={
            "warn-fraction": Option("float", 0.9, "Warn above this share of the window.", minimum=0, check=_fraction),
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not doc.body:
            return
        text = tokens.prompt_text(doc)
        output = doc.output_budget.tokens if doc.output_budget is not None else 0
        fraction = float(ctx.options["warn-fraction"])
        found = [t for t in models.targets(doc, ctx.models, ctx.model) if t.info and t.info.max_input_tokens]
        if not found:
            return
        target = found[0]
        window = target.info.max_input_tokens  # type: ignore[union-attr]
        assert window is not None
        if tokens.upper_bound(text) + output <= window * fraction:
            return  # cannot be over: no tokenizer needed
        count = tokens.count_tokens(text, target.name)
        total = count.tokens + output
        if total <= window * fraction:
            return
        approx = "" if count.exact else "≈"
        if output:
            key = doc.output_budget.key  # type: ignore[union-attr]
            needs = f"{approx}{count.tokens:,} prompt tokens + {output:,} output tokens ({key}) need {approx}{total:,}"
            fills = "fill"
        else:
            needs = f"Prompt is {approx}{count.tokens:,} tokens"
            fills = "fills"
        model = f"`{target.name}`" + ("" if target.span is not None else " (the configured `model`)")
        if total > window:
            message = f"{needs}: over the {window:,}-token window of {model} by {total - window:,}"
            severity = ctx.severity
        else:
            message = (
                f"{needs}: {fills} {total / window:.0%} of the {window:,}-token window of {model} "
                f"(warning above {fraction:.0%})"
            )
            severity = min(ctx.severity, Severity.WARNING)
        yield ctx.diagnostic(self._span(doc, target), message, severity=severity)

    @staticmethod
    def _span(doc: Document, target: models.Target) -> Span:
        if target.span is not None:
            return target.span
        if doc.output_budget is not None:
            return doc.output_budget.span
        start = doc.body_span.start
        line = doc.lines.position(start).line
        return Span(start, max(start, doc.lines.line_end(line)))
