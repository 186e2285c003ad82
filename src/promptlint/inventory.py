"""The prompt bill of materials: what we run, on which models, and what expires when.

``promptlint bom`` walks the same files ``check`` does and records, per prompt file:
its format and version header, the models it names (or the config's ``model``) with
their status in the model catalogue (pinned, alias, deployment, deprecated on DATE,
unknown), its tokens and the input cost of 1,000 calls, the golden sets that test it,
its SHA-256, and the last commit that changed it (one ``git log`` per repository for
all files). Reporters (:mod:`promptlint.reporters.bom`) turn it into a table, JSON or
CycloneDX 1.6. No network: the catalogue is the vendored (or configured) file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from promptlint import gitutil, models, tokens
from promptlint.config import ConfigResolver
from promptlint.document.parsers import parse_bytes
from promptlint.runner import CheckOptions, collect, display_path

# Statuses, in the order the BOM ranks them (the first that applies wins).
STATUSES = ("unknown", "deprecated", "alias", "deployment", "custom", "pinned")


@dataclass(frozen=True)
class ModelUse:
    """One model a prompt runs on, with what the catalogue says about it."""

    name: str  # as written
    source: str  # where: the frontmatter key (`model`, `model.configuration.azure_deployment`) or `config`
    key: str | None  # the catalogue's name (None: unknown)
    provider: str | None
    status: str  # see STATUSES
    deprecation_date: dt.date | None = None
    successor: str | None = None  # the catalogue's name of the successor
    pin: str | None = None  # alias: the newest dated snapshot worth pinning (catalogue name)
    context_window: int | None = None
    input_cost_per_token: float | None = None

    @property
    def ref(self) -> str:
        """One identity per catalogue model (``googleai/x`` and ``gemini/x`` are one)."""
        return self.key or self.name


@dataclass(frozen=True)
class PromptEntry:
    path: str  # as shown (relative to the current folder)
    format: str
    version: str | None
    models: tuple[ModelUse, ...]
    tokens: int | None
    tokens_exact: bool
    cost_per_1k_calls: float | None  # input, dollars
    output_budget: int | None
    golden_sets: tuple[str, ...]
    sha256: str
    last_commit: gitutil.Commit | None
    readable: bool = True


@dataclass
class Inventory:
    today: dt.date
    catalog: str  # the catalogue's source ("litellm 1.110.2")
    prompts: list[PromptEntry] = field(default_factory=list)

    def models(self) -> list[tuple[ModelUse, list[str]]]:
        """Each distinct model with the prompts that run on it, soonest deprecation first."""
        users: dict[str, list[str]] = defaultdict(list)
        first: dict[str, ModelUse] = {}
        for prompt in self.prompts:
            for use in prompt.models:
                first.setdefault(use.ref, use)
                if prompt.path not in users[use.ref]:
                    users[use.ref].append(prompt.path)
        ordered = sorted(first.values(), key=lambda u: (u.deprecation_date or dt.date.max, u.ref))
        return [(use, users[use.ref]) for use in ordered]


def build(
    paths: Sequence[Path],
    resolver: ConfigResolver,
    *,
    today: dt.date,
    cwd: Path | None = None,
    git: bool = True,
) -> Inventory:
    """The inventory of every prompt file ``paths`` select (as ``promptlint check`` would)."""
    from promptlint.golden import GoldenIndex

    options = CheckOptions(cache=False, cwd=cwd)
    files = collect(paths, resolver, options).files
    index = GoldenIndex(resolver)
    prompts: list[tuple[Path, bytes]] = []
    for path in files:
        if resolver.file_for(path).is_golden(path):
            continue  # golden sets are listed under the prompts they test
        try:
            prompts.append((path, path.read_bytes()))
        except OSError:
            continue
    commits = _last_commits([p for p, _ in prompts]) if git else {}
    catalog_label = ""
    entries = []
    for path, data in prompts:
        config = resolver.for_path(path)
        show = display_path(path, cwd)
        doc = parse_bytes(data, show, config.format_for(path))
        catalogue = config.models
        uses = [_use(t, catalogue, today) for t in models.targets(doc, catalogue, config.model)]
        if uses and not catalog_label:
            catalog_label = catalogue.catalog.source
        readable = not doc.extra.get("unreadable")
        count = None
        if readable and doc.body:
            model = uses[0].name if uses else config.model
            count = tokens.count_tokens(tokens.prompt_text(doc), model)
        info = next((u for u in uses if u.input_cost_per_token is not None), None)
        cost = None
        if count is not None and info is not None and info.input_cost_per_token is not None:
            cost = count.tokens * info.input_cost_per_token * 1000
        entries.append(
            PromptEntry(
                path=show,
                format=doc.format,
                version=doc.version.value if doc.version else None,
                models=tuple(uses),
                tokens=count.tokens if count else None,
                tokens_exact=bool(count and count.exact),
                cost_per_1k_calls=cost,
                output_budget=doc.output_budget.tokens if doc.output_budget else None,
                golden_sets=tuple(display_path(g, cwd) for g in index.golden_sets_of(path)),
                sha256=hashlib.sha256(data).hexdigest(),
                last_commit=commits.get(path.resolve()),
                readable=readable,
            )
        )
    entries.sort(key=lambda e: e.path)
    return Inventory(today=today, catalog=catalog_label or models.default().catalog.source, prompts=entries)


def _last_commits(paths: list[Path]) -> dict[Path, gitutil.Commit]:
    by_repo: dict[Path, list[Path]] = defaultdict(list)
    for path in paths:
        root = gitutil.repo_of(path)
        if root is not None:
            by_repo[root].append(path.resolve())
    found: dict[Path, gitutil.Commit] = {}
    for root, group in by_repo.items():
        found.update(gitutil.last_commits(root, group))
    return found


def _use(target: models.Target, catalogue: models.Models, today: dt.date) -> ModelUse:
    source = "config" if target.span is None else "file"
    info = target.info
    if info is None:
        return ModelUse(target.name, source, None, None, "unknown")
    catalog = catalogue.catalog
    date = None if target.resolution.approximate else info.deprecation_date
    nxt = models.successor(catalog, info, today) if date is not None else None
    pin = None
    status = "pinned"
    if date is not None and date <= today:
        status = "deprecated"
    elif target.deployment:
        status = "deployment"
    elif info.custom:
        status = "custom"
    elif catalog.is_moving(info):
        status = "alias"  # even when no snapshot outlives it (then there is nothing to pin)
        _, snapshot = models.pinning(catalog, info, today)
        pin = snapshot.key if snapshot else None
    return ModelUse(
        name=target.name,
        source=source,
        key=info.key,
        provider=info.provider,
        status=status,
        deprecation_date=date,
        successor=nxt.key if nxt else None,
        pin=pin,
        context_window=info.max_input_tokens,
        input_cost_per_token=info.input_cost_per_token,
    )
