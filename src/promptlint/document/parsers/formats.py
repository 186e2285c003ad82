"""One entry per file format: how each is parsed (DESIGN.md §2 "Files it understands")."""

from __future__ import annotations

from promptlint.document.model import Document
from promptlint.document.parsers.chat import parse_chat
from promptlint.document.parsers.golden import parse_golden_document
from promptlint.document.parsers.textual import TextualOptions, parse_textual

PROMPTY = TextualOptions("prompty", frontmatter="strict", roles="lines", comment_syntaxes=("<!--",))
DOTPROMPT = TextualOptions(
    "dotprompt", frontmatter="strict", leading_comments=True, roles="dotprompt", dialect="handlebars"
)
MARKDOWN = TextualOptions("markdown", frontmatter="loose", comment_syntaxes=("<!--",))
TEXT = TextualOptions("text", frontmatter="loose", roles="lines", comment_syntaxes=("#", "//", "<!--"))
JINJA = TextualOptions("jinja", roles="lines", dialect="jinja")

_TEXTUAL = {"prompty": PROMPTY, "dotprompt": DOTPROMPT, "markdown": MARKDOWN, "text": TEXT, "jinja": JINJA}
PROMPT_FORMATS = (*_TEXTUAL, "yaml", "json")
# Files promptlint reads that are not prompts: only rules that name the format run on them.
DATA_FORMATS = ("golden",)
FORMATS = (*PROMPT_FORMATS, *DATA_FORMATS)


def parse_as(fmt: str, source: str, path: str | None) -> Document:
    if fmt == "golden":
        return parse_golden_document(source, path)
    if fmt in ("yaml", "json"):
        return parse_chat(source, path, fmt)
    return parse_textual(source, path, _TEXTUAL[fmt])
