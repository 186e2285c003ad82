"""The secret detector's parts: placeholder knowledge, names, masking, and the cost
rules of the pre-commit path (no detect-secrets import for a prompt with nothing
token-shaped, lazily compiled rules)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from promptlint.detect import secrets
from promptlint.detect.secrets import assignments, placeholders


@pytest.mark.parametrize(
    "value",
    [
        "Pa$$w0rd!x9Q",  # `$` inside a password is a character
        "p%40ssW0rd%21x",  # percent-escapes of a URL
        "m{h}o)p$e]nob7",  # braces that are no template
        "Xk9fPq2mZrT8.zLp9TrW4qB",
    ],
)
def test_not_placeholders(value: str) -> None:
    assert not placeholders.is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "${DB_PASSWORD}", "${DB_PASSWORD:-dev}", "{{ secrets.TOKEN }}", "<your-key>", "%DB_PASSWORD%", "$API_TOKEN",
        "prefix-$SECRET_SUFFIX", "sk-XXXXXXXXXXXXXXXX", "AKIA****************", "abcd1234abcd1234abcd1234",
        "xoxp-11111-2222", "my-api-key", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    ],
)  # fmt: skip
def test_placeholders(value: str) -> None:
    assert placeholders.is_placeholder(value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("AgencyIdentificationCodeContentType", True),
        ("jetbrains.mps.v8_elimination", True),
        ("PREfix_helloworld380", True),
        ("hf_requiredCharacteristicTypesForDisplayMetadata", True),
        ("jCBaQngSHiHDRYOcsMcifUcysGyaiybUWz", False),  # random mixed case
        ("jxiphbuy2fyuq7dtzp5ceeb0", False),  # random lower case
        ("ACCAMROQOPAZAP7FVQWG", False),
    ],
)
def test_made_of_words(value: str, words: bool) -> None:
    assert placeholders.made_of_words(value) is words


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("AZURE_OPENAI_KEY", True), ("fastlyKey", True), ("AccountKey", True), ("client_secret", True),
        ("db_pass", True), ("API key", True), ("HF_TOKEN", True), ("clientId", False), ("token_url", False),
        ("max_tokens", False), ("public_key", False), ("csrf_token", False), ("keyboard", False),
        ("primary_key", False), ("secret_name", False), ("bypass", False), ("tokenizer", False),
    ],
)  # fmt: skip
def test_secret_names(name: str, secret: bool) -> None:
    assert assignments.secret_name(name) is secret


def test_cut_and_masked_values_are_not_findings() -> None:
    text = "sk-proj-Ab3dEf9hIjK1... and xoxp-123456789012-123456789013-123456789014-#### here\n"
    assert secrets.find_secrets(text) == []


def test_prefix_glued_inside_an_upper_case_word_is_not_an_aws_key() -> None:
    assert secrets.find_secrets("VISIT ASIAPACIFICHEADQUARTERSOFFICE TODAY\n") == []
    assert [h.value for h in secrets.find_secrets("id AKIA3J4WJ99IBAG7I1MN\n")] == ["AKIA3J4WJ99IBAG7I1MN"]


def test_masks_never_show_more_than_a_quarter() -> None:
    assert secrets.mask_secret("R2o5!kq9Zp") == "R2…****"
    assert secrets.mask_secret("abcdefg") == "****"
    assert secrets.mask_secret("ghp_SrCGIZEG8pSH4487q7J58m1CiAhzCueQpBen") == "ghp_…****"
    assert secrets.mask_secret("-----BEGIN RSA PRIVATE KEY-----\nabc") == "-----BEGIN RSA PRIVATE KEY----- …(redacted)"


def test_every_kind_has_a_name() -> None:
    kinds = list(secrets.iter_kinds())
    assert "Slack webhook URL" in kinds and "Discord webhook URL" in kinds and len(kinds) > 200


def test_a_plain_prompt_loads_no_detect_secrets_and_compiles_few_rules() -> None:
    code = (
        "import json, sys\n"
        "from promptlint.detect.secrets import find_secrets, gitleaks\n"
        "found = find_secrets('You are a support agent. Answer the API question about tokens and keys.\\n')\n"
        "compiled = sum(r._compiled is not None for r in gitleaks.rule_set().rules)\n"
        "print(json.dumps([len(found), 'detect_secrets' in sys.modules, compiled]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    found, imported, compiled = json.loads(out)
    assert found == 0 and not imported
    assert compiled <= 10  # only the rules whose keywords occur (api, key, token…)
