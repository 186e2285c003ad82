"""YAML frontmatter: find the ``---`` block at the top of a file and load it with positions.

prompty and dotprompt files open with frontmatter; markdown files often do. dotprompt
allows ``#`` comment lines (license headers) before the opening ``---``, and real files
start with a BOM or blank lines, so the opening fence is searched after those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from promptlint.document.model import ParseProblem, Span
from promptlint.document.yamlsrc import YamlRegion, load_region

_FENCE = re.compile(r"---[ \t]*(?:\r\n|\r|\n|$)")
# A line start after any of LF, CRLF or a lone CR (old Mac files): `(?m)^` knows only LF.
_CLOSE = re.compile(r"(?:(?<=[\r\n]))(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")
_SKIPPABLE_LINE = re.compile(r"[ \t]*(?:\r\n|\r|\n)")
_COMMENT_LINE = re.compile(r"[ \t]*#[^\r\n]*(?:\r\n|\r|\n)")
_LOOKS_LIKE_YAML = re.compile(r"\s*(?:#[^\n]*\n\s*)*[\w\"'-][^\n:]*:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Frontmatter:
    span: Span  # opening fence (or leading comments) to the end of the closing fence line
    yaml_span: Span  # the YAML text between the fences
    region: YamlRegion | None
    problem: ParseProblem | None


def find_frontmatter(source: str, *, leading_comments: bool = False, strict: bool = True) -> Frontmatter | None:
    """Locate and load the frontmatter block.

    ``strict`` formats (prompty, dotprompt) report an unclosed or non-mapping block as a
    problem; markdown (``strict=False``) treats a top ``---`` that does not hold a YAML
    mapping as a thematic break, not as broken frontmatter.
    """
    pos = 1 if source.startswith("\ufeff") else 0
    block_start = pos
    while True:
        m = _SKIPPABLE_LINE.match(source, pos)
        if m:
            pos = m.end()
            continue
        if leading_comments:
            m = _COMMENT_LINE.match(source, pos)
            if m:
                pos = m.end()
                continue
        break
    fence = _FENCE.match(source, pos)
    if fence is None:
        return None
    if pos > block_start and not leading_comments:
        block_start = pos
    yaml_start = fence.end()
    close = _CLOSE.search(source, yaml_start)
    if close is None:
        if not strict:
            return None
        span = Span(pos, len(source))
        problem = ParseProblem("frontmatter opened with '---' is never closed", Span(pos, pos + 3))
        return Frontmatter(span, Span(yaml_start, len(source)), None, problem)
    yaml_span = Span(yaml_start, close.start())
    span = Span(block_start if leading_comments else pos, close.end())
    if not strict and not _LOOKS_LIKE_YAML.match(source, yaml_span.start, yaml_span.end):
        return None
    region, problem = load_region(source, yaml_span.start, yaml_span.end)
    if region is not None and region.data is not None and not isinstance(region.data, dict):
        if not strict:
            return None
        problem = ParseProblem(
            f"frontmatter must be a YAML mapping, found {type(region.data).__name__}",
            Span(yaml_span.start, min(yaml_span.start + 1, yaml_span.end)),
        )
        region = None
    return Frontmatter(span, yaml_span, region, problem)
