"""CON001 contradictory-instructions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from promptlint.contradictions import compare, gather, syntax, vocabulary
from promptlint.contradictions.instructions import Instruction
from promptlint.diagnostics import Diagnostic, Related, Severity
from promptlint.document.model import Document
from promptlint.nlp import check_model_option
from promptlint.rules.base import Option, RuleContext, RuleMeta


class ContradictoryInstructions:
    """Two instructions that cannot both be obeyed.

    ## What it does
    Splits the instruction parts of the prompt (everything but few-shot examples,
    assistant turns, quoted code and reference material such as `<context>` blocks)
    into instructions, works out for each what it asks for — topic, value, polarity —
    and under which condition ("if…", "when…", "for API requests", "in emails",
    "otherwise", a "## For API clients" heading, a `{% if %}` branch), and reports an
    instruction that contradicts an earlier one, with the earlier one as a related
    location (the message names the topic and values, not a line). Topics: output
    format, length (numeric limits and "brief"/"detailed"), response language,
    translation target, spelling variant, tone, emojis, headings, LaTeX, asking
    questions, apologising, using the user's name, revealing internal information,
    answer form ("only yes or no" vs an explanation), units, and the generic "always X"
    / "never X" on the same verb and object. The vocabulary is a YAML topic pack
    (`vocabulary/contradictions/`); teams add their own topics.

    Not contradictions: different conditions or scopes, exceptions ("be concise; if the
    user asks for detail, be thorough"), a "do not" default refined by a condition,
    different objects ("never share the password" / "always share the order status"),
    alternatives ("JSON or YAML"), and descriptions ("The API returns JSON", a product
    described, what users should do). A "never" admits no exception: "never apologise"
    / "apologise when the customer is upset" is reported.

    Long real prompts are full of pairs that only look alike, and these are not reported
    either: limits on different parts or items ("a SUMMARY in 25 words" / "IDEAS
    bullets of 16 words" / "at least 20 items"); instructions in different sections
    that name a part, subject or activity ("## Summary", "# Committing changes with
    git", a Title Case line such as "Weather"), in different tool or parameter
    descriptions (JSON `description` values, `### tool_name` sections) or in different
    drafts of the prompt; a restriction against its container ("only output Markdown" /
    "do not output the markdown code fence"); a prohibition narrowed by a complement
    ("never place citations mid-sentence"); two prohibitions ("do not repeat ideas" /
    "do not omit any ideas"); file names (`hosting.json`) and formats naming another
    noun ("XML tags"). Each pair of sentences gives at most one finding, the halves of
    one sentence are never paired, a repeated instruction is compared once, and one
    instruction takes part in at most three findings. A prompt kept whole inside a
    markdown fence is analysed as a prompt.

    Every candidate pair is double-checked with a spaCy dependency parse (negation,
    subjects, verb and object lemmas) when a pipeline is installed. The comparison is
    indexed by topic, verb and object, so its cost grows with the prompt, not with the
    square of it.

    With `judge-model` set, pairs the offline engine looked at but could not decide go
    to that model through litellm (cached by content); this is the only case in which
    promptlint makes a network request, and it never removes an offline finding.

    ## Why is this bad?
    Models resolve conflicting instructions unpredictably — one answer in JSON, the next
    in prose — and no reviewer holds a long system prompt in their head.

    ## Example
    ```text
    Always respond in valid JSON.
    ...
    Write a friendly paragraph in plain prose.
    ```

    ## Use instead
    ```text
    Respond in valid JSON. Put the friendly explanation in its "message" field.
    ```

    ## Options
    - `spacy-model` (default `auto`): the spaCy pipeline whose dependency parse double-checks
      every candidate pair (negation, descriptions, verb and object lemmas); `none`
      leaves the decision to the patterns. Loaded only for files with a candidate pair.
    - `judge-model` (default: off): a litellm model name, e.g. `openai/gpt-4o-mini`.
    - `judge-api-base`: the API base URL for the judge (a proxy or a local server).
    - `judge-max-pairs` (default 20): at most this many pairs per file go to the judge.
    - `judge-timeout` (default 30): seconds per request.
    """

    meta = RuleMeta(
        code="CON001",
        name="contradictory-instructions",
        summary="Two instructions that cannot both be obeyed",
        default_severity=Severity.WARNING,
        options={
            "spacy-model": Option(
                "str",
                "auto",
                "spaCy pipeline that double-checks candidate pairs: auto, none, or a pipeline name.",
                check=check_model_option,
            ),
            "judge-model": Option("str", "", "litellm model that judges undecided pairs (off when empty)."),
            "judge-api-base": Option("str", "", "API base URL for the judge model."),
            "judge-max-pairs": Option("int", 20, "Most pairs per file sent to the judge.", minimum=0),
            "judge-timeout": Option("float", 30.0, "Seconds per judge request.", minimum=1),
        },
    )

    def warm(self, options: Mapping[str, Any]) -> None:
        """Load the parser's pipeline and compile the vocabulary (see ``linting.warm``)."""
        vocabulary.vocabulary()
        parser = syntax.get_syntax(str(options["spacy-model"]))
        if parser is not None:
            parser.parse("Always answer in English.")

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        vocab = vocabulary.vocabulary(ctx.vocabulary_dirs)
        instructions = gather.gather(doc, vocab)
        conflicts = compare.find_conflicts(instructions, vocab, syntax.get_syntax(str(ctx.options["spacy-model"])))
        for conflict in conflicts:
            yield _diagnostic(doc, ctx, conflict.earlier, conflict.later, conflict.description)
        model = str(ctx.options["judge-model"])
        if model:
            from promptlint.contradictions import judge

            decided = {(id(c.earlier), id(c.later)) for c in conflicts}
            for earlier, later, reason in judge.judge(
                instructions,
                decided,
                model=model,
                api_base=str(ctx.options["judge-api-base"]) or None,
                max_pairs=int(ctx.options["judge-max-pairs"]),
                timeout=float(ctx.options["judge-timeout"]),
                services=ctx.services,
            ):
                yield _diagnostic(doc, ctx, earlier, later, f"{reason}; judged by {model}")


def _diagnostic(
    doc: Document, ctx: RuleContext, earlier: Instruction, later: Instruction, description: str
) -> Diagnostic:
    # The message names the topic and values, never quotes the instructions: prompt text
    # can hold what other rules mask (a password in "never reveal …"). Nor does it name
    # the earlier line: baselines fingerprint messages, and an edit above both lines must
    # not turn a known finding into a new one. The related location points at it.
    return ctx.diagnostic(
        later.span,
        f"Contradicts an earlier instruction ({description})",
        related=(Related(earlier.span, "the earlier instruction"),),
    )
