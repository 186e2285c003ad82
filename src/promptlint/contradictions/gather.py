"""Which text of a document holds instructions, split into analysed units.

Instructions are the prompt outside few-shot examples, outside assistant turns (an
assistant turn is an answer, not an instruction), outside fenced code blocks (quoted
code is content; inline code such as "respond in `JSON`" stays in its sentence; a fence
that wraps the whole prompt is the prompt) and outside reference material:
``START KNOWLEDGE`` … ``END KNOWLEDGE`` blocks, ``<context>``/``<document>``/``<input>``-
style tags, triple-quoted text and HTML ``<script>`` blocks — a guide to prompting
quoted inside a prompt is full of example instructions that contradict each other.

Regions of the prompt scope the instructions inside them (:func:`regions`):

* markdown headings and XML-style section tags (``<notebookInstructions>`` …) that
  state a condition ("## For API clients"), name one thing among several ("### `create_pr`",
  "## Tool: search") or an activity ("# Committing changes with git"): instructions
  there do not bind the rest of the prompt;
* headings that name a part of the output or a subject ("## Summary", "# IDEAS",
  "<web_application_development>", a Title Case line such as "Weather" between blank
  lines, a bold label line) form a *section*: "use bullet points" there and "write in
  prose" under "## Details" do not collide, and the part is what a length limit under
  it measures. Headings that group rules ("## Rules", "# OUTPUT INSTRUCTIONS", "## Tone",
  "## Notes from the sales team") scope nothing;
* tool and parameter descriptions — JSON-schema ``description`` values, in a tools file
  or embedded in a prompt — are each their own scope: "do not use this tool to edit
  files" describes one tool;
* a section title used twice ("<tool_usage>" … "<tool_usage>") and blocks after a
  thematic break that restart the prompt are separate copies or drafts;
* template branches: ``{% if strict %}…{% else %}…{% endif %}`` in Jinja,
  ``{{#if strict}}…{{else}}…{{/if}}`` in Handlebars. Instructions in different branches
  never reach the model together.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

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
# "Committing changes with git", "Handling errors": an activity; its rules apply to it.
_ACTIVITY_HEADING = re.compile(r"^(?P<verb>[A-Za-z]{3,}ing)\s+\S")
# Words of headings that group rules rather than name a part of the output or an activity.
META_WORDS = frozenset(
    """output outputs instruction instructions rule rules guideline guidelines guidance guide constraint constraints
    requirement requirements format formats formatting style styles styling tone voice length language languages
    step steps note notes important general overview identity purpose goal goals objective objectives task tasks
    role persona behaviour behavior behaviours behaviors policy policies consideration considerations best practice
    practices restriction restrictions limit limits limitation limitations response responses answer answers reply
    replies communication writing personality principle principles core key critical additional other final system
    prompt input inputs you your assistant about who what how to and the of for a an with from by added extra more
    misc miscellaneous team sales legal company compliance override overrides update updates change changes
    amendment amendments addendum always never do dont don't must should section sections context background
    reminder reminders info information expected desired structure basic main primary secondary escalation
    version v also finally lastly additionally first second third next then tip tips warning warnings caution ps
    nb""".split()
)
_TOOL_WORD = re.compile(r"(?i)(?:^|[_\s-])(?:tools?|functions?)(?:$|[_\s-])")
_TAG_OPEN = re.compile(r"(?m)^[ \t]*<(?P<tag>[A-Za-z][\w.-]{1,60})(?:\s[^<>\n]{0,200})?>[ \t]*\r?$")
_MARKER_START = re.compile(
    r"(?m)^[ \t]*(?:START|BEGIN)(?:[ \t]+OF)?[ \t]+(?P<name>[A-Z][A-Z0-9 _-]{1,60}?)[ \t]*:?[ \t]*\r?$"
)
_CONTENT_TAG = re.compile(
    r"(?i)<(?P<tag>context|documents?|knowledge|references?|article|input|text|data|transcript|sources?|background|"
    r"email|conversation|quote|script|code|passage|content)(?:\s[^<>]{0,200})?>"
)
_TRIPLE_QUOTE = re.compile(r'"""|\'\'\'')
_MAX_BLOCKS = 200
_TAG = re.compile(r"^[-~+#/\s]*(?P<word>if|elif|elseif|else|endif|unless|endunless)\b(?P<rest>.*?)[-~+\s]*$", re.S)
# Tool and parameter descriptions: a JSON string value or a YAML-style value under
# a `description` key, wherever it is written.
_DESCRIPTION_KEYS = frozenset({"description", "desc", "summary", "help", "usage", "instructions_for_use"})
_JSON_DESCRIPTION = re.compile(r'"(?:description|desc)"\s*:\s*"(?:[^"\\\n]|\\.)*"')
_YAML_DESCRIPTION = re.compile(r"(?m)^(?P<indent>[ \t]*)(?:-[ \t]+)?(?:description|desc):[ \t]*(?P<rest>[^\n]*)$")
_KEY_BEFORE = re.compile(
    r'(?:"(?P<json>[^"\\\n]{1,60})"\s*:\s*|(?P<yaml>[\w$-]{1,60}):[ \t]*(?:[|>][+-]?[ \t]*\n)?[ \t]*)["\']?$'
)
_NEXT_LINE = re.compile(r"\n([ \t]*)(\S[^\n]*)?(?=\n|$)")
_BREAK = re.compile(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*\r?$")
_MAX_REGIONS = 2000


@dataclass(frozen=True)
class Region:
    """A stretch of the source whose instructions share a scope (or a measured part)."""

    start: int
    end: int
    scope: str = ""
    part: str = ""


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


def _words(title: str) -> list[str]:
    """Lower-case words of a heading or tag name ("notebookInstructions" → notebook, instructions)."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|[_.-]+", " ", title)
    return re.findall(r"[a-z0-9']+", spaced.lower())


def classify(title: str) -> tuple[str, str]:
    """(scope, part) that a section titled ``title`` gives the instructions inside it."""
    title = re.sub(r"^[\s#*_]*(?:\d+[.)]?\s+)?|[\s*_:]+$", "", title.strip())
    if not title:
        return "", ""
    words = _words(title)
    if _CONDITIONAL_HEADING.search(title) and normalise_scope(title):
        return normalise_scope(title), ""
    if _NAMED_HEADING.match(title) or _TOOL_WORD.search(title):
        return f"section {' '.join(words)}", ""
    activity = _ACTIVITY_HEADING.match(title)
    rest = [w for w in words[1:] if w not in META_WORDS]
    if activity and rest and words[0] not in META_WORDS:
        return f"activity {' '.join(words)}", ""
    if all(w in META_WORDS or w.isdigit() for w in words):
        return "", ""
    return "", " ".join(w for w in words if w not in META_WORDS)


def _sections(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, title) of headings and of XML-style section tags, in source order."""
    found = [(section.span.start, section.span.end, section.title) for section in doc.sections]
    # The document's own title (a heading whose section holds every other one) scopes nothing.
    if len(found) > 1:
        found = [s for s in found if not all(s[0] <= o[0] and o[1] <= s[1] for o in found)]
    source = doc.source
    absent: set[str] = set()
    for m in list(_TAG_OPEN.finditer(source))[:_MAX_BLOCKS]:
        tag = m.group("tag")
        if tag.lower() in absent or _CONTENT_TAG.fullmatch(f"<{tag}>") or tag.lower().startswith("example"):
            continue
        close = _closing_tag(source, tag, m.end())
        if close < 0:
            absent.add(tag.lower())
            continue
        found.append((m.end(), close, " ".join(_words(tag))))
    if doc.format not in ("json", "yaml"):
        found += _pseudo_headings(source, [start for start, _, _ in found])
    return sorted(found)


# A short Title Case line between blank lines ("Academic Research", "Weather", "OUTPUT
# INSTRUCTIONS:"), or a line that is only a bold label ("3. **Technical Approach:**").
_PSEUDO_HEADING = re.compile(
    r"(?m)(?:\A|\n[ \t]*+\r?\n)"
    r"(?P<line>[ \t]*+(?P<title>[A-Z][\w'&/()-]*+(?:[ \t]++[\w'&/()-]++){0,4})[ \t]*+:?[ \t]*+)"
    r"(?=\r?\n[ \t]*+\r?\n)|"
    r"^(?P<bold_line>[ \t]*+(?:(?:[-*+]|\d{1,2}[.)])[ \t]++)?"
    r"(?:\*\*|__)(?P<bold>[^*_\r\n]{2,60}?):?(?:\*\*|__):?[ \t]*+)\r?$"
)
_MINOR_WORDS = frozenset("of and the for to in a an or with on by at vs".split())
_CLOSING_TAG = re.compile(r"(?m)^[ \t]*</[A-Za-z]")


def _pseudo_headings(source: str, heading_starts: list[int]) -> list[tuple[int, int, str]]:
    """Sections under pseudo-headings; each runs to the next one, a heading or a closing tag."""
    marks = []
    for m in list(_PSEUDO_HEADING.finditer(source))[: 4 * _MAX_BLOCKS]:
        title = m.group("title") or m.group("bold") or ""
        words = title.split()
        if not words or len(words) > 6 or re.search(r"[.!?;,]$|[`\"]", title):
            continue
        if m.group("title") and not all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words):
            continue
        marks.append((m.start("line") if m.group("title") else m.start("bold_line"), m.end(), title))
    stops = sorted({*heading_starts, *(m.start() for m in _CLOSING_TAG.finditer(source)), *(m[0] for m in marks)})
    found = []
    for start, body, title in marks:
        k = bisect.bisect_right(stops, start)
        end = stops[k] if k < len(stops) else len(source)
        found.append((body, end, title))
    return found


def _closing_tag(source: str, tag: str, start: int) -> int:
    """Where the line holding ``</tag>`` (and nothing before it but blanks) starts, or -1."""
    needle = f"</{tag}"
    at = source.find(needle, start)
    while at >= 0:
        line_start = source.rfind("\n", 0, at) + 1
        after = source[at + len(needle) : at + len(needle) + 3].lstrip()
        if not source[line_start:at].strip() and after.startswith(">"):
            return line_start
        at = source.find(needle, at + 1)
    return -1


def regions(doc: Document) -> list[Region]:
    """Every region of ``doc`` that scopes its instructions (see the module docstring)."""
    out: list[Region] = []
    seen: dict[str, int] = {}
    for start, end, title in _sections(doc):
        scope, part = classify(title)
        key = " ".join(_words(title))
        seen[key] = seen.get(key, 0) + 1
        if (scope or part) and seen[key] > 1:  # the same section again: another copy of it
            scope = f"{scope or part} copy {seen[key]}"
        if scope or part:
            # A part of the output is also a scope: "## Summary: use bullet points" and
            # "## Details: write in prose" do not contradict each other.
            out.append(Region(start, end, scope, part))
    out += [Region(start, end, scope) for start, end, scope in template_branches(doc)]
    out += [Region(span.start, span.end, f"description {span.start}") for span in description_spans(doc)]
    out += drafts(doc)
    return sorted(out[:_MAX_REGIONS], key=lambda r: (r.start, -r.end))


def description_spans(doc: Document) -> list[Span]:
    """Tool and parameter descriptions: their instructions are about that tool only."""
    spans: list[Span] = []
    if doc.format in ("json", "yaml"):
        for text in doc.body:
            start = text.span.start
            key = _KEY_BEFORE.search(doc.source, max(0, start - 80), start)
            name = (key and (key.group("json") or key.group("yaml"))) or ""
            if name.lower() in _DESCRIPTION_KEYS:
                spans.append(text.span)
        if spans or doc.format == "json":
            return spans
    source = doc.source
    if '"description"' in source or '"desc"' in source:
        spans += [Span(m.start(), m.end()) for m in _JSON_DESCRIPTION.finditer(source)]
    if "description:" in source or "desc:" in source:
        for m in _YAML_DESCRIPTION.finditer(source):
            indent = len(m.group("indent"))
            end = m.end()
            for line in _NEXT_LINE.finditer(source, m.end()):
                if line.group(2) is not None and len(line.group(1)) <= indent:
                    break
                end = line.end()
            spans.append(Span(m.start(), end))
    return spans[:_MAX_REGIONS]


def _opening(text: str) -> str:
    line = next((line for line in text.splitlines() if len(line.strip()) > 20), "")
    return " ".join(line.split()).lower()[:80]


def drafts(doc: Document) -> list[Region]:
    """Blocks after a thematic break that restart the prompt ("You are …" again): drafts or
    copies of one prompt kept in one file, never sent together."""
    breaks = list(_BREAK.finditer(doc.source))[:_MAX_BLOCKS]
    if not breaks:
        return []
    bounds = [0, *(m.end() for m in breaks), len(doc.source)]
    blocks = list(itertools.pairwise(bounds))
    first = _opening(doc.source[blocks[0][0] : blocks[0][1]])
    restarts = [i for i, (a, b) in enumerate(blocks) if i and first and _opening(doc.source[a:b]) == first]
    if not restarts:
        return []
    cuts = [0, *(blocks[i][0] for i in restarts), len(doc.source)]
    return [Region(a, b, f"draft {k + 1}") for k, (a, b) in enumerate(itertools.pairwise(cuts))]


def gather(doc: Document, vocab: Vocabulary) -> list[Instruction]:
    areas = regions(doc)
    units = [
        (unit, span, (index, sentence))
        for index, text in enumerate(instruction_texts(doc))
        for unit, span, sentence in split_units(text)
    ]
    verbs = frozenset(v for unit, _, _ in units for v in marked_verbs(unit))
    sentences: dict[tuple[int, int], int] = {}
    instructions: list[Instruction] = []
    active: list[Region] = []
    waiting = iter(areas)
    pending = next(waiting, None)
    last_sentence = None
    for unit, span, sentence in sorted(units, key=lambda u: u[1].start):
        # Units come in source order: a sweep keeps the regions around the unit.
        while pending is not None and pending.start <= span.start:
            active.append(pending)
            pending = next(waiting, None)
        active = [r for r in active if r.end > span.start]
        context = " ".join(r.scope for r in active if r.scope)
        part = next((r.part for r in reversed(active) if r.part), "")
        section = " / ".join(r.part for r in active if r.part)
        previous = instructions[-1].scope if instructions else ""
        continues = sentence == last_sentence
        last_sentence = sentence
        instruction = analyse(unit, span, context, vocab, previous, verbs, part=part, continues=continues)
        instruction.section = section
        instruction.line = doc.lines.position(span.start).line
        instruction.sentence = sentences.setdefault(sentence, len(sentences))
        instructions.append(instruction)
    return instructions
