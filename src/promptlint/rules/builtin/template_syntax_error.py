"""TPL003 template-syntax-error."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta


class TemplateSyntaxError:
    """The template does not parse in its dialect.

    ## What it does
    Reports syntax errors of the prompt's template: Jinja errors as Jinja2's own
    parser raises them (unclosed blocks, unknown tags, bad expressions), and in
    Handlebars/mustache an unclosed `{{`, a block that is never closed, a closing tag
    with no opening one or the wrong one, and a stray `}}`. The dialect must be known:
    Jinja files, prompty (its `template` format, Jinja by default), dotprompt
    (Handlebars), YAML/JSON with `template_format`, and YAML/JSON files that use Jinja
    statements. In markdown and text files `{{` may be documentation, so it is not judged.

    ## Why is this bad?
    The prompt fails to render at run time, or renders with a block swallowed — the
    kind of error that only shows up in production traffic.

    ## Example
    ```handlebars
    {{#if premium}}
      Welcome, VIP member!
    ```

    ## Use instead
    ```handlebars
    {{#if premium}}
      Welcome, VIP member!
    {{/if}}
    ```
    """

    meta = RuleMeta(
        code="TPL003",
        name="template-syntax-error",
        summary="Template does not parse",
        default_severity=Severity.ERROR,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        for problem in doc.template_errors:
            yield ctx.diagnostic(problem.span, problem.message)
