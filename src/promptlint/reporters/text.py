"""Human output, ruff-like: ``path:line:col: CODE message``, the source line and a caret.

Colour only when writing to a terminal, and never when ``NO_COLOR`` is set
(https://no-color.org); ``FORCE_COLOR`` forces it on.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from promptlint.diagnostics import Applicability, Severity
from promptlint.report import DEFAULT_OPTIONS, FileReport, ReportOptions
from promptlint.reporters.masking import Masker
from promptlint.reporters.positions import one_based, printable

_COLORS = {"bold": "1", "red": "31", "yellow": "33", "cyan": "36", "blue": "34", "dim": "2", "green": "32"}
_SEVERITY_COLOR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def report(reports: Sequence[FileReport], stream: TextIO, options: ReportOptions = DEFAULT_OPTIONS) -> None:
    color, statistics = options.color, options.statistics
    show_source, unsafe_fixes = options.show_source, options.unsafe_fixes

    def paint(text: str, *styles: str) -> str:
        if not color:
            return text
        codes = ";".join(_COLORS[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    total = fixable = fixed = 0
    for rep in reports:
        doc = rep.doc
        fixed += rep.fixes_applied
        masker = Masker(doc, rep.sensitive)
        for d in rep.diagnostics:
            total += 1
            applicable = d.fix is not None and (
                d.fix.applicability == Applicability.SAFE
                or (unsafe_fixes and d.fix.applicability == Applicability.UNSAFE)
            )
            fixable += applicable
            line, col = one_based(doc, d.span.start)
            marker = paint("[*] ", "cyan") if applicable else ""
            stream.write(
                f"{paint(rep.display, 'bold')}:{line}:{col}: {paint(d.code, 'bold', _SEVERITY_COLOR[d.severity])} "
                f"{marker}{printable(masker.message(d.message))}\n"
            )
            if show_source and doc.source:
                stream.write(_snippet(doc, d.span, masker, paint))
            for related in d.related:
                r_line, r_col = one_based(doc, related.span.start)
                where = related.path or rep.display
                note = printable(masker.message(related.message))
                stream.write(f"  {paint('note', 'cyan')}: {where}:{r_line}:{r_col}: {note}\n")
        for note in rep.notes:
            stream.write(f"{rep.display}: {note}\n")

    if statistics and total:
        counts = Counter((d.code, d.name) for r in reports for d in r.diagnostics)
        fixable_counts = Counter(d.code for r in reports for d in r.diagnostics if d.fix is not None)
        width = max(len(str(n)) for n in counts.values())
        for (code, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            mark = "[*]" if fixable_counts[code] else "   "
            stream.write(f"{n:>{width}}\t{code}\t{mark} {name}\n")

    if fixed:
        stream.write(f"Fixed {fixed} finding{'s' if fixed != 1 else ''}.\n")
    if total:
        plural = "s" if total != 1 else ""
        files = sum(1 for r in reports if r.diagnostics)
        # "in 7 of 10 files": the count JSON's summary.files gives is the second number.
        linted = len(reports)
        stream.write(f"Found {total} finding{plural} in {files} of {linted} file{'s' if linted != 1 else ''}.\n")
        if fixable:
            stream.write(f"[*] {fixable} fixable with `promptlint check --fix`.\n")
    elif not fixed:
        stream.write(
            paint("All checks passed!", "green") + f" ({len(reports)} file{'s' if len(reports) != 1 else ''})\n"
        )


def _snippet(doc, span, masker: Masker, paint) -> str:  # type: ignore[no-untyped-def]
    pos = doc.lines.position(span.start)
    line_text = printable(masker.line(pos.line))
    line_text = line_text.replace("\t", " ")
    end_pos = doc.lines.position(span.end)
    width = (end_pos.column if end_pos.line == pos.line else len(line_text)) - pos.column
    gutter = str(pos.line + 1)
    pad = " " * len(gutter)
    caret = " " * pos.column + "^" * max(1, width)
    if len(line_text) > 200:  # keep minified one-line files readable
        lo = max(0, pos.column - 80)
        line_text = ("…" if lo else "") + line_text[lo : lo + 160] + "…"
        caret = " " * (pos.column - lo + (1 if lo else 0)) + "^" * max(1, min(width, 80))
    bar = paint(pad + " |", "dim")
    return f"{bar}\n{paint(gutter + ' |', 'dim')} {line_text}\n{bar} {paint(caret, 'red')}\n"
