"""Running an existing promptfoo config: ``promptlint eval --promptfoo promptfooconfig.yaml``.

What is read: ``tests`` (inline cases, ``file://`` test files and globs of them, each a
YAML or JSON list of cases), ``defaultTest`` (vars and assertions merged into every
case, ``options.provider`` as the rubric judge), ``prompts`` (files in the repository —
``file://prompts/support.txt``, or ``{id: file://…, label: …}`` — and inline strings) and
``providers`` (``openai:gpt-4o-mini``, ``openai:chat:gpt-4o-mini`` or ``{id, config}``
become litellm names, ``openai/gpt-4o-mini``; ``config.apiBaseUrl``/``apiHost`` the
api-base, ``temperature``/``max_tokens`` the params). Every prompt × provider × test
runs, as in promptfoo, and every prompt is rendered as Nunjucks (Jinja2).

Inline prompt strings run too (as a text prompt, or a chat list when they hold JSON).
Not run: prompts written in code (``.js``/``.py``) and providers that are scripts;
they are named on stderr. A case with an assertion type promptlint does not run
(``javascript``, ``python``, ``similar``…) or a JavaScript ``options.transform`` is
reported as skipped with the reason — never passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from promptlint.config import FileConfig
from promptlint.document.golden import CaseSpec, GoldenSpec, parse_cases
from promptlint.document.yamlsrc import YamlRegion, load_region, mapping_get
from promptlint.errors import PromptlintError
from promptlint.eval.cases import Source, position

_CODE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".py")


@dataclass
class PromptfooPlan:
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _load(path: Path) -> tuple[str, YamlRegion]:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PromptlintError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    region, problem = load_region(source, 1 if source.startswith("\ufeff") else 0, len(source))
    if region is None:
        assert problem is not None
        raise PromptlintError(f"{path}:{position(source, problem.span.start)}: {problem.message}")
    return source, region


def _file_ref(value: str) -> str | None:
    return value[len("file://") :] if value.startswith("file://") else None


def _expand(base: Path, pattern: str) -> list[Path]:
    """``file://`` targets: a path, or a glob of them (``tests/*.yaml``)."""
    if any(ch in pattern for ch in "*?["):
        return sorted(base.glob(pattern))
    return [base / pattern]


def model_name(provider: str) -> str:
    """promptfoo's provider id → a litellm model name (``openai:chat:gpt-4o`` → ``openai/gpt-4o``)."""
    parts = provider.split(":")
    if len(parts) == 1:
        return provider
    vendor, name = parts[0], parts[-1]
    if vendor == "azureopenai":
        vendor = "azure"
    return f"{vendor}/{name}"


def load(config_path: Path, config: FileConfig, *, show: Any) -> PromptfooPlan:
    source, region = _load(config_path)
    root = region.node
    if not isinstance(root, yaml.MappingNode) or not isinstance(region.data, dict):
        raise PromptlintError(f"{config_path}: a promptfoo config must be a YAML mapping")
    data: dict[str, Any] = region.data
    base = config_path.parent
    plan = PromptfooPlan()

    cases = _cases(config_path, source, region, mapping_get(root, "tests"), mapping_get(root, "defaultTest"), plan)
    if not cases:
        raise PromptlintError(f"{config_path}: no `tests` to run")

    prompts: list[tuple[Path, str, bytes | None, str | None]] = []  # path, label, text, format
    raw_prompts = data.get("prompts")
    for number, item in enumerate(
        raw_prompts if isinstance(raw_prompts, list) else [raw_prompts] if raw_prompts else []
    ):
        ref, label = (item.get("id") or item.get("raw"), item.get("label")) if isinstance(item, dict) else (item, None)
        if not isinstance(ref, str) or not ref.strip():
            plan.notes.append(f"prompt {number + 1} ({ref!r}) is not text or a file: not run")
            continue
        name = _file_ref(ref)
        if name is None:  # an inline prompt: a text prompt of its own (JSON if it is a chat list)
            shown = label or f"prompt {number + 1}"
            fmt = "json" if ref.lstrip().startswith("[") else "text"
            prompts.append((config_path.with_name(f"{config_path.name}#prompt{number + 1}"), shown, ref.encode(), fmt))
            continue
        for path_ in _expand(base, name):
            if path_.suffix in _CODE_SUFFIXES or ":" in path_.name:
                plan.notes.append(f"prompt {name} is code, not a prompt file: not run")
                continue
            try:
                text: bytes | None = path_.read_bytes()
            except OSError:
                text = None
            prompts.append((path_, label or show(path_), text, None))
    if not prompts:
        raise PromptlintError(f"{config_path}: none of its `prompts` is a prompt promptlint can render")

    providers = _providers(data.get("providers"), plan)
    if not providers:
        providers = [(config.eval.model, None, {})] if config.eval.model else []
    if not providers:
        raise PromptlintError(
            f"{config_path}: no `providers` promptlint can call (or set [tool.promptlint.eval] model)"
        )

    many = len(prompts) * len(providers) > 1
    for prompt_path, label, prompt_data, fmt in prompts:
        for model, api_base, params in providers:
            spec = GoldenSpec(model=model, api_base=api_base, params=params, tests=tuple(cases))
            plan.sources.append(
                Source(
                    golden_path=config_path, spec=spec, prompt_path=prompt_path, prompt_data=prompt_data,
                    config=config, cases=tuple(cases), base_dir=base, dialect="jinja",
                    label=f"{label} · {model}" if many else "", prompt_format=fmt, prompt_label=label,
                )
            )  # fmt: skip
    return plan


def _cases(
    config_path: Path,
    source: str,
    region: YamlRegion,
    tests: yaml.Node | None,
    default: yaml.Node | None,
    plan: PromptfooPlan,
) -> list[CaseSpec]:
    if tests is None:
        return []
    items = tests.value if isinstance(tests, yaml.SequenceNode) else [tests]
    found: list[CaseSpec] = []
    inline: list[yaml.Node] = []

    def flush() -> None:
        if inline:
            cases, problems = parse_cases(source, region, list(inline), default, len(found))
            _raise_first(config_path, source, problems)
            found.extend(cases)
            inline.clear()

    for item in items:
        if isinstance(item, yaml.ScalarNode) and isinstance(item.value, str) and _file_ref(item.value) is not None:
            flush()
            for path in _expand(config_path.parent, _file_ref(item.value) or ""):
                test_source, test_region = _load(path)
                nodes = test_region.node.value if isinstance(test_region.node, yaml.SequenceNode) else []
                if not nodes:
                    raise PromptlintError(f"{path}: a promptfoo tests file must be a list of test cases")
                # defaultTest lives in the config: merge it as data, positions stay in each file.
                cases, problems = parse_cases(test_source, test_region, nodes, None, len(found))
                _raise_first(path, test_source, problems)
                if default is not None:
                    base_cases, base_problems = parse_cases(source, region, [default])
                    _raise_first(config_path, source, base_problems)
                    cases = [_merge(base_cases[0], c) for c in cases]
                found.extend(cases)
        else:
            inline.append(item)
    flush()
    return found


def _merge(base: CaseSpec, case: CaseSpec) -> CaseSpec:
    return CaseSpec(
        case.index, case.description, {**base.vars, **case.vars}, {**base.var_spans, **case.var_spans},
        (*base.asserts, *case.asserts), case.span, case.repeat, case.threshold, case.provider or base.provider,
        case.reason or base.reason,
    )  # fmt: skip


def _raise_first(path: Path, source: str, problems: list[Any]) -> None:
    if problems:
        raise PromptlintError(f"{path}:{position(source, problems[0].span.start)}: {problems[0].message}")


def _providers(raw: Any, plan: PromptfooPlan) -> list[tuple[str, str | None, dict[str, Any]]]:
    out = []
    for item in raw if isinstance(raw, list) else [raw] if raw else []:
        if isinstance(item, str):
            ident, config = item, {}
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            ident, config = item["id"], item.get("config") if isinstance(item.get("config"), dict) else {}
        else:
            plan.notes.append(f"provider {item!r} is not one promptlint can call: skipped")
            continue
        if ident.startswith(("file://", "exec:", "python:", "http:", "https:", "webhook:")):
            plan.notes.append(f"provider {ident} is a script or an endpoint, not a model: skipped")
            continue
        api_base = config.get("apiBaseUrl") or config.get("apiHost") or config.get("baseUrl")
        params = {k: v for k, v in config.items() if k in ("temperature", "max_tokens", "top_p", "seed", "stop")}
        out.append((model_name(ident), str(api_base) if api_base else None, params))
    return out
