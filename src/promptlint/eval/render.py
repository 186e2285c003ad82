"""Rendering a prompt with a case's vars into the chat messages a model receives.

Every format goes through the parsed :class:`~promptlint.document.model.Document` (the
linter's own reading of the file), then through the template dialect it declares or
uses, the way that format's runtime does it:

* **prompty, Jinja** (``*.j2``…), **text**: the body is rendered as a whole (Jinja2, or
  Handlebars for a prompty ``template: mustache``), then split into turns at role lines
  (``system:``/``user:``/``assistant:``, optionally ``# system:``), as prompty and
  promptflow do — so a ``{% for %}`` loop that writes ``{{item.role}}:`` lines becomes
  turns too;
* **dotprompt**: Handlebars (Google's pure-Python ``dotpromptz-handlebars``, the
  implementation dotprompt's Python SDK uses), with dotprompt's helpers: ``{{role "x"}}``
  starts a turn, ``{{json x}}``, ``{{#ifEquals}}``/``{{#unlessEquals}}``; ``{{history}}``
  inserts nothing (a case has no history) and ``{{media}}`` is refused;
* **chat YAML/JSON**: the file's own messages, each content rendered with the file's
  dialect; a file that is itself a Jinja template is rendered whole, then read again;
  a prompt config without messages sends its ``system``-like keys as the system turn
  and its ``template``/``prompt``-like keys as the user turn;
* **markdown** (and anything without role markers): the body is one **user** message,
  as promptfoo sends a text prompt — so pasted promptfoo tests mean the same thing.

Semantic Kernel ``<message role="…">`` tags split turns in any textual format. Values
the prompt declares as defaults (prompty ``inputs.x.default``, dotprompt
``input.default``) fill vars a case leaves out. A var the template *prints* and nobody
gives is an error naming the case and the variable — never a silent empty string;
conditions (``{% if x %}``, ``{{#if x}}``) on a missing var take the false branch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from promptlint.document.model import Document, Text
from promptlint.document.parsers import parse_text, roles
from promptlint.errors import PromptlintError

Message = dict[str, str]

_ROLE_MARK = "\x00role:{}\x00"
_ROLE_MARK_RE = re.compile(r"\x00role:(\w+)\x00")
_SYSTEM_KEYS = ("system", "system_prompt", "system_message", "instruction", "instructions")
_USER_KEYS = ("template", "prompt", "prompt_template", "instruction_template", "user", "user_prompt", "content")


class RenderError(PromptlintError):
    """A prompt that cannot be rendered for a case (the message names both).

    Template engines quote the template in their errors — Handlebars a whole code block,
    line breaks included — so the message is folded onto one line and cut to
    ``MAX_MESSAGE`` characters: an error line, not a copy of the prompt.
    """

    MAX_MESSAGE = 240

    def __init__(self, message: str) -> None:
        folded = " ".join(message.split())
        if len(folded) > self.MAX_MESSAGE:
            folded = folded[: self.MAX_MESSAGE - 1].rstrip() + "…"
        super().__init__(folded)


def declared_defaults(doc: Document) -> dict[str, Any]:
    """Default values the prompt declares for its inputs."""
    data = doc.frontmatter if isinstance(doc.frontmatter, Mapping) else {}
    out: dict[str, Any] = {}
    inputs = data.get("inputs")
    if isinstance(inputs, Mapping):
        for name, spec in inputs.items():
            if isinstance(spec, Mapping) and "default" in spec:
                out[str(name)] = spec["default"]
    elif isinstance(inputs, list):
        for item in inputs:
            if isinstance(item, Mapping) and "name" in item and "default" in item:
                out[str(item["name"])] = item["default"]
    dot_input = data.get("input")
    if isinstance(dot_input, Mapping) and isinstance(dot_input.get("default"), Mapping):
        out.update({str(k): v for k, v in dot_input["default"].items()})
    return out


def render(doc: Document, variables: Mapping[str, Any], *, case: str = "", dialect: str | None = None) -> list[Message]:
    """The messages ``doc`` sends for ``variables`` (raises RenderError).

    ``dialect`` overrides the file's template dialect (promptfoo renders every prompt
    with Nunjucks, which Jinja2 reads the same way for what prompts use).
    """
    where = f"case '{case}': " if case else ""
    if doc.problems or doc.extra.get("unreadable"):
        problem = doc.problems[0].message if doc.problems else "unreadable"
        raise RenderError(f"{doc.path}: cannot be rendered ({problem})")
    if doc.format == "golden":
        raise RenderError(f"{doc.path} is a golden set, not a prompt")
    values = {**declared_defaults(doc), **variables}
    if dialect is not None and dialect != doc.dialect:
        from dataclasses import replace

        doc = replace(doc, dialect=dialect)
    try:
        if doc.format in ("yaml", "json"):
            messages = _render_chat(doc, values)
        else:
            text = "\n".join(t.text for t in doc.body)
            rendered = render_template(text, doc.dialect, values)
            messages = _split(rendered, doc.format)
    except _Missing as exc:
        raise RenderError(
            f"{where}the template uses '{exc.name}', which the case does not give (add it to `vars`)"
        ) from None
    except RenderError as exc:
        raise RenderError(f"{where}{exc}") from None
    messages = [m for m in messages if m["content"].strip()]
    if not messages:
        raise RenderError(f"{where}{doc.path} renders to no message")
    return messages


# ------------------------------------------------------------------ splitting


def _split(rendered: str, fmt: str) -> list[Message]:
    if fmt == "dotprompt" or _ROLE_MARK_RE.search(rendered):
        messages = _split_marks(rendered)
    elif fmt in ("prompty", "jinja", "text"):
        messages = _split_role_lines(rendered)
    else:
        messages = []
    if len(messages) <= 1 and not _ROLE_MARK_RE.search(rendered):
        tagged = roles.message_tags(Text.contiguous(rendered, 0, len(rendered)))
        if tagged:
            return [_message(m.role, m.content.text) for m in tagged]
    return messages or [_message("user", rendered)]


def _split_role_lines(text: str) -> list[Message]:
    marks = list(roles.ROLE_LINE.finditer(text))
    if not marks:
        return []
    out = []
    head = text[: marks[0].start()]
    if head.strip():
        out.append(_message("user", head))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
        out.append(_message(mark.group("role"), text[mark.end() : end]))
    return out


def _split_marks(text: str) -> list[Message]:
    out = []
    pieces = _ROLE_MARK_RE.split(text)
    if pieces[0].strip():
        out.append(_message("user", pieces[0]))  # dotprompt's default role
    for role, content in zip(pieces[1::2], pieces[2::2], strict=False):
        out.append(_message(role, content))
    return out


def _message(role: str, content: str) -> Message:
    normal = roles.normalise(role)
    return {"role": normal if normal in ("system", "user", "assistant") else "user", "content": content.strip()}


# ------------------------------------------------------------------- chat files


def _render_chat(doc: Document, values: Mapping[str, Any]) -> list[Message]:
    if doc.extra.get("top_level") == "template":
        rendered = render_template(doc.source, "jinja", values)
        again = parse_text(rendered, doc.path, doc.format)
        if again.problems:
            raise RenderError(f"{doc.path} renders to invalid {doc.format}: {again.problems[0].message}")
        return [_message(m.raw_role, m.content.text) for m in again.messages]
    if doc.messages:
        return [_message(m.raw_role, render_template(m.content.text, doc.dialect, values)) for m in doc.messages]
    data = doc.frontmatter if isinstance(doc.frontmatter, Mapping) else {}
    system = [data[k] for k in _SYSTEM_KEYS if isinstance(data.get(k), str)]
    user = [data[k] for k in _USER_KEYS if isinstance(data.get(k), str)]
    if not system and not user:
        user = [t.text for t in doc.body]
    out = [_message("system", render_template(t, doc.dialect, values)) for t in system]
    out += [_message("user", render_template(t, doc.dialect, values)) for t in user]
    return out


# -------------------------------------------------------------------- dialects


class _Missing(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def render_template(text: str, dialect: str, values: Mapping[str, Any]) -> str:
    if dialect in ("jinja", "liquid"):
        return _render_jinja(text, values)
    if dialect in ("handlebars", "mustache"):
        return _render_handlebars(text, values)
    if dialect == "semantic-kernel":
        return _render_semantic_kernel(text, values)
    return text


@cache
def _jinja_env() -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    class PrintStrict(jinja2.StrictUndefined):
        """Raises when printed or iterated, but is false in a condition."""

        def __bool__(self) -> bool:
            return False

    return SandboxedEnvironment(
        undefined=PrintStrict, keep_trailing_newline=True, extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"]
    )


def _render_jinja(text: str, values: Mapping[str, Any]) -> str:
    import jinja2

    try:
        return _jinja_env().from_string(text).render(**values)
    except jinja2.UndefinedError as exc:
        match = re.search(r"'([^']+)' is undefined", str(exc))
        if match:
            raise _Missing(match.group(1)) from None
        raise RenderError(f"Jinja: {exc}") from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        # An `{% include %}` (no loader here), a filter on the wrong type: the template's
        # own error, named, not a traceback.
        raise RenderError(f"Jinja: {type(exc).__name__}: {exc}") from None


@cache
def _handlebars() -> Any:
    try:
        from dotpromptz_handlebars import Handlebars
    except ImportError:
        raise RenderError(
            "rendering Handlebars (dotprompt) needs dotpromptz-handlebars: pip install 'promptlint-suite[eval]'"
        ) from None
    engine = Handlebars(strict=True, escape_html=False)

    def role(args: list[Any], options: Any) -> str:
        return _ROLE_MARK.format(str(args[0]) if args else "user")

    def media(args: list[Any], options: Any) -> str:
        raise RenderError("{{media}} parts are not supported by promptlint eval")

    def as_json(args: list[Any], options: Any) -> str:
        indent = options.hash.get("indent")
        return json.dumps(args[0] if args else None, indent=indent if isinstance(indent, int) else None)

    def if_equals(args: list[Any], options: Any) -> str:
        same = len(args) >= 2 and args[0] == args[1]
        return options.fn(options.context) if same else options.inverse(options.context)

    def unless_equals(args: list[Any], options: Any) -> str:
        same = len(args) >= 2 and args[0] == args[1]
        return options.inverse(options.context) if same else options.fn(options.context)

    for name, helper in (
        ("role", role), ("history", lambda a, o: ""), ("section", lambda a, o: ""), ("media", media),
        ("json", as_json), ("ifEquals", if_equals), ("unlessEquals", unless_equals),
    ):  # fmt: skip
        engine.register_helper(name, helper)
    return engine


def _render_handlebars(text: str, values: Mapping[str, Any]) -> str:
    engine = _handlebars()
    from dotpromptz_handlebars import StrictModeError

    try:
        return str(engine.compile(text)(dict(values)))
    except StrictModeError as exc:
        raise _Missing(str(getattr(exc, "path", exc)).split(".")[0]) from None
    except RenderError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise RenderError(f"Handlebars: {type(exc).__name__}: {exc}") from None


_SK_VAR = re.compile(r"\{\{\s*\$([A-Za-z_]\w*)\s*\}\}")


def _render_semantic_kernel(text: str, values: Mapping[str, Any]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise _Missing(name)
        return str(values[name])

    return _SK_VAR.sub(one, text)
