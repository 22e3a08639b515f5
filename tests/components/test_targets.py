"""govextract_targets: (text, target text, value, year, ...) for each rule of docs/annotation.md's targets layer, and
the look-alikes that must stay out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import govextract

PUBLISHED = date(2021, 8, 16)


@pytest.fixture(scope="module")
def nlp():
    return govextract.load()


def targets(nlp, text: str, published: date | None = PUBLISHED) -> list[dict[str, Any]]:
    release = govextract.extract(text, published=published, nlp=nlp)
    return [
        t.model_dump(exclude={"deadline", "sentence_start", "sentence_end", "start", "end"}) for t in release.targets
    ]


def target(text: str, value: float, **fields: Any) -> dict[str, Any]:
    return {"text": text, "value": value, **fields}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "By 2025, it is planned to build 650 primary health care facilities in rural communities.",
            [
                target(
                    "650 primary health care facilities",
                    650,
                    year=2025,
                    action="build",
                    unit="primary health care facilities",
                )
            ],
            id="planned-with-deadline-before",
        ),
        pytest.param(
            "In addition, 32 district hospitals will be modernized.",
            [target("32 district hospitals", 32, year=None, action="modernise")],
            id="will-after-no-deadline",
        ),
        pytest.param(
            "The task is to increase the share of renewable energy from 3 to 15% by 2030.",
            [
                target(
                    "15%",
                    15,
                    year=2030,
                    is_percentage=True,
                    baseline=3,
                    unit="share of renewable energy",
                    action="increase",
                )
            ],
            id="percentage-with-baseline",
        ),
        pytest.param(
            "Revaccination will cover at least 65% of those vaccinated.",
            [target("65%", 65, qualifier="at_least", unit="Revaccination", action="cover")],
            id="qualifier-and-subject-indicator",
        ),
        pytest.param(
            "In 2022, it is planned to raise coverage to 75%, and by 2025 to 90%.",
            [target("75%", 75, year=2022), target("90%", 90, year=2025)],
            id="each-clause-its-deadline",
        ),
        pytest.param(
            "By the end of this year, 8 children's centres will be commissioned.",
            [target("8 children's centres", 8, year=2021, action="open")],
            id="relative-deadline-resolved",
        ),
        pytest.param(
            "Additional opening of more than 30 new manufacturing facilities is planned.",
            [target("30 new manufacturing facilities", 30, qualifier="more_than", action="open")],
            id="qualifier-count",
        ),
        pytest.param(
            "The wear of networks is to be brought down from 57 to 45% by 2029.",
            [target("45%", 45, year=2029, baseline=57, is_percentage=True, action="reduce")],
            id="falling-range-baseline",
        ),
        pytest.param(
            "Last year 8 centres were opened, and next year 10 more centres will be opened.",
            [target("10 more centres", 10, year=2022)],
            id="achievement-and-plan-in-one-sentence",
        ),
        pytest.param(
            "The programme runs until 2030. Under it, 14,000 kilometres of canals are to be modernised.",
            [target("14,000 kilometres", 14000, year=2030, action="modernise")],
            id="back-reference-takes-the-earlier-deadline",
        ),
        pytest.param(
            "By 2030, gasification is to reach 65%. To achieve this, 32 gas stations will be built.",
            [target("65%", 65, year=2030), target("32 gas stations", 32, year=2030, action="build")],
            id="to-achieve-this",
        ),
        pytest.param(
            "The programme runs until 2030. In 2022, 10 more clinics will open.",
            [target("10 more clinics", 10, year=2022)],
            id="own-deadline-over-an-earlier-one",
        ),
        pytest.param(
            "In 2020, the plan was adopted. Under it, 10 more clinics will be built.",
            [target("10 more clinics", 10, year=None, action="build")],
            id="back-reference-to-a-past-date-gives-no-year",
        ),
        pytest.param(
            "The programme has been extended until 2029. Over this period, 11 thousand kilometres of networks are to "
            "be replaced.",
            [target("11 thousand kilometres", 11000, year=2029, action="modernise")],
            id="over-this-period",
        ),
        pytest.param(
            "The last 19 kilometres of pipes are to be replaced this autumn.",
            [target("19 kilometres", 19, year=2021)],
            id="a-season-of-this-year",
        ),
        pytest.param(
            "Infant mortality is to be reduced from 8.4 to 7 per 1,000 live births by 2025.",
            [target("7", 7, year=2025)],
            id="per-1000-is-no-count",
        ),
        pytest.param(
            "In the next three years, 46 rural clinics are to be built, and by the end of the year 12 mobile "
            "complexes will be delivered.",
            [target("46 rural clinics", 46, year=None, action="build"), target("12 mobile complexes", 12, year=2021)],
            id="an-open-period-takes-no-other-clause-deadline",
        ),
        pytest.param(
            "Life expectancy reached 73.2 years in 2020. Over the next five years it is to rise to 75 years.",
            [target("75 years", 75, year=None, action="increase")],
            id="years-of-life-expectancy-are-a-level",
        ),
    ],
)
def test_targets(nlp, text: str, expected: list[dict[str, Any]]) -> None:
    found = targets(nlp, text)
    assert len(found) == len(expected), found
    for got, want in zip(found, expected, strict=True):
        for key, value in want.items():
            assert got[key] == value, (key, got)


def test_relative_deadline_of_an_undated_release_has_no_year(nlp) -> None:
    (found,) = targets(nlp, "By the end of this year, 8 children's centres will be commissioned.", published=None)
    assert found["value"] == 8 and found["year"] is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("8 new children's rehabilitation centers are opened in a number of regions.", id="achievement"),
        pytest.param("In 2020, 120 schools were built across the country.", id="past"),
        pytest.param("The share of healthcare expenditure amounted to 2.9 per cent of GDP.", id="current-level"),
        pytest.param("Coverage was increased to 49% compared to the plan of 47%.", id="past-plan"),
        pytest.param("The WHO recommends bringing funding to 5 per cent of GDP.", id="recommendation"),
        pytest.param("Independent payers will pay contributions for 12 months.", id="duration"),
        pytest.param("Next year 58 billion tenge will be allocated to the programme.", id="money-is-never-a-target"),
        pytest.param("One of the centres will open in 2025.", id="one-is-a-pronoun"),
        pytest.param("A Chinese investor plans to build a wind farm of 1,000 megawatts.", id="a-company-plan"),
        pytest.param("Farmers will receive loans at 6% per year.", id="a-rate"),
        pytest.param("Centres will open in ten regions.", id="a-scope"),
        pytest.param("The old programme had planned to supply 100% of villages by 2020.", id="a-pluperfect-plan"),
        pytest.param("Uzbekistan plans to receive 15 million foreign tourists by 2030.", id="a-foreign-country-plan"),
        pytest.param(
            "The International Energy Agency expects demand for gas to grow by 3% a year until 2030.",
            id="an-international-agency-forecast",
        ),
        pytest.param(
            "The UN Development Programme estimates that by 2030 the demand for water will grow by 40%.",
            id="a-un-forecast",
        ),
        pytest.param("The World Bank expects the economy to grow by 4% in 2022.", id="a-bank-forecast"),
        pytest.param("Builders commissioned 16% more housing than planned.", id="more-than-planned"),
        pytest.param(
            "The boiler houses will be closed: they burnt 1.1 million tonnes of coal last winter.", id="last-winter"
        ),
        pytest.param(
            "A gas processing plant with a capacity of 1 billion cubic metres a year is to be built by 2026.",
            id="a-capacity-describes-the-plant",
        ),
        pytest.param(
            "In 2019, the ministry had planned to build 20 hospitals by 2025; so far three have been opened.",
            id="a-past-plan-with-a-future-deadline",
        ),
        pytest.param("The company connected 61 settlements, against 54 planned.", id="against-n-planned"),
    ],
)
def test_not_targets(nlp, text: str) -> None:
    assert targets(nlp, text) == []


def test_percentage_target_is_also_a_percentage(nlp) -> None:
    release = govextract.extract("Coverage will reach 80% by 2025.", published=PUBLISHED, nlp=nlp)
    (percentage,) = release.percentages
    (planned,) = release.targets
    assert (
        (percentage.start, percentage.end, percentage.value)
        == (planned.start, planned.end, planned.value)
        == (
            20,
            23,
            80.0,
        )
    )
    assert planned.deadline is not None and planned.deadline.text == "2025"
    assert release.text[planned.sentence_start : planned.sentence_end] == "Coverage will reach 80% by 2025."
