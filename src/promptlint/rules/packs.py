"""Declarative rule packs: YAML files that define rules of a closed set of kinds.

A pack is a folder with a ``pack.yaml`` (name, version, description) and one YAML file
per rule. Each rule picks a kind (Vale's model):

* ``existence`` — a phrase (``tokens``) or regex (``patterns``) that must not appear;
* ``require`` — one that must appear at least once in the scope;
* ``substitution`` — a phrase/regex with a replacement (``swap``), reported with a fix.

and may be scoped to parts of the document: ``system``, ``user``, ``assistant``,
``examples``, ``frontmatter``, ``body`` (see :mod:`promptlint.document.scopes`).
Matches that touch a template placeholder are skipped, and so are matches inside
markdown code (fences and inline code) unless the rule says ``in-code: include``.

Two keys keep a rule off text that only *mentions* what it looks for — the commonest
cause of noise on real prompts, which quote, teach and discuss text all the time:

* ``in-quotes: skip`` drops matches inside quotation marks (``"…"``, ``“…”``, ``‘…’``,
  ``«…»``, ``'…'`` not glued to a word) and markdown blockquote lines (``> …``);
* ``skip`` lists regexes of context: a match lying wholly inside a ``skip`` match is
  dropped (a skip regex matching "the TODO" keeps "the TODO list" from counting as a
  note). They describe context, not a second rule: their matches are never reported.

A substitution's fix is ``safe`` (applied by ``--fix``) unless the rule says
``fix: unsafe`` (applied only with ``--unsafe-fixes``): declare it unsafe whenever the
replacement can change what the text means. Unknown keys, bad regexes and bad codes
are errors that name the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from promptlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from promptlint.document import scopes
from promptlint.document.model import Document, Span, Text
from promptlint.document.yamlsrc import Loader, describe_error, too_deep
from promptlint.errors import ConfigError
from promptlint.rules.base import CODE_PATTERN, NAME_PATTERN, RuleContext, RuleMeta

KINDS = ("existence", "require", "substitution")
_RULE_KEYS = {
    "code", "name", "kind", "summary", "message", "severity", "enabled", "scope", "ignorecase",
    "tokens", "patterns", "swap", "fix", "docs", "examples", "link", "in-code", "in-quotes", "skip",
}  # fmt: skip
_PACK_KEYS = {"name", "version", "description", "min-promptlint", "license", "kind"}
_EXAMPLE_KEYS = {"pass", "fail", "format", "expect", "fixed", "unsafe"}


@dataclass(frozen=True)
class PackExample:
    """A documented case, run by the test suite: ``pass`` or ``fail`` source text."""

    source: str
    should_fail: bool
    format: str
    expect: tuple[tuple[int, int], ...] = ()  # 1-based (line, column) of each finding
    fixed: str | None = None
    unsafe: bool = False  # ``fixed`` is the text after ``--fix --unsafe-fixes``


@dataclass(frozen=True)
class PackRuleSpec:
    kind: str
    message: str
    scope: tuple[str, ...]
    regexes: tuple[Any, ...]  # regex.Pattern: matched under a time bound
    swaps: tuple[tuple[Any, str], ...]
    applicability: Applicability
    skip_code: bool
    examples: tuple[PackExample, ...]
    source_file: str
    skip_quoted: bool = False
    skips: tuple[Any, ...] = ()


# Quoted text: a mention of words, not the prompt's own words. One line at most, so an
# unpaired quote (12" pizza) cannot swallow the rest of the file; straight single
# quotes only when not glued to a word (apostrophes: don't, users').
_QUOTED = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»|„[^“”\n]*[“”]'
    r"|(?<![\w'])'[^'\n]+'(?![\w'])|^[ \t]*>[^\n]*",
    re.MULTILINE,
)


class PackRule:
    """Base class of the rule classes generated from YAML (one subclass per rule)."""

    meta: RuleMeta
    spec: PackRuleSpec

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        spec = self.spec
        texts = [t for scope in spec.scope for t in scopes.texts(doc, scope)]
        code = scopes.code_spans(doc) if spec.skip_code else ()
        if spec.kind == "require":
            if not texts or any(self._matches(doc, t, code) for t in texts):
                return
            anchor = texts[0].span.start
            line = doc.lines.position(anchor).line
            yield ctx.diagnostic(Span(anchor, doc.lines.line_end(line)), spec.message.replace("{match}", ""))
            return
        seen: set[Span] = set()
        for text in texts:
            for span, matched, replacement in self._matches(doc, text, code):
                if span in seen:
                    continue
                seen.add(span)
                message = spec.message.replace("{match}", _clip(matched))
                fix = None
                if replacement is not None:
                    message = message.replace("{replacement}", _clip(replacement))
                    fix = Fix(f"Replace with '{_clip(replacement)}'", (Edit(span, replacement),), spec.applicability)
                yield ctx.diagnostic(span, message, fix=fix)

    def _matches(self, doc: Document, text: Text, code: tuple[Span, ...]) -> list[tuple[Span, str, str | None]]:
        found = []
        spec = self.spec
        if spec.kind == "substitution":
            for pattern, template in spec.swaps:
                for m in _bounded(pattern, text.text):
                    if m.end() > m.start():
                        found.append((m, m.expand(template)))
        else:
            for pattern in spec.regexes:
                for m in _bounded(pattern, text.text):
                    if m.end() > m.start():
                        found.append((m, None))
        if found and (spec.skip_quoted or spec.skips):
            context = _context_spans(text.text, spec)
            found = [(m, r) for m, r in found if not any(a <= m.start() and m.end() <= b for a, b in context)]
        result = []
        for m, replacement in found:
            span = text.source_span(m.start(), m.end())
            if doc.in_placeholder(span) or any(c.overlaps(span) for c in code):
                continue
            result.append((span, m.group(), replacement))
        result.sort(key=lambda item: item[0])
        return result


def _context_spans(text: str, spec: PackRuleSpec) -> list[tuple[int, int]]:
    """Where matches are mentions, not findings: quoted text and the rule's ``skip`` context."""
    spans = [m.span() for m in _QUOTED.finditer(text)] if spec.skip_quoted else []
    for pattern in spec.skips:
        spans.extend(m.span() for m in _bounded(pattern, text) if m.end() > m.start())
    return spans


class PatternTimeout(Exception):
    """A pack pattern ran past its time bound on one text (catastrophic backtracking)."""


def _bounded(pattern: Any, text: str) -> list[Any]:
    r"""All matches of a pack pattern, within ``PATTERN_TIMEOUT`` seconds.

    Team-written patterns run on every prompt; one like ``(a+)+$`` takes exponential
    time on a line of ``a``\s. The ``regex`` engine (the one tiktoken already depends
    on) stops it at the bound; the rule then fails for that file (INT001), the run goes on.
    """
    try:
        return list(pattern.finditer(text, timeout=PATTERN_TIMEOUT))
    except TimeoutError:
        raise PatternTimeout(
            f"pattern {pattern.pattern!r} took longer than {PATTERN_TIMEOUT:g} s on this text and was stopped"
        ) from None


# Seconds one pack pattern may spend on one text.
PATTERN_TIMEOUT = 1.0


def _compile(pattern: str, flags: int) -> Any:
    """Checked with Python's ``re`` first (its syntax is what the docs promise), then
    compiled with ``regex`` for matching under a time bound."""
    re.compile(pattern, flags)
    return regex.compile(pattern, flags)


def _clip(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --------------------------------------------------------------------- loading


def is_topics_pack(directory: Path) -> bool:
    """A CON001 vocabulary pack (``kind: topics`` in its manifest), not rules."""
    manifest = directory / "pack.yaml"
    if not manifest.is_file():
        return False
    data, _ = _read(manifest)
    return isinstance(data, dict) and str(data.get("kind", "rules")) == "topics"


def load_pack(directory: Path) -> list[type[PackRule]]:
    """Load every rule of the pack in ``directory`` (errors name file and line).

    A topics pack holds no rules: the registry records its folder for CON001 instead.
    """
    manifest = directory / "pack.yaml"
    pack_name = directory.name
    if manifest.is_file():
        data, node = _read(manifest)
        if not isinstance(data, dict):
            raise ConfigError(f"{manifest}: a pack manifest must be a mapping")
        _reject_unknown(manifest, node, data, _PACK_KEYS, "pack manifest")
        pack_name = str(data.get("name") or pack_name)
        kind = str(data.get("kind", "rules"))
        if kind == "topics":
            return []
        if kind != "rules":
            raise ConfigError(f"{manifest}: kind must be 'rules' or 'topics', got {kind!r}")
    rules = []
    for path in sorted(directory.glob("*.y*ml")):
        if path.name == "pack.yaml" or path.suffix not in (".yaml", ".yml"):
            continue
        rules.append(_load_rule(path, pack_name))
    return rules


def _read(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
        if too_deep(text):
            raise ConfigError(f"{path}: invalid YAML (nested too deeply)")
        loader = Loader(text)  # one pass: nodes (for line numbers) and values
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read rule file ({exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(describe_error(path, exc)) from None
    return data, node


def _line_of(node: yaml.Node | None, key: str) -> str:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if getattr(key_node, "value", None) == key:
                return f":{key_node.start_mark.line + 1}"
    return ""


def _reject_unknown(path: Path, node: yaml.Node | None, data: Mapping[str, Any], allowed: set[str], what: str) -> None:
    for key in data:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(f"{path}{_line_of(node, str(key))}: unknown key '{key}' in {what} (allowed: {known})")


def _load_rule(path: Path, pack_name: str) -> type[PackRule]:
    data, node = _read(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a rule file must be a mapping")
    _reject_unknown(path, node, data, _RULE_KEYS, "rule")

    def need(key: str) -> Any:
        if key not in data:
            raise ConfigError(f"{path}: missing required key '{key}'")
        return data[key]

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{path}{_line_of(node, key)}: {message}")

    code, name, kind = str(need("code")), str(need("name")), str(need("kind"))
    if not CODE_PATTERN.match(code):
        raise fail("code", f"code {code!r} must be 2-4 capital letters and 3 digits (e.g. ACME001)")
    if not NAME_PATTERN.match(name):
        raise fail("name", f"name {name!r} must be kebab-case (e.g. leftover-todo)")
    if kind not in KINDS:
        raise fail("kind", f"kind {kind!r} is not one of: {', '.join(KINDS)}")
    message = str(need("message"))
    try:
        severity = Severity.parse(str(data.get("severity", "warning")))
    except ValueError as exc:
        raise fail("severity", str(exc)) from None
    scope = data.get("scope", ["body"])
    scope = [scope] if isinstance(scope, str) else scope
    if not isinstance(scope, list) or not scope or any(s not in scopes.SCOPES for s in scope):
        raise fail("scope", f"scope must be a list of: {', '.join(scopes.SCOPES)}")
    flags = regex.IGNORECASE if data.get("ignorecase", False) else 0
    flags |= regex.MULTILINE
    regexes: list[Any] = []
    swaps: list[tuple[Any, str]] = []
    skips: list[Any] = []
    try:
        for token in data.get("tokens", []) or []:
            regexes.append(_compile(_phrase(str(token)), flags))
        for pattern in data.get("patterns", []) or []:
            regexes.append(_compile(str(pattern), flags))
        swap = data.get("swap", {}) or {}
        if not isinstance(swap, dict):
            raise fail("swap", "swap must be a mapping of pattern: replacement")
        for pattern, replacement in swap.items():
            swaps.append((_compile(str(pattern), flags), str(replacement)))
    except (re.error, regex.error) as exc:
        raise fail("patterns", f"invalid regular expression: {exc}") from None
    raw_skips = data.get("skip", []) or []
    if not isinstance(raw_skips, list):
        raise fail("skip", "skip must be a list of regexes")
    try:
        skips.extend(_compile(str(pattern), flags) for pattern in raw_skips)
    except (re.error, regex.error) as exc:
        raise fail("skip", f"invalid regular expression in skip: {exc}") from None
    if kind == "substitution" and not swaps:
        raise fail("swap", "a substitution rule needs a 'swap' mapping")
    if kind != "substitution" and not regexes:
        raise fail("tokens", f"an {kind} rule needs 'tokens' or 'patterns'")
    fix_mode = str(data.get("fix", "safe"))
    if fix_mode not in ("safe", "unsafe"):
        raise fail("fix", "fix must be 'safe' or 'unsafe'")
    code_mode = str(data.get("in-code", "skip"))
    if code_mode not in ("skip", "include"):
        raise fail("in-code", "in-code must be 'skip' (ignore matches in markdown code) or 'include'")
    quote_mode = str(data.get("in-quotes", "include"))
    if quote_mode not in ("skip", "include"):
        raise fail("in-quotes", "in-quotes must be 'skip' (ignore matches in quoted text) or 'include'")
    examples = tuple(_examples(path, node, data.get("examples", []) or []))
    summary = str(data.get("summary") or message.replace("{match}", "…").replace("{replacement}", "…"))
    docs = str(data.get("docs") or _generated_docs(summary, kind, examples))
    meta = RuleMeta(
        code=code,
        name=name,
        summary=summary,
        default_severity=severity,
        default_enabled=bool(data.get("enabled", True)),
        fix="always" if kind == "substitution" else "never",
        origin=f"pack:{pack_name}",
    )
    spec = PackRuleSpec(
        kind=kind,
        message=message,
        scope=tuple(scope),
        regexes=tuple(regexes),
        swaps=tuple(swaps),
        applicability=Applicability(fix_mode),
        skip_code=code_mode == "skip",
        examples=examples,
        source_file=str(path),
        skip_quoted=quote_mode == "skip",
        skips=tuple(skips),
    )
    class_name = "".join(part.title() for part in name.split("-"))
    return type(class_name, (PackRule,), {"meta": meta, "spec": spec, "__doc__": docs})


def _phrase(token: str) -> str:
    """A literal phrase, matched on word boundaries where it starts/ends with a word."""
    escaped = re.escape(token)
    if token[:1].isalnum() or token[:1] == "_":
        escaped = r"\b" + escaped
    if token[-1:].isalnum() or token[-1:] == "_":
        escaped += r"\b"
    return escaped


def _examples(path: Path, node: yaml.Node | None, raw: Any) -> list[PackExample]:
    if not isinstance(raw, list):
        raise ConfigError(f"{path}{_line_of(node, 'examples')}: examples must be a list")
    out = []
    for item in raw:
        if not isinstance(item, dict) or ("pass" in item) == ("fail" in item):
            raise ConfigError(f"{path}{_line_of(node, 'examples')}: each example needs exactly one of 'pass' or 'fail'")
        _reject_unknown(path, node, item, _EXAMPLE_KEYS, "example")
        expect = tuple(tuple(int(x) for x in pair) for pair in item.get("expect", []) or [])
        out.append(
            PackExample(
                source=str(item.get("fail", item.get("pass"))),
                should_fail="fail" in item,
                format=str(item.get("format", "text")),
                expect=expect,  # type: ignore[arg-type]
                fixed=item.get("fixed"),
                unsafe=bool(item.get("unsafe", False)),
            )
        )
    return out


def _generated_docs(summary: str, kind: str, examples: tuple[PackExample, ...]) -> str:
    bad = next((e.source for e in examples if e.should_fail), "")
    good = next((e.source for e in examples if not e.should_fail), "")
    return (
        f"{summary}\n\n## What it does\nA declarative `{kind}` rule from a YAML pack.\n\n"
        f"## Why is this bad?\nSee the pack's documentation.\n\n## Example\n```text\n{bad}\n```\n\n"
        f"## Use instead\n```text\n{good}\n```\n"
    )
