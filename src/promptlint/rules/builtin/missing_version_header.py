"""VER001 missing-version-header."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from promptlint.document.lines import dominant_newline
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta

# The comment each format strips before the prompt reaches the model.
_COMMENT_HEADER = {
    "markdown": "<!-- version: VERSION -->",
    "jinja": "{# version: VERSION #}",
    "text": "# version: VERSION",
}
# A plain-text file written in a template language takes that language's comment.
_DIALECT_HEADER = {
    "jinja": "{# version: VERSION #}",
    "handlebars": "{{! version: VERSION }}",
    "mustache": "{{! version: VERSION }}",
}


class MissingVersionHeader:
    """The prompt does not declare a version.

    ## What it does
    Flags a prompt file with no version: no `version` key in its YAML frontmatter (or in
    the top-level mapping of a YAML/JSON file), and no `version: X` comment in its first
    five lines (`# …`, `<!-- … -->`, `{# … #}`, `{{! … }}`, `// …`).

    The fix inserts `version: 1.0.0` where the format keeps metadata: a frontmatter key
    (prompty, dotprompt, markdown with frontmatter, created for prompty/dotprompt files
    that have none), a top-level key (YAML, JSON objects), or a header comment (markdown
    `<!-- -->`, Jinja `{# #}`). Plain text has no comment syntax the model does not see,
    so its header is offered as an unsafe fix (`--unsafe-fixes`): `# version: 1.0.0`,
    or the template's own comment when the text is a template (`{# … #}` for Jinja,
    `{{! … }}` for Handlebars and Mustache). The message names exactly the line the
    fix would write and where. A JSON file whose top level is a list cannot hold a
    version and is not flagged.

    ## Why is this bad?
    Prompts change behaviour as much as code does. Without a version, logs, evals and
    incident reports cannot say which prompt produced an answer, and VER002 cannot make
    sure the version moves when the prompt does.

    ## Example
    ```yaml
    ---
    name: support-agent
    ---
    ```

    ## Use instead
    ```yaml
    ---
    name: support-agent
    version: 1.0.0
    ---
    ```

    ## Options
    - `initial-version` (default `"1.0.0"`): the version the fix writes.
    """

    meta = RuleMeta(
        code="VER001",
        name="missing-version-header",
        summary="Prompt has no version header",
        default_severity=Severity.ERROR,
        fix="sometimes",
        options={"initial-version": Option("str", "1.0.0", "Version written by the fix.")},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        if doc.version is not None or doc.extra.get("unreadable") or not doc.source.strip("\ufeff \t\r\n"):
            return
        if doc.format == "json" and doc.extra.get("top_level") != "mapping":
            return  # a top-level list (or a template) has nowhere to keep a version
        if doc.format == "yaml" and doc.extra.get("top_level") not in ("mapping", "NoneType"):
            return
        start = 1 if doc.source.startswith("\ufeff") else 0
        fix, hint = _fix(doc, str(ctx.options["initial-version"]))
        yield ctx.diagnostic(Span(start, start), f"Missing version header ({hint})", fix=fix)


# A line of a YAML stream that is content (not blank, a comment, a directive or a marker).
_YAML_CONTENT = re.compile(r"(?m)^(?![ \t]*(?:#|%|---|\.\.\.|$))[ \t]*\S")


def _flow_style(source: str, span: Span) -> bool:
    """YAML written as a flow mapping (``{a: 1}``): a block key cannot be added above it."""
    found = _YAML_CONTENT.search(source, span.start, span.end)
    return found is not None and source[found.end() - 1] == "{"


def _fix(doc: Document, version: str) -> tuple[Fix | None, str]:
    """The fix, and the hint for the message: what it writes and where, in words."""
    nl = dominant_newline(doc.source)
    start = 1 if doc.source.startswith("\ufeff") else 0
    title = f"Add version {version}"
    if doc.frontmatter_yaml_span is not None and doc.frontmatter is None:
        # A key inserted into frontmatter that does not parse (or is never closed) can
        # never be read back: the fix would add it again on every run.
        return None, "the frontmatter does not parse (FMT001): fix it, then add `version:`"
    if doc.frontmatter_yaml_span is not None and _flow_style(doc.source, doc.frontmatter_yaml_span):
        return None, "add `version: 1.0.0` inside the frontmatter's `{ }` mapping"
    if doc.frontmatter_yaml_span is not None:
        at = doc.frontmatter_yaml_span.start
        return Fix(
            title, (Edit(Span(at, at), f"version: {version}{nl}"),)
        ), f"add `version: {version}` to the frontmatter"
    if doc.format in ("prompty", "dotprompt"):
        at = start
        if doc.format == "dotprompt":
            # Keep a leading license comment block above the new frontmatter.
            m = re.match(r"(?:[ \t]*#[^\r\n]*(?:\r\n|\r|\n))+", doc.source[start:])
            at = start + (m.end() if m else 0)
        fix = Fix(title, (Edit(Span(at, at), f"---{nl}version: {version}{nl}---{nl}"),))
        return fix, f"add a frontmatter with `version: {version}`"
    if doc.format == "yaml":
        if doc.extra.get("top_level") == "NoneType" and _YAML_CONTENT.search(doc.source):
            # `null` (or `~`) as the whole document: a key above it would be invalid YAML.
            return None, "the document is a YAML null: make it a mapping, then add `version:`"
        if _flow_style(doc.source, Span(start, len(doc.source))):
            return None, "add `version: 1.0.0` inside the top-level `{ }` mapping"
        at = start
        m = re.match(r"(?:%[^\r\n]*(?:\r\n|\r|\n))*---[ \t]*(?:\r\n|\r|\n)", doc.source[start:])
        if m:
            at = start + m.end()
        return Fix(title, (Edit(Span(at, at), f"version: {version}{nl}"),)), f"add a top-level `version: {version}`"
    if doc.format == "json":
        hint = f'add a top-level `"version": "{version}"`'
        brace = doc.source.find("{", start)
        if brace < 0:
            return None, hint
        after = doc.source[brace + 1 :]
        empty = after.lstrip().startswith("}")
        indent_match = re.match(r"[ \t]*(?:\r\n|\r|\n)([ \t]*)", after)
        if indent_match and not empty:
            text = f'{nl}{indent_match.group(1)}"version": "{version}",'
        else:
            text = f'"version": "{version}"' + ("" if empty else ", ")
        return Fix(title, (Edit(Span(brace + 1, brace + 1), text),)), hint
    template = _COMMENT_HEADER.get(doc.format)
    if doc.format == "text":
        template = _DIALECT_HEADER.get(doc.dialect, template)
    if template is None:
        return None, f"add `version: {version}` in a header comment"
    header = template.replace("VERSION", version)
    applicability = Applicability.UNSAFE if doc.format == "text" else Applicability.SAFE
    fix = Fix(title, (Edit(Span(start, start), f"{header}{nl}"),), applicability)
    return fix, f"add `{header}` as the first line"
