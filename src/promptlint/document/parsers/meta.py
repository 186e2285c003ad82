"""Facts read from frontmatter and header comments: version, declared inputs, models.

These follow the definitions in DESIGN.md: a version is a ``version`` key in the
frontmatter (or a YAML/JSON file's top-level mapping) or a ``version: X`` comment in
one of the first five lines; inputs are declared by prompty ``inputs:``, dotprompt
``input.schema`` (Picoschema or JSON Schema) and ``input.default``, and Semantic
Kernel ``input_variables``.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from promptlint.document.model import DeclaredInput, ModelRef, OutputBudget, Span, VersionHeader
from promptlint.document.yamlsrc import STR_TAG, YamlRegion, mapping_get, mapping_key, scalar_text

_COMMENT_OPENERS = r"(?:#|//|<!--|\{#-?|\{\{!(?:--)?)"
# Matched at a line's start with ``pattern.match(source, pos, end)`` (no ``^``: under
# MULTILINE it fails at ``pos`` 1, just after a byte-order mark, which is no line start).
_VERSION_COMMENT = re.compile(
    rf"[ \t]*{_COMMENT_OPENERS}[ \t]*(?:[^\r\n]*?[ \t,;])?version[ \t]*[:=][ \t]*"
    r"[\"']?(?P<value>[^\s\"'#>}]+(?:[-+][^\s\"'#>}]+)*)",
    re.IGNORECASE | re.MULTILINE,
)


def version_from_mapping(source: str, region: YamlRegion | None) -> VersionHeader | None:
    node = mapping_get(region.node if region else None, "version")
    if node is None or region is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        text = scalar_text(source, region, node)
        return VersionHeader(node.value, text.span, "frontmatter")
    span = region.span(node)
    return VersionHeader("", span, "frontmatter")


_BLOCK_COMMENTS = (("<!--", "-->"), ("{{!--", "--}}"), ("{{!", "}}"), ("{#", "#}"))
_VERSION_INSIDE = re.compile(
    r"[ \t]*(?:[-*][ \t]+)?version[ \t]*[:=][ \t]*[\"']?(?P<value>[^\s\"'#>}]+(?:[-+][^\s\"'#>}]+)*)",
    re.IGNORECASE | re.MULTILINE,
)


def version_from_comments(source: str, max_lines: int = 5) -> VersionHeader | None:
    """A ``version: X`` header comment among the first ``max_lines`` lines.

    The comment may be a one-line comment (``# version: 1.2.0``) or a block comment
    opened on an earlier line (``<!--`` … ``version: 3`` … ``-->``).
    """
    pos = 1 if source.startswith("\ufeff") else 0
    open_closer: str | None = None
    for _ in range(max_lines):
        if pos >= len(source):
            break
        nl = source.find("\n", pos)
        end = len(source) if nl < 0 else nl
        line = source[pos:end]
        m = _VERSION_COMMENT.match(source, pos, end)
        if m is None and open_closer is not None:
            m = _VERSION_INSIDE.match(source, pos, end)
        if m:
            value = re.sub(r"(-->|#\}|\}\}|--\}\})$", "", m.group("value")).rstrip("-")
            if value:
                start = m.start("value")
                return VersionHeader(value, Span(start, start + len(value)), "comment")
        open_closer = _comment_state(line, open_closer)
        if nl < 0:
            break
        pos = nl + 1
    return None


def _comment_state(line: str, closer: str | None) -> str | None:
    """The closer still awaited after ``line``, given the one awaited before it."""
    index = 0
    while True:
        if closer is not None:
            found = line.find(closer, index)
            if found < 0:
                return closer
            index = found + len(closer)
            closer = None
        openers = [(line.find(o, index), o, c) for o, c in _BLOCK_COMMENTS if line.find(o, index) >= 0]
        if not openers:
            return None
        at, opener, closer = min(openers)
        index = at + len(opener)


def declared_inputs(source: str, region: YamlRegion | None) -> tuple[DeclaredInput, ...] | None:
    """Inputs the prompt declares, or ``None`` when it declares none at all.

    ``None`` (no declaration) differs from ``()`` (declares an empty set): with no
    declaration the template-variable rules have nothing to compare against.
    """
    if region is None or not isinstance(region.node, yaml.MappingNode):
        return None
    found: dict[str, DeclaredInput] = {}
    declared = False

    def add(name: str, node: yaml.Node) -> None:
        name = name.strip()
        if name and name not in found:
            found[name] = DeclaredInput(name, region.span(node))

    root = region.node
    inputs = mapping_get(root, "inputs")  # prompty
    if inputs is not None:
        declared = True
        _collect_named(inputs, add)
    variables = mapping_get(root, "input_variables")  # semantic kernel
    if variables is not None:
        declared = True
        _collect_named(variables, add)
    dot_input = mapping_get(root, "input")  # dotprompt
    if isinstance(dot_input, yaml.MappingNode):
        schema = mapping_get(dot_input, "schema")
        if isinstance(schema, yaml.MappingNode):
            declared = True
            properties = mapping_get(schema, "properties")
            if mapping_get(schema, "type") is not None and isinstance(properties, yaml.MappingNode):
                schema = properties
            for key_node, _ in schema.value:
                if isinstance(key_node, yaml.ScalarNode):
                    add(_picoschema_name(key_node.value), key_node)
        elif schema is not None:
            # A named schema reference: the fields live elsewhere, so nothing is known.
            return None
        default = mapping_get(dot_input, "default")
        if isinstance(default, yaml.MappingNode):
            declared = True
            for key_node, _ in default.value:
                if isinstance(key_node, yaml.ScalarNode):
                    add(key_node.value, key_node)
    return tuple(found.values()) if declared else None


def _collect_named(node: yaml.Node, add: Any) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                add(key_node.value, key_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            name = mapping_get(item, "name")
            if isinstance(name, yaml.ScalarNode):
                add(name.value, name)
            elif isinstance(item, yaml.ScalarNode):
                add(item.value, item)


def _picoschema_name(key: str) -> str:
    """``name?(string, desc)`` → ``name``."""
    return re.split(r"[?(\s]", key, maxsplit=1)[0]


# A value that stands for a model rather than naming one: `${env:MODEL}`, `{{model}}`,
# `<your-deployment>`.
_MODEL_PLACEHOLDER = re.compile(r"\$\{|\{\{|\{%|^<[^<>]*>$")
# prompty `configuration.type` → litellm's provider name.
_CONFIG_TYPES = {
    "azure_openai": "azure", "azure_open_ai": "azure", "azure": "azure", "openai": "openai",
    "anthropic": "anthropic", "gemini": "gemini", "vertex_ai": "vertex_ai", "bedrock": "bedrock",
}  # fmt: skip
_DEPLOYMENT_KEYS = ("azure_deployment", "deployment")
# Output budgets as prompty/OpenAI, Gemini/Genkit and the o-series name them.
_OUTPUT_KEYS = ("max_tokens", "max_output_tokens", "maxOutputTokens", "max_completion_tokens")


def model_refs(source: str, region: YamlRegion | None) -> tuple[ModelRef, ...]:
    """The models a prompt's frontmatter (or a YAML/JSON file's top level) names.

    The shapes real files use: ``model: name`` (dotprompt, chat files, agent files),
    ``model: {id|name|model: …}``, prompty's ``model.configuration`` (``model``,
    ``azure_deployment``, ``deployment``, ``name``, with its ``type``), and Semantic
    Kernel's ``execution_settings.<service>.model_id``. Placeholders are not names.
    """
    root = region.node if region is not None else None
    if region is None or not isinstance(root, yaml.MappingNode):
        return ()
    refs: list[ModelRef] = []

    def add(node: yaml.Node | None, key: str, *, deployment: bool = False, provider: str | None = None) -> bool:
        if not isinstance(node, yaml.ScalarNode) or node.tag != STR_TAG:
            return False
        value = node.value.strip()
        if not value or _MODEL_PLACEHOLDER.search(value):
            return False
        text = scalar_text(source, region, node)
        at = max(0, text.text.find(value))
        refs.append(ModelRef(value, text.source_span(at, at + len(value)), key, deployment, provider))
        return True

    model = mapping_get(root, "model")
    if isinstance(model, yaml.ScalarNode):
        add(model, "model")
    elif isinstance(model, yaml.MappingNode):
        kind = mapping_get(model, "provider")  # prompty 2: `model: {id: gpt-4o, provider: azure}`
        named = _CONFIG_TYPES.get(kind.value.strip().lower()) if isinstance(kind, yaml.ScalarNode) else None
        found = any(
            add(mapping_get(model, key), f"model.{key}", provider=named, deployment=named == "azure")
            for key in ("id", "name", "model")
        )
        config = mapping_get(model, "configuration")
        if not found and isinstance(config, yaml.MappingNode):
            kind = mapping_get(config, "type")
            provider = _CONFIG_TYPES.get(kind.value.strip().lower()) if isinstance(kind, yaml.ScalarNode) else None
            for key in ("model", *_DEPLOYMENT_KEYS, "name"):
                deployment = key in _DEPLOYMENT_KEYS or provider == "azure"
                if add(
                    mapping_get(config, key), f"model.configuration.{key}", deployment=deployment, provider=provider
                ):
                    break
    settings = mapping_get(root, "execution_settings")
    if isinstance(settings, yaml.MappingNode):
        for service, entry in settings.value:
            name = service.value if isinstance(service, yaml.ScalarNode) else "?"
            for key in ("model_id", "ai_model_id"):
                if add(mapping_get(entry, key), f"execution_settings.{name}.{key}"):
                    break
    return tuple(refs)


def output_budget(source: str, region: YamlRegion | None) -> OutputBudget | None:
    """The output budget the prompt declares: top level, ``model.parameters`` (prompty),
    ``config`` (dotprompt), ``parameters``, or an ``execution_settings`` service."""
    root = region.node if region is not None else None
    if region is None or not isinstance(root, yaml.MappingNode):
        return None
    places: list[tuple[str, yaml.Node | None]] = [
        ("", root),
        ("model.parameters.", mapping_get(mapping_get(root, "model"), "parameters")),
        ("config.", mapping_get(root, "config")),
        ("parameters.", mapping_get(root, "parameters")),
    ]
    settings = mapping_get(root, "execution_settings")
    if isinstance(settings, yaml.MappingNode):
        places += [(f"execution_settings.{k.value}.", v) for k, v in settings.value if isinstance(k, yaml.ScalarNode)]
    for prefix, node in places:
        for key in _OUTPUT_KEYS:
            value = mapping_get(node, key)
            if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:int":
                try:
                    tokens = int(value.value.replace("_", ""), 0)
                except ValueError:
                    continue
                if tokens > 0:
                    return OutputBudget(tokens, region.span(value), prefix + key)
    return None


def key_span(region: YamlRegion | None, key: str) -> Span | None:
    node = mapping_key(region.node if region else None, key)
    return region.span(node) if node is not None and region is not None else None
