"""PII002 pii-in-prompt."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from promptlint.detect import mask
from promptlint.detect.pii import scan as pii
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta


class PiiInPrompt:
    """Personal data in the prompt outside few-shot examples.

    ## What it does
    The same detection as PII001 (same entities, placeholders and context rules), over
    the rest of the prompt: system text, instructions, other turns, and the string
    values of the frontmatter. A warning rather than an error: outside examples,
    personal data is more often deliberate (a support address, the operator's name).
    Names in instructions are mostly personas, products and public people, so a given
    name alone is reported only in a field ("Customer: X") or next to contact or
    account words; full names with a personal cue and the pattern entities (emails,
    phones, cards, home-folder account names…) are reported as in examples.

    ## Why is this bad?
    Whatever is in the prompt is sent with every request and stored wherever prompts
    are logged. A person's phone number in a system prompt is shared with everyone
    who can read the prompt, the logs, or the model's answers.

    ## Example
    ```text
    Escalate refunds to Ivo Brandt (ivo.brandt@fastmail.com, +1 415 867 5309).
    ```

    ## Use instead
    ```text
    Escalate refunds to the billing team ({{escalation_contact}}).
    ```

    ## Options
    Same as PII001: `spacy-model`, `entities`, `score-threshold`, `allow`, `allow-patterns`,
    `phone-regions`, `phone-leniency`.
    """

    meta = RuleMeta(
        code="PII002",
        name="pii-in-prompt",
        summary="Personal data in the prompt outside few-shot examples",
        default_severity=Severity.WARNING,
        options=pii.rule_options(),
    )

    def warm(self, options: Mapping[str, Any]) -> None:
        pii.warm(options)

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for finding in pii.scan(doc, ctx.options, ctx.shared.memo, ctx.services):
            if finding.in_example:
                continue
            preview = mask.mask(finding.entity, finding.value)
            repeats = f" ({finding.occurrences} occurrences)" if finding.occurrences > 1 else ""
            yield ctx.diagnostic(
                finding.span,
                f"{pii.LABELS[finding.entity]} in the {finding.where}: {preview}{repeats}",
                fingerprint=pii.fingerprint(doc, "PII002", finding),
                sensitive=True,
            )
