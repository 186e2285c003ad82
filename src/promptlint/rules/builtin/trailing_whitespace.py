"""WS001 trailing-whitespace."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from promptlint.document import scopes
from promptlint.document.model import Document, Span
from promptlint.rules.base import Option, RuleContext, RuleMeta

# Blanks: any whitespace but a line break (NBSP and ideographic space too) — and not the
# information separators U+001C-U+001F, which `\s` counts as whitespace but which are
# control characters no editor strips (removing one would change the data, not tidy it).
_BLANK = r"[^\S\r\n\x1c-\x1f]+"
# Blanks at the end of a line of the file.
_TRAILING = re.compile(_BLANK + r"(?=\r\n|\r|\n|\Z)")
# A line that is a block of its own (ATX heading, table row): trailing spaces on it
# never make a line break.
_OWN_BLOCK = re.compile(r"[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|\|)")
# A line that starts a new block or underlines a setext heading: the paragraph above
# ends before it, so the spaces at the end of that paragraph make no line break.
_NEXT_BLOCK = re.compile(
    r"[ \t]{0,3}(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|>|`{3,}|~{3,}|\||(?:=+|-+)[ \t]*$"
    r"|[-*_](?:[ \t]*[-*_]){2,}[ \t]*$)"
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# In a decoded string: blanks before a line break.
_DECODED_TRAILING = re.compile(_BLANK + r"(?=[\r\n])")


class TrailingWhitespace:
    """Whitespace at the end of a line.

    ## What it does
    Flags spaces, tabs and other blank characters (no-break space, ideographic space)
    after the last visible character of a line, including lines that hold nothing but
    whitespace.

    In markdown files, two spaces at the end of a line inside a paragraph are a hard
    line break (CommonMark): removing them joins two rendered lines. They are not
    reported by default; more than two there are trimmed to two (which renders the
    same). Trailing spaces that make no break — at the end of a paragraph, on a blank
    line, after a heading, in fenced code, in the frontmatter — are reported as usual.

    In JSON and YAML files the rule also reads each string as the model receives it:
    `"content": "Be brief.  \\nAnswer in English."` sends a line that ends in two
    spaces, although the file's line does not. That is reported at the spaces in the
    file, and the fix deletes exactly them (and any blank written as an escape, such as
    `\\t`, whole), so the decoded string loses those characters and nothing else.

    ## Why is this bad?
    The model receives every character. Trailing whitespace is invisible in review,
    churns diffs (and makes a "no-op" edit bump the version), and costs tokens. Some
    editors strip it on save, so two people editing the same prompt fight over it.

    ## Example
    ```text
    You are a support agent.␠␠
    ```

    ## Use instead
    ```text
    You are a support agent.
    ```

    ## Options
    - `allow-markdown-line-breaks` (default `true`): in markdown files, accept two
      trailing spaces that make a hard line break. Set it to `false` to report them
      too; their fix is then unsafe (`--unsafe-fixes`), because it changes the
      rendered text — write the break as a trailing backslash instead.
    """

    meta = RuleMeta(
        code="WS001",
        name="trailing-whitespace",
        summary="Whitespace at the end of a line",
        default_severity=Severity.WARNING,
        fix="always",
        options={
            "allow-markdown-line-breaks": Option(
                "bool", True, "In markdown files, accept two trailing spaces that make a hard line break."
            )
        },
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        allow_breaks = ctx.options["allow-markdown-line-breaks"]
        markdown = doc.format == "markdown"
        fences = scopes.fenced_code_spans(doc) if markdown else ()
        for m in _TRAILING.finditer(doc.source):
            span = Span(m.start(), m.end())
            if markdown and m.group().endswith("  ") and _hard_break(doc, span, fences):
                if not allow_breaks:
                    yield ctx.diagnostic(
                        span,
                        "Trailing whitespace (a markdown hard line break)",
                        fix=Fix("Remove trailing whitespace", (Edit(span, ""),), Applicability.UNSAFE),
                    )
                elif m.group() != "  ":
                    keep = Span(span.start, span.end - 2)
                    yield ctx.diagnostic(
                        span,
                        f"Trailing whitespace ({len(m.group())} characters; two spaces make the markdown line break)",
                        fix=Fix("Trim to the two spaces of the line break", (Edit(keep, ""),)),
                    )
                continue
            yield ctx.diagnostic(span, "Trailing whitespace", fix=Fix("Remove trailing whitespace", (Edit(span, ""),)))
        for span, edits in _before_escaped_breaks(doc):
            yield ctx.diagnostic(
                span,
                "Trailing whitespace before an escaped line break (the line the model receives ends in it)",
                fix=Fix("Remove trailing whitespace", edits),
            )


def _before_escaped_breaks(doc: Document) -> Iterator[tuple[Span, tuple[Edit, ...]]]:
    """Blanks that end a line of a decoded string where the line break is an escape.

    A line break written raw ends a line of the file too (the scan above reports its
    blanks there); one made by YAML folding, or a separator between joined parts, has
    no escape and is left alone. Each blank must be written somewhere — as itself or
    as an escape — or no fix could remove exactly it, and the finding is dropped.
    """
    for text in doc.escaped_strings:
        for m in _DECODED_TRAILING.finditer(text.text):
            if text.escape_at(m.end()) is None:
                continue
            chars = [text.char_span(i) for i in range(m.start(), m.end())]
            spans = [c for c in chars if c is not None]
            if len(spans) != len(chars):
                continue
            merged: list[Span] = []
            for c in spans:
                if merged and merged[-1].end == c.start:
                    merged[-1] = Span(merged[-1].start, c.end)
                else:
                    merged.append(c)
            yield Span(merged[0].start, merged[-1].end), tuple(Edit(span, "") for span in merged)


def _hard_break(doc: Document, span: Span, fences: tuple[Span, ...]) -> bool:
    """Whether the trailing spaces at ``span`` end a line inside a markdown paragraph."""
    source = doc.source
    if doc.frontmatter_span is not None and doc.frontmatter_span.contains_offset(span.start):
        return False
    if any(fence.contains_offset(span.start) for fence in fences):
        return False
    line_start = max(source.rfind("\n", 0, span.start), source.rfind("\r", 0, span.start)) + 1
    content = source[line_start : span.start]
    if not content.strip() or _OWN_BLOCK.match(content):
        return False
    newline = _LINE_BREAK.match(source, span.end)
    if newline is None:
        return False  # the last line: the end of the paragraph
    next_end = _LINE_BREAK.search(source, newline.end())
    following = source[newline.end() : next_end.start() if next_end else len(source)]
    return bool(following.strip()) and not _NEXT_BLOCK.match(following)
