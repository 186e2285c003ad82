"""The shared parser for prose-like formats: prompty, dotprompt, markdown, text, Jinja.

Each format module calls :func:`parse_textual` with its own options (frontmatter
style, role markers, comment syntaxes, template dialect); the structure extraction is
the same for all of them, so it lives here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from promptlint.document.lines import LineIndex
from promptlint.document.model import Comment, Document, Message, ParseProblem, Section, Span, Text
from promptlint.document.parsers import fewshot, meta, roles, templates
from promptlint.document.parsers.frontmatter import find_frontmatter
from promptlint.document.parsers.scan import html_comments, line_comments, scan_placeholders, template_comments
from promptlint.document.scopes import prompt_fence
from promptlint.document.yamlsrc import escaped_strings, iter_string_scalars, scalar_text


@dataclass(frozen=True)
class TextualOptions:
    format: str
    frontmatter: str = "none"  # none | strict | loose
    leading_comments: bool = False  # '#' lines may precede the frontmatter (dotprompt)
    roles: str = "none"  # none | lines | dotprompt
    comment_syntaxes: tuple[str, ...] = ()  # among "<!--", "#", "//"
    dialect: str | None = None  # declared template dialect, else detected


# (A CRLF file's line ends in "\r": the heading still ends before it.)
_HEADING = re.compile(r"(?m)^(?P<hashes>#{1,6})[ \t]+(?P<title>[^\r\n]*?)[ \t]*#*[ \t]*(?=\r?$)")
_FENCE = re.compile(r"(?m)^[ \t]*(```|~~~)")


def parse_textual(source: str, path: str | None, options: TextualOptions) -> Document:
    problems: list[ParseProblem] = []
    lines = LineIndex(source)
    fm = None
    if options.frontmatter != "none":
        fm = find_frontmatter(source, leading_comments=options.leading_comments, strict=options.frontmatter == "strict")
    body_start = fm.span.end if fm else (1 if source.startswith("\ufeff") else 0)
    if fm and fm.problem:
        problems.append(fm.problem)
    region = fm.region if fm else None
    data = region.data if region is not None and isinstance(region.data, dict) else None
    if fm is not None and region is not None and data is None:
        data = {}

    body = Text.contiguous(source, body_start, len(source))
    placeholders = scan_placeholders(source)
    comments = _comments(
        source, options, fm.span if fm else None, fm.yaml_span if fm else None, body_start, placeholders
    )
    messages = _messages(source, body, options)
    sections = _sections(source, body_start, messages)
    frontmatter_strings = (
        tuple(scalar_text(source, region, node) for _, node in iter_string_scalars(region.node)) if region else ()
    )

    declared_dialect = options.dialect
    if options.format == "prompty" and data is not None:
        declared_dialect = _prompty_dialect(data) or declared_dialect
    dialect = templates.detect_dialect(body.text, declared_dialect)
    info = templates.analyze(body, dialect, syntax=declared_dialect is not None)

    templated = bool(placeholders)
    examples = fewshot.merge(
        [
            *fewshot.from_chat(messages, templated_file=templated),
            *fewshot.from_mapping(source, region),
            *fewshot.from_text(body),
        ]
    )
    version = meta.version_from_mapping(source, region) or meta.version_from_comments(source)
    models = meta.model_refs(source, region)
    return Document(
        source=source,
        path=path,
        format=options.format,
        lines=lines,
        frontmatter=data,
        frontmatter_span=fm.span if fm else None,
        frontmatter_yaml_span=fm.yaml_span if fm else None,
        frontmatter_strings=frontmatter_strings,
        body=(body,),
        escaped_strings=escaped_strings(source, region),
        messages=tuple(messages),
        sections=tuple(sections),
        examples=tuple(examples),
        placeholders=tuple(placeholders),
        comments=tuple(comments),
        dialect=dialect,
        template_vars=info.variables,
        template_errors=info.errors,
        declared_inputs=meta.declared_inputs(source, region),
        version=version,
        model=models[0].name if models else None,
        models=models,
        output_budget=meta.output_budget(source, region),
        problems=tuple(problems),
    )


def _prompty_dialect(data: dict[str, object]) -> str | None:
    template = data.get("template")
    if isinstance(template, str):
        return template
    if isinstance(template, dict):
        fmt = template.get("format")
        if isinstance(fmt, str):
            return fmt
        if isinstance(fmt, dict) and isinstance(fmt.get("kind"), str):
            return str(fmt["kind"])
        if isinstance(template.get("type"), str):
            return str(template["type"])
    return "jinja2"


def _comments(
    source: str,
    options: TextualOptions,
    fm_span: Span | None,
    yaml_span: Span | None,
    body_start: int,
    placeholders: list,
) -> list[Comment]:
    comments = template_comments(placeholders, source)
    if fm_span is not None:
        # The frontmatter is YAML, and dotprompt allows '#' lines before it.
        head_end = yaml_span.start if yaml_span else fm_span.start
        comments += line_comments(source, 0, head_end, "#", full_line_only=True)
        if yaml_span is not None:
            comments += line_comments(source, yaml_span.start, yaml_span.end, "#")
    if "<!--" in options.comment_syntaxes:
        comments += html_comments(source, body_start, len(source))
    for syntax in ("#", "//"):
        if syntax in options.comment_syntaxes:
            comments += line_comments(source, body_start, len(source), syntax, full_line_only=True)
    inside = [c for c in comments if c.syntax in ("{#", "{{!", "<!--")]
    comments = [c for c in comments if c in inside or not any(o.span.contains(c.span) for o in inside)]
    comments.sort(key=lambda c: c.span.start)
    return comments


def _messages(source: str, body: Text, options: TextualOptions) -> list[Message]:
    start, end = body.span
    if options.roles == "lines":
        found = roles.role_lines(source, start, end)
    elif options.roles == "dotprompt":
        found = roles.dotprompt_roles(source, start, end)
    else:
        found = []
    return found or roles.message_tags(body)


def _sections(source: str, body_start: int, messages: list[Message]) -> list[Section]:
    fences = [m.start() for m in _FENCE.finditer(source, body_start)]
    whole = prompt_fence(source)
    if whole is not None:  # a fence around the whole prompt is the prompt: its headings count
        fences = [at for at in fences if whole[1].start <= at < whole[1].end]
    fenced = list(zip(fences[::2], fences[1::2], strict=False))
    headings = []
    for m in _HEADING.finditer(source, body_start):
        if any(a <= m.start() < b for a, b in fenced):
            continue
        if roles.ROLE_LINE.match(source, m.start()):
            continue
        headings.append(m)
    sections = []
    for index, m in enumerate(headings):
        level = len(m.group("hashes"))
        end = len(source)
        for later_index in range(index + 1, len(headings)):
            later = headings[later_index]
            if len(later.group("hashes")) <= level:
                end = later.start()
                break
        body_from = min(m.end() + 1, end)
        sections.append(
            Section(
                m.group("title").strip(),
                level,
                Span(m.start(), end),
                Span(m.start(), m.end()),
                Text.contiguous(source, body_from, end),
            )
        )
    return sections
