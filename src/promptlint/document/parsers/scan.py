"""Lexical scanners shared by the parsers: template placeholders and comments.

These are deliberately dialect-agnostic: every format can carry ``{{ … }}`` and
``{% … %}`` (prompty bodies are Jinja, dotprompt is Handlebars, chat JSON files are often
Nunjucks), and fixes must never edit inside any of them. Dialect-specific parsing (the
Jinja AST, Handlebars blocks) lives in :mod:`promptlint.document.parsers.templates`.

All scanners are linear in the input: a file full of ``{{`` without ``}}`` (or ``<!--``
without ``-->``) must not make a pre-commit hook hang. Once a closer is known to be
absent after some position, later openers of the same kind are not searched again.
"""

from __future__ import annotations

import re

from promptlint.document.model import Comment, Placeholder, Span

# Openers in priority order: longer forms first so "{{!--" wins over "{{!" and "{{".
_OPENERS: tuple[tuple[str, str, str], ...] = (
    ("{{!--", "--}}", "comment"),
    ("{{!", "}}", "comment"),
    ("{{{", "}}}", "expression"),
    ("{{", "}}", "expression"),
    ("{%", "%}", "statement"),
    ("{#", "#}", "comment"),
    ("${", "}", "dollar"),
)
_CLOSERS = {opener: (closer, kind) for opener, closer, kind in _OPENERS}
_OPEN_RE = re.compile(r"\{\{!--|\{\{!|\{\{\{|\{\{|\{%|\{#|\$\{")
_IDENT_AFTER_DOLLAR = re.compile(r"[A-Za-z_][\w.:\-]{0,200}\}")


def scan_placeholders(source: str, start: int = 0, end: int | None = None) -> list[Placeholder]:
    """Find template constructs in ``source[start:end]``, left to right, non-overlapping.

    An opener without its closer is not a placeholder (the dialect checks report it as a
    syntax error where the dialect is known).
    """
    end = len(source) if end is None else end
    found: list[Placeholder] = []
    absent: set[str] = set()
    pos = start
    while True:
        match = _OPEN_RE.search(source, pos, end)
        if match is None:
            return found
        opener = match.group()
        closer, kind = _CLOSERS[opener]
        body_start = match.end()
        # `${` is common in shell snippets; only `${name}`-like forms count.
        if opener == "${" and not _IDENT_AFTER_DOLLAR.match(source, body_start, end):
            pos = body_start
            continue
        close = -1 if closer in absent else source.find(closer, body_start, end)
        if close < 0:
            absent.add(closer)
            pos = body_start
            continue
        stop = close + len(closer)
        found.append(Placeholder(Span(match.start(), stop), Span(body_start, close), kind))
        pos = stop


def delimited(source: str, opener: str, closer: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of ``opener … closer`` pairs (non-nested), in linear time."""
    end = len(source) if end is None else end
    spans = []
    pos = start
    while True:
        at = source.find(opener, pos, end)
        if at < 0:
            return spans
        close = source.find(closer, at + len(opener), end)
        if close < 0:
            return spans  # no closer after here: no later opener can close either
        spans.append(Span(at, close + len(closer)))
        pos = close + len(closer)


def html_comments(source: str, start: int, end: int) -> list[Comment]:
    return [
        Comment(span, Span(span.start + 4, span.end - 3), "<!--")
        for span in delimited(source, "<!--", "-->", start, end)
    ]


_LINE_COMMENT = {
    "#": re.compile(r"(?m)(?:^|(?<=[ \t]))#(?!\{)[^\r\n]*"),
    "//": re.compile(r"(?m)^[ \t]*//[^\r\n]*"),
}
_FULL_LINE_HASH = re.compile(r"(?m)^[ \t]*#[^\r\n]*")


def line_comments(source: str, start: int, end: int, syntax: str, *, full_line_only: bool = False) -> list[Comment]:
    """``#`` or ``//`` comments in ``source[start:end]``.

    ``#`` in YAML may also end a line (``key: 1  # note``); in prose-like formats only a
    line that starts with the marker is a comment.
    """
    pattern = _FULL_LINE_HASH if (syntax == "#" and full_line_only) else _LINE_COMMENT[syntax]
    comments = []
    for m in pattern.finditer(source, start, end):
        text_start = source.index(syntax, m.start(), m.end())
        comments.append(Comment(Span(text_start, m.end()), Span(text_start + len(syntax), m.end()), syntax))
    return comments


def template_comments(placeholders: list[Placeholder], source: str) -> list[Comment]:
    comments = []
    for p in placeholders:
        if p.kind != "comment":
            continue
        syntax = "{#" if source.startswith("{#", p.span.start) else "{{!"
        comments.append(Comment(p.span, p.inner, syntax))
    return comments


def comment_spans(source: str) -> list[Span]:
    """Every template and HTML comment in ``source`` (text the model never receives)."""
    spans = [p.span for p in scan_placeholders(source) if p.kind == "comment"]
    spans += delimited(source, "<!--", "-->")
    return sorted(spans)
