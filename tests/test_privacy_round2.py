"""PII round two (issue 11): the shapes the first detectors missed on other people's data.

Each test names the class it covers: a "Customer: X" field in every format, each pair
under one example heading judged on its own, phone regions and leniency as options,
cards of every network and length, street addresses outside the English shape,
masked previews of the new values, and the digits that are not phone numbers.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from promptlint.api import lint_source
from promptlint.detect import mask
from promptlint.detect.pii import placeholders, streets
from promptlint.document.parsers import parse_text

from .conftest import REPO, run_cli

NAME = "Lindiwe Dube"


def _position(source: str, value: str, occurrence: int = 0) -> tuple[int, int]:
    index = -1
    for _ in range(occurrence + 1):
        index = source.index(value, index + 1)
    line = source.count("\n", 0, index) + 1
    return line, index - (source.rfind("\n", 0, index) + 1) + 1


FIELD_FORMATS = {
    "support.prompty": (
        "---\nname: support\n---\nsystem:\nHelp.\n\nuser:\nCustomer: Lindiwe Dube\nRequest: close the account\n\n"
        "assistant:\nDone.\n\nuser:\n{{q}}\n"
    ),
    "support.prompt": (
        '---\nmodel: googleai/gemini-2.5-flash\n---\n{{role "system"}}\nHelp.\n\n{{role "user"}}\n'
        'Customer: Lindiwe Dube\nRequest: close the account\n\n{{role "model"}}\nDone.\n\n{{role "user"}}\n{{q}}\n'
    ),
    "support.yaml": (
        "messages:\n  - role: system\n    content: Help.\n  - role: user\n    content: |\n      Customer: Lindiwe Dube\n"
        "      Request: close the account\n  - role: assistant\n    content: Done.\n  - role: user\n"
        '    content: "{{q}}"\n'
    ),
    "support.json": json.dumps(
        {
            "messages": [
                {"role": "system", "content": "Help."},
                {"role": "user", "content": "Customer: Lindiwe Dube\nRequest: close the account"},
                {"role": "assistant", "content": "Done."},
                {"role": "user", "content": "{{q}}"},
            ]
        },
        indent=2,
    )
    + "\n",
    "support.md": "# Support\n\n## Examples\n\nCustomer: Lindiwe Dube\nAgent: Done.\n\n## Now\n\nCustomer: {{q}}\n",
    "support.txt": "Help.\n\nCustomer: Lindiwe Dube\nAgent: Done.\n\nCustomer: {{q}}\nAgent:\n",
    "support.j2": "{# support #}\nHelp.\n\n<example>\nCustomer: Lindiwe Dube\nAgent: Done.\n</example>\n\nCustomer: {{ q }}\n",
    "frontmatter.prompty": (
        "---\nname: support\nexamples:\n  - input: 'Customer: Lindiwe Dube'\n    output: Done.\n---\n"
        "system:\nHelp.\n\nuser:\n{{q}}\n"
    ),
}


@pytest.mark.parametrize("path", sorted(FIELD_FORMATS))
def test_customer_field_is_a_cue_in_every_format(path: str) -> None:
    source = FIELD_FORMATS[path]
    found = [(d.code, source[d.span.start : d.span.end]) for d in lint_source(source, path, select=["PII"])]
    assert ("PII001", NAME) in found, found


PAIRS = (
    "# Travel desk\n\nRebook flights.\n\n## Examples\n\n"
    "User: Hi, I'm Ilaria Bonetti, my flight was cancelled.\nAssistant: Sorry to hear that, Ilaria.\n\n"
    "User: Ilaria Bonetti again, a window seat please.\nAssistant: Seat 14A is yours.\n\n"
    "User: What is the baggage allowance?\nAssistant: One cabin bag.\n\n"
    "## Conversation\n\nUser: {{message}}\n"
)


def test_each_pair_under_one_example_heading_is_its_own_example() -> None:
    doc = parse_text(PAIRS, "travel.md")
    assert [b.kind for b in doc.examples] == ["heading", "heading", "heading"]
    assert doc.source[doc.examples[0].span.start :].startswith("## Examples")
    assert doc.source[doc.examples[1].span.start :].startswith("User: Ilaria Bonetti again")
    found = [(d.code, d.span) for d in lint_source(PAIRS, "travel.md", select=["PII001"])]
    starts = [d[1].start for d in found]
    # The name is a finding in both examples it appears in (one finding per value per example).
    assert PAIRS.index("Ilaria Bonetti,") in starts
    assert PAIRS.index("Ilaria Bonetti again") in starts
    assert PAIRS.index("Ilaria.") in starts  # the given name of the full name found in the same example


def test_a_pairs_verdict_does_not_depend_on_its_neighbours() -> None:
    alone = "## Examples\n\nUser: Thanks, Joaquim Sampaio here, move my booking.\nAssistant: Done, Joaquim.\n"
    crowded = (
        "## Examples\n\nUser: What is the baggage allowance?\nAssistant: One cabin bag.\n\n"
        + alone.split("\n\n", 1)[1]
        + "\nUser: Is there wifi?\nAssistant: Yes.\n"
    )

    def names(source: str) -> list[str]:
        return sorted(source[d.span.start : d.span.end] for d in lint_source(source, "a.md", select=["PII001"]))

    assert names(alone) == names(crowded) == ["Joaquim", "Joaquim Sampaio"]


def test_phone_regions_and_leniency_are_options() -> None:
    source = "Q: Ring me on 0151 2394 8815 or +39 347 812 4419, please.\nA: Sure.\n\nQ: {{q}}\nA:\n"
    default = [source[d.span.start : d.span.end] for d in lint_source(source, "a.txt", select=["PII001"])]
    assert default == ["0151 2394 8815", "+39 347 812 4419"]
    us_only = lint_source(source, "a.txt", select=["PII001"], rule_options={"PII001": {"phone-regions": ["US"]}})
    # A national German number needs the German plan; a number with + is read from anywhere.
    assert [source[d.span.start : d.span.end] for d in us_only] == ["+39 347 812 4419"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"phone-regions": ["Germany"]}, "not a region code 'Germany'"),
        ({"phone-regions": ["XX"]}, "no numbering plan for region 'XX'"),
        ({"phone-leniency": "loose"}, "loose"),
    ],
)
def test_bad_phone_options_are_config_errors(tmp_path: Path, options: dict[str, object], message: str) -> None:
    (tmp_path / "a.txt").write_text("Q: hi\nA: hello\n", encoding="utf-8")
    key, value = next(iter(options.items()))
    (tmp_path / "promptlint.toml").write_text(f"[rules.PII001]\n{key} = {json.dumps(value)}\n", encoding="utf-8")
    result = run_cli("check", str(tmp_path / "a.txt"), "--config", str(tmp_path / "promptlint.toml"))
    assert result.code == 2
    assert message in result.err and "phone-" in result.err


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("My number is 06 47 21 93 58.", True),  # French national format
        ("Call me at +81 90-4821-7735.", True),
        ("Please call me on 8641 2907.", True),  # 4+4, with a cue
        ("Our switchboard is 0800 731 4455.", False),  # free-phone: a business line
        ("The handbook's ISBN is 978-3-16-148410-0.", False),
        ("Open 09:00-17:30, closed on 24.12.2024.", False),
        ("The example SSN 078 05 1120 is test data.", False),  # rejected as an SSN, not a phone either
        ("A mistyped IBAN such as DE35 3704 0044 0532 0130 98 fails its checksum.", False),
    ],
)
def test_phone_numbers(text: str, found: bool) -> None:
    source = f"Q: {text}\nA: Noted.\n\nQ: {{{{q}}}}\nA:\n"
    entities = [d.message.split(" in ")[0] for d in lint_source(source, "a.txt", select=["PII001"])]
    assert ("Phone number" in entities) is found, entities


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("4910115445229", True),  # Visa, 13 digits
        ("4438244753095410336", True),  # Visa, 19 digits
        ("2221729999159653", True),  # Mastercard 2-series
        ("2720935533247229", True),
        ("371009935196701", True),  # Amex
        ("36740799980460", True),  # Diners, 14 digits
        ("62719911673921805", True),  # UnionPay, 17 digits
        ("9182736455019281", False),  # Luhn-valid, but no network issues 9…
        ("2800123412341234", False),  # above the 2-series range
        ("341234567890123", True),
        ("3412345678901234", False),  # Amex numbers have 15 digits
    ],
)
def test_card_networks(digits: str, ok: bool) -> None:
    from promptlint.detect.pii.recognizers import card_network_ok

    assert card_network_ok(digits) is ok


def test_luhn_invalid_card_is_not_reported() -> None:
    source = "user:\nMy card is 4290 8442 0425 3663.\nassistant:\nThat number fails its check digit.\nuser:\n{{q}}\n"
    assert lint_source(source, "a.prompty", select=["PII001"]) == []


@pytest.mark.parametrize(
    "address",
    [
        "Via dei Serragli 41, 50124 Firenze",
        "calle de Toledo 77, 28005 Madrid",
        "Rua das Flores 118, 4050-265 Porto",
        "14 rue Oberkampf, 75011 Paris",
        "Lindenstraße 12a, 10969 Berlin",
        "Lisa-Rechberger-Gasse 01\n3768 Traiskirchen",
        "Koivukuja 5 B 12, 00940 Helsinki",
        "Egevej 31, 8000 Aarhus C",
        "ulica Długa 16, 80-827 Gdańsk",
        "Flat 9B, 27 Albion Road, Leeds LS6 1AF",
        "Apt. 5C, 230 West 104th Street, New York, NY 10025",
        "PSC 4471, Box 2290, APO AE 09021",
        "Unit 8120 Box 455, DPO AP 96521",
        "USNS Walls, FPO AP 91402",
        "1777 Kramer Court\nJohnsonfurt, NE 80119",
        "17 Jones Light\nNorth Holly\nS6 7LJ",
    ],
)
def test_street_address_shapes(address: str) -> None:
    text = f"Send it to {address}."
    found = [(text[a:b], complete) for a, b, complete in streets.find(text)]
    assert found == [(address, True)]


@pytest.mark.parametrize(
    "text",
    [
        "The Via Appia was begun in 312 BC.",
        "I sent it via Stripe 3 times.",
        "5 Key Points to remember",
        "the version 2 Street Fighter",
        "Version 2, 2024 Release.",
        "Section 3, 1200 Users.",
        "I bought Nova 5 phones.",
    ],
)
def test_not_street_addresses(text: str) -> None:
    assert streets.find(text) == []


def test_complete_address_in_an_example_needs_no_cue_but_a_business_one_is_not_personal() -> None:
    source = (
        "Our returns depot is at\nVia Tortona 15, 20144 Milano; never send parcels there.\n\n"
        "<example>\nCustomer: Vicolo del Cedro 3, 00153 Roma\nAgent: Updated.\n</example>\n\n"
        "<example>\nCustomer: use Musterstraße 1, 12345 Musterstadt for the test\nAgent: Fine.\n</example>\n\n"
        "Customer: {{q}}\n"
    )
    found = [(d.code, source[d.span.start : d.span.end]) for d in lint_source(source, "a.md", select=["PII"])]
    assert found == [("PII001", "Vicolo del Cedro 3, 00153 Roma")]


@pytest.mark.parametrize(
    ("entity", "value", "preview"),
    [
        ("PERSON", "Maud Okafor-Bellamy", "M*** O***-B***"),
        ("PERSON", "ksenia obradović", "k*** o***"),
        ("EMAIL_ADDRESS", "ottilie.brandauer at gmx dot at", "o***@g**.at"),
        ("EMAIL_ADDRESS", "jo [at] proton [dot] me", "j***@p*****.me"),
        ("STREET_ADDRESS", "Via dei Serragli 41,\n50124 Firenze", "V** d** S******* **, ***** F******"),
    ],
)
def test_previews_of_new_values(entity: str, value: str, preview: str) -> None:
    assert mask.mask(entity, value) == preview


def test_hyphenated_surname_is_found_and_masked_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Q: Customer: Maud Okafor-Bellamy\nA: Thanks Maud, noted.\n\nQ: {{q}}\nA:\n", encoding="utf-8")
    result = run_cli("check", str(path), "--select", "PII001", "--no-cache")
    assert result.code == 1
    assert "M*** O***-B***" in result.out
    assert "Bellamy" not in result.out and "Okafor" not in result.out and "Maud" not in result.out


@pytest.mark.parametrize(
    ("value", "business"),
    [("0800 731 4455", True), ("+44 800 731 4455", True), ("1-800-555-0199", True), ("0151 2394 8815", False)],
)
def test_business_numbers(value: str, business: bool) -> None:
    assert placeholders.phone_is_business(value) is business


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [("::ffff:84.17.220.3", False), ("::ffff:192.168.1.1", True), ("::ffff:192.0.2.1", True), ("2a02:8108::3b", False)],
)
def test_ipv4_mapped_addresses_are_judged_as_their_ipv4(value: str, placeholder: bool) -> None:
    assert placeholders.ip_is_placeholder(value) is placeholder


def _models_imported_by_check(path: Path) -> list[str]:
    """Which of presidio, phonenumbers and spaCy a fresh `check --select PII` of ``path`` imports."""
    probe = (
        "import sys\nfrom promptlint.cli import main\ncode = main(sys.argv[1:])\n"
        "print([m for m in ('presidio_analyzer', 'phonenumbers', 'spacy') if m in sys.modules], file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "check", str(path), "--select", "PII", "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stderr.strip().splitlines()[-1])


def test_prompts_without_candidates_import_neither_presidio_nor_phonenumbers(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Style\n\nAnswer in two sentences. Cite the handbook, chapter 3.\n", encoding="utf-8")
    assert _models_imported_by_check(path) == []


@pytest.mark.parametrize(
    "line",
    [
        "Use gpt-4o-2024-08-06 for summaries and claude-3-5-sonnet-20241022 for code.",
        "Route long inputs to gpt-4o-2024-08-06-preview.",
    ],
)
def test_dated_model_names_are_not_phone_candidates(tmp_path: Path, line: str) -> None:
    # The release date of a model name looked like a phone number to the screen, so a
    # prompt naming one imported presidio (~1.4 s) to find nothing.
    path = tmp_path / "a.md"
    path.write_text(f"# Style\n\n{line}\n", encoding="utf-8")
    assert _models_imported_by_check(path) == []


def test_a_phone_number_next_to_a_dated_model_name_is_still_a_candidate() -> None:
    from promptlint.detect.pii.engine import get_engine

    text = "Ask gpt-4o-2024-08-06, or call me on (415) 829-3374."
    [candidates] = get_engine("none").analyze([text])
    assert [(c.entity, text[c.start : c.end]) for c in candidates] == [("PHONE_NUMBER", "(415) 829-3374")]
