"""TPL001 undefined-template-variable."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import Option, RuleContext, RuleMeta


class UndefinedTemplateVariable:
    """The template reads a variable that the prompt does not declare as an input.

    ## What it does
    Compares the root variables the template reads with the inputs the prompt declares:
    prompty `inputs:`, dotprompt `input.schema` (Picoschema or JSON Schema) and
    `input.default`, Semantic Kernel `input_variables`, plus the `inputs` option. Jinja
    templates are read with Jinja2's own parser (loop variables, `{% set %}` names and
    Jinja globals are not inputs); in Handlebars, helpers (`role`, `history`, `each`,
    `if`, `json`, `media`…) are not variables, and names inside `#each`/`#with` blocks
    refer to the item, not to an input. Prompts that declare no inputs at all, and
    templates with syntax errors (TPL003), are not checked.

    ## Why is this bad?
    Most template engines render an undefined variable as an empty string. The prompt
    then silently says "Hello, !" or loses the document it was meant to summarise, and
    nothing fails until someone reads the model's odd answers.

    ## Example
    ```yaml
    inputs:
      question: {type: string}
    ---
    user:
    {{question}} (customer: {{customer_name}})
    ```

    ## Use instead
    ```yaml
    inputs:
      question: {type: string}
      customer_name: {type: string}
    ```

    ## Options
    - `inputs` (list of names): inputs supplied by your application for every prompt.
    """

    meta = RuleMeta(
        code="TPL001",
        name="undefined-template-variable",
        summary="Template uses a variable that is not a declared input",
        default_severity=Severity.ERROR,
        options={"inputs": Option("list[str]", [], "Inputs your application always supplies.")},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        configured = set(ctx.options["inputs"])
        if (doc.declared_inputs is None and not configured) or doc.template_errors:
            return
        declared = configured | {i.name for i in doc.declared_inputs or ()}
        seen: set[str] = set()
        for var in doc.template_vars:
            if var.name in declared or var.name in seen:
                continue
            seen.add(var.name)
            names = ", ".join(sorted(declared)) or "none"
            yield ctx.diagnostic(
                var.span, f"Template variable '{var.name}' is not a declared input (declared: {names})"
            )
