"""Hypothesis strategies for prompt files: random text with the characters that matter to
the parsers (template syntax, fences, role markers, invisible and astral characters,
every line ending), structured YAML/JSON documents, and mutations of real prompts."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from hypothesis import strategies as st

from .conftest import CORPUS, FIXTURES

# Building blocks a parser has to cope with, mixed into arbitrary text.
PIECES = [
    "---\n", "...\n", "system:\n", "user:\n", "assistant:\n", "# system:\n", "{{", "}}", "{%", "%}", "{#", "#}",
    "{{#if x}}", "{{/if}}", "{{role \"user\"}}", "{{> partial}}", "{{!", "<!--", "-->", "```", "```json\n", "~~~",
    "<example>", "</example>", "## Examples\n", "Input:", "Output:", "Q:", "A:", "User:", "Assistant:",
    "version: 1.0.0", "# version: 2\n", "\r\n", "\r", "\n", "\t", "  ", "\u200b", "\u200d", "\u202e", "\ufeff",
    "\U000e0041", "👍🏽", "👨‍👩‍👧", "é", "ß", "中文", "\x00", "\x1b[31m", "\\u200b", "\\n", '"', "'", ":", "- ",
    "Always answer in JSON.", "Never use JSON.", "the the", "TODO: x", "<<<<<<< HEAD\n", "=======\n",
    ">>>>>>> main\n", "jane.doe@fastmail.com", "4111 1111 1111 1111", "sk-proj-Hq3XbN8vLw2TzR5mKp9YcJ7d",
    "I'm Odile Brakenridge.", "Customer: Tamsin Quayle", "&", "*", "|", ">", "[", "]",
]  # fmt: skip
EXTENSIONS = [".prompty", ".prompt", ".md", ".txt", ".j2", ".yaml", ".json", ".hbs", ""]

text_pieces = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)),
    max_size=40,
).map("".join)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), text_pieces)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["role", "content", "messages", "model", "version", "name", "examples", "input", "output", "x"]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@st.composite
def chat_files(draw: st.DrawFn) -> tuple[str, str]:
    """A chat YAML or JSON file (messages with roles), sometimes broken."""
    messages = draw(
        st.lists(
            st.fixed_dictionaries(
                {"role": st.sampled_from(["system", "user", "assistant", "tool", "x"]), "content": text_pieces}
            ),
            max_size=5,
        )
    )
    data = {
        "messages": messages,
        **draw(st.dictionaries(st.sampled_from(["model", "version", "name"]), scalars, max_size=2)),
    }
    if draw(st.booleans()):
        return "chat.json", json.dumps(data, ensure_ascii=draw(st.booleans()))
    return "chat.yaml", yaml.safe_dump(data, allow_unicode=draw(st.booleans()))


@st.composite
def prompt_files(draw: st.DrawFn) -> tuple[str, str]:
    """(file name, text): random text under any prompt extension, or a structured file."""
    kind = draw(st.sampled_from(["text", "text", "chat", "frontmatter", "mapping"]))
    if kind == "chat":
        return draw(chat_files())
    if kind == "mapping":
        return "data.yaml", yaml.safe_dump(draw(values), allow_unicode=True)
    body = draw(text_pieces)
    if kind == "frontmatter":
        front = yaml.safe_dump(
            draw(st.dictionaries(st.sampled_from(["name", "version", "model", "inputs"]), scalars, max_size=3)),
            allow_unicode=True,
        )
        body = f"---\n{front}---\n{body}"
    return "p" + draw(st.sampled_from(EXTENSIONS)), body


def real_prompts() -> list[Path]:
    roots = [CORPUS, FIXTURES / "prompts", FIXTURES / "contradictions", FIXTURES / "privacy"]
    files = [p for root in roots if root.is_dir() for p in sorted(root.rglob("*")) if p.is_file()]
    return [
        p for p in files if p.name not in ("MANIFEST.tsv", "README.md", "labels.yaml") and p.stat().st_size < 60_000
    ]


@st.composite
def mutated_real_prompts(draw: st.DrawFn) -> tuple[str, str]:
    """A real prompt file with a few random insertions and deletions."""
    files = real_prompts()
    path = draw(st.sampled_from(files))
    text = path.read_bytes().decode("utf-8", "replace")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(0, 20)) :]
    return path.name, text
