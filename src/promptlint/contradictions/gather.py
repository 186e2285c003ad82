"""Which text of a document holds instructions, split into analysed units.

Instructions are the prompt outside few-shot examples, outside assistant turns (an
assistant turn is an answer, not an instruction), outside fenced code blocks (quoted
code is content; inline code such as "respond in `JSON`" stays in its sentence) and
outside reference material: ``START KNOWLEDGE`` … ``END KNOWLEDGE`` blocks,
``<context>``/``<document>``/``<input>``-style tags, triple-quoted text and HTML
``<script>`` blocks — a guide to prompting quoted inside a prompt is full of example
instructions that contradict each other. Three kinds of context scope
the instructions inside them:

* markdown headings that state a condition ("## For API clients", "### When the user is
  angry");
* headings that name one thing among several ("### `create_pr`", "## Tool: search",
  "### summarize_notes"): instructions about one tool or pattern do not bind another;
* template branches: ``{% if strict %}…{% else %}…{% endif %}`` in Jinja,
  ``{{#if strict}}…{{else}}…{{/if}}`` in Handlebars. Instructions in different branches
  never reach the model together.
"""

from __future__ import annotations

import re

from promptlint.contradictions.actions import marked_verbs
from promptlint.contradictions.instructions import Instruction, analyse, normalise_scope, split_units
from promptlint.contradictions.vocabulary import Vocabulary
from promptlint.document import scopes
from promptlint.document.model import Document, Span, Text

_CONDITIONAL_HEADING = re.compile(
    r"(?i)^(?:for|when|if|in|during|on|only|except|unless|while|after|before)\b|"
    r"\b(?:requests?|emails?|chat|api|mode|channel|sms|voice|slack|phone calls?)\b"
)
_NAMED_HEADING = re.compile(
    r"^(?:`[^`]+`|[a-z][\w.-]*_[\w.-]*|[a-z]+[A-Z]\w*|(?i:tool|function|command|pattern|mode|agent|persona|"
    r"endpoint|action|skill|plugin)\b.*)$"
)
_MARKER_START = re.compile(
    r"(?m)^[ \t]*(?:START|BEGIN)(?:[ \t]+OF)?[ \t]+(?P<name>[A-Z][A-Z0-9 _-]{1,60}?)[ \t]*:?[ \t]*$"
)
_CONTENT_TAG = re.compile(
    r"(?i)<(?P<tag>context|documents?|knowledge|references?|article|input|text|data|transcript|sources?|background|"
    r"email|conversation|quote|script|code|passage|content)(?:\s[^<>]{0,200})?>"
)
_TRIPLE_QUOTE = re.compile(r'"""|\'\'\'')
_MAX_BLOCKS = 200
_TAG = re.compile(r"^[-~+#/\s]*(?P<word>if|elif|elseif|else|endif|unless|endunless)\b(?P<rest>.*?)[-~+\s]*$", re.S)


def instruction_texts(doc: Document) -> list[Text]:
    excluded: list[Span] = [block.span for block in doc.examples]
    excluded += [m.span for m in doc.messages if m.role == "assistant"]
    excluded += list(scopes.fenced_code_spans(doc))
    excluded += reference_spans(doc.source)
    return [piece for text in doc.body for piece in scopes.outside(text, excluded)]


def reference_spans(source: str) -> list[Span]:
    """Quoted reference material: marker blocks, content tags, triple-quoted text."""
    spans: list[Span] = []
    for m in list(_MARKER_START.finditer(source))[:_MAX_BLOCKS]:
        name = re.escape(m.group("name").strip())
        end = re.compile(rf"(?m)^[ \t]*END(?:[ \t]+OF)?[ \t]+{name}\b[^\n]*$").search(source, m.end())
        if end:
            spans.append(Span(m.start(), end.end()))
    for m in list(_CONTENT_TAG.finditer(source))[:_MAX_BLOCKS]:
        close = re.compile(rf"(?i)</{m.group('tag')}\s*>").search(source, m.end())
        if close:
            spans.append(Span(m.start(), close.end()))
    quotes = [m.start() for m in _TRIPLE_QUOTE.finditer(source)][: 2 * _MAX_BLOCKS]
    for start, end in zip(quotes[::2], quotes[1::2], strict=False):
        spans.append(Span(start, end + 3))
    return spans


def template_branches(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, scope) of every conditional template branch, in source offsets."""
    branches: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str, str]] = []  # (branch start, scope, condition)
    count = 0
    for placeholder in doc.placeholders:
        if placeholder.kind not in ("statement", "expression"):
            continue
        inner = doc.source[placeholder.inner.start : placeholder.inner.end]
        if placeholder.kind == "expression" and not re.match(r"\s*[#/~]|\s*else\b", inner):
            continue
        m = _TAG.match(inner)
        if not m:
            continue
        word, condition = m.group("word"), " ".join(m.group("rest").split())
        closing = inner.lstrip("-~ ").startswith("/") or word.startswith("end")
        count += 1
        if word in ("if", "unless") and not closing:
            stack.append((placeholder.span.end, f"branch {count} {word} {condition}", condition))
        elif stack and (closing or word in ("elif", "elseif", "else")):
            start, scope, first = stack.pop()
            branches.append((start, placeholder.span.start, scope))
            if not closing:
                stack.append((placeholder.span.end, f"branch {count} {word} {condition or first}", first))
    return branches


def gather(doc: Document, vocab: Vocabulary) -> list[Instruction]:
    contexts = [
        (section.span.start, section.span.end, normalise_scope(section.title))
        for section in doc.sections
        if _CONDITIONAL_HEADING.search(section.title)
    ]
    contexts += [
        (section.span.start, section.span.end, f"section {section.title.strip()}")
        for section in doc.sections
        if _NAMED_HEADING.match(section.title.strip())
    ]
    contexts += template_branches(doc)
    units = [
        (unit, span, (index, sentence))
        for index, text in enumerate(instruction_texts(doc))
        for unit, span, sentence in split_units(text)
    ]
    verbs = frozenset(v for unit, _, _ in units for v in marked_verbs(unit))
    sentences: dict[tuple[int, int], int] = {}
    instructions: list[Instruction] = []
    for unit, span, sentence in units:
        context = " ".join(scope for lo, hi, scope in contexts if lo <= span.start < hi)
        previous = instructions[-1].scope if instructions else ""
        instruction = analyse(unit, span, context, vocab, previous, verbs)
        instruction.line = doc.lines.position(span.start).line
        instruction.sentence = sentences.setdefault(sentence, len(sentences))
        instructions.append(instruction)
    return instructions
