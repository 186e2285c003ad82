"""PII001 pii-in-few-shot-example."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from promptlint.detect import mask
from promptlint.detect.pii import scan as pii
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta


class PiiInFewShotExample:
    """Personal data inside a few-shot example.

    ## What it does
    Looks for personal data in the few-shot examples of the prompt (user/assistant
    turns before the final user turn, `examples:` keys, `<example>` blocks, "Examples"
    sections, `Q:`/`A:`-style pairs): person names, email addresses, phone numbers,
    credit cards, US SSNs, IBANs, IP addresses, street addresses, dates of birth,
    passport and driver's licence numbers, and account names in home-folder paths
    (`C:\\Users\\dana\\…`, `/home/dana/…`) — in the formats of many countries (street
    addresses such as "Via dei Serragli 41, 50124 Firenze", national phone formats,
    cards of every network and length). Detection uses presidio's recognizers and a
    spaCy NER pipeline (`spacy-model`, default: the best installed English one). A value
    repeated in one example is one finding, with the number of occurrences.

    It stays quiet on the values prompt writers use on purpose: `example.com` emails,
    555-01xx phone numbers, card-network test cards, documentation IP ranges, example
    SSNs and IBANs, placeholder names (Jane Doe, Max Mustermann), template variables,
    and tokens such as `<EMAIL>` or `[REDACTED]`. A name counts only with personal
    context — someone introducing themselves, being addressed, a "Name:" field, an
    interaction ("email from X"), or contact or account data in the same sentence — so
    "Marie Curie discovered radium" is not a finding; nor are names the prompt gives
    another role (its persona or product, a public person it credits or discusses, a
    capitalised word that starts a sentence). Findings show the entity type and a
    masked preview, never the value.

    ## Why is this bad?
    Few-shot examples are usually pasted from real traffic. A real customer's email or
    card number in a prompt is a data leak: the prompt is copied to every request, to
    logs, to the model provider, and into the git history.

    ## Example
    ```yaml
    user:
    Hi, I'm Rosa Lindqvist — my card 4929 2199 3518 1905 was charged twice.
    ```

    ## Use instead
    ```yaml
    user:
    Hi, I'm Jane Doe — my card 4111 1111 1111 1111 was charged twice.
    ```

    ## Options
    - `spacy-model` (default `"auto"`): `auto`, `none` (patterns only), or a pipeline name.
    - `entities`: which entity types to report.
    - `score-threshold` (default `0.35`): minimum recognizer score.
    - `allow`, `allow-patterns`: values (exact, case-insensitive) and regexes that are
      never findings (your own test personas, say).
    - `phone-regions` (default: 53 countries): ISO 3166 codes whose national phone
      formats are read; a number written with `+` is read from anywhere.
    - `phone-leniency` (default `"valid"`): `possible`, `valid`, `strict-grouping` or
      `exact-grouping`, as the `phonenumbers` library defines them.
    """

    meta = RuleMeta(
        code="PII001",
        name="pii-in-few-shot-example",
        summary="Personal data in a few-shot example",
        default_severity=Severity.ERROR,
        options=pii.rule_options(),
    )

    def warm(self, options: Mapping[str, Any]) -> None:
        pii.warm(options)

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not doc.examples:
            return
        for finding in pii.scan(doc, ctx.options, ctx.shared.memo, ctx.services):
            if not finding.in_example:
                continue
            preview = mask.mask(finding.entity, finding.value)
            repeats = f" ({finding.occurrences} occurrences in this example)" if finding.occurrences > 1 else ""
            yield ctx.diagnostic(
                finding.span,
                f"{pii.LABELS[finding.entity]} in {finding.where}: {preview}{repeats}; "
                f"replace it with a placeholder such as {pii.SUGGESTIONS[finding.entity]}",
                fingerprint=pii.fingerprint(doc, "PII001", finding),
                sensitive=True,
            )
