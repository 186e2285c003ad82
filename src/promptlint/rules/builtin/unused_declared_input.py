"""TPL002 unused-declared-input."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta

# Constructs that can read any input without naming it in this file.
_OPAQUE = re.compile(r"\{%-?\s*(include|extends|import|from)\b|\{\{~?>|\{\{~?\s*json\s+this\b|\{\{~?\s*this\s*~?\}\}")


class UnusedDeclaredInput:
    """An input the prompt declares is never used by its template.

    ## What it does
    Flags each declared input (prompty `inputs:`, dotprompt `input.schema`, Semantic
    Kernel `input_variables`) that the template never reads, at its declaration.
    Templates that can read inputs without naming them — Jinja `include`/`extends`/
    `import`, Handlebars partials (`{{> x}}`), `{{json this}}` — and templates with
    syntax errors are not checked.

    ## Why is this bad?
    An unused input is usually a renamed or forgotten one: the application still sends
    `customer_tier`, the template now reads `tier`, and the prompt quietly lost the
    information. At best it is dead configuration that misleads the next editor.

    ## Example
    ```yaml
    inputs:
      question: {type: string}
      context: {type: string}   # never used below
    ---
    user:
    {{question}}
    ```

    ## Use instead
    Use the input in the template, or remove its declaration.
    """

    meta = RuleMeta(
        code="TPL002",
        name="unused-declared-input",
        summary="Declared input is never used by the template",
        default_severity=Severity.WARNING,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if not doc.declared_inputs or doc.template_errors or doc.dialect == "none":
            return
        body = "\n".join(t.text for t in doc.body)
        if _OPAQUE.search(body):
            return
        used = {v.name for v in doc.template_vars}
        for declared in doc.declared_inputs:
            if declared.name not in used:
                yield ctx.diagnostic(declared.span, f"Declared input '{declared.name}' is never used by the template")
