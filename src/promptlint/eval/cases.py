"""From golden sets to runnable cases: settings resolved, messages rendered.

Settings come from, most specific first: the command line (``--repeat``), the case
(``repeat``, ``threshold``), the golden set (``model``, ``api-base``, ``params``…), the
prompt's frontmatter (``model``), then ``[tool.promptlint.eval]``. A golden set that
does not parse or names no prompt is a configuration error (exit 2, the position
given, as EVAL003 reports it); a case that cannot be rendered is an error of that case
(the others still run); a case using an assertion promptlint does not run is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from promptlint.config import FileConfig
from promptlint.document.golden import CaseSpec, GoldenSpec
from promptlint.document.parsers import parse_bytes
from promptlint.errors import PromptlintError
from promptlint.eval.render import Message, RenderError, render

Show = Callable[[Path], str]


@dataclass
class Case:
    golden: str  # paths as shown
    prompt: str
    spec: CaseSpec
    model: str
    api_base: str | None
    params: Mapping[str, Any]
    repeat: int
    threshold: float
    judge_model: str
    judge_api_base: str | None
    base_dir: Path  # where schema files are found
    timeout: float | None = None  # seconds per request (None: the config's)
    messages: list[Message] | None = None
    error: str | None = None  # rendering failed
    skipped: str | None = None  # an assertion promptlint does not run
    # --compare: the same case against the prompt at REV (None: no prompt there).
    baseline: list[Message] | None = None
    baseline_error: str | None = None
    baseline_exists: bool = False

    @property
    def description(self) -> str:
        return self.spec.description


@dataclass(frozen=True)
class Overrides:
    repeat: int | None = None


@dataclass
class Source:
    """A golden set ready to expand: its spec and the prompt it tests (text now / at REV)."""

    golden_path: Path
    spec: GoldenSpec
    prompt_path: Path
    prompt_data: bytes | None
    config: FileConfig
    cases: tuple[CaseSpec, ...] = ()
    base_dir: Path | None = None
    compare_data: bytes | None = None
    compare: bool = False
    dialect: str | None = None  # promptfoo: every prompt is Nunjucks
    label: str = ""  # appended to case descriptions (promptfoo: prompt and provider)
    prompt_format: str | None = None  # promptfoo's inline prompts: text or json
    prompt_label: str | None = None  # how the prompt is shown (an inline prompt has no file)


def position(source: str, offset: int) -> str:
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def check_spec(path: str, source: str, spec: GoldenSpec) -> None:
    """A golden set with problems cannot run: the first one, with its position (exit 2)."""
    if spec.problems:
        problem = spec.problems[0]
        more = f" (and {len(spec.problems) - 1} more; `promptlint check` lists them as EVAL003)"
        raise PromptlintError(
            f"{path}:{position(source, problem.span.start)}: {problem.message}"
            + (more if len(spec.problems) > 1 else "")
        )


def expand(src: Source, show: Show, overrides: Overrides) -> list[Case]:
    """Cases of one golden set, rendered (and rendered at REV with ``src.compare``)."""
    settings = src.config.eval
    spec = src.spec
    prompt_shown = src.prompt_label or show(src.prompt_path)
    if src.prompt_data is None:
        raise PromptlintError(f"{show(src.golden_path)}: the prompt {prompt_shown} does not exist")
    doc = parse_bytes(src.prompt_data, prompt_shown, src.prompt_format)
    model = spec.model or doc.model or settings.model
    if not model:
        raise PromptlintError(
            f"{show(src.golden_path)}: no model to run it against: set `model:` in the golden set, "
            f"a model in the prompt's frontmatter, or `model` in [tool.promptlint.eval]"
        )
    api_base = spec.api_base or settings.api_base
    params = {**settings.params, **spec.params}
    judge_model = spec.judge_model or settings.judge_model
    judge_base = (spec.judge_api_base or settings.judge_api_base) if judge_model else api_base
    then = None
    if src.compare and src.compare_data is not None:
        then = parse_bytes(src.compare_data, prompt_shown, src.prompt_format)
    out = []
    for case in src.cases or spec.tests:
        if src.label:
            case = replace(case, description=f"{case.description} [{src.label}]")
        item = Case(
            golden=show(src.golden_path),
            prompt=prompt_shown,
            spec=case,
            model=model,
            api_base=api_base,
            params=params,
            repeat=overrides.repeat or case.repeat or spec.repeat or settings.repeat,
            threshold=case.threshold if case.threshold is not None else (
                spec.threshold if spec.threshold is not None else settings.threshold
            ),
            judge_model=case.provider or judge_model or model,
            judge_api_base=judge_base if (case.provider is None) else None,
            base_dir=src.base_dir or src.golden_path.parent,
            timeout=spec.timeout,
            skipped=case.unsupported,
            baseline_exists=then is not None,
        )  # fmt: skip
        if item.skipped is None:
            try:
                values = file_vars(case.vars, item.base_dir, case.description)
                item.messages = render(doc, values, case=case.description, dialect=src.dialect)
            except RenderError as exc:
                item.error = str(exc)
            if then is not None and item.error is None:
                try:
                    item.baseline = render(then, values, case=case.description, dialect=src.dialect)
                except RenderError as exc:
                    item.baseline_error = str(exc)
        out.append(item)
    return out


def file_vars(variables: Mapping[str, Any], base: Path, case: str) -> dict[str, Any]:
    """promptfoo's ``file://`` var values: the text of that file (relative to the set)."""
    out = dict(variables)
    for name, value in variables.items():
        if isinstance(value, str) and value.startswith("file://"):
            path = base / value[len("file://") :]
            try:
                out[name] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RenderError(f"case '{case}': var '{name}': cannot read {value} ({exc})") from None
    return out
