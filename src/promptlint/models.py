"""The model catalogue: what promptlint knows about the model a prompt runs on.

One module answers every question about a model — its price, context window, output
limit, deprecation date, successor, whether its name is a moving alias and which dated
snapshot to pin instead — for TOK001/TOK002 (prices), the MOD rules and TOK003, the
eval stage's cost estimate, the model client's reported cost and ``promptlint bom``.

The data is litellm's model map (``model_prices_and_context_window_backup.json``, ~4,900
models), vendored and trimmed as ``promptlint/data/models.json`` by
``scripts/update_vendored_data.py``: it is read as JSON, never by importing litellm (4 s,
and it goes online). A config's ``model-catalog = "path.json"`` points at a newer copy,
in either the vendored shape or litellm's full map. A file is read once per process, on
first use: linting a prompt that names no model never opens it.

Names resolve the way litellm resolves them: an optional provider prefix (``openai/``,
``azure/``, ``anthropic/``, ``bedrock/``, ``vertex_ai/``, ``gemini/`` …, plus the spellings
frameworks use: Genkit's ``googleai/`` and ``vertexai/``), the provider-qualified key
first, then the bare name as long as its entry belongs to that provider family.

Nothing here reads the clock: "today" is the caller's (``Services.current_date``), so
tests and reproducible runs pass a fixed date.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from promptlint.document.model import Document, Span

DATA_DIR = Path(__file__).resolve().parent / "data"
VENDORED = DATA_DIR / "models.json"

# Modes of models a prompt is sent to (the did-you-mean looks among these).
PROMPT_MODES = frozenset({"chat", "completion", "responses"})

# Framework spellings of providers → litellm's provider names.
PROVIDER_ALIASES = {
    "googleai": "gemini",
    "google": "gemini",
    "google_genai": "gemini",
    "google-genai": "gemini",
    "vertexai": "vertex_ai",
    "vertex": "vertex_ai",
    "azure_openai": "azure",
    "azureopenai": "azure",
    "azure-openai": "azure",
    "amazon-bedrock": "bedrock",
    "aws": "bedrock",
}
# Providers litellm infers for a bare name it cannot find as written (their keys are prefixed).
_BARE_PREFIXES = ("gemini", "mistral", "xai", "deepseek", "anthropic", "openai", "cohere", "groq")

# A dated or numbered snapshot: `-2024-08-06`, `-20250929`, `-0613` / `-2411` (MMDD or
# YYMM), `-001` and `@001` (Google's stable versions), `-09-2025`; an optional Bedrock
# version suffix (`-v1:0`) may follow.
_SNAPSHOT = re.compile(
    r"^(?P<stem>.+?)[-@](?P<stamp>\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{3}|\d{2}-\d{4})(?P<suffix>-v\d+(?::\d+)?)?$"
)
_LATEST = "-latest"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One catalogue entry (or a model declared in the config), as promptlint reads it."""

    key: str  # the catalogue key (or the declared name)
    provider: str | None = None
    mode: str | None = None
    input_cost_per_token: float | None = None
    output_cost_per_token: float | None = None
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    deprecation_date: dt.date | None = None
    successor: str | None = None
    # Declared in the config's `custom-models` (a private model or a named deployment).
    custom: bool = False

    def deprecated_by(self, today: dt.date) -> bool:
        return self.deprecation_date is not None and self.deprecation_date <= today


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name as written resolves to.

    ``info`` is None when the catalogue does not know the name. ``approximate`` marks
    an Azure deployment known only through OpenAI's entry of the same name: its window
    and prices are OpenAI's, but OpenAI's retirement dates are not Azure's.
    """

    name: str
    info: ModelInfo | None
    approximate: bool = False
    # The catalogue model a declared deployment runs (`custom-models`), else None.
    runs: str | None = None

    @property
    def known(self) -> bool:
        return self.info is not None


@dataclass(frozen=True)
class CustomModel:
    """A model the config declares (``[custom-models]``): a private model, or a named
    deployment of a catalogue model (``runs``), with whatever else is known about it."""

    pattern: str  # the name as written in prompts, or a glob
    runs: str | None = None
    max_input_tokens: int | None = None
    max_output_tokens: int | None = None
    input_cost_per_token: float | None = None
    output_cost_per_token: float | None = None
    deprecation_date: dt.date | None = None


# --------------------------------------------------------------------- the data


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None


def _info(key: str, entry: Mapping[str, Any]) -> ModelInfo:
    provider = entry.get("litellm_provider")
    mode = entry.get("mode")
    successor = entry.get("successor_model")
    return ModelInfo(
        key=key,
        provider=provider if isinstance(provider, str) else None,
        mode=mode if isinstance(mode, str) else None,
        input_cost_per_token=_number(entry.get("input_cost_per_token")),
        output_cost_per_token=_number(entry.get("output_cost_per_token")),
        max_input_tokens=_count(entry.get("max_input_tokens")) or _count(entry.get("max_tokens")),
        max_output_tokens=_count(entry.get("max_output_tokens")),
        deprecation_date=_date(entry.get("deprecation_date")),
        successor=successor if isinstance(successor, str) and successor.strip() else None,
    )


def provider_matches(entry_provider: str | None, provider: str) -> bool:
    """litellm's provider check: a bare key's entry must belong to the named provider
    (``vertex_ai`` covers ``vertex_ai-*``, ``bedrock`` covers ``bedrock_converse`` …)."""
    if entry_provider is None or entry_provider == provider:
        return True
    if provider in ("vertex_ai", "fireworks_ai") and entry_provider.startswith(provider):
        return True
    if provider.startswith("bedrock") and entry_provider.startswith("bedrock"):
        return True
    if provider == "openai" and entry_provider == "text-completion-openai":
        return True
    return provider == "azure_ai" and entry_provider in ("azure", "openai")


class Catalog:
    """One catalogue file, parsed: entries by key, plus the indexes the rules ask for."""

    def __init__(self, entries: Mapping[str, Mapping[str, Any]], source: str, path: Path | None = None) -> None:
        self._raw = entries
        self.source = source  # "litellm 1.110.2", or the file's name
        self.path = path
        self._infos: dict[str, ModelInfo] = {}

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, key: str) -> bool:
        return key in self._raw

    def get(self, key: str) -> ModelInfo | None:
        info = self._infos.get(key)
        if info is None:
            entry = self._raw.get(key)
            if not isinstance(entry, Mapping):
                return None
            info = self._infos[key] = _info(key, entry)
        return info

    @cached_property
    def _lower(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key in self._raw:
            out.setdefault(key.lower(), key)
        return out

    @cached_property
    def providers(self) -> frozenset[str]:
        found = {e.get("litellm_provider") for e in self._raw.values() if isinstance(e, Mapping)}
        prefixes = {key.split("/", 1)[0] for key in self._raw if "/" in key}
        return frozenset({p for p in found if isinstance(p, str)} | prefixes | set(PROVIDER_ALIASES.values()))

    @cached_property
    def _stems(self) -> dict[str, list[str]]:
        """``gpt-4o`` → its dated snapshots (``gpt-4o-2024-08-06``, …), every provider."""
        stems: dict[str, list[str]] = defaultdict(list)
        for key in self._raw:
            m = _SNAPSHOT.match(key)
            if m and _plausible_stamp(m.group("stamp")):
                stems[m.group("stem")].append(key)
        return dict(stems)

    def _find(self, key: str) -> str | None:
        if key in self._raw:
            return key
        return self._lower.get(key.lower())

    # ------------------------------------------------------------------ lookups

    def lookup(self, name: str, *, provider: str | None = None, deployment: bool = False) -> Resolution:
        """Resolve a model name as written (see the module docstring for the order)."""
        raw = name.strip()
        bare = raw
        if "/" in raw:
            head, rest = raw.split("/", 1)
            canonical = PROVIDER_ALIASES.get(head.lower(), head.lower())
            if canonical in self.providers:
                provider, bare = canonical, rest
        elif provider is not None:
            provider = PROVIDER_ALIASES.get(provider.lower(), provider.lower())
        if deployment and provider is None:
            provider = "azure"
        candidates: list[str] = []
        if provider is not None:
            candidates += [f"{provider}/{bare}", raw, bare]
        else:
            candidates += [raw, *(f"{p}/{bare}" for p in _BARE_PREFIXES)]
        if bare.startswith("gpt-35"):  # Azure's spelling of gpt-3.5: litellm maps it to Azure's entry
            candidates[1:1] = [f"azure/{bare}"]
            candidates.append(bare.replace("gpt-35", "gpt-3.5", 1))
        for candidate in dict.fromkeys(candidates):
            key = self._find(candidate)
            if key is None:
                continue
            info = self.get(key)
            if info is None:
                continue
            if provider is not None and "/" not in key and not provider_matches(info.provider, provider):
                if provider == "azure" and provider_matches(info.provider, "openai"):
                    # An Azure deployment named after an OpenAI model: its window and
                    # prices, but not its retirement schedule (Azure keeps its own).
                    return Resolution(name, info, approximate=True)
                continue
            return Resolution(name, info)
        # A name the catalogue lists only under a longer key (a Llama on a serverless
        # endpoint, OpenAI's `standard/1024-x-1024/dall-e-3`): known — of the provider
        # named, if one is — but which entry applies is not, so its dates are not judged.
        for key in self.elsewhere(bare if provider is not None else raw):
            info = self.get(key)
            if info is not None and (provider is None or provider_matches(info.provider, provider)):
                return Resolution(name, info, approximate=True)
        return Resolution(name, None)

    @cached_property
    def _tails(self) -> dict[str, list[str]]:
        tails: dict[str, list[str]] = defaultdict(list)
        for key in self._raw:
            if "/" in key:
                tails[key.rsplit("/", 1)[1].lower()].append(key)
        return dict(tails)

    def elsewhere(self, name: str) -> list[str]:
        """Catalogue keys whose last part is ``name``'s (other providers' prefixes),
        prompt models first, then the shortest."""
        tail = name.strip().rsplit("/", 1)[-1].lower()
        keys = self._tails.get(tail, [])

        def rank(key: str) -> tuple[bool, int, str]:
            entry = self._raw.get(key)
            mode = entry.get("mode") if isinstance(entry, Mapping) else None
            return (mode not in PROMPT_MODES, len(key), key)

        return sorted(keys, key=rank)

    def snapshots(self, info: ModelInfo) -> list[ModelInfo]:
        """The dated snapshots of an alias (same provider), oldest first; [] if pinned."""
        key = info.key
        if _SNAPSHOT.match(key) and _plausible_stamp(_SNAPSHOT.match(key).group("stamp")):  # type: ignore[union-attr]
            return []
        stem = key[: -len(_LATEST)] if key.endswith(_LATEST) else key
        found = []
        for candidate in self._stems.get(stem, ()):
            snapshot = self.get(candidate)
            if snapshot is not None and snapshot.provider == info.provider and snapshot.mode == info.mode:
                found.append(snapshot)
        return sorted(found, key=_snapshot_order)

    def is_moving(self, info: ModelInfo) -> bool:
        """A moving alias: dated snapshots of it exist, or it says so (``-latest``)."""
        return info.key.endswith(_LATEST) or bool(self.snapshots(info))

    def suggest(self, name: str, provider: str | None = None) -> str | None:
        """The closest known prompt model (edit distance), for MOD003's did-you-mean."""
        raw = name.strip()
        bare, written = raw, ""
        if "/" in raw:
            head, rest = raw.split("/", 1)
            canonical = PROVIDER_ALIASES.get(head.lower(), head.lower())
            if canonical in self.providers:
                provider, bare, written = canonical, rest, head + "/"
        target = bare.lower()
        limit = max(2, min(5, len(target) // 5))
        best: tuple[int, int, str] | None = None
        for key, entry in self._raw.items():
            if not isinstance(entry, Mapping) or entry.get("mode") not in PROMPT_MODES:
                continue
            entry_provider = entry.get("litellm_provider")
            if "/" in key:
                head, _, tail = key.partition("/")
                wanted = (provider,) if provider is not None else _BARE_PREFIXES
                if head not in wanted or "/" in tail:
                    continue
                shown = tail if provider is not None else key
            else:
                if provider is not None and not provider_matches(entry_provider, provider):
                    continue
                shown = key
            if abs(len(shown.rsplit("/", 1)[-1]) - len(target)) > limit:
                continue
            compared = shown.rsplit("/", 1)[-1].lower()
            distance = edit_distance(target, compared, (best[0] if best else limit))
            if distance <= (best[0] if best else limit) and (best is None or (distance, len(shown), shown) < best):
                best = (distance, len(shown), shown)
        if best is None or best[2].rsplit("/", 1)[-1].lower() == target:
            return None
        return written + best[2]  # in the user's spelling of the provider


def _plausible_stamp(stamp: str) -> bool:
    """Four digits are a snapshot only as MMDD (``0613``) or YYMM (``2411``)."""
    if len(stamp) != 4:
        return True
    first, second = int(stamp[:2]), int(stamp[2:])
    mmdd = 1 <= first <= 12 and 1 <= second <= 31
    yymm = 23 <= first <= 39 and 1 <= second <= 12
    return mmdd or yymm


def _stamp_date(stamp: str) -> tuple[int, ...]:
    """A sortable date for a snapshot stamp; MMDD has no year (``(0, …)``, sorted apart)."""
    digits = stamp.replace("-", "")
    if len(stamp) == 10:
        return (int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if len(stamp) == 8:
        return (int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    if len(stamp) == 7:  # MM-YYYY
        return (int(digits[2:]), int(digits[:2]), 0)
    if len(stamp) == 4:
        first, second = int(stamp[:2]), int(stamp[2:])
        if 23 <= first <= 39 and 1 <= second <= 12:
            return (2000 + first, second, 0)
        return (0, first, second)
    return (0, 0, int(digits))  # a version number: -001, -002


def _snapshot_order(info: ModelInfo) -> tuple[Any, ...]:
    m = _SNAPSHOT.match(info.key)
    stamp = _stamp_date(m.group("stamp")) if m else (0,)
    # MMDD stamps carry no year (gpt-3.5-turbo-1106 is older than -0125): the later
    # retirement date is the newer snapshot.
    retires = info.deprecation_date or dt.date.max
    return (stamp[0] != 0, stamp if stamp[0] else (retires, stamp), info.key)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        low = i
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(cost)
            low = min(low, cost)
        if low > limit:
            return limit + 1
        previous = current
    return previous[-1]


# ------------------------------------------------------------------- loading


class CatalogError(ValueError):
    pass


def read_catalog(path: Path) -> Catalog:
    """Parse a catalogue file: the vendored trimmed shape or litellm's full map."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise CatalogError(f"model catalogue {path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise CatalogError(f"model catalogue {path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise CatalogError(f"model catalogue {path}: expected a JSON object of models")
    if isinstance(data.get("models"), dict):  # the vendored shape
        source = data.get("source")
        entries = data["models"]
        label = source if isinstance(source, str) else path.name
    else:  # litellm's model_prices_and_context_window.json
        entries = {k: v for k, v in data.items() if k != "sample_spec" and isinstance(v, dict)}
        label = path.name
    if not entries:
        raise CatalogError(f"model catalogue {path}: holds no models")
    return Catalog(entries, label, path)


def stamp(path: Path | None) -> str:
    """What identifies a catalogue file's content cheaply (for cache keys): no read."""
    target = path or VENDORED
    try:
        info = target.stat()
    except OSError:
        return f"{target}:missing"
    return f"{target}:{info.st_size}:{info.st_mtime_ns}"


@lru_cache(maxsize=8)
def _load(path: str, _stamp: str) -> Catalog:
    return read_catalog(Path(path))


def load(path: Path | None = None) -> Catalog:
    """The catalogue at ``path`` (default: the vendored copy), read once per content."""
    target = (path or VENDORED).resolve()
    return _load(str(target), stamp(target))


# ------------------------------------------------------------- config's view


@dataclass(frozen=True)
class Models:
    """What one config sees: a catalogue file (loaded on first question) and its
    declared ``custom-models``. Cheap to create; rules and edges ask it, never the file."""

    path: Path | None = None
    custom: tuple[CustomModel, ...] = ()
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def catalog(self) -> Catalog:
        return load(self.path)

    def stamp(self) -> str:
        return stamp(self.path) + "|" + repr(self.custom)

    def declared(self, name: str) -> CustomModel | None:
        lowered = name.strip().lower()
        for model in self.custom:
            if model.pattern.lower() == lowered:
                return model
        for model in self.custom:
            if any(c in model.pattern for c in "*?[") and fnmatch.fnmatchcase(lowered, model.pattern.lower()):
                return model
        return None

    def resolve(self, name: str, *, provider: str | None = None, deployment: bool = False) -> Resolution:
        key = (name, provider, deployment)
        if key not in self._memo:
            self._memo[key] = self._resolve(name, provider, deployment)
        return self._memo[key]

    def _resolve(self, name: str, provider: str | None, deployment: bool) -> Resolution:
        custom = self.declared(name)
        if custom is None:
            return self.catalog.lookup(name, provider=provider, deployment=deployment)
        base: ModelInfo | None = None
        if custom.runs:
            target = self.catalog.lookup(custom.runs)
            base = target.info
        info = replace(base, custom=True) if base is not None else ModelInfo(key=name.strip(), custom=True)
        overrides = {
            k: v
            for k, v in (
                ("max_input_tokens", custom.max_input_tokens),
                ("max_output_tokens", custom.max_output_tokens),
                ("input_cost_per_token", custom.input_cost_per_token),
                ("output_cost_per_token", custom.output_cost_per_token),
                ("deprecation_date", custom.deprecation_date),
            )
            if v is not None
        }
        return Resolution(name, replace(info, **overrides), runs=base.key if base is not None else None)

    def info(self, name: str | None) -> ModelInfo | None:
        """Prices and windows for a model name (None: not known, or no name)."""
        if not name:
            return None
        return self.resolve(name).info


def default() -> Models:
    """The vendored catalogue with nothing declared (edges without a config)."""
    return _DEFAULT


_DEFAULT = Models()


# --------------------------------------------------------------------- prices


def cost_per_thousand_calls(tokens: int, info: ModelInfo | None) -> float | None:
    """Input cost of ``tokens`` prompt tokens, for 1,000 calls (None: no price known)."""
    if info is None or info.input_cost_per_token is None:
        return None
    return tokens * info.input_cost_per_token * 1000


def format_cost(dollars: float) -> str:
    if dollars >= 100:
        return f"${dollars:,.0f}"
    if dollars >= 1:
        return f"${dollars:,.2f}"
    return f"${dollars:.3f}"


# ------------------------------------------------------------------ "today"


TODAY_VARIABLE = "PROMPTLINT_TODAY"


def today_from_environment() -> dt.date | None:
    """``PROMPTLINT_TODAY=2026-06-01``: a fixed date for reproducible output (CI, docs).

    Raises ValueError when the variable is set to something that is not a date."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{TODAY_VARIABLE}={value!r} is not a date (YYYY-MM-DD)") from None


# ------------------------------------------------------ the models of a prompt


@dataclass(frozen=True)
class Target:
    """A model a prompt runs on, as the rules and the BOM see it.

    ``span`` is where the file names it; None when it comes from the config's
    ``model`` (the prompt names none). ``deployment``: an Azure deployment name (the
    version is pinned on the deployment, not in the prompt).
    """

    name: str
    span: Span | None
    deployment: bool
    resolution: Resolution

    @property
    def info(self) -> ModelInfo | None:
        return self.resolution.info


def targets(doc: Document, models: Models, configured: str | None) -> list[Target]:
    """The models ``doc`` names (with positions), else the configured default model."""
    out = []
    for ref in doc.models:
        deployment = ref.deployment or ref.name.lower().startswith(("azure/", "azure_openai/"))
        resolution = models.resolve(ref.name, provider=ref.provider, deployment=deployment)
        out.append(Target(ref.name, ref.span, deployment, resolution))
    # The config's model stands in only for a prompt that could be read as one.
    readable = not doc.problems and not doc.extra.get("unreadable")
    if not out and configured and doc.format != "golden" and readable:
        out.append(Target(configured, None, False, models.resolve(configured)))
    return out


def respell(written: str, old_key: str, new_key: str) -> str:
    """``new_key`` in the spelling the user wrote ``old_key`` (``googleai/…``, case kept
    for the provider): ``googleai/gemini-2.5-flash`` + ``gemini/gemini-3.5-flash`` →
    ``googleai/gemini-3.5-flash``."""
    old_tail = old_key.rsplit("/", 1)[-1]
    new_tail = new_key.rsplit("/", 1)[-1]
    if written.lower().endswith(old_tail.lower()):
        return written[: len(written) - len(old_tail)] + new_tail
    return new_key


def successor(catalog: Catalog, info: ModelInfo, today: dt.date) -> ModelInfo | None:
    """The catalogue's successor of the same provider that is not itself retired
    (successors are followed: a retired successor names its own)."""
    seen = {info.key}
    current = info
    for _ in range(6):
        name = current.successor
        if not name or name in seen:
            return None
        seen.add(name)
        nxt = catalog.get(name) or catalog.lookup(name, provider=info.provider).info
        if nxt is None or (info.provider and nxt.provider and not _same_family(info.provider, nxt.provider)):
            return None
        if not nxt.deprecated_by(today):
            return nxt
        current = nxt
    return None


def _same_family(a: str, b: str) -> bool:
    return a.split("-", 1)[0].split("_", 1)[0] == b.split("-", 1)[0].split("_", 1)[0]


# A snapshot that retires this soon is no pin worth suggesting (MOD002 speaks instead).
PIN_MIN_DAYS_LEFT = 90


def pinning(catalog: Catalog, info: ModelInfo, today: dt.date) -> tuple[bool, ModelInfo | None]:
    """Whether ``info`` is a moving alias worth pinning, and the snapshot to pin.

    ``(False, None)``: pinned already, or pinning would not help (the alias is retired,
    or every snapshot retires within :data:`PIN_MIN_DAYS_LEFT` days). ``(True, None)``:
    a ``-latest`` alias the catalogue lists no snapshot for."""
    if info.deprecated_by(today):
        return False, None
    snapshots = catalog.snapshots(info)
    horizon = today + dt.timedelta(days=PIN_MIN_DAYS_LEFT)
    lasting = [s for s in snapshots if s.deprecation_date is None or s.deprecation_date > horizon]
    if lasting:
        return True, lasting[-1]
    return (not snapshots and catalog.is_moving(info)), None
