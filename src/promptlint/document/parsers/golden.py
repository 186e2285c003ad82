"""Golden sets as documents: a YAML file of eval cases, not a prompt.

The Document of a golden set carries no prompt body (nothing in it is sent to a model as
written), its ``#`` comments (inline suppressions work as in any file), its YAML problems
and the parsed :class:`~promptlint.document.golden.GoldenSpec` in ``extra["golden"]``.
Prompt rules do not apply to this format (see ``RuleMeta.formats``); EVAL003 does.
"""

from __future__ import annotations

from promptlint.document.golden import parse_golden
from promptlint.document.lines import LineIndex
from promptlint.document.model import Document, ModelRef
from promptlint.document.parsers.scan import line_comments


def parse_golden_document(source: str, path: str | None) -> Document:
    spec, region = parse_golden(source)
    mapping = region.data if region is not None and isinstance(region.data, dict) else None
    return Document(
        source=source,
        path=path,
        format="golden",
        lines=LineIndex(source),
        frontmatter=mapping,
        comments=tuple(line_comments(source, 0, len(source), "#")),
        model=spec.model,
        models=(ModelRef(spec.model, spec.model_span, "model"),) if spec.model and spec.model_span else (),
        extra={"golden": spec},
    )
