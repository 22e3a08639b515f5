"""The record contract: exact decimals, traceable offsets, strict fields, one schema for every line."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from govextract.corpus.markup import load_corpus
from govextract.normalize.dates import find_dates
from govextract.normalize.money import find_money
from govextract.normalize.percent import find_percentages
from govextract.records import (
    SCHEMA_VERSION,
    DateMention,
    ErrorKind,
    ExtractionError,
    Extractor,
    Granularity,
    MoneyAmount,
    Percentage,
    PressRelease,
    json_schema,
    sha256_text,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT = "For 2020-2022, 58.1 billion tenge was allocated; coverage rose to 60%."
EXTRACTOR = Extractor(version="0.1.0", fingerprint="abc")


def release(**facts: object) -> PressRelease:
    return PressRelease(extractor=EXTRACTOR, doc_id="d1", text=TEXT, text_sha256=sha256_text(TEXT), **facts)


@pytest.mark.parametrize(
    ("value", "json_value"),
    [
        (Decimal("58.1") * 10**9, "58100000000"),
        (Decimal("5.81E+10"), "58100000000"),
        (Decimal("1284000000000"), "1284000000000"),
        (Decimal("0.5"), "0.5"),
        (Decimal("10515.00"), "10515"),
        (None, None),
    ],
)
def test_money_serialises_as_plain_digits_and_round_trips(value: Decimal | None, json_value: str | None) -> None:
    amount = MoneyAmount(text="58.1 billion tenge", start=15, end=33, value=value, currency="KZT")
    dumped = json.loads(amount.model_dump_json())
    assert dumped["value"] == json_value
    assert MoneyAmount.model_validate_json(amount.model_dump_json()).value == value


def test_offsets_must_point_at_the_text() -> None:
    good = MoneyAmount(text="58.1 billion tenge", start=15, end=33, value=Decimal(58100000000), currency="KZT")
    assert release(amounts=[good]).amounts[0].text == TEXT[15:33]
    shifted = good.model_copy(update={"start": 14, "end": 32})
    with pytest.raises(ValidationError, match="is not at"):
        release(amounts=[shifted])


def test_mention_length_must_match_offsets() -> None:
    with pytest.raises(ValidationError, match="do not fit"):
        Percentage(text="60%", start=66, end=70, value=60)


def test_sha256_is_checked() -> None:
    with pytest.raises(ValidationError, match="SHA-256"):
        PressRelease(extractor=EXTRACTOR, doc_id="d1", text=TEXT, text_sha256="0" * 64)


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Percentage(text="60%", start=66, end=69, value=60, unit="%")


def test_currency_must_be_iso_4217() -> None:
    with pytest.raises(ValidationError):
        MoneyAmount(text="58.1 billion tenge", start=15, end=33, value=Decimal(1), currency="tenge")


def test_date_period_keeps_first_and_last_day() -> None:
    period = DateMention(
        text="2020-2022",
        start=4,
        end=13,
        value=date(2020, 1, 1),
        value_end=date(2022, 12, 31),
        granularity=Granularity.period,
    )
    dumped = json.loads(release(dates=[period]).model_dump_json())
    assert dumped["dates"][0] == {
        "text": "2020-2022",
        "start": 4,
        "end": 13,
        "value": "2020-01-01",
        "value_end": "2022-12-31",
        "granularity": "period",
    }


def test_press_release_round_trips_through_json() -> None:
    doc = release(
        amounts=[MoneyAmount(text="58.1 billion tenge", start=15, end=33, value=Decimal(58100000000), currency="KZT")],
        percentages=[Percentage(text="60%", start=66, end=69, value=60.0)],
    )
    line = doc.model_dump_json()
    assert json.loads(line)["record"] == "press_release"
    assert json.loads(line)["schema_version"] == SCHEMA_VERSION
    assert PressRelease.model_validate_json(line) == doc


def test_error_record_names_the_line_and_kind() -> None:
    err = ExtractionError(doc_id=None, source="a.jsonl", line=3, kind=ErrorKind.invalid_json, message="bad")
    assert json.loads(err.model_dump_json())["record"] == "error"
    assert {k.value for k in ErrorKind} >= {
        "unreadable",
        "not_utf8",
        "empty",
        "invalid_json",
        "too_large",
        "unsupported_language",
        "component_failed",
    }


def test_json_schema_covers_both_line_types() -> None:
    schema = json_schema()
    names = set(schema["$defs"])
    assert {"PressRelease", "ExtractionError", "MoneyAmount", "Official", "Target", "Region", "Place"} <= names
    money_value = schema["$defs"]["MoneyAmount"]["properties"]["value"]
    assert {"type": "null"} in money_value["anyOf"]


def test_every_number_fact_of_the_corpus_round_trips_through_validation() -> None:
    checked = 0
    for doc in load_corpus(ROOT / "corpus" / "docs"):
        facts = [*find_money(doc.text), *find_percentages(doc.text), *find_dates(doc.text, doc.published)]
        for fact in facts:
            again = type(fact).model_validate(fact.model_dump())
            assert again == fact and repr(again) == repr(fact) and again.model_fields_set == fact.model_fields_set
        checked += len(facts)
    assert checked > 100
