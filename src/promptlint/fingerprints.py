"""A finding's identity across edits, for baselines and SARIF ``partialFingerprints``.

A baselined finding must stay hidden when unrelated text moves (a line inserted above
it) and come back when its own text changes. So the identity hashes what the finding
is about — the rule, the normalised matched text and the text of the lines that hold
it — and never a line number or a message (messages can name other lines). The lines
are the smallest block around a finding: hashing the whole paragraph would bring a
finding back whenever a neighbouring line of the paragraph is edited, which is how
prompts are edited. Findings about the whole file (an empty span at its start or end:
a missing version header, a missing final newline) are identified by their rule
alone. Privacy rules supply their own fingerprint, which hashes the value with its
context so that the hash cannot be recovered by trying every possible short value.
"""

from __future__ import annotations

from promptlint.detect.mask import fingerprint as hash_parts
from promptlint.detect.mask import normalise
from promptlint.diagnostics import Diagnostic
from promptlint.document.model import Document


def fingerprint_of(doc: Document, diagnostic: Diagnostic) -> str:
    if diagnostic.fingerprint:
        return diagnostic.fingerprint
    span = diagnostic.span
    if span.start == span.end and span.start in (0, len(doc.source)):
        return hash_parts(diagnostic.code, "file")
    lines = doc.lines
    first, last = lines.position(span.start).line, lines.position(span.end).line
    enclosing = doc.source[lines.line_start(first) : lines.line_end(last)]
    return hash_parts(diagnostic.code, normalise(doc.source[span.start : span.end]), normalise(enclosing))
