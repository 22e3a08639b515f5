"""find_percentages: every format of docs/normalisers.md, the seed phrases and what is not a percentage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govextract.normalize.percent import find_percentages

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


# (text, span, value, is_points): the text holds exactly one percentage, at the only occurrence of ``span``.
FORMS = [
    # seed phrases
    ("mortality from circulatory system diseases was reduced by 21.4%,", "21.4%", 21.4, False),
    ("the share of healthcare expenditure was 2.9 per cent of the country's GDP", "2.9 per cent", 2.9, False),
    ("the WHO recommends bringing the level of funding for health care to 5 per cent of GDP", "5 per cent", 5, False),
    ("amounted to only 34.8% of the total number of people in need", "34.8%", 34.8, False),
    # signs and spacing
    ("21.4 %", "21.4 %", 21.4, False),
    ("21.4\u00a0%", "21.4\u00a0%", 21.4, False),
    ("24,7%", "24,7%", 24.7, False),
    ("(100%)", "100%", 100, False),
    # words for "percent"
    ("60 percent", "60 percent", 60, False),
    ("12.5 Percent", "12.5 Percent", 12.5, False),
    ("240 percents", "240 percents", 240, False),
    ("8.5 per cent", "8.5 per cent", 8.5, False),
    ("14 pct", "14 pct", 14, False),
    ("100 percentage", "100 percentage", 100, False),
    # percentage points
    ("1.5 percentage points", "1.5 percentage points", 1.5, True),
    ("1 percentage point", "1 percentage point", 1, True),
    ("0.5 p.p.", "0.5 p.p.", 0.5, True),
    ("3 pct points", "3 pct points", 3, True),
    # number words
    ("Sixty percent", "Sixty percent", 60, False),
    ("twenty percent", "twenty percent", 20, False),
    ("thirty percentage", "thirty percentage", 30, False),
    ("one hundred percents", "one hundred percents", 100, False),
    ("twenty-two per cent", "twenty-two per cent", 22, False),
    # negatives
    ("just need minus five percent", "minus five percent", -5, False),
    ("inflation of -2.5%", "-2.5%", -2.5, False),
    ("a change of −0.3 p.p.", "−0.3 p.p.", -0.3, True),
    # the percent word before the number, when no number precedes it and the number ends the phrase
    ("percent of 10", "percent of 10", 10, False),
    ("per cent of twenty-two", "per cent of twenty-two", 22, False),
    ("percents of twenty", "percents of twenty", 20, False),
    ("per cent of 210.", "per cent of 210", 210, False),
]


@pytest.mark.parametrize(("text", "span", "value", "is_points"), FORMS)
def test_forms(text: str, span: str, value: float, is_points: bool) -> None:
    [found] = find_percentages(text)
    start = text.index(span)
    assert (found.text, found.start, found.end) == (span, start, start + len(span))
    assert (found.value, found.is_points) == (value, is_points)


@pytest.mark.parametrize(
    "text",
    [
        "567 providers in 2020, which is 8.9 times more than in 2019",
        "15 times more",
        "the 5th percentile",
        "Only a small percent attain the top ranks",
        "How do I calculate a percentage?",
        "the percent of 10 regions",  # "percent of" needs the number to end the phrase
        "https://www.test.com/search?q=30%25%2020%",  # URL-encoded text
        "http://proquest.umi.com/pqdweb?RQT=305&SQ=issn%280024%2D9114%29%20and%20volume%2872%29",
    ],
)
def test_not_percent(text: str) -> None:
    assert find_percentages(text) == []


def test_percent_before_needs_no_number_before_it() -> None:
    found = find_percentages("the rate was 50 percent of 10 regions")
    assert [(p.text, p.value) for p in found] == [("50 percent", 50)]


def test_seed_002_percentages_in_order(read_seed: Callable[[str], str]) -> None:
    text = read_seed("002_95849a105e8b690e.txt")
    found = find_percentages(text)
    assert [(p.text, p.value, p.qualifier.value) for p in found] == [
        ("21.4%", 21.4, "exact"),
        ("8.7%", 8.7, "exact"),
        ("23%", 23, "exact"),
        ("12%", 12, "exact"),
        ("15.5%", 15.5, "exact"),
        ("49%", 49, "exact"),
        ("47%", 47, "exact"),
        ("56%", 56, "at_most"),  # "brought up to 56%": "up to" is an at_most cue (docs/annotation.md)
    ]
    assert all(text[p.start : p.end] == p.text for p in found)


def test_seed_003_dash_is_a_clause_break_not_a_range(read_seed: Callable[[str], str]) -> None:
    text = read_seed("003_c1afd9f3a7ea8d84.txt")
    found = find_percentages(text)
    assert [(p.text, p.qualifier.value, p.range) for p in found] == [
        ("34.8%", "exact", None),
        ("13%", "exact", None),
        ("24%", "approx", None),  # "region - about 24%"
        ("26%", "exact", None),  # "region – 26%"
        ("28%", "exact", None),
        ("70%", "exact", None),
    ]
