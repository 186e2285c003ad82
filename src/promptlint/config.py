"""Configuration: find, load, validate and resolve ``[tool.promptlint]`` settings.

The nearest ``promptlint.toml`` / ``.promptlint.toml`` (top-level keys) or
``pyproject.toml`` with a ``[tool.promptlint]`` table above the linted file wins;
``--config`` overrides the search. Every key, rule code and rule option is validated
against the registry, and anything unknown is an error naming the key and the file —
a typo in a linter config that silently does nothing is worse than no config.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from promptlint import globs
from promptlint.diagnostics import Severity
from promptlint.document.model import Document
from promptlint.document.parsers import MAX_BYTES, MAX_LINE, parse_bytes
from promptlint.errors import ConfigError
from promptlint.models import CustomModel, Models
from promptlint.rules.base import ActiveRule, RuleMeta

if TYPE_CHECKING:
    # The registry imports every built-in rule (and their detectors): only resolving a
    # config for linting needs it, so `promptlint eval` reading its settings does not.
    from promptlint.rules.registry import Registry

CONFIG_NAMES = ("promptlint.toml", ".promptlint.toml", "pyproject.toml")

# What a folder walk picks up when the config sets no `include` (see discovery.py for
# the filters that go with these globs: project docs and code templates are left out).
# Files named as prompts are prompts wherever they are.
PROMPT_FILE_INCLUDE = ("*.prompt", "*.prompty", "*.prompt.{md,markdown,mdx,txt,yaml,yml,json,j2,jinja,jinja2}")
# Prompts by layout; with the defaults, nothing under docs/ or doc/ is taken this way.
DEFAULT_INCLUDE = (
    "**/{prompts,prompt,prompt_templates,prompt-templates}/**/*.{md,markdown,mdx,txt,yaml,yml,json,j2,jinja,jinja2}",
    # Prompt libraries: one folder per pattern or agent with its system/user prompt (fabric's layout).
    "**/{patterns,agents,personas,assistants}/*/{system,user}.{md,txt}",
    "*{system,user}{_,-}prompt*.{md,markdown,txt}",
)
# Bare Jinja templates (`chat.jinja2`, flows keep them next to their code) are prompts
# unless they render code: discovery.is_code_template decides (docs/ excluded too).
DEFAULT_TEMPLATE_INCLUDE = ("*.{j2,jinja,jinja2}",)
DEFAULT_EXCLUDE = (
    ".git/",
    ".hg/",
    ".svn/",
    ".venv/",
    "venv/",
    ".tox/",
    ".nox/",
    "node_modules/",
    ".promptlint_cache/",
    "__pycache__/",
    "site-packages/",
)

_KEYS = {
    "include", "extend-include", "exclude", "extend-exclude", "select", "extend-select", "ignore",
    "per-file-ignores", "fail-on", "model", "model-catalog", "custom-models", "rule-packs", "baseline", "rules",
    "eval", "max-file-size", "max-line-length", "server", "jobs",
}  # fmt: skip
_CUSTOM_MODEL_KEYS = {
    "model", "max-input-tokens", "max-output-tokens", "input-cost-per-token", "output-cost-per-token",
    "deprecation-date",
}  # fmt: skip
_EVAL_KEYS = {
    "golden", "model", "api-base", "judge-model", "judge-api-base", "max-cost", "concurrency", "repeat",
    "threshold", "timeout", "retries", "params", "block-old-failures",
}  # fmt: skip
_UNIVERSAL_RULE_OPTIONS = {"severity"}


@dataclass(frozen=True)
class EvalSettings:
    """``[tool.promptlint.eval]``: the smoke-eval stage's defaults (golden sets override them)."""

    # Globs (relative to the config file) of golden sets that name their `prompt:`,
    # besides the `<prompt>.golden.yaml` files found beside prompts.
    golden: tuple[str, ...] = ()
    model: str | None = None
    api_base: str | None = None
    judge_model: str | None = None
    judge_api_base: str | None = None
    max_cost: float | None = None
    concurrency: int = 4
    repeat: int = 1
    threshold: float = 1.0
    timeout: float = 60.0
    retries: int = 3
    params: Mapping[str, Any] = field(default_factory=dict)
    # With --compare: whether a case that fails at the base revision too blocks the run.
    block_old_failures: bool = False


@dataclass(frozen=True)
class FileConfig:
    """The validated contents of one config file (or the defaults: ``path`` is None)."""

    path: Path | None
    root: Path
    # None: the defaults (DEFAULT_INCLUDE plus the filtered DEFAULT_TEMPLATE_INCLUDE).
    include: tuple[str, ...] | None = None
    extend_include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity = Severity.WARNING
    model: str | None = None
    # `model-catalog`: a newer copy of litellm's model map (None: the vendored one).
    model_catalog: Path | None = None
    # `[custom-models]`: private models and named deployments the catalogue cannot know.
    custom_models: tuple[CustomModel, ...] = ()
    rule_packs: tuple[Path, ...] = ()
    baseline: Path | None = None
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    eval: EvalSettings = field(default_factory=EvalSettings)
    # SHA-256 of the file's bytes as read (results cached under another content are stale).
    digest: str = ""
    # Bounds on what is analysed: larger files and longer lines are FMT001, never a hang.
    max_file_size: int = MAX_BYTES
    max_line_length: int = MAX_LINE
    # Run settings (read from the config where the run starts): whether `check` may use
    # the warm server (None: the default, see promptlint.server.client.enabled) and how
    # many worker processes it may use (None or 0: by the run's size).
    server: bool | None = None
    jobs: int | None = None

    @property
    def label(self) -> str:
        return str(self.path) if self.path else "defaults"

    def relative(self, path: Path) -> str:
        """``path`` relative to the config root, ``/``-separated (for globs)."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @cached_property
    def models(self) -> Models:
        """The model catalogue this config reads (loaded on the first question asked)."""
        return Models(self.model_catalog, self.custom_models)

    def is_golden(self, path: Path) -> bool:
        """A golden set: named ``*.golden.yaml`` or matched by ``eval.golden`` globs."""
        from promptlint.document.golden import is_golden_name

        if is_golden_name(path.name):
            return True
        return bool(self.eval.golden) and globs.matches_any(self.relative(path), self.eval.golden)


@dataclass(frozen=True)
class Overrides:
    """Command-line settings that apply on top of every config file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    model: str | None = None


class ResolvedConfig:
    """A config file resolved against the registry: which rules run, with what options."""

    def __init__(self, file: FileConfig, registry: Registry, overrides: Overrides = Overrides()) -> None:
        self.file = file
        self.registry = registry
        self.model = overrides.model or file.model
        self.fail_on = file.fail_on
        self.enabled = self._enabled(file, registry, overrides)
        self._active: dict[str, ActiveRule] = {}
        for code in sorted(self.enabled):
            rule_class = registry.rules[code]
            options, severity = self._rule_settings(rule_class.meta)
            self._active[code] = ActiveRule(rule_class(), options, severity)
        self._per_file = [
            (pattern, frozenset(c for sel in selectors for c in self._resolve(sel, "per-file-ignores")))
            for pattern, selectors in file.per_file_ignores
        ]

    @property
    def root(self) -> Path:
        return self.file.root

    @property
    def models(self) -> Models:
        return self.file.models

    @cached_property
    def signature(self) -> str:
        """Everything in this config that can change a result, hashed (for cache keys):
        the config file's bytes, the overrides, the enabled rules and their origins,
        plugin versions, and the analysis environment (pipelines, detector versions)."""
        from promptlint import environment

        digest = hashlib.sha256()
        for part in (
            self.file.digest,
            str(self.file.path or ""),
            repr((sorted(self.enabled), int(self.fail_on), self.model)),
            self.models.stamp(),
            self.registry.signature,
            environment.signature(),
        ):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        return digest.hexdigest()

    def relative(self, path: Path) -> str:
        """``path`` relative to the config root, ``/``-separated (for globs)."""
        return self.file.relative(path)

    def rules_for(self, path: Path | None) -> list[ActiveRule]:
        """Enabled rules minus the ``per-file-ignores`` that match ``path``."""
        if path is None or not self._per_file:
            return list(self._active.values())
        rel = self.relative(path)
        ignored: set[str] = set()
        for pattern, codes in self._per_file:
            if globs.matches(rel, pattern):
                ignored |= codes
        return [active for code, active in self._active.items() if code not in ignored]

    def needs_git_base(self) -> bool:
        return any(active.meta.needs_git_base for active in self._active.values())

    def needs_golden(self) -> bool:
        return any(active.meta.needs_golden for active in self._active.values())

    def needs_git_history(self) -> bool:
        return any(active.meta.needs_git_history for active in self._active.values())

    def needs_date(self) -> bool:
        """Whether a result depends on the date (deprecations): it goes into cache keys."""
        return any(active.meta.needs_date for active in self._active.values())

    def is_golden(self, path: Path) -> bool:
        return self.file.is_golden(path)

    def format_for(self, path: Path) -> str | None:
        """A format the config decides (golden sets by glob), else None (by extension/content)."""
        return "golden" if self.is_golden(path) else None

    def parse(self, data: bytes, display: str | None, path: Path | None, fmt: str | None = None) -> Document:
        """File content as this config reads it: its format decisions and size bounds."""
        return parse_bytes(
            data,
            display,
            fmt or (self.format_for(path) if path is not None else None),
            max_bytes=self.file.max_file_size,
            max_line=self.file.max_line_length,
        )

    # ------------------------------------------------------------------ helpers

    def _resolve(self, selector: str, key: str) -> set[str]:
        codes = self.registry.select(selector)
        if not codes:
            if key.startswith("--"):  # a command-line option, not a config file's key
                raise ConfigError(f"{key}: unknown rule or prefix {selector!r} (`promptlint rule` lists the rules)")
            raise ConfigError(f"{self.file.label}: unknown rule or prefix {selector!r} in '{key}'")
        return codes

    def _enabled(self, file: FileConfig, registry: Registry, overrides: Overrides) -> set[str]:
        """ruff's model: the most specific selector wins; select defaults to default-enabled rules."""
        select = overrides.select if overrides.select is not None else file.select
        explicit: dict[str, tuple[int, bool]] = {}

        def mark(selectors: Sequence[str], key: str, on: bool) -> None:
            for selector in selectors:
                specificity = 0 if selector.strip().upper() == "ALL" else len(selector.strip())
                if registry.code_for(selector):
                    specificity = 100  # an exact code or name beats any prefix
                for code in self._resolve(selector, key):
                    current = explicit.get(code)
                    if current is None or specificity >= current[0]:
                        explicit[code] = (specificity, on)

        if select is not None:
            mark(select, "--select" if overrides.select is not None else "select", True)
        mark(file.extend_select, "extend-select", True)
        mark(file.ignore, "ignore", False)
        mark(overrides.ignore, "--ignore", False)
        enabled = set()
        for code, rule in registry.rules.items():
            decision = explicit.get(code)
            if decision is not None:
                if decision[1]:
                    enabled.add(code)
            elif select is None and rule.meta.default_enabled:
                enabled.add(code)
        return enabled

    def _rule_settings(self, meta: RuleMeta) -> tuple[dict[str, Any], Severity]:
        raw: dict[str, Any] = {}
        for key in (meta.code, meta.name):
            raw.update(self.file.rules.get(key, {}))
        options = {name: option.validate(option.default) for name, option in meta.options.items()}
        severity = meta.default_severity
        for key, value in raw.items():
            where = f"{self.file.label}: [rules.{meta.code}] option '{key}'"
            if key == "severity":
                try:
                    severity = Severity.parse(str(value))
                except ValueError as exc:
                    raise ConfigError(f"{where}: {exc}") from None
                continue
            option = meta.options.get(key)
            if option is None:
                known = ", ".join(sorted({*meta.options, *_UNIVERSAL_RULE_OPTIONS}))
                raise ConfigError(f"{self.file.label}: unknown option '{key}' for rule {meta.code} (known: {known})")
            try:
                options[key] = option.validate(value)
            except ValueError as exc:
                raise ConfigError(f"{where}: {exc}") from None
        return options, severity


# ----------------------------------------------------------------- loading


def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a folder).

    Not cached here: a long-lived process (the language server, ``init``) must see a
    config file written after its first look. :class:`ConfigResolver` caches per run.
    """
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "promptlint" in data["tool"]


def load_file_config(path: Path | None, default_root: Path | None = None) -> FileConfig:
    """Read and validate one config file (the defaults when ``path`` is None)."""
    if path is None:
        if default_root is None:
            raise ValueError("the defaults need a root folder")
        return FileConfig(path=None, root=default_root.resolve())
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("promptlint")
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: no [tool.promptlint] table")
        prefix = "tool.promptlint"
    else:
        table = data
        prefix = ""
    return replace(_validate(path, table, prefix), digest=hashlib.sha256(raw).hexdigest())


def _validate(path: Path, table: Mapping[str, Any], prefix: str) -> FileConfig:
    def key_name(key: str) -> str:
        return f"{prefix}.{key}" if prefix else key

    def strings(key: str) -> tuple[str, ...]:
        value = table[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: '{key_name(key)}' must be a list of strings")
        return tuple(value)

    def patterns(key: str, values: Sequence[str]) -> tuple[str, ...]:
        for value in values:
            try:
                globs.check(value)
            except ValueError as exc:
                raise ConfigError(f"{path}: '{key_name(key)}': {exc}") from None
        return tuple(values)

    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"{path}: unknown key '{key_name(key)}' (known: {', '.join(sorted(_KEYS))})")
    root = path.parent.resolve()
    kwargs: dict[str, Any] = {}
    if "include" in table:
        kwargs["include"] = patterns("include", strings("include"))
    if "extend-include" in table:
        kwargs["extend_include"] = patterns("extend-include", strings("extend-include"))
    # `exclude` adds to the built-in exclusions (tool folders); `extend-exclude` is the
    # same list under ruff's name, so either spelling does what its user expects.
    excluded = [
        *(patterns("exclude", strings("exclude")) if "exclude" in table else ()),
        *(patterns("extend-exclude", strings("extend-exclude")) if "extend-exclude" in table else ()),
    ]
    if excluded:
        kwargs["exclude"] = tuple(excluded)
    if "select" in table:
        kwargs["select"] = strings("select")
    if "extend-select" in table:
        kwargs["extend_select"] = strings("extend-select")
    if "ignore" in table:
        kwargs["ignore"] = strings("ignore")
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: '{key_name('per-file-ignores')}' must be a table of glob = [codes]")
        pairs = []
        for pattern, codes in value.items():
            codes = [codes] if isinstance(codes, str) else codes
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise ConfigError(f"{path}: '{key_name('per-file-ignores')}.\"{pattern}\"' must be a list of codes")
            patterns("per-file-ignores", [pattern])
            pairs.append((pattern, tuple(codes)))
        kwargs["per_file_ignores"] = tuple(pairs)
    if "fail-on" in table:
        try:
            kwargs["fail_on"] = Severity.parse(str(table["fail-on"]))
        except ValueError as exc:
            raise ConfigError(f"{path}: '{key_name('fail-on')}': {exc}") from None
    if "model" in table:
        if not isinstance(table["model"], str) or not table["model"].strip():
            raise ConfigError(f"{path}: '{key_name('model')}' must be a model name string")
        kwargs["model"] = table["model"].strip()
    if "model-catalog" in table:
        value = table["model-catalog"]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: '{key_name('model-catalog')}' must be the path of a model map (JSON)")
        catalog = (root / value.strip()).resolve()
        if not catalog.is_file():
            raise ConfigError(f"{path}: '{key_name('model-catalog')}': file not found: {catalog}")
        kwargs["model_catalog"] = catalog
    if "custom-models" in table:
        kwargs["custom_models"] = parse_custom_models(path, table["custom-models"], key_name("custom-models"))
    if "rule-packs" in table:
        kwargs["rule_packs"] = tuple((root / p).resolve() for p in strings("rule-packs"))
    for key, field_name in (("max-file-size", "max_file_size"), ("max-line-length", "max_line_length")):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{path}: '{key_name(key)}' must be a positive integer")
            kwargs[field_name] = value
    if "server" in table:
        if not isinstance(table["server"], bool):
            raise ConfigError(f"{path}: '{key_name('server')}' must be true or false")
        kwargs["server"] = table["server"]
    if "jobs" in table:
        value = table["jobs"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{path}: '{key_name('jobs')}' must be 0 (automatic) or a number of processes")
        kwargs["jobs"] = value
    if "baseline" in table:
        if not isinstance(table["baseline"], str) or not table["baseline"].strip():
            raise ConfigError(f"{path}: '{key_name('baseline')}' must be a file path string")
        kwargs["baseline"] = (root / table["baseline"].strip()).resolve()
    if "rules" in table:
        rules = table["rules"]
        if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
            raise ConfigError(f"{path}: '{key_name('rules')}' must hold one table per rule ([rules.WS001])")
        kwargs["rules"] = {k: dict(v) for k, v in rules.items()}
    if "eval" in table:
        kwargs["eval"] = _eval_settings(path, table["eval"], key_name("eval"))
    return FileConfig(path=path, root=root, **kwargs)


def parse_custom_models(path: Path, table: Any, prefix: str) -> tuple[CustomModel, ...]:
    """``"name" = "catalogue-model"`` (a deployment of it) or ``"name" = { … }`` (what is known)."""
    import datetime as dt

    if not isinstance(table, dict):
        raise ConfigError(f"{path}: '{prefix}' must be a table of model name = catalogue model or table")
    out = []
    for name, value in table.items():
        where = f"{path}: '{prefix}.\"{name}\"'"
        if isinstance(value, str):
            if not value.strip():
                raise ConfigError(f"{where} must name the catalogue model it runs")
            out.append(CustomModel(name, runs=value.strip()))
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a catalogue model name or a table")
        for key in value:
            if key not in _CUSTOM_MODEL_KEYS:
                raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(_CUSTOM_MODEL_KEYS))})")
        fields: dict[str, Any] = {}
        runs = value.get("model")
        if runs is not None:
            if not isinstance(runs, str) or not runs.strip():
                raise ConfigError(f"{where}: 'model' must name the catalogue model it runs")
            fields["runs"] = runs.strip()
        for key in ("max-input-tokens", "max-output-tokens"):
            if key in value:
                number = value[key]
                if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                    raise ConfigError(f"{where}: '{key}' must be a whole number of at least 1")
                fields[key.replace("-", "_")] = number
        for key in ("input-cost-per-token", "output-cost-per-token"):
            if key in value:
                number = value[key]
                if isinstance(number, bool) or not isinstance(number, int | float) or number < 0:
                    raise ConfigError(f"{where}: '{key}' must be a price in dollars (a number, at least 0)")
                fields[key.replace("-", "_")] = float(number)
        if "deprecation-date" in value:
            date = value["deprecation-date"]
            if isinstance(date, str):
                try:
                    date = dt.date.fromisoformat(date)
                except ValueError:
                    date = None
            if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
                raise ConfigError(f"{where}: 'deprecation-date' must be a date (2027-01-31)")
            fields["deprecation_date"] = date
        out.append(CustomModel(name, **fields))
    return tuple(out)


def _eval_settings(path: Path, table: Any, prefix: str) -> EvalSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: '{prefix}' must be a table")
    for key in table:
        if key not in _EVAL_KEYS:
            raise ConfigError(f"{path}: unknown key '{prefix}.{key}' (known: {', '.join(sorted(_EVAL_KEYS))})")

    def bad(key: str, what: str) -> ConfigError:
        return ConfigError(f"{path}: '{prefix}.{key}' must be {what}")

    kwargs: dict[str, Any] = {}
    for key in ("model", "api-base", "judge-model", "judge-api-base"):
        if key in table:
            if not isinstance(table[key], str) or not table[key].strip():
                raise bad(key, "a non-empty string")
            kwargs[key.replace("-", "_")] = table[key].strip()
    if "golden" in table:
        value = [table["golden"]] if isinstance(table["golden"], str) else table["golden"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("golden", "a list of glob strings")
        for pattern in value:
            try:
                globs.check(pattern)
            except ValueError as exc:
                raise bad("golden", f"a list of valid globs: {exc}") from None
        kwargs["golden"] = tuple(value)
    for key, attr, minimum in (("max-cost", "max_cost", 0.0), ("timeout", "timeout", 0.001)):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
                raise bad(key, f"a number of at least {minimum:g}")
            kwargs[attr] = float(value)
    for key, minimum in (("concurrency", 1), ("repeat", 1), ("retries", 0)):
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise bad(key, f"a whole number of at least {minimum}")
            kwargs[key] = value
    if "threshold" in table:
        value = table["threshold"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise bad("threshold", "a number from 0 to 1 (the share of runs that must pass)")
        kwargs["threshold"] = float(value)
    if "params" in table:
        if not isinstance(table["params"], dict):
            raise bad("params", "a table of model parameters")
        kwargs["params"] = dict(table["params"])
    if "block-old-failures" in table:
        if not isinstance(table["block-old-failures"], bool):
            raise bad("block-old-failures", "true or false")
        kwargs["block_old_failures"] = table["block-old-failures"]
    return EvalSettings(**kwargs)


def _registry(packs: tuple[Path, ...], plugins: bool) -> Registry:
    """The registry for these pack folders, rebuilt when a pack file changes."""
    return _registry_for(packs, plugins, _packs_stamp(packs))


@cache
def _registry_for(packs: tuple[Path, ...], plugins: bool, stamp: tuple[tuple[str, int, int], ...]) -> Registry:
    from promptlint.rules.registry import build_registry

    return build_registry(packs, plugins=plugins)


def _packs_stamp(packs: tuple[Path, ...]) -> tuple[tuple[str, int, int], ...]:
    from promptlint.rules.registry import shipped_packs_dir

    roots = [p for p in (shipped_packs_dir(), *packs) if p is not None]
    stamp = []
    for root in roots:
        for file in sorted(root.rglob("*.y*ml")):
            try:
                info = file.stat()
            except OSError:
                continue
            stamp.append((str(file), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def resolve(file: FileConfig, overrides: Overrides = Overrides(), *, plugins: bool = True) -> ResolvedConfig:
    for pack in file.rule_packs:
        if not pack.is_dir():
            raise ConfigError(f"{file.label}: rule pack folder not found: {pack}")
    registry = _registry(file.rule_packs, plugins)
    unknown = [key for key in file.rules if registry.code_for(key) is None]
    if unknown:
        raise ConfigError(f"{file.label}: unknown rule '{unknown[0]}' in [rules]")
    return ResolvedConfig(file, registry, overrides)


class ConfigResolver:
    """Resolves the config for each linted path (nearest file wins).

    One resolver serves one run and caches what it read; a new run (or a call to
    :meth:`invalidate`) reads the files again. ``defaults`` is the configuration of
    paths that no config file governs (``promptlint init`` tries its proposal this way).
    """

    def __init__(
        self,
        explicit: Path | None = None,
        overrides: Overrides = Overrides(),
        *,
        plugins: bool = True,
        defaults: FileConfig | None = None,
        root: Path | None = None,
    ):
        self.overrides = overrides
        self.plugins = plugins
        self.explicit = explicit
        self.defaults = defaults
        # The folder a run starts in: relative paths are taken from it, and it is the
        # root of paths no config file governs. The CLI passes the current folder.
        self.root = (root or Path.cwd()).resolve()
        if explicit is not None and not explicit.is_file():
            raise ConfigError(f"config file not found: {explicit}")
        self._cache: dict[Path | None, ResolvedConfig] = {}
        self._files: dict[Path | None, FileConfig] = {}
        self._nearest: dict[Path, Path | None] = {}

    def invalidate(self) -> None:
        self._cache.clear()
        self._files.clear()
        self._nearest.clear()

    def _config_path(self, path: Path) -> Path | None:
        path = path if path.is_absolute() else self.root / path
        directory = path if path.is_dir() else path.parent
        if self.explicit is not None:
            return self.explicit
        if directory not in self._nearest:
            self._nearest[directory] = find_config_file(directory)
        return self._nearest[directory]

    def file_for(self, path: Path) -> FileConfig:
        """The validated config file governing ``path``, without resolving rules (cheap)."""
        config_path = self._config_path(path)
        if config_path not in self._files:
            if config_path is None and self.defaults is not None:
                self._files[config_path] = self.defaults
            else:
                self._files[config_path] = load_file_config(config_path, self.root)
        return self._files[config_path]

    def for_path(self, path: Path) -> ResolvedConfig:
        config_path = self._config_path(path)
        if config_path not in self._cache:
            self._cache[config_path] = resolve(self.file_for(path), self.overrides, plugins=self.plugins)
        return self._cache[config_path]

    def default(self) -> ResolvedConfig:
        return self.for_path(self.root)
