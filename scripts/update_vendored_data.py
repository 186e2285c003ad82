#!/usr/bin/env python3
"""Refresh the data promptlint ships instead of depending on litellm at run time.

    python3 scripts/update_vendored_data.py [--litellm VERSION]

Downloads the litellm wheel from PyPI (no install, no import), and copies out:

* ``model_prices_and_context_window_backup.json``, trimmed to the fields promptlint
  reads (prices, context windows, deprecation dates, successors, provider, mode), as
  ``src/promptlint/data/models.json``;
* the three tiktoken encodings litellm bundles (``o200k_base``, ``cl100k_base``,
  ``p50k_base``), under the file names tiktoken's cache uses (the SHA-1 of the
  encoding's URL), in ``src/promptlint/data/tiktoken/``.

Both are MIT-licensed upstream (litellm; the encodings are OpenAI's published tiktoken
files). ``src/promptlint/data/SOURCES.md`` records the version, the date and the
SHA-256 of every file, so a review can see exactly what changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "promptlint" / "data"
KEEP = (
    "litellm_provider",
    "mode",
    "input_cost_per_token",
    "output_cost_per_token",
    "max_input_tokens",
    "max_output_tokens",
    "max_tokens",
    "deprecation_date",
    "successor_model",
)
ENCODINGS = {
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "p50k_base": "https://openaipublic.blob.core.windows.net/encodings/p50k_base.tiktoken",
}


def trim(prices: dict[str, object]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for name, entry in sorted(prices.items()):
        if name == "sample_spec" or not isinstance(entry, dict):
            continue
        out[name] = {key: entry[key] for key in KEEP if key in entry}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--litellm", default="", help="litellm version to take the data from (default: newest)")
    args = parser.parse_args()
    spec = f"litellm=={args.litellm}" if args.litellm else "litellm"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", "-d", tmp, spec],
            check=True,
        )
        wheel = next(Path(tmp).glob("litellm-*.whl"))
        version = wheel.name.split("-")[1]
        files: dict[str, bytes] = {}
        with zipfile.ZipFile(wheel) as archive:
            prices = json.loads(archive.read("litellm/model_prices_and_context_window_backup.json"))
            files["models.json"] = (
                json.dumps({"source": f"litellm {version}", "models": trim(prices)}, separators=(",", ":")) + "\n"
            ).encode()
            for url in ENCODINGS.values():
                name = hashlib.sha1(url.encode()).hexdigest()
                files[f"tiktoken/{name}"] = archive.read(f"litellm/litellm_core_utils/tokenizers/{name}")
    for rel, data in files.items():
        target = DATA / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    rows = "\n".join(f"| `{rel}` | {len(b):,} | `{hashlib.sha256(b).hexdigest()}` |" for rel, b in files.items())
    names = "\n".join(
        f"- `tiktoken/{hashlib.sha1(url.encode()).hexdigest()}`: {enc} ({url})" for enc, url in ENCODINGS.items()
    )
    (DATA / "SOURCES.md").write_text(
        f"""# Vendored data

Written by `scripts/update_vendored_data.py` on {dt.date.today().isoformat()} from the PyPI wheel of
litellm {version} (MIT licence, https://github.com/BerriAI/litellm). promptlint reads these files
as data; it never imports litellm to lint.

- `models.json`: litellm's `model_prices_and_context_window_backup.json`, keeping only
  {", ".join(f"`{k}`" for k in KEEP)}.
{names}

The encodings are OpenAI's published tiktoken files (tiktoken is MIT-licensed); tiktoken
verifies their SHA-256 when it loads them.

| file | bytes | sha256 |
| --- | --- | --- |
{rows}
""",
        encoding="utf-8",
    )
    print(f"vendored data from litellm {version}: {len(files)} files in {DATA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
