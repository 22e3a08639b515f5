"""qualifier_before (the cue table of docs/annotation.md) and ranges, through money and percent alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govextract.normalize.money import find_money
from govextract.normalize.percent import find_percentages
from govextract.normalize.qualifiers import Quantity, bound, qualifier_before
from govextract.records import Qualifier

D = Decimal
Q = Qualifier

# Every cue of the table in docs/annotation.md, plus the verb forms of "exceed" the corpus reads the same way.
CUES = [
    ("about", Q.approx),
    ("around", Q.approx),
    ("nearly", Q.approx),
    ("almost", Q.approx),
    ("approximately", Q.approx),
    ("roughly", Q.approx),
    ("some", Q.approx),
    ("circa", Q.approx),
    ("~", Q.approx),
    ("more than", Q.more_than),
    ("over", Q.more_than),
    ("above", Q.more_than),
    ("exceeding", Q.more_than),
    ("in excess of", Q.more_than),
    ("exceeds", Q.more_than),
    ("exceed", Q.more_than),
    ("exceeded", Q.more_than),
    ("less than", Q.less_than),
    ("under", Q.less_than),
    ("below", Q.less_than),
    ("fewer than", Q.less_than),
    ("at least", Q.at_least),
    ("no less than", Q.at_least),
    ("not less than", Q.at_least),
    ("a minimum of", Q.at_least),
    ("up to", Q.at_most),
    ("no more than", Q.at_most),
    ("not more than", Q.at_most),
    ("a maximum of", Q.at_most),
]


@pytest.mark.parametrize(("cue", "qualifier"), CUES)
def test_cue_before_a_span(cue: str, qualifier: Qualifier) -> None:
    text = f"it reached {cue} 24%"
    assert qualifier_before(text, text.index("24%")) == qualifier
    assert qualifier_before(text.upper(), text.index("24%")) == qualifier


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("~24%", "24%", Q.approx),  # no space after the tilde
        ("for a total amount of more than 11 billion tenge", "11 billion tenge", Q.more_than),
        ("more than about 5%", "5%", Q.approx),  # the nearest cue
        ("moreover 5%", "5%", Q.exact),  # cues are whole words
        ("the handover 5%", "5%", Q.exact),
        ("over the year 5%", "5%", Q.exact),  # only right before the span
        ("5%", "5%", Q.exact),  # at the start of the text
        ("Over 5%", "5%", Q.more_than),
    ],
)
def test_qualifier_before(text: str, span: str, qualifier: Qualifier) -> None:
    assert qualifier_before(text, text.index(span)) == qualifier


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("more than 11 billion tenge", "11 billion tenge", Q.more_than),
        ("about 5.1 billion tenge", "5.1 billion tenge", Q.approx),
        ("up to ₸ 500 thousand", "₸ 500 thousand", Q.at_most),
        ("revenues to exceed T18 trillion", "T18 trillion", Q.more_than),
        ("at least 65%", "65%", Q.at_least),
        ("about 24%", "24%", Q.approx),
        ("less than 3 per cent", "3 per cent", Q.less_than),
    ],
)
def test_span_leaves_the_cue_outside(text: str, span: str, qualifier: Qualifier) -> None:
    [found] = find_money(text) or find_percentages(text)
    assert (found.text, found.qualifier) == (span, qualifier)


# (text, [(span, value, range)]) for money in KZT unless the row says otherwise.
MONEY_RANGES = [
    ("5-7 billion tenge", [("5", D(5e9), "low"), ("7 billion tenge", D(7e9), "high")]),
    ("5–7 billion tenge", [("5", D(5e9), "low"), ("7 billion tenge", D(7e9), "high")]),
    ("from 5 to 7 billion tenge", [("5", D(5e9), "low"), ("7 billion tenge", D(7e9), "high")]),
    ("between 5 and 7 billion tenge", [("5", D(5e9), "low"), ("7 billion tenge", D(7e9), "high")]),
    ("from 12 to 15 thousand tenge", [("12", D(12000), "low"), ("15 thousand tenge", D(15000), "high")]),
    ("KZT 5-7 bln", [("KZT 5", D(5e9), "low"), ("7 bln", D(7e9), "high")]),
    (
        "from 500 million to 1.2 billion tenge",
        [("500 million", D(5e8), "low"), ("1.2 billion tenge", D(12e8), "high")],
    ),
    (
        "from 5 billion tenge to 7 billion tenge",
        [("5 billion tenge", D(5e9), "low"), ("7 billion tenge", D(7e9), "high")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_RANGES)
def test_money_ranges(text: str, expected: list[tuple[str, Decimal, str]]) -> None:
    found = find_money(text)
    assert [(m.text, m.value, m.range) for m in found] == expected
    assert [m.start for m in found] == [text.index(span) for span, _, _ in expected]
    assert {m.currency for m in found} == {"KZT"}


def test_dollar_range_lends_the_sign_forward_and_the_multiplier_back() -> None:
    found = find_money("$5-7 million")
    assert [(m.text, m.value, m.currency, m.range) for m in found] == [
        ("$5", D(5000000), "USD", "low"),
        ("7 million", D(7000000), "USD", "high"),
    ]


def test_a_marker_inside_the_range_stops_the_multiplier() -> None:
    found = find_money("from $500 to $2 billion")
    assert [(m.text, m.value, m.range) for m in found] == [("$500", D(500), "low"), ("$2 billion", D(2e9), "high")]


PERCENT_RANGES = [
    ("from 17 to 50%", [("17", 17, "low"), ("50%", 50, "high")]),
    ("between 3 and 4%", [("3", 3, "low"), ("4%", 4, "high")]),
    ("between 3 to 4%", [("3", 3, "low"), ("4%", 4, "high")]),
    ("8-10%", [("8", 8, "low"), ("10%", 10, "high")]),
    ("5 to 7 percent", [("5", 5, "low"), ("7 percent", 7, "high")]),
    ("from 17% to 50%", [("17%", 17, "low"), ("50%", 50, "high")]),
    ("from one to two per cent", [("one", 1, "low"), ("two per cent", 2, "high")]),
    ("decreased from 50 to 17%", [("50", 50, "high"), ("17%", 17, "low")]),  # a fall: smaller end is low
]


@pytest.mark.parametrize(("text", "expected"), PERCENT_RANGES)
def test_percent_ranges(text: str, expected: list[tuple[str, float, str]]) -> None:
    found = find_percentages(text)
    assert [(p.text, p.value, p.range) for p in found] == expected
    assert [p.start for p in found] == [text.index(span) for span, _, _ in expected]


def test_percentage_point_ranges_share_the_unit() -> None:
    found = find_percentages("by 3-5 percentage points")
    assert [(p.text, p.value, p.is_points, p.range) for p in found] == [
        ("3", 3, True, "low"),
        ("5 percentage points", 5, True, "high"),
    ]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [("about 5-7 billion tenge", Q.approx), ("up to 20-25%", Q.at_most), ("roughly between 3 and 4%", Q.approx)],
)
def test_a_cue_before_a_range_bounds_both_ends(text: str, qualifier: Qualifier) -> None:
    found = find_money(text) or find_percentages(text)
    assert len(found) == 2 and {f.qualifier for f in found} == {qualifier}


# Not ranges: each row lists the only (span, range) pairs found.
NOT_RANGES = [
    ("increased in 2021 to 8 billion tenge", [("8 billion tenge", None)]),  # a falling bare pair is no range
    ("in 2020-25%", [("25%", None)]),
    ("in 10 regions – 60%", [("60%", None)]),  # a spaced dash is a clause break
    ("5 and 7%", [("7%", None)]),  # "and" only after "between"
    ("49% compared to the plan of 47%", [("49%", None), ("47%", None)]),
    ("5 billion tenge to 7", [("5 billion tenge", None)]),  # a unit between the ends is not shared
    ("from 5 tenge to $7", [("5 tenge", None), ("$7", None)]),  # different currencies
    ("2020-2022, 58.1 billion tenge", [("58.1 billion tenge", None)]),
]


@pytest.mark.parametrize(("text", "expected"), NOT_RANGES)
def test_not_ranges(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(f.text, f.range) for f in find_money(text) or find_percentages(text)] == expected


def test_bound_drops_bare_numbers_and_keeps_order() -> None:
    text = "In 2020 about 60 and then 7 more"
    quantities: list[Quantity[str]] = [
        Quantity(3, 7, D(2020)),
        Quantity(14, 16, D(60), unit="percent", marked_after=True),
        Quantity(26, 27, D(7)),
    ]
    kept = bound(text, quantities)
    assert [(q.start, q.qualifier, q.range) for q in kept] == [(14, Q.approx, None)]
