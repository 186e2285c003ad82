"""``promptlint bom`` output: a table for people, JSON for scripts, CycloneDX 1.6 for
supply-chain tools.

CycloneDX: each prompt file is a ``data`` component (its SHA-256, format, version,
tokens, cost, golden sets and last commit as properties), each distinct model a
``machine-learning-model`` component (its status, deprecation date, successor,
context window), and ``dependencies`` lead from every prompt to the models it runs
on. The serial number is derived from the content, and the timestamp from
``SOURCE_DATE_EPOCH`` (else ``PROMPTLINT_TODAY``, else the clock), so the same tree
gives the same document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from typing import Any, TextIO

from promptlint import __version__
from promptlint.inventory import Inventory, ModelUse, PromptEntry
from promptlint.models import format_cost

FORMATS = ("table", "json", "cyclonedx")
JSON_VERSION = 1


def status_text(use: ModelUse, today: dt.date) -> str:
    """``pinned``, ``alias → pin X``, ``deprecated 2026-12-01 → Y``, ``retires 2027-01-14``…"""
    if use.status == "unknown":
        return "unknown"
    if use.status == "deprecated" and use.deprecation_date is not None:
        text = f"deprecated {use.deprecation_date.isoformat()}"
    elif use.status == "alias":
        text = f"alias → pin {use.pin}" if use.pin else "alias"
    else:
        text = use.status
    if use.status != "deprecated" and use.deprecation_date is not None:
        text += f", retires {use.deprecation_date.isoformat()}"
    if use.successor and use.deprecation_date is not None:
        text += f" → {use.successor}"
    return text


# --------------------------------------------------------------------- table


def table(inventory: Inventory, out: TextIO) -> None:
    rows = [
        (
            p.path,
            p.format,
            p.version or "—",
            ", ".join(_model_cell(u) for u in p.models) or "—",
            _tokens(p),
            format_cost(p.cost_per_1k_calls) if p.cost_per_1k_calls is not None else "—",
            ", ".join(_short(g, p.path) for g in p.golden_sets) or "—",
            f"{p.last_commit.id[:10]} {p.last_commit.date}" if p.last_commit else "—",
        )
        for p in inventory.prompts
    ]
    header = ("prompt", "format", "version", "model", "tokens", "$/1k calls", "golden sets", "last commit")
    _write_table(out, header, rows)
    used = inventory.models()
    if used:
        out.write("\n")
        model_rows = [
            (use.ref, status_text(use, inventory.today), _window(use), str(len(paths))) for use, paths in used
        ]
        _write_table(out, ("model", "status", "window", "prompts"), model_rows)
    deprecated = sum(1 for use, _ in used if use.status == "deprecated")
    soon = sum(
        1
        for use, _ in used
        if use.status != "deprecated"
        and use.deprecation_date is not None
        and (use.deprecation_date - inventory.today).days <= 90
    )
    unknown = sum(1 for use, _ in used if use.status == "unknown")
    aliases = sum(1 for use, _ in used if use.status == "alias")
    count = len(inventory.prompts)
    out.write(
        f"\n{count} prompt{'s' if count != 1 else ''} on {len(used)} model{'s' if len(used) != 1 else ''} "
        f"({inventory.catalog}, {inventory.today.isoformat()}): {deprecated} deprecated, "
        f"{soon} retiring within 90 days, {aliases} unpinned, {unknown} unknown.\n"
    )


def _model_cell(use: ModelUse) -> str:
    return use.name + (" (config)" if use.source == "config" else "")


def _tokens(prompt: PromptEntry) -> str:
    if prompt.tokens is None:
        return "—"
    return ("" if prompt.tokens_exact else "≈") + f"{prompt.tokens:,}"


def _window(use: ModelUse) -> str:
    return f"{use.context_window:,}" if use.context_window else "—"


def _short(golden: str, prompt: str) -> str:
    """A golden set beside its prompt is shown by its file name."""
    folder = prompt.rpartition("/")[0]
    return golden[len(folder) + 1 :] if folder and golden.startswith(folder + "/") else golden


def _write_table(out: TextIO, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n")


# ---------------------------------------------------------------------- json


def as_json(inventory: Inventory) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "tool": {"name": "promptlint", "version": __version__},
        "today": inventory.today.isoformat(),
        "catalog": inventory.catalog,
        "prompts": [
            {
                "path": p.path,
                "format": p.format,
                "version": p.version,
                "models": [_model_json(u, with_source=True) for u in p.models],
                "tokens": p.tokens,
                "tokens_exact": p.tokens_exact,
                "output_budget": p.output_budget,
                "cost_per_1k_calls_usd": round(p.cost_per_1k_calls, 6) if p.cost_per_1k_calls is not None else None,
                "golden_sets": list(p.golden_sets),
                "sha256": p.sha256,
                "last_commit": {"id": p.last_commit.id, "date": p.last_commit.date} if p.last_commit else None,
            }
            for p in inventory.prompts
        ],
        "models": [{**_model_json(use), "prompts": paths} for use, paths in inventory.models()],
    }


def _model_json(use: ModelUse, *, with_source: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"name": use.name} if with_source else {"model": use.ref}
    if with_source:
        data["source"] = use.source
        data["catalog_name"] = use.key
    data.update(
        {
            "provider": use.provider,
            "status": use.status,
            "deprecation_date": use.deprecation_date.isoformat() if use.deprecation_date else None,
            "successor": use.successor,
            "pin": use.pin,
            "context_window": use.context_window,
        }
    )
    return data


def json_report(inventory: Inventory, out: TextIO) -> None:
    out.write(json.dumps(as_json(inventory), indent=2, ensure_ascii=False) + "\n")


# ----------------------------------------------------------------- CycloneDX


def _timestamp(today: dt.date) -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    elif os.environ.get("PROMPTLINT_TODAY", "").strip():
        moment = dt.datetime.combine(today, dt.time(), dt.UTC)
    else:
        moment = dt.datetime.now(dt.UTC).replace(microsecond=0)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _props(pairs: list[tuple[str, Any]]) -> list[dict[str, str]]:
    return [{"name": f"promptlint:{k}", "value": str(v)} for k, v in pairs if v is not None and v != ""]


def cyclonedx(inventory: Inventory) -> dict[str, Any]:
    components: list[dict[str, Any]] = []
    dependencies: list[dict[str, Any]] = []
    for prompt in inventory.prompts:
        ref = f"prompt:{prompt.path}"
        component: dict[str, Any] = {
            "type": "data",
            "bom-ref": ref,
            "name": prompt.path,
            "description": f"{prompt.format} prompt",
            "hashes": [{"alg": "SHA-256", "content": prompt.sha256}],
            "data": [{"type": "configuration", "name": prompt.path}],
        }
        if prompt.version:
            component["version"] = prompt.version
        props = [
            ("format", prompt.format),
            ("tokens", prompt.tokens),
            ("output-budget", prompt.output_budget),
            ("cost-per-1k-calls-usd", round(prompt.cost_per_1k_calls, 6) if prompt.cost_per_1k_calls else None),
            *(("golden-set", g) for g in prompt.golden_sets),
            ("last-commit", prompt.last_commit.id if prompt.last_commit else None),
            ("last-commit-date", prompt.last_commit.date if prompt.last_commit else None),
            *(("model-as-written", u.name) for u in prompt.models),
        ]
        if properties := _props(props):
            component["properties"] = properties
        components.append(component)
        dependencies.append({"ref": ref, "dependsOn": sorted({f"model:{u.ref}" for u in prompt.models})})
    for use, _ in inventory.models():
        model: dict[str, Any] = {"type": "machine-learning-model", "bom-ref": f"model:{use.ref}", "name": use.ref}
        if use.provider:
            model["publisher"] = use.provider
        props = [
            ("status", use.status),
            ("deprecation-date", use.deprecation_date.isoformat() if use.deprecation_date else None),
            ("successor", use.successor),
            ("pin", use.pin),
            ("context-window", use.context_window),
            ("catalog", inventory.catalog),
        ]
        model["properties"] = _props(props)
        components.append(model)
        dependencies.append({"ref": f"model:{use.ref}", "dependsOn": []})
    body: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": _timestamp(inventory.today),
            "tools": {"components": [{"type": "application", "name": "promptlint", "version": __version__}]},
        },
        "components": components,
        "dependencies": dependencies,
    }
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    serial = uuid.uuid5(uuid.NAMESPACE_URL, f"promptlint-bom:{digest}")
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": f"urn:uuid:{serial}", **body}


def cyclonedx_report(inventory: Inventory, out: TextIO) -> None:
    out.write(json.dumps(cyclonedx(inventory), indent=2, ensure_ascii=False) + "\n")


REPORTERS = {"table": table, "json": json_report, "cyclonedx": cyclonedx_report}
