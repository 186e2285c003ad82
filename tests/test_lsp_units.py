"""The language server's pure parts: conversion to LSP types, edits, suppression
directives per format, fix-all, hover text — on hand-written cases and on the real
corpus (every finding can be silenced by its "Disable" action, and fix-all writes
exactly what `check --fix` writes)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from lsprotocol import types

from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Diagnostic, Edit, Related, Severity
from promptlint.document.model import Span
from promptlint.document.parsers import parse_bytes, parse_text
from promptlint.linting import lint_text
from promptlint.lsp import actions
from promptlint.lsp.convert import masker_for, replacement, to_lsp, to_lsp_all, to_range, to_span
from promptlint.lsp.hover import at_offset, hover_markdown
from promptlint.services import Services

from .conftest import CORPUS, FIXTURES

# The model-loading rules are left out of the corpus sweeps (they fix nothing, and
# directive placement does not depend on the rule).
FAST = Overrides(ignore=("PII001", "PII002", "CON001"))


def _config(overrides: Overrides = FAST):  # type: ignore[no-untyped-def]
    return resolve(FileConfig(path=None, root=Path.cwd()), overrides)


def _lint(text: str, name: str, overrides: Overrides = FAST):  # type: ignore[no-untyped-def]
    config = _config(overrides)
    return config, lint_text(text, Path(name), config, display=name)


# ------------------------------------------------------------------ conversion


def test_replacement_keeps_common_ends_and_round_trips() -> None:
    assert replacement("abc", "abc") is None
    assert replacement("Hello there \n", "Hello there\n") == Edit(Span(11, 12), "")
    assert replacement("a\r\nb", "a\r\nXb") == Edit(Span(3, 3), "X")
    # Never between \r and \n.
    edit = replacement("x\r\ny", "x\r\r\ny")
    assert edit is not None and not (edit.span.start == 2 and "x\r\r\ny"[1] == "\r")
    rng = random.Random(7)
    alphabet = ["a", " ", "\n", "\r\n", "\r", "\N{GRINNING FACE}", "\u00e9", "\t"]
    for _ in range(2000):
        old = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        new = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        edit = replacement(old, new)
        if edit is None:
            assert old == new
            continue
        assert actions.apply_edits(old, (edit,)) == new
        for offset in (edit.span.start, edit.span.end):
            assert not (0 < offset < len(old) and old[offset - 1] == "\r" and old[offset] == "\n"), (old, new, edit)


def test_lsp_diagnostic_fields() -> None:
    doc = parse_text("<!-- promptlint: disable=WS001 -- x -->\nAlways JSON.\nPlain prose.\n", "a.md")
    sup = Diagnostic("SUP001", "unused-suppression", "Unused suppression for WS001", Span(5, 30), Severity.WARNING)
    con = Diagnostic(
        "CON001",
        "contradictory-instructions",
        "Contradicts the instruction on line 2",
        Span(53, 65),
        Severity.WARNING,
        related=(Related(Span(40, 52), "the earlier instruction"), Related(Span(0, 3), "elsewhere", "other.md")),
    )
    masker = masker_for(doc, [sup, con])
    a = to_lsp(doc, sup, "file:///a.md", masker)
    assert a.tags == [types.DiagnosticTag.Unnecessary]
    assert a.code == "SUP001" and a.source == "promptlint"
    assert a.code_description is not None and a.code_description.href.endswith("#rules-sup001")
    assert a.severity == types.DiagnosticSeverity.Warning
    b = to_lsp(doc, con, "file:///a.md", masker)
    assert b.tags is None
    assert b.related_information is not None and len(b.related_information) == 1  # the other file's is left out
    related = b.related_information[0]
    assert related.location.uri == "file:///a.md"
    assert related.location.range == types.Range(
        start=types.Position(line=1, character=0), end=types.Position(line=1, character=12)
    )


def test_sensitive_values_are_masked_in_messages_and_hover() -> None:
    text = "Write to dana.whitfield@northbay.com today.\n"
    doc = parse_text(text, "a.txt")
    start = text.index("dana")
    finding = Diagnostic(
        "PII002",
        "pii-in-prompt",
        "Email address dana.whitfield@northbay.com in the prompt",
        Span(start, start + len("dana.whitfield@northbay.com")),
        Severity.WARNING,
        sensitive=True,
    )
    [item] = to_lsp_all(doc, [finding], "file:///a.txt")
    assert "dana.whitfield@northbay.com" not in item.message and "*" in item.message
    hover = hover_markdown(doc, [finding], {})
    assert hover is not None and "dana.whitfield@northbay.com" not in hover


def test_hover_text_demotes_the_rule_docs_under_its_title() -> None:
    config, result = _lint("<!-- version: 1 -->\nHello \n", "p.md")
    found = at_offset(result.diagnostics, result.document.lines.offset(1, 5))
    assert [d.code for d in found] == ["WS001"]
    text = hover_markdown(result.document, found, config.registry.rules)
    assert text is not None
    assert "\n### WS001 trailing-whitespace\n" in text and "\n#### What it does\n" in text
    assert "\n## " not in text  # no section outranks the title
    assert at_offset(result.diagnostics, 0) == []


def _corpus_files() -> list[Path]:
    """The fixtures, and the shared real-prompt corpus where it is (beside the clone)."""
    roots = [FIXTURES / "prompts", FIXTURES / "privacy", FIXTURES / "contradictions"]
    files = [p for root in roots for p in sorted(root.iterdir()) if p.is_file()]
    if CORPUS.is_dir():
        files += sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS)
    return files


def _expect(fixtures_only: int, with_corpus: int) -> int:
    return with_corpus if CORPUS.is_dir() else fixtures_only


def test_ranges_round_trip_on_real_files() -> None:
    """Every finding's range converts back to its span (UTF-16 both ways), inside the file."""
    config = _config()
    checked = 0
    for path in _corpus_files():
        result = lint_text(path.read_bytes(), path, config, display=path.name)
        doc = result.document
        for d in result.diagnostics:
            rng = to_range(doc, d.span)
            assert 0 <= rng.start.line <= rng.end.line < doc.lines.line_count, (path, d)
            inside_crlf = any(
                0 < o < len(doc.source) and doc.source[o - 1] == "\r" and doc.source[o] == "\n"
                for o in (d.span.start, d.span.end)
            )
            if not inside_crlf:
                assert to_span(doc, rng) == d.span, (path, d)
            checked += 1
    assert checked > _expect(40, 200), checked


# ------------------------------------------------------------ suppressions


@pytest.mark.parametrize(
    ("name", "text", "offset_of", "syntax"),
    [
        ("a.md", "Hello\n", "Hello", "<!--"),
        ("a.j2", "Hello {{ x }}\n", "Hello", "{#"),
        ("a.prompt", '{{role "system"}}\nHello\n', "Hello", "{{!"),
        ("a.yaml", "messages:\n  - role: system\n    content: Hello\n", "Hello", "#"),
        ("a.txt", "Hello\n", "Hello", "#"),
        ("a.prompty", "---\nname: x\n---\nsystem:\nHello\n", "Hello", "{#"),
        ("a.prompty", "---\nname: x\n---\nsystem:\nHello\n", "name", "#"),
        ("a.md", "---\ntitle: x\n---\nHello\n", "title", "#"),
        ("a.json", '{"messages": []}\n', "messages", None),
    ],
)
def test_comment_syntax_per_format(name: str, text: str, offset_of: str, syntax: str | None) -> None:
    doc = parse_text(text, name)
    assert actions.comment_syntax(doc, text.index(offset_of)) == syntax


def _silence(name: str, text: str, code: str) -> tuple[str, str]:
    config, result = _lint(text, name)
    [finding] = [d for d in result.diagnostics if d.code == code]
    recheck = _recheck(Path(name), config, code)
    suppression = actions.disable_actions(result.document, finding, config.registry.code_for, recheck)
    assert suppression is not None
    new = actions.apply_edits(text, suppression.edits)
    _, after = _lint(new, name)
    assert [d.code for d in after.diagnostics] == [d.code for d in result.diagnostics if d is not finding]
    return suppression.title, new


def test_a_line_of_blanks_gets_a_disable_enable_pair() -> None:
    title, new = _silence("p.md", "<!-- version: 1 -->\nHello\n   \nBye\n", "WS001")
    assert title == "Disable WS001 for this line"
    assert new == (
        "<!-- version: 1 -->\nHello\n<!-- promptlint: disable=WS001 -- <reason> -->\n   \n"
        "<!-- promptlint: enable=WS001 -->\nBye\n"
    )


def test_a_yaml_block_scalar_is_silenced_around_the_value() -> None:
    text = "version: 1\nmessages:\n  - role: system\n    content: |\n      Hello there \n      Bye\n"
    title, new = _silence("chat.yaml", text, "WS001")
    assert title == "Disable WS001 for this value"
    assert "    # promptlint: disable=WS001 -- <reason>\n    content: |\n" in new
    assert new.endswith("      Bye\n    # promptlint: enable=WS001\n")


def test_a_finding_on_the_frontmatter_fence_is_silenced_for_the_file() -> None:
    title, new = _silence("bot.prompty", "---\nname: x\n---\nsystem:\nHello\n", "VER001")
    assert title == "Disable VER001 for this file"
    assert new.startswith("---\n# promptlint: disable-file=VER001 -- <reason>\nname: x\n")


def test_a_directive_never_pushes_the_version_header_out_of_place() -> None:
    text = "\n\n\n\n<!-- version: 1.0.0 -->\nHello \n"
    config, result = _lint(text, "p.md")
    # The header on line 5 stays within the first five lines: the line directive goes
    # right above the finding, never at the top.
    [finding] = [d for d in result.diagnostics if d.code == "WS001"]
    suppression = actions.disable_actions(result.document, finding, config.registry.code_for)
    assert suppression is not None
    new = actions.apply_edits(text, suppression.edits)
    assert parse_text(new, "p.md").version is not None


def test_json_has_no_comments_to_silence_with() -> None:
    config, result = _lint('{"messages": [{"role": "system", "content": "Hi"}]}', "chat.json")
    assert result.diagnostics
    for d in result.diagnostics:
        assert actions.disable_actions(result.document, d, config.registry.code_for) is None


def _recheck(path: Path, config, code: str):  # type: ignore[no-untyped-def]
    """What the server passes: the finding's rule and SUP001 run on a text."""

    def run(text: str) -> list[Diagnostic]:
        return lint_text(
            text, path, config, display=path.name, rule_filter=lambda a: a.meta.code in (code, "SUP001")
        ).diagnostics

    return run


def test_every_finding_in_the_corpus_can_be_silenced_by_its_action() -> None:
    """Per file, one finding of each code: the offered directive removes exactly it."""
    config = _config()
    tried = Counter()
    failures = []
    for path in _corpus_files():
        data = path.read_bytes()
        result = lint_text(data, path, config, display=path.name)
        doc = result.document
        if doc.extra.get("unreadable") or doc.format == "json":
            continue
        seen = set()
        for finding in result.diagnostics:
            if finding.code in seen or finding.code in ("SUP001", "INT001", "FMT001"):
                continue
            seen.add(finding.code)
            suppression = actions.disable_actions(
                doc, finding, config.registry.code_for, _recheck(path, config, finding.code)
            )
            if suppression is None:
                failures.append((path.name, finding.code, "no action"))
                continue
            new = actions.apply_edits(doc.source, suppression.edits)
            after = lint_text(new, path, config, display=path.name)
            # Fewer findings of that code (a line's or a value's worth), the rest unchanged.
            before_codes = Counter(d.code for d in result.diagnostics)
            after_codes = Counter(d.code for d in after.diagnostics)
            silenced = before_codes[finding.code] - after_codes[finding.code]
            del before_codes[finding.code], after_codes[finding.code]
            if silenced < 1 or +before_codes != +after_codes:
                failures.append((path.name, finding.code, suppression.title, dict(+before_codes), dict(+after_codes)))
            tried[suppression.title.split(" for ")[-1]] += 1
    assert not failures, "\n".join(map(repr, failures[:40]))
    assert tried["this line"] > _expect(25, 80), tried


def test_fix_all_writes_what_check_fix_writes() -> None:
    config = _config()
    services = Services()
    changed = 0
    for path in _corpus_files():
        data = path.read_bytes()
        doc = parse_bytes(data, path.name)
        if doc.extra.get("unreadable"):
            assert actions.fix_all(data, path, config, display=path.name, base=None, services=services) is None
            continue
        expected = lint_text(data, path, config, display=path.name, fix=True).document.source
        got = actions.fix_all(data, path, config, display=path.name, base=None, services=services)
        assert (got if got is not None else doc.source) == expected, path
        changed += got is not None
    assert changed > _expect(8, 20), changed


def test_fix_all_removes_an_unused_directive_like_check_fix() -> None:
    """A directive for a rule without fixes is judged by running that rule too."""
    text = "<!-- version: 1.0.0 -->\n<!-- promptlint: disable-next-line=HYG002 -->\nHello \n"
    config = _config()
    expected = lint_text(text.encode(), Path("p.md"), config, display="p.md", fix=True).document.source
    assert expected == "<!-- version: 1.0.0 -->\nHello\n"
    got = actions.fix_all(text.encode(), Path("p.md"), config, display="p.md", base=None, services=Services())
    assert got == expected


def test_only_the_lsp_package_imports_pygls_and_lsprotocol() -> None:
    """The language server's libraries stay out of every other path (check, the hook)."""
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "promptlint"
    offenders = []
    for path in src.rglob("*.py"):
        if path.is_relative_to(src / "lsp"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            offenders += [f"{path.relative_to(src)}: {n}" for n in names if n.split(".")[0] in ("pygls", "lsprotocol")]
    assert offenders == []
