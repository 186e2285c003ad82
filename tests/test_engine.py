"""The engine: rule crashes become INT001, fixes never touch placeholders, the fix loop
converges, suppression directives work and unused ones are reported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from promptlint.api import lint_source
from promptlint.config import FileConfig, Overrides, resolve
from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.model import Document, Span
from promptlint.document.parsers import parse_text
from promptlint.engine import LintOptions, apply_fixes, fix_document, lint_document
from promptlint.rules.base import ActiveRule, RuleContext, RuleMeta


class Exploding:
    """## What it does\nRaises.\n## Why is this bad?\n-\n## Example\n-\n## Use instead\n-"""

    meta: ClassVar[RuleMeta] = RuleMeta(code="BOOM001", name="exploding", summary="Raises")

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        raise KeyError("messages")


class EditsPlaceholder:
    meta: ClassVar[RuleMeta] = RuleMeta(code="EDIT001", name="edits-placeholder", summary="Edits inside {{ }}")

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        at = doc.source.index("{{")
        yield ctx.diagnostic(Span(at + 2, at + 3), "x", fix=Fix("t", (Edit(Span(at + 2, at + 3), ""),)))


def _active(*rules: object) -> list[ActiveRule]:
    config = resolve(FileConfig(path=None, root=Path.cwd(), select=("INT001", "WS001")), Overrides(), plugins=False)
    builtin = config.rules_for(None)
    return [*builtin, *(ActiveRule(rule, {}, Severity.WARNING) for rule in rules)]  # type: ignore[arg-type]


def test_rule_crash_becomes_int001() -> None:
    doc = parse_text("hello  \n", "a.txt")
    found = lint_document(doc, _active(Exploding()))
    assert [(d.code, d.span) for d in found] == [("INT001", Span(0, 0)), ("WS001", Span(5, 7))]
    assert found[0].message == "rule BOOM001 (exploding) failed: KeyError: 'messages'"


class QuotesItsInput:
    """## What it does\nRaises with the prompt's text.\n## Why is this bad?\n-\n## Example\n-\n## Use instead\n-"""

    meta: ClassVar[RuleMeta] = RuleMeta(code="BOOM002", name="quotes-input", summary="Raises")

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        email = doc.source.split()[-1]
        raise ValueError(f"cannot parse {email!r} as a recipient")


def test_a_crash_that_quotes_the_prompt_prints_none_of_it(caplog) -> None:  # type: ignore[no-untyped-def]
    doc = parse_text("Forward it to ana.lopez@example.org\n", "a.txt")
    with caplog.at_level("DEBUG", logger="promptlint.engine"):
        found = lint_document(doc, _active(QuotesItsInput()))
    assert found[0].message == "rule BOOM002 (quotes-input) failed: ValueError: cannot parse '****' as a recipient"
    assert "ana.lopez" not in caplog.text and "Traceback" not in caplog.text
    assert "in check" in caplog.text and "ValueError: cannot parse '****'" in caplog.text  # the stack is kept


def test_fix_inside_placeholder_is_dropped() -> None:
    doc = parse_text("Hi {{ name }}\n", "a.txt")
    found = lint_document(doc, _active(EditsPlaceholder()))
    assert [(d.code, d.fix) for d in found] == [("EDIT001", None)]


def test_apply_fixes_skips_conflicting_fixes() -> None:
    a = Fix("a", (Edit(Span(0, 3), "X"),))
    b = Fix("b", (Edit(Span(2, 4), "Y"),))
    c = Fix("c", (Edit(Span(5, 5), "Z"),))
    assert apply_fixes("abcdef", [a, b, c]) == ("XdeZf", 2)


def test_fix_loop_reaches_a_fixed_point_and_keeps_content() -> None:
    source = "---\r\nname: x\n---\nsystem:   \nSay the the thing.\t\r\nuser:\n{{q}}  "
    config = resolve(FileConfig(path=None, root=Path.cwd()), Overrides(), plugins=False)
    doc = parse_text(source, "a.prompty")
    rules = config.rules_for(None)
    options = LintOptions(resolve_code=config.registry.code_for)
    result = fix_document(doc, lambda d: lint_document(d, rules, options), unsafe=True)  # HYG004's fix is unsafe
    assert result.source == "---\nversion: 1.0.0\nname: x\n---\nsystem:\nSay the thing.\nuser:\n{{q}}\n"
    assert [d.code for d in result.diagnostics] == []
    # Every word of the original survives.
    for word in ("name: x", "system:", "Say", "thing.", "user:", "{{q}}"):
        assert word in result.source


def test_fixed_output_is_stable() -> None:
    config = resolve(FileConfig(path=None, root=Path.cwd()), Overrides(), plugins=False)
    rules = config.rules_for(None)
    options = LintOptions(resolve_code=config.registry.code_for)
    once = fix_document(parse_text("a  \nb", "x.md"), lambda d: lint_document(d, rules, options)).source
    twice = fix_document(parse_text(once, "x.md"), lambda d: lint_document(d, rules, options))
    assert twice.source == once and twice.applied == 0


def _codes(source: str, path: str = "a.md") -> list[tuple[str, int]]:
    doc = parse_text(source, path)
    return [
        (d.code, doc.lines.position(d.span.start).line + 1) for d in lint_source(source, path, select=["WS", "SUP"])
    ]


def test_disable_range_and_enable() -> None:
    source = "<!-- promptlint: disable=WS001 -->\na \nb \n<!-- promptlint: enable=WS001 -->\nc \n"
    assert _codes(source) == [("WS001", 5)]


def test_disable_file_by_name_with_reason() -> None:
    source = "{# promptlint: disable-file=trailing-whitespace -- vendored #}\na  \n"
    assert _codes(source, "a.j2") == []


def test_disable_next_line_skips_blank_lines() -> None:
    source = "<!-- promptlint: disable-next-line=WS001 -->\n\na \nb \n"
    assert _codes(source) == [("WS001", 4)]


def test_yaml_comment_directive() -> None:
    source = "# promptlint: disable-next-line=WS001\nprompt: 'x'   \n"
    assert _codes(source, "a.yaml") == []


def test_unused_directive_is_reported_only_for_enabled_rules() -> None:
    source = "<!-- promptlint: disable-next-line=WS001,TOK001 -->\nclean\n"
    assert _codes(source) == [("SUP001", 1)]
    doc = parse_text(source, "a.md")
    (sup,) = lint_source(source, "a.md", select=["WS", "SUP"])
    assert sup.message == "Unused suppression for WS001 (no such finding here)"
    assert doc.source[sup.span.start : sup.span.end].startswith("promptlint: disable-next-line")


def test_directive_outside_a_comment_is_plain_text() -> None:
    assert _codes("promptlint: disable=WS001\na  \n", "a.md") == [("WS001", 2)]
