"""Code actions as promptlint edits: quick fixes, fix-all, and suppression directives.

Pure: a parsed document and its findings in, :class:`~promptlint.diagnostics.Edit`\\ s
out; the server turns them into ``WorkspaceEdit``\\ s.

"Disable CODE for this line" writes a ``promptlint: disable-next-line=CODE -- <reason>``
directive above the finding, in the comment syntax the file's format reads there
(:mod:`promptlint.suppress`): ``<!-- -->`` in markdown, ``{# #}`` in Jinja and
prompty bodies, ``{{! }}`` in Handlebars, ``#`` in YAML, frontmatter and text files.
Every placement is *checked* before it is offered: the edited text is parsed again and
the directive must suppress exactly that finding while the file keeps its structure
(its frontmatter, version header, roles, template dialect and YAML values). Where a
line directive cannot work — a line of blanks, a line inside a YAML block scalar, the
opening ``---`` of frontmatter — a ``disable=``/``enable=`` pair around the line (or
the YAML value) is tried, and last a ``disable-file=`` directive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from promptlint import suppress
from promptlint.config import ResolvedConfig
from promptlint.diagnostics import Applicability, Diagnostic, Edit
from promptlint.document.lines import dominant_newline
from promptlint.document.model import Document, Span
from promptlint.document.parsers import parse_bytes, parse_text
from promptlint.linting import lint_text
from promptlint.rules.base import BaseRevision, Services

REASON = "<reason>"
# Formats whose values are YAML/JSON scalars: a comment line inside a block scalar
# would become prompt text, so their values must come out of an edit unchanged.
_STRUCTURED = frozenset({"yaml", "json"})


@dataclass(frozen=True)
class Suppression:
    title: str
    edits: tuple[Edit, ...]


def comment_syntax(doc: Document, offset: int) -> str | None:
    """The comment syntax the parser reads at ``offset`` (None: the format has none)."""
    if doc.format == "json":
        return None
    if doc.format == "yaml":
        return "#"
    if doc.frontmatter_span is not None and offset < doc.body_span.start:
        return "#"  # the frontmatter (YAML) or dotprompt's leading comment lines
    if doc.dialect in ("handlebars", "mustache") or doc.format == "dotprompt":
        return "{{!"
    if doc.dialect == "jinja" or doc.format == "jinja":
        return "{#"
    if doc.format == "text":
        return "#"
    return "<!--"


def comment(syntax: str, body: str) -> str:
    return {
        "<!--": f"<!-- {body} -->",
        "{#": f"{{# {body} #}}",
        "{{!": f"{{{{! {body} }}}}",
        "#": f"# {body}",
    }[syntax]


Recheck = Callable[[str], list[Diagnostic]]


def disable_actions(
    doc: Document,
    diagnostic: Diagnostic,
    resolve: Callable[[str], str | None],
    recheck: Recheck | None = None,
) -> Suppression | None:
    """The first verified way to silence ``diagnostic`` (line first, then file).

    A placement is verified on the parsed result (structure kept, directive covering
    the finding where it will be), and with ``recheck`` — the finding's rule and SUP001
    run on a text — also by running the rule: it must report fewer such findings and
    SUP001 no new unused directive. The rule run catches findings that do not move
    with the text (VER001 is reported at the top of the file whatever comes first).
    """
    code = diagnostic.code
    line = doc.lines.position(diagnostic.span.start).line
    before = Counter(d.code for d in recheck(doc.source)) if recheck is not None else None
    for title, edits in _candidates(doc, code, line, diagnostic.span.start):
        if not _verified(doc, diagnostic, edits, resolve):
            continue
        if recheck is not None and before is not None:
            after = Counter(d.code for d in recheck(apply_edits(doc.source, edits)))
            if after[code] >= before[code] or after["SUP001"] > before["SUP001"]:
                continue
        return Suppression(title, edits)
    return None


def _candidates(doc: Document, code: str, line: int, offset: int) -> list[tuple[str, tuple[Edit, ...]]]:
    newline = dominant_newline(doc.source)
    this_line = f"Disable {code} for this line"
    out: list[tuple[str, tuple[Edit, ...]]] = []
    syntax = comment_syntax(doc, offset)
    if syntax is not None:
        above = _insert_line(doc, line, comment(syntax, f"promptlint: disable-next-line={code} -- {REASON}"), newline)
        out.append((this_line, (above,)))
        out.append((this_line, _around(doc, line, line, syntax, code, newline)))
        value = _value_lines(doc, offset)
        if value is not None and value != (line, line):
            out.append((f"Disable {code} for this value", _around(doc, *value, syntax, code, newline)))
    file_title = f"Disable {code} for this file"
    for where in _file_positions(doc):
        syntax = comment_syntax(doc, where)
        if syntax is None:
            continue
        text = comment(syntax, f"promptlint: disable-file={code} -- {REASON}")
        out.append((file_title, (_insert_at(doc, where, text, newline),)))
    return out


def _indent(doc: Document, line: int) -> str:
    """The line's indentation (none for a blank line: its blanks are not an indent)."""
    text = doc.lines.line_text(line) if line < doc.lines.line_count else ""
    stripped = text.lstrip(" \t")
    return text[: len(text) - len(stripped)] if stripped else ""


def _insert_line(doc: Document, line: int, text: str, newline: str) -> Edit:
    """``text`` as a line of its own before ``line``, indented like it."""
    start = doc.lines.line_start(line)
    return Edit(Span(start, start), _indent(doc, line) + text + newline)


def _insert_after(doc: Document, line: int, text: str, newline: str, indent: str) -> Edit:
    end = doc.lines.line_end(line, keep_break=True)
    if end == len(doc.source) and not doc.source.endswith(("\n", "\r")):
        # The last line, without a final line break: keep it that way (WS002 is its own finding).
        return Edit(Span(end, end), newline + indent + text)
    return Edit(Span(end, end), indent + text + newline)


def _around(doc: Document, first: int, last: int, syntax: str, code: str, newline: str) -> tuple[Edit, ...]:
    indent = _indent(doc, first)
    opener = _insert_line(doc, first, comment(syntax, f"promptlint: disable={code} -- {REASON}"), newline)
    closer = _insert_after(doc, last, comment(syntax, f"promptlint: enable={code}"), newline, indent)
    return (opener, closer)


def _value_lines(doc: Document, offset: int) -> tuple[int, int] | None:
    """For YAML/JSON: the lines of the scalar holding ``offset``, its key line included."""
    if doc.format not in _STRUCTURED:
        return None
    for text in doc.iter_texts():
        span = text.span
        if span.start <= offset <= span.end and span.end > span.start:
            first = doc.lines.position(span.start).line
            before = doc.source[doc.lines.line_start(first) : span.start]
            if not before.strip() and first > 0:
                first -= 1  # a block scalar: its text starts below the `key: |` line
            return first, doc.lines.position(span.end).line
    return None


def _file_positions(doc: Document) -> list[int]:
    """Where a ``disable-file`` directive may go: the top (inside frontmatter), else the end."""
    positions = []
    if doc.frontmatter_yaml_span is not None:
        positions.append(doc.frontmatter_yaml_span.start)
    else:
        positions.append(1 if doc.source.startswith("\ufeff") else 0)
    positions.append(len(doc.source))
    return positions


def _insert_at(doc: Document, offset: int, text: str, newline: str) -> Edit:
    if offset >= len(doc.source) and doc.source and not doc.source.endswith(("\n", "\r")):
        return Edit(Span(offset, offset), newline + text)
    return Edit(Span(offset, offset), text + newline)


def apply_edits(source: str, edits: tuple[Edit, ...]) -> str:
    out = []
    cursor = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):
        out.append(source[cursor : edit.span.start])
        out.append(edit.text)
        cursor = edit.span.end
    out.append(source[cursor:])
    return "".join(out)


def _shift(offset: int, edits: tuple[Edit, ...]) -> int:
    """Where ``offset`` lands after insertions (an insertion at it pushes it along)."""
    return offset + sum(len(e.text) for e in edits if e.span.start <= offset and e.span.start == e.span.end)


def _verified(
    doc: Document, diagnostic: Diagnostic, edits: tuple[Edit, ...], resolve: Callable[[str], str | None]
) -> bool:
    new = parse_text(apply_edits(doc.source, edits), doc.path, doc.format)
    if (
        len(new.problems) > len(doc.problems)
        or len(new.template_errors) > len(doc.template_errors)
        or new.dialect != doc.dialect
        or (new.version is None) != (doc.version is None)
        or (new.version is not None and doc.version is not None and new.version.value != doc.version.value)
        or len(new.messages) != len(doc.messages)
        or [t.text for t in new.frontmatter_strings] != [t.text for t in doc.frontmatter_strings]
        or (
            doc.format in _STRUCTURED
            and not doc.problems
            and [t.text for t in new.iter_texts()] != [t.text for t in doc.iter_texts()]
        )
    ):
        return False
    start = _shift(diagnostic.span.start, edits)
    moved = replace(diagnostic, span=Span(start, start + (diagnostic.span.end - diagnostic.span.start)))
    kept = suppress.apply(new, [moved], resolve=resolve, enabled={diagnostic.code}, unused_severity=None)
    return not kept


def fixable(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Findings with a fix the editor may apply unasked (``safe``, like ``check --fix``)."""
    return [d for d in diagnostics if d.fix is not None and d.fix.applicability is Applicability.SAFE]


def fix_all(
    data: bytes,
    path: Path | None,
    config: ResolvedConfig,
    *,
    display: str,
    base: BaseRevision | None,
    services: Services,
) -> str | None:
    """The document with every safe fix applied: exactly what ``check --fix`` writes
    (None when nothing changes, or the content is unreadable and so never fixed).

    Only the rules that can change the result run: those with fixes, SUP001 (its fix
    removes unused directives) and the rules the document's directives name (whether a
    directive is unused depends on them). A rule that can neither fix nor decide a
    directive cannot change the text, so leaving it out changes nothing but the time —
    and keeps the models out of a fix-on-save unless a directive needs them.
    """
    doc = parse_bytes(data, display)
    if doc.extra.get("unreadable"):
        return None
    named = {code for d in suppress.parse_directives(doc, config.registry.code_for) for _, code in d.codes if code}
    wanted = named | {"SUP001"}
    result = lint_text(
        doc,
        path,
        config,
        base=base,
        services=services,
        fix=True,
        rule_filter=lambda active: active.meta.fix != "never" or active.meta.code in wanted,
    )
    return result.document.source if result.fixes_applied else None
