"""A record with every field of the contract set, for the tests of the tables and the sinks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from govextract.records import (
    DateMention,
    Extractor,
    Granularity,
    Mention,
    MoneyAmount,
    Official,
    Percentage,
    Place,
    PlaceKind,
    PressRelease,
    Qualifier,
    Region,
    RegionKind,
    Role,
    Target,
    TargetAction,
    sha256_text,
)

TEXT = (
    "On 5 March 2024 the akim of Almaty region Marat Bekovich Sultangaziyev said that 5-7 billion tenge and "
    "USD 0.000000000001 would raise coverage by 12.5 percentage points to 95% by 2025 in Konaev, Almaty region."
)


def at(phrase: str, after: int = 0) -> dict[str, Any]:
    start = TEXT.index(phrase, after)
    return {"text": phrase, "start": start, "end": start + len(phrase)}


@pytest.fixture
def full_release() -> PressRelease:
    """A record with every optional field of every model set, so a column missing for any of them shows."""
    deadline = DateMention(**at("2025"), value=date(2025, 1, 1), value_end=date(2025, 12, 31), granularity="year")
    return PressRelease(
        extractor=Extractor(version="9.9.9", fingerprint="0123456789abcdef"),
        doc_id="full-1",
        source="https://gov.kz/full-1",
        title="Coverage",
        published=date(2024, 3, 5),
        text=TEXT,
        text_sha256=sha256_text(TEXT),
        officials=[
            Official(
                name="Marat Bekovich Sultangaziyev",
                canonical_name="Sultangaziyev Marat Bekovich",
                surname="Sultangaziyev",
                given_name="Marat",
                patronymic="Bekovich",
                title="akim of Almaty region",
                role=Role.akim,
                organization="Almaty region akimat",
                region_iso="KZ-19",
                mentions=[Mention(**at("Marat Bekovich Sultangaziyev"))],
            )
        ],
        regions=[
            Region(
                name="Almaty region",
                iso_code="KZ-19",
                iso_code_legacy="KZ-ALM",
                kind=RegionKind.region,
                mentions=[Mention(**at("Almaty region")), Mention(**at("Almaty region", TEXT.index("Konaev")))],
            )
        ],
        places=[Place(name="Konaev", kind=PlaceKind.city, region_iso="KZ-19", mentions=[Mention(**at("Konaev"))])],
        percentages=[
            Percentage(**at("12.5 percentage points"), value=12.5, is_points=True, qualifier=Qualifier.more_than),
            Percentage(**at("95%"), value=95.0, range="high"),
        ],
        amounts=[
            MoneyAmount(**at("5"), value=Decimal("5000000000"), currency="KZT", range="low"),
            MoneyAmount(**at("7 billion tenge"), value=Decimal("7E+9"), currency="KZT", range="high"),
            MoneyAmount(**at("USD 0.000000000001"), value=Decimal("1E-12"), currency="USD", qualifier="approx"),
            MoneyAmount(**at("billion tenge"), value=None, currency="KZT"),
        ],
        targets=[
            Target(
                **at("95%"),
                value=95.0,
                is_percentage=True,
                unit="coverage",
                action=TargetAction.increase,
                year=2025,
                deadline=deadline,
                baseline=82.5,
                qualifier=Qualifier.at_least,
                range="high",
                sentence_start=0,
                sentence_end=len(TEXT),
            ),
            Target(**at("12.5 percentage points"), value=12.5, sentence_start=0, sentence_end=len(TEXT)),
        ],
        dates=[
            DateMention(**at("5 March 2024"), value=date(2024, 3, 5), granularity=Granularity.day),
            deadline,
            DateMention(**at("March"), value=None, granularity=Granularity.month),
        ],
    )
