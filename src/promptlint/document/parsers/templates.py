"""Template dialects: which variables a template reads, and its syntax errors.

Jinja is parsed with Jinja2's own parser (``Environment.parse`` and
``meta.find_undeclared_variables``), so what counts as a variable or an error is exactly
what the runtime will do. Handlebars/mustache (dotprompt, prompty's mustache mode,
Semantic Kernel) has no maintained Python parser, so a small tokenizer here handles the
parts linting needs: block balance, comments, helpers versus variables, and the context
switches of ``#each``/``#with`` under which a bare name is not a root input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from promptlint.document.model import ParseProblem, Span, TemplateVar, Text
from promptlint.document.parsers.scan import scan_placeholders

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    dialect: str
    variables: tuple[TemplateVar, ...]
    errors: tuple[ParseProblem, ...]


EMPTY = TemplateInfo("none", (), ())

# Dialects whose syntax errors are reliable enough to report (TPL003).
CHECKED_DIALECTS = frozenset({"jinja", "handlebars", "mustache"})


def detect_dialect(text: str, declared: str | None = None) -> str:
    """The template dialect of ``text``: declared by the file, else guessed from syntax."""
    if declared:
        key = declared.lower().replace("-", "").replace("_", "")
        mapping = {
            "jinja": "jinja",
            "jinja2": "jinja",
            "nunjucks": "jinja",
            "handlebars": "handlebars",
            "mustache": "mustache",
            "semantickernel": "semantic-kernel",
            "liquid": "liquid",
            "fstring": "none",
        }
        if key in mapping:
            return mapping[key]
    if "{{$" in text or re.search(r"\{\{\s*\$\w", text):
        return "semantic-kernel"
    if "{%" in text or re.search(r"(?<!\{)\{#", text):
        return "jinja"
    if re.search(r"\{\{[#/^>]", text):
        return "handlebars"
    if "{{" in text:
        return "mustache"
    return "none"


def analyze(text: Text, dialect: str, *, syntax: bool = True) -> TemplateInfo:
    """Variables and syntax errors of one template text (positions mapped to the source).

    ``syntax=False`` when the dialect was only guessed (``{{`` in a markdown file may be
    documentation, a nuclei DSL, or Python ``str.format`` escapes): variables are still
    collected, syntax errors are not claimed.
    """
    if dialect == "jinja":
        info = _analyze_jinja(text)
    elif dialect in ("handlebars", "mustache"):
        info = _analyze_handlebars(text, dialect)
    else:
        info = _analyze_other(text, dialect)
    return info if syntax else TemplateInfo(info.dialect, info.variables, ())


def _analyze_other(text: Text, dialect: str) -> TemplateInfo:
    if dialect == "semantic-kernel":
        return _analyze_semantic_kernel(text)
    if dialect == "liquid":
        # Liquid's tags are Jinja's for the constructs prompts use ({% for %}, {% if %});
        # when Jinja cannot read it (Liquid filter syntax), fall back to plain names.
        info = _analyze_jinja(text)
        if not info.errors:
            return TemplateInfo(dialect, info.variables, ())
        loop_vars = set(re.findall(r"\{%-?\s*for\s+(\w+)\s+in\b", text.text))
        return TemplateInfo(dialect, tuple(v for v in _simple_names(text) if v.name not in loop_vars), ())
    return TemplateInfo(dialect, (), ())


# --------------------------------------------------------------------------- Jinja


@cache
def _jinja_env() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"])


_JINJA_IMPLICIT = frozenset({"loop", "self", "caller", "varargs", "kwargs", "super"})
_IDENT = re.compile(r"[A-Za-z_]\w*")
_STRING_LITERAL = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def _analyze_jinja(text: Text) -> TemplateInfo:
    import jinja2
    from jinja2 import meta

    env = _jinja_env()
    try:
        ast = env.parse(text.text)
        names = meta.find_undeclared_variables(ast)
    except jinja2.TemplateSyntaxError as exc:
        span = _line_span(text, (exc.lineno or 1) - 1)
        return TemplateInfo("jinja", (), (ParseProblem(f"Jinja syntax error: {exc.message}", span),))
    except Exception as exc:
        span = _line_span(text, 0)
        return TemplateInfo("jinja", (), (ParseProblem(f"Jinja error: {exc}", span),))
    names -= set(env.globals) | _JINJA_IMPLICIT
    found: list[TemplateVar] = []
    if names:
        for placeholder in scan_placeholders(text.text):
            if placeholder.kind not in ("expression", "statement"):
                continue
            tag = text.text[placeholder.span.start : placeholder.span.end]
            body = _STRING_LITERAL.sub(lambda s: " " * len(s.group()), tag)
            for ident in _IDENT.finditer(body):
                name = ident.group()
                before = body[ident.start() - 1] if ident.start() else ""
                if name in names and before not in ".'\"":
                    start = placeholder.span.start + ident.start()
                    found.append(TemplateVar(name, text.source_span(start, start + len(name))))
    return TemplateInfo("jinja", tuple(found), ())


def _line_span(text: Text, line: int) -> Span:
    """Span of the first non-blank character of ``line`` (0-based) of ``text``."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text.text)]
    line = max(0, min(line, len(starts) - 1))
    start = starts[line]
    end = text.text.find("\n", start)
    end = len(text.text) if end < 0 else end
    stripped = start + (len(text.text[start:end]) - len(text.text[start:end].lstrip()))
    if stripped >= end:
        stripped = start
        end = min(start + 1, len(text.text))
    return text.source_span(stripped, max(end, stripped + 1) if end > stripped else stripped)


# ------------------------------------------------------------------- Handlebars


_HB_KNOWN_HELPERS = frozenset(
    {
        "if", "unless", "each", "with", "lookup", "log", "else",
        # dotprompt
        "role", "history", "section", "media", "json", "ifEquals", "unlessEquals",
    }
)  # fmt: skip
_CONTEXT_HELPERS = frozenset({"each", "with"})
_LITERALS = frozenset({"true", "false", "null", "undefined", "this", "."})
_PARAM = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\(|\)|[^\s()]+")


def _hb_tokens(src: str) -> tuple[list[tuple[int, int, str]], list[tuple[str, int, int]]]:
    """Mustache tags ``(start, end, body)`` and lexical errors, in linear time."""
    tags: list[tuple[int, int, str]] = []
    errors: list[tuple[str, int, int]] = []
    pos = 0
    while True:
        at = src.find("{{", pos)
        if at < 0:
            return tags, errors
        if src.startswith("{{!--", at):
            closer, body_from = "--}}", at + 5
        elif src.startswith("{{!", at):
            closer, body_from = "}}", at + 3
        elif src.startswith("{{{", at):
            closer, body_from = "}}}", at + 3
        else:
            closer, body_from = "}}", at + 2
        close = src.find(closer, body_from)
        if close < 0:
            errors.append(("unclosed '{{' (missing '}}')", at, at + 2))
            return tags, errors
        if not src.startswith("{{!", at):
            inner = src.find("{{", at + 2, close)
            if inner >= 0:
                # `{{#if detailed` never closed: the next `{{` starts before this one ends.
                errors.append(("unclosed '{{' (missing '}}')", at, at + 2))
                pos = inner
                continue
        stop = close + len(closer)
        tags.append((at, stop, "!" if src.startswith("{{!", at) else src[body_from:close]))
        pos = stop


def _analyze_handlebars(text: Text, dialect: str) -> TemplateInfo:
    src = text.text
    found: list[TemplateVar] = []
    tags, lexical = _hb_tokens(src)
    errors = [ParseProblem(message, text.source_span(a, b)) for message, a, b in lexical]
    # (helper name, start and end of the opening tag, changes context)
    stack: list[tuple[str, int, int, bool]] = []
    pos = 0
    for start, stop, raw in tags:
        _stray_closers(src, pos, start, text, errors)
        pos = stop
        if raw == "!":
            continue
        stripped = raw.strip().strip("~").strip()
        lead = stripped[:1]
        in_context = any(frame[3] for frame in stack)

        def add(
            token: str,
            offset: int,
            stripped: str = stripped,
            start: int = start,
            stop: int = stop,
            in_context: bool = in_context,
        ) -> None:
            _add_var(found, token, offset, start, stop, stripped, text, in_context)

        if lead == "#" or (lead == "^" and len(stripped) > 1):
            tokens = _params(stripped[1:])
            if not tokens:
                errors.append(ParseProblem("empty block opener", text.source_span(start, stop)))
                continue
            name = tokens[0][0]
            if name in (">", "*") and len(tokens) > 1:  # {{#> partial}} / {{#* inline}}
                tokens = tokens[1:]
                name = tokens[0][0]
            if name.startswith((">", "*")):  # partial and decorator blocks
                stack.append((name[1:], start, stop, True))
                continue
            is_helper = name in _HB_KNOWN_HELPERS or len(tokens) > 1 or dialect == "handlebars"
            if not is_helper:
                add(name, tokens[0][1] + 1)
            else:
                for token, offset in tokens[1:]:
                    add(token, offset + 1)
            stack.append((name, start, stop, name in _CONTEXT_HELPERS or not is_helper))
            continue
        if lead == "/":
            name = stripped[1:].strip()
            if not stack:
                errors.append(
                    ParseProblem(f"closing '{{{{/{name}}}}}' has no opening block", text.source_span(start, stop))
                )
                continue
            open_name, _, _, _ = stack.pop()
            if name != open_name:
                errors.append(
                    ParseProblem(f"'{{{{/{name}}}}}' closes '{{{{#{open_name}}}}}'", text.source_span(start, stop))
                )
            continue
        if lead in (">", "^", "$") or stripped in ("else", "^"):
            continue
        if stripped.startswith("else "):
            for token, offset in _params(stripped[5:]):
                add(token, offset + 5)
            continue
        tokens = _params(stripped)
        if not tokens:
            continue
        if len(tokens) == 1 and tokens[0][0] not in _HB_KNOWN_HELPERS:
            add(tokens[0][0], tokens[0][1])
        else:
            for token, offset in tokens[1:]:
                add(token, offset)
    _stray_closers(src, pos, len(src), text, errors)
    for name, open_start, open_end, _ in stack:
        tag = " ".join(src[open_start:open_end].split())
        tag = tag if len(tag) <= 40 else tag[:39] + "…"
        errors.append(
            ParseProblem(
                f"block {tag} is never closed (missing '{{{{/{name}}}}}')", text.source_span(open_start, open_end)
            )
        )
    errors.sort(key=lambda p: p.span)
    return TemplateInfo(dialect, tuple(found), tuple(errors))


def _stray_closers(src: str, start: int, end: int, text: Text, errors: list[ParseProblem]) -> None:
    """A ``}}`` in plain text with no ``{`` before it on its line is a typo'd mustache.

    JSON examples close nested objects with ``}}`` too, so a line that opened a brace
    earlier is left alone.
    """
    at = src.find("}}", start, end)
    while at >= 0:
        line_start = src.rfind("\n", 0, at) + 1
        if "{" not in src[line_start:at] and not src.startswith("}}}", at):
            errors.append(ParseProblem("stray '}}' without a matching '{{'", text.source_span(at, at + 2)))
        at = src.find("}}", at + 2, end)


def _params(expr: str) -> list[tuple[str, int]]:
    """Split a mustache body into top-level tokens with their offsets (subexpressions flattened)."""
    out: list[tuple[str, int]] = []
    after_paren = False
    for m in _PARAM.finditer(expr):
        token = m.group()
        if token in ("(", ")"):
            after_paren = token == "("
            continue
        if after_paren:  # `(gt x 1)`: the first word of a subexpression is a helper
            after_paren = False
            continue
        if "=" in token and not token.startswith(("'", '"')):
            key, _, value = token.partition("=")
            out.append((value, m.start() + len(key) + 1))
            continue
        out.append((token, m.start()))
    return out


def _add_var(
    found: list[TemplateVar],
    token: str,
    offset: int,
    tag_start: int,
    tag_stop: int,
    stripped: str,
    text: Text,
    in_context: bool,
) -> None:
    """Record ``token`` (found at ``offset`` in the tag's stripped body) if it reads a root input."""
    if not token or token[0] in "\"'" or token in _LITERALS:
        return
    if re.fullmatch(r"-?\d+(\.\d+)?", token):
        return
    root_only = False
    if token.startswith("@root."):
        token = token[6:]
        offset += 6
        root_only = True
    elif token.startswith(("@", "../", "this.", "./")):
        return
    if in_context and not root_only:
        return
    name = re.split(r"[.\[/]", token, maxsplit=1)[0]
    if not _IDENT.fullmatch(name):
        return
    body_start = text.text.find(stripped, tag_start, tag_stop) if stripped else tag_start
    start = body_start + offset
    if text.text[start : start + len(name)] != name:  # fall back to the first occurrence in the tag
        at = text.text.find(name, tag_start, tag_stop)
        start = at if at >= 0 else start
    found.append(TemplateVar(name, text.source_span(start, start + len(name))))


# ------------------------------------------------------------- Semantic Kernel


_SK_BLOCK = re.compile(r"\{\{([^{}]*)\}\}")
_SK_VAR = re.compile(r"\$([A-Za-z_]\w*)")


def _analyze_semantic_kernel(text: Text) -> TemplateInfo:
    found: list[TemplateVar] = []
    for block in _SK_BLOCK.finditer(text.text):
        inner = _STRING_LITERAL.sub(lambda s: " " * len(s.group()), block.group(1))
        for var in _SK_VAR.finditer(inner):
            start = block.start(1) + var.start(1)
            found.append(TemplateVar(var.group(1), text.source_span(start, start + len(var.group(1)))))
    return TemplateInfo("semantic-kernel", tuple(found), ())


_SIMPLE = re.compile(r"\{\{-?\s*([A-Za-z_]\w*)")


def _simple_names(text: Text) -> tuple[TemplateVar, ...]:
    return tuple(TemplateVar(m.group(1), text.source_span(m.start(1), m.end(1))) for m in _SIMPLE.finditer(text.text))
