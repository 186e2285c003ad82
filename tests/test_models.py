"""The model catalogue: name resolution as litellm does it, aliases and snapshots,
did-you-mean, the `model-catalog` and `custom-models` options, lazy loading."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from promptlint import models
from promptlint.config import load_file_config, resolve
from promptlint.errors import ConfigError
from promptlint.testing import check_rule

from .conftest import REPO, run_cli

CATALOG = models.load()


@pytest.mark.parametrize(
    ("name", "kwargs", "key"),
    [
        ("gpt-4o", {}, "gpt-4o"),
        ("openai/gpt-4o-mini", {}, "gpt-4o-mini"),
        ("azure/gpt-4o", {}, "azure/gpt-4o"),
        ("anthropic/claude-sonnet-4-5", {}, "claude-sonnet-4-5"),
        ("googleai/gemini-2.5-flash", {}, "gemini/gemini-2.5-flash"),  # Genkit's spelling
        ("gemini/gemini-2.5-flash", {}, "gemini/gemini-2.5-flash"),
        ("vertexai/gemini-2.5-flash", {}, "gemini-2.5-flash"),  # vertex_ai-language-models
        ("vertex_ai/gemini-2.5-flash", {}, "gemini-2.5-flash"),
        ("bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", {}, "anthropic.claude-3-5-sonnet-20240620-v1:0"),
        ("mistral-large-latest", {}, "mistral/mistral-large-latest"),  # litellm infers the provider
        ("GPT-4.1", {}, "gpt-4.1"),  # as agent files write it
        ("gpt-35-turbo", {"deployment": True}, "azure/gpt-35-turbo"),
    ],
)
def test_names_resolve_like_litellm(name: str, kwargs: dict[str, bool], key: str) -> None:
    resolution = CATALOG.lookup(name, **kwargs)
    assert resolution.info is not None and resolution.info.key == key


def test_a_provider_prefix_excludes_other_providers_bare_entries() -> None:
    # `gemini-2.5-flash` (bare) is Vertex's entry: Anthropic's prefix must not reach it.
    assert CATALOG.lookup("anthropic/gemini-2.5-flash").info is None
    assert CATALOG.lookup("no-such-model-xyz").info is None


def test_an_azure_deployment_named_after_an_openai_model_is_approximate() -> None:
    resolution = CATALOG.lookup("gpt-4", deployment=True)
    assert resolution.info is not None and resolution.info.key == "gpt-4" and resolution.approximate


def test_prices_and_windows() -> None:
    info = models.default().info("gpt-4o")
    assert info is not None and info.max_input_tokens == 128000 and info.input_cost_per_token == 2.5e-06
    assert models.cost_per_thousand_calls(1000, info) == pytest.approx(2.5)
    assert models.format_cost(0.2183) == "$0.218" and models.format_cost(13.1) == "$13.10"
    assert models.format_cost(1234) == "$1,234"


def test_snapshots_of_an_alias_same_provider_oldest_first() -> None:
    gpt4o = CATALOG.get("gpt-4o")
    assert gpt4o is not None
    assert [s.key for s in CATALOG.snapshots(gpt4o)] == ["gpt-4o-2024-05-13", "gpt-4o-2024-08-06", "gpt-4o-2024-11-20"]
    sonnet = CATALOG.get("claude-sonnet-4-5")
    assert sonnet is not None  # Bedrock's `…-20250929-v1:0` is another provider's entry
    assert [s.key for s in CATALOG.snapshots(sonnet)] == ["claude-sonnet-4-5-20250929"]
    pinned = CATALOG.get("gpt-4o-2024-11-20")
    assert pinned is not None and CATALOG.snapshots(pinned) == [] and not CATALOG.is_moving(pinned)
    latest = CATALOG.get("gemini/gemini-pro-latest")
    assert latest is not None and CATALOG.is_moving(latest)


def test_did_you_mean() -> None:
    assert CATALOG.suggest("gpt4o") == "gpt-4o"
    assert CATALOG.suggest("claude-sonet-4-5") == "claude-sonnet-4-5"
    assert CATALOG.suggest("googleai/gemini-2.5-flsh") == "googleai/gemini-2.5-flash"
    assert CATALOG.suggest("completely-different-name") is None
    assert models.edit_distance("kitten", "sitting", 5) == 3
    assert models.edit_distance("kitten", "sitting", 2) == 3  # gave up past the limit


def test_successor_is_followed_past_retired_ones() -> None:
    info = CATALOG.get("gpt-5-chat")
    assert info is not None and info.successor == "gpt-5.2-chat-latest"
    nxt = models.successor(CATALOG, info, dt.date(2026, 12, 3))
    assert nxt is not None and nxt.key == "gpt-5.6-sol"
    assert models.respell("googleai/gemini-2.5-flash", "gemini/gemini-2.5-flash", "gemini/gemini-3.5-flash") == (
        "googleai/gemini-3.5-flash"
    )


def _litellm_map(path: Path) -> Path:
    """A catalogue in litellm's own (full) shape, with a model the vendored copy lacks."""
    entry = {
        "litellm_provider": "openai", "mode": "chat", "max_input_tokens": 1000, "max_tokens": 500,
        "input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6, "supports_vision": True,
        "deprecation_date": "2026-12-31",
    }  # fmt: skip
    sample = {"max_tokens": "set to max_output_tokens if provider specifies it"}
    path.write_text(json.dumps({"sample_spec": sample, "acme-chat-1": entry}), encoding="utf-8")
    return path


def test_model_catalog_option_reads_litellms_full_map(tmp_path: Path) -> None:
    catalog = _litellm_map(tmp_path / "model_prices_and_context_window.json")
    (tmp_path / "promptlint.toml").write_text(f'model-catalog = "{catalog.name}"\n')
    config = resolve(load_file_config(tmp_path / "promptlint.toml"))
    info = config.models.info("acme-chat-1")
    assert info is not None and info.max_input_tokens == 1000 and info.deprecation_date == dt.date(2026, 12, 31)
    assert config.models.info("gpt-4o") is None  # that file is the whole catalogue
    prompt = tmp_path / "p.prompt"
    prompt.write_text("---\nmodel: acme-chat-1\n---\nHi\n")
    result = run_cli("check", str(prompt), "--config", str(tmp_path / "promptlint.toml"), "--no-cache")
    assert "MOD002 Model `acme-chat-1` is deprecated on 2026-12-31 (in 28 days)" in result.out


def test_catalogue_content_is_part_of_the_cache_key(tmp_path: Path) -> None:
    catalog = _litellm_map(tmp_path / "map.json")
    (tmp_path / "promptlint.toml").write_text('model-catalog = "map.json"\n')
    before = resolve(load_file_config(tmp_path / "promptlint.toml")).signature
    data = json.loads(catalog.read_text())
    data["acme-chat-1"]["deprecation_date"] = "2027-06-30"
    catalog.write_text(json.dumps(data) + "\n")
    assert resolve(load_file_config(tmp_path / "promptlint.toml")).signature != before


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('model-catalog = "missing.json"\n', "'model-catalog': file not found"),
        ("model-catalog = 3\n", "'model-catalog' must be the path of a model map"),
        ('[custom-models]\n"x" = 3\n', "must be a catalogue model name or a table"),
        ('[custom-models]\n"x" = { window = 3 }\n', "unknown key 'window'"),
        ('[custom-models]\n"x" = { max-input-tokens = 0 }\n', "'max-input-tokens' must be a whole number"),
        ('[custom-models]\n"x" = { deprecation-date = "soon" }\n', "'deprecation-date' must be a date"),
        ("[rules.MOD002]\nwarn-days = -1\n", "must be at least 0"),
        ("[rules.TOK003]\nwarn-fraction = 1.5\n", "must be a fraction above 0 and at most 1"),
        ('[rules.MOD001]\nallow-aliases = "gpt-4o"\n', "expected a list of strings"),
    ],
)
def test_invalid_model_settings_are_config_errors(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "promptlint.toml").write_text(toml)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve(load_file_config(tmp_path / "promptlint.toml"))


def test_custom_models_declare_deployments_and_private_models(tmp_path: Path) -> None:
    (tmp_path / "promptlint.toml").write_text(
        '[custom-models]\n"support-bot" = "azure/gpt-4o-2024-11-20"\n'
        '"acme-*" = { max-input-tokens = 32768, input-cost-per-token = 0.000001, deprecation-date = 2027-03-01 }\n'
    )
    config = resolve(load_file_config(tmp_path / "promptlint.toml"))
    deployment = config.models.resolve("support-bot", deployment=True)
    assert deployment.info is not None and deployment.info.custom and deployment.runs == "azure/gpt-4o-2024-11-20"
    assert deployment.info.max_input_tokens == 128000
    private = config.models.resolve("ACME-llm-7b")
    assert private.info is not None and private.info.max_input_tokens == 32768 and private.runs is None
    assert private.info.deprecation_date == dt.date(2027, 3, 1)


def test_today_comes_from_the_run_not_the_clock() -> None:
    source = "---\nmodel: gpt-4o-2024-11-20\n---\nHi\n"
    assert check_rule("MOD002", source, path="p.prompt", today=dt.date(2026, 6, 1)) == []
    (found,) = check_rule("MOD002", source, path="p.prompt", today=dt.date(2027, 2, 1))
    assert "was deprecated on 2027-01-14 (18 days ago)" in found[0].message


def test_the_date_joins_the_result_cache_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prompt = tmp_path / "p.prompt"
    prompt.write_text("---\nversion: 1.0.0\nmodel: gpt-4o-2024-11-20\n---\nHi\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROMPTLINT_TODAY", "2026-06-01")
    assert run_cli("check", "p.prompt").code == 0
    monkeypatch.setenv("PROMPTLINT_TODAY", "2027-02-01")
    assert "MOD002" in run_cli("check", "p.prompt").out  # not yesterday's cached "all clear"
    monkeypatch.setenv("PROMPTLINT_TODAY", "tomorrow")
    result = run_cli("check", "p.prompt")
    assert result.code == 2 and "PROMPTLINT_TODAY='tomorrow' is not a date (YYYY-MM-DD)" in result.err


PROBE = """
import sys
from promptlint.cli import main
code = main(sys.argv[1:])
from promptlint import models
sys.stderr.write("LOADED=%d\\n" % models._load.cache_info().currsize)
sys.exit(code)
"""


@pytest.mark.parametrize(
    ("source", "loaded"),
    [
        ("<!-- version: 1.0.0 -->\nAnswer in one line.\n", 0),  # names no model: the catalogue stays shut
        ("---\nversion: 1.0.0\nmodel: claude-sonnet-4-6\n---\nAnswer in one line.\n", 1),
    ],
)
def test_the_catalogue_loads_only_when_a_prompt_names_a_model(tmp_path: Path, source: str, loaded: int) -> None:
    prompt = tmp_path / "p.md"
    prompt.write_text(source)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "check", str(prompt), "--no-cache"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"LOADED={loaded}" in result.stderr


def test_vendored_catalogue_is_trimmed_litellm_data() -> None:
    data = json.loads((REPO / "src" / "promptlint" / "data" / "models.json").read_text(encoding="utf-8"))
    assert data["source"].startswith("litellm ")
    fields = {key for entry in data["models"].values() for key in entry}
    assert fields <= {
        "litellm_provider", "mode", "input_cost_per_token", "output_cost_per_token", "max_input_tokens",
        "max_output_tokens", "max_tokens", "deprecation_date", "successor_model",
    }  # fmt: skip
    assert sum(1 for e in data["models"].values() if "deprecation_date" in e) > 500
