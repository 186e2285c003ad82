"""Token counting with tiktoken, offline, for the model a prompt targets.

tiktoken downloads its encodings on first use. promptlint ships ``cl100k_base``,
``o200k_base`` and ``p50k_base`` in ``promptlint/data/tiktoken/`` (vendored from litellm's
wheel by ``scripts/update_vendored_data.py``) under the names tiktoken's cache uses, and
points tiktoken there while it builds an encoding — unless the user's own
``TIKTOKEN_CACHE_DIR`` already holds the file. It never lets tiktoken download: if an
encoding file is missing, it falls back to an estimate and says so, rather than opening
a connection from a pre-commit hook.

Which encoding: ``o200k_base`` for the GPT-4o/4.1/4.5/5 and o-series families,
``cl100k_base`` for GPT-4/GPT-3.5 and the embedding models, ``p50k_base`` for the
davinci completions. Other vendors' tokenizers are not public in a form tiktoken reads;
their counts use ``o200k_base`` as an approximation (within ~10-20 % for English prose)
and the messages say so.

Prices and context windows are the model catalogue's (:mod:`promptlint.models`).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promptlint.document.model import Document

_ENCODING_URLS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "p50k_base": "https://openaipublic.blob.core.windows.net/encodings/p50k_base.tiktoken",
}
_O200K = re.compile(r"^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt-4o|o1|o3|o4|gpt-oss|codex)", re.I)
_CL100K = re.compile(r"^(gpt-4|gpt-35|gpt-3\.5|text-embedding-3|text-embedding-ada-002)", re.I)
_P50K = re.compile(r"^(text-davinci-00[23]|code-davinci)", re.I)
FALLBACK_ENCODING = "o200k_base"


@dataclass(frozen=True, slots=True)
class EncodingChoice:
    encoding: str
    exact: bool  # False: an approximation for a non-OpenAI model


def bare_model(model: str) -> str:
    """``azure/gpt-4o`` → ``gpt-4o``; ``googleai/gemini-2.5-flash`` → ``gemini-2.5-flash``."""
    return model.strip().rsplit("/", 1)[-1]


def encoding_for(model: str | None) -> EncodingChoice:
    if not model:
        return EncodingChoice(FALLBACK_ENCODING, False)
    name = bare_model(model)
    if _O200K.match(name):
        return EncodingChoice("o200k_base", True)
    if _CL100K.match(name):
        return EncodingChoice("cl100k_base", True)
    if _P50K.match(name):
        return EncodingChoice("p50k_base", True)
    return EncodingChoice(FALLBACK_ENCODING, False)


DATA_DIR = Path(__file__).resolve().parent / "data"
VENDORED_TIKTOKEN_DIR = DATA_DIR / "tiktoken"


def _cache_file(encoding: str) -> Path | None:
    """The encoding's file: the user's tiktoken cache first, then the vendored copy."""
    if encoding not in _ENCODING_URLS:
        return None
    name = hashlib.sha1(_ENCODING_URLS[encoding].encode()).hexdigest()
    folders = [Path(os.environ[v]) for v in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR") if os.environ.get(v)]
    for folder in (*folders, VENDORED_TIKTOKEN_DIR):
        if (folder / name).is_file():
            return folder / name
    return None


@cache
def _encoder(encoding: str) -> Any | None:
    """A tiktoken Encoding, or None if its file is not available offline.

    tiktoken reads ``TIKTOKEN_CACHE_DIR`` only while it builds the encoding, so the
    variable points at the folder holding the file for exactly that call.
    """
    cache_file = _cache_file(encoding)
    if cache_file is None:
        return None
    import tiktoken

    saved = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_file.parent)
    try:
        return tiktoken.get_encoding(encoding)
    finally:
        if saved is None:
            os.environ.pop("TIKTOKEN_CACHE_DIR", None)
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = saved


@dataclass(frozen=True, slots=True)
class TokenCount:
    tokens: int
    encoding: str
    exact: bool  # False: the model's tokenizer is approximated, or the file was missing


def count_tokens(text: str, model: str | None) -> TokenCount:
    choice = encoding_for(model)
    encoder = _encoder(choice.encoding)
    if encoder is None:
        # No encoding file offline: ~4 characters per token is the usual estimate.
        return TokenCount((len(text) + 3) // 4, "estimate", False)
    return TokenCount(len(encoder.encode(text, disallowed_special=())), choice.encoding, choice.exact)


def upper_bound(text: str) -> int:
    """No byte-level BPE emits more tokens than UTF-8 bytes: a free upper bound."""
    return len(text.encode("utf-8", "surrogatepass"))


_TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{\{!--.*?--\}\}|\{\{!.*?\}\}", re.S)


def prompt_text(doc: Document) -> str:
    """The prompt as sent: frontmatter excluded, template comments removed."""
    text = "\n".join(t.text for t in doc.body)
    return _TEMPLATE_COMMENT.sub("", text) if ("{#" in text or "{{!" in text) else text
