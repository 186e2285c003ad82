"""Few-shot examples the file's structure declares: chat turns before the final user
turn, the items of an ``examples:`` key — and the merge that resolves overlapping
detections of every detector."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

import yaml

from promptlint.document.model import FewShotBlock, Message, Span
from promptlint.document.yamlsrc import STR_TAG, YamlRegion, iter_string_scalars, scalar_text

# Negated classes (not `.*?`) keep these linear on text full of unclosed openers.
TEMPLATE_BITS = re.compile(
    r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|\{#[^{}]*#\}|\$\{[^}]*\}|\{[A-Za-z_][\w.]*\}|<[A-Za-z_ ][^<>\n]{0,60}>|"
    r"\[(?:[A-Za-z_ .]{1,40}|\.\.\.)\]|\.\.\."
)
_PLACEHOLDER_ONLY = re.compile(r"\{\{[^{}]*\}\}|\{%[^{}]*%\}|\$\{[^}]*\}")


def is_literal(content: str) -> bool:
    """Whether ``content`` holds written-out text, not only template slots or ``<...>``."""
    rest = TEMPLATE_BITS.sub(" ", content)
    return len(re.findall(r"\w", rest)) >= 2


def is_templated(content: str) -> bool:
    return _PLACEHOLDER_ONLY.search(content) is not None


# ------------------------------------------------------------------------- chat


def from_chat(messages: Sequence[Message], *, templated_file: bool) -> list[FewShotBlock]:
    """Demonstration turns of a chat prompt.

    The query is the last user turn; the user/assistant turns before it are
    demonstrations when at least one of them is an assistant turn. A file with no
    template anywhere that holds a finished exchange is a demonstration as a whole
    (TaskWeaver and Semantic Kernel example conversations).
    """
    turns = [m for m in messages if m.role != "system"]
    if len(turns) < 2:
        return []
    last_user = max((i for i, m in enumerate(turns) if m.role == "user"), default=-1)
    if not templated_file and turns[-1].role != "user" and len({m.raw_role for m in turns}) >= 2:
        demo = turns
    elif last_user > 0:
        demo = turns[:last_user]
    else:
        return []
    if not any(m.role == "assistant" for m in demo) and templated_file:
        return []
    if not any(is_literal(m.content.text) for m in demo):
        return []
    blocks: list[FewShotBlock] = []
    current: list[Message] = []
    for message in demo:
        if current and message.role == "user" and any(m.role != "user" for m in current):
            blocks.append(_chat_block(current, len(blocks)))
            current = []
        current.append(message)
    if current:
        blocks.append(_chat_block(current, len(blocks)))
    # An exchange with a template slot is filled at run time: not a written demonstration.
    literal = [b for b in blocks if not any(t.templated for t in b.turns)]
    return [replace(b, label=f"example {i + 1}") for i, b in enumerate(literal)]


def _chat_block(turns: list[Message], index: int) -> FewShotBlock:
    span = Span(turns[0].span.start, turns[-1].span.end)
    return FewShotBlock("chat", f"example {index + 1}", span, tuple(turns))


# ------------------------------------------------------------------ frontmatter


_SIDE_KEYS = {
    **dict.fromkeys(("input", "user", "question", "q", "query", "prompt", "human", "text"), "user"),
    **dict.fromkeys(("output", "assistant", "answer", "a", "response", "completion", "ai", "model"), "assistant"),
}


def from_mapping(source: str, region: YamlRegion | None) -> list[FewShotBlock]:
    """Items under every ``examples:`` key of a YAML/JSON mapping (frontmatter or file)."""
    if region is None or region.node is None:
        return []
    blocks: list[FewShotBlock] = []
    for node in _example_nodes(region.node):
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if isinstance(node, yaml.MappingNode) and not _is_example_record(node):
            items = [value for _, value in node.value]
        for item in items:
            turns: list[Message] = []
            for path, scalar in iter_string_scalars(item):
                text = scalar_text(source, region, scalar)
                key = str(path[-1]).lower() if path else ""
                role = _SIDE_KEYS.get(key, "unknown")
                turns.append(Message(role, key or "example", text.span, text, is_templated(text.text)))
            if turns and not any(t.templated for t in turns) and any(is_literal(t.content.text) for t in turns):
                span = Span(min(t.span.start for t in turns), max(t.span.end for t in turns))
                blocks.append(FewShotBlock("frontmatter", f"example {len(blocks) + 1}", span, tuple(turns)))
    return blocks


_DECLARATION_KEYS = frozenset({"inputs", "input", "input_variables", "outputs", "output", "schema", "parameters"})


def _example_nodes(node: yaml.Node) -> Iterable[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value.lower() in _DECLARATION_KEYS:
                continue  # `inputs: {examples: {type: list}}` declares an input named "examples"
            if isinstance(key, yaml.ScalarNode) and key.value.lower() in ("examples", "few_shot_examples", "fewshots"):
                if isinstance(value, yaml.SequenceNode | yaml.MappingNode) or (
                    isinstance(value, yaml.ScalarNode) and value.tag == STR_TAG
                ):
                    yield value
            else:
                yield from _example_nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _example_nodes(item)


def _is_example_record(node: yaml.MappingNode) -> bool:
    keys = {k.value.lower() for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return bool(keys & set(_SIDE_KEYS))


# ---------------------------------------------------------------------- merging


_PRIORITY = {"chat": 0, "frontmatter": 0, "tag": 1, "heading": 2, "pairs": 3}


def merge(blocks: list[FewShotBlock]) -> list[FewShotBlock]:
    """Resolve nested and overlapping detections so that blocks never overlap.

    Same-kind nesting (``<examples>`` around ``<example>``, ``## Examples`` around
    ``### Example 1``) keeps the inner, more precise blocks. Otherwise the stronger
    detector wins (chat and frontmatter, then tags, headings, label pairs), and within
    one detector the wider block. Runs in O(n log n): files can hold thousands of pairs.
    """
    by_kind: dict[str, list[FewShotBlock]] = {}
    for block in blocks:
        by_kind.setdefault(block.kind, []).append(block)
    candidates: list[FewShotBlock] = []
    for kind, group in by_kind.items():
        group.sort(key=lambda b: (b.span.start, -b.span.end))
        for index, block in enumerate(group):
            nested = False
            if kind not in ("chat", "frontmatter"):
                for other in group[index + 1 : index + 64]:
                    if other.span.start >= block.span.end:
                        break
                    if other.span != block.span and block.span.contains(other.span):
                        nested = True
                        break
            if not nested:
                candidates.append(block)
    candidates.sort(key=lambda b: (_PRIORITY[b.kind], b.span.start - b.span.end, b.span.start))
    starts: list[int] = []
    kept: list[FewShotBlock] = []
    for block in candidates:
        at = bisect.bisect_left(starts, block.span.start)
        before = kept[at - 1] if at > 0 else None
        after = kept[at] if at < len(kept) else None
        if (before and before.span.overlaps(block.span)) or (after and after.span.overlaps(block.span)):
            continue
        starts.insert(at, block.span.start)
        kept.insert(at, block)
    return kept
