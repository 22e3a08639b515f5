"""parse_number / read_number and the shared number regex (formats in docs/normalisers.md)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from govextract.normalize.numbers import NUMBER, NUMBER_SOURCE, parse_number, quantity_pattern, read_number

D = Decimal

# (number phrase, exact value)
NUMBERS = [
    # digits, decimal point
    ("13", D(13)),
    ("58.1", D("58.1")),
    ("0.5", D("0.5")),
    # thousands: comma, space, no-break space U+00A0, narrow no-break space U+202F
    ("2,085", D(2085)),
    ("705,500", D(705500)),
    ("93,900", D(93900)),
    ("1,234,567", D(1234567)),
    ("10 515", D(10515)),
    ("10\u00a0515", D(10515)),
    ("10\u202f515", D(10515)),
    ("1 000 000", D(1000000)),
    ("1,234.5", D("1234.5")),
    # a comma before anything but exactly three digits is a decimal comma
    ("24,7", D("24.7")),
    ("357,4", D("357.4")),
    ("0,25", D("0.25")),
    ("1 234,5", D("1234.5")),
    # multipliers, spaced and glued, any case
    ("58.1 billion", D(58100000000)),
    ("24,7 billion", D(24700000000)),
    ("357,4 million", D(357400000)),
    ("2,085 billion", D(2085000000000)),
    ("638 thousand", D(638000)),
    ("421.1 thousand", D(421100)),
    ("500 th", D(500000)),
    ("5 mln", D(5000000)),
    ("5 mn", D(5000000)),
    ("1.5 million", D(1500000)),
    ("463 bln", D(463000000000)),
    ("128.6 bn", D(128600000000)),
    ("120bn", D(120000000000)),
    ("232.6bn", D(232600000000)),
    ("24b", D(24000000000)),
    ("2trln", D(2000000000000)),
    ("2.5tln", D(2500000000000)),
    ("3 trn", D(3000000000000)),
    ("4.2 tn", D(4200000000000)),
    ("1 trillion", D(1000000000000)),
    ("5 BLN", D(5000000000)),
    ("5 Billion", D(5000000000)),
    # compound: parts fall in scale
    ("1 trln 284 bln", D(1284000000000)),
    ("2 billion 500 million", D(2500000000)),
    # words
    ("Sixty", D(60)),
    ("twenty-two", D(22)),
    ("twenty two", D(22)),
    ("one hundred", D(100)),
    ("one hundred and fifty", D(150)),
    ("twelve hundred", D(1200)),
    ("seventeen", D(17)),
    ("Thirteen billion", D(13000000000)),
    ("one trillion", D(1000000000000)),
    ("five million", D(5000000)),
    ("one thousand two hundred", D(1200)),
    ("one million two hundred thousand", D(1200000)),
    # signs
    ("minus five", D(-5)),
    ("negative 2.5", D("-2.5")),
    ("-5", D(-5)),
    ("−3.5", D("-3.5")),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tenge",
        "five six",  # two numbers, not one
        "5 million 3 billion",  # parts out of scale
        "one two three",
        "2,085 people",  # a phrase with more than the number
        "5th",
        "8.9 times",
    ],
)
def test_not_a_number_phrase(text: str) -> None:
    assert parse_number(text) is None


def test_values_are_exact_decimals() -> None:
    value = parse_number("58.1 billion")
    assert isinstance(value, Decimal)
    assert value == D("58100000000") and value.normalize() == D("5.81E+10")


@pytest.mark.parametrize(
    ("text", "scale"),
    [("7", 0), ("7 billion", 9), ("Thirteen billion", 9), ("1 trln 284 bln", 12), ("one hundred", 0)],
)
def test_scale_is_the_first_multiplier(text: str, scale: int) -> None:
    phrase = read_number(text)
    assert phrase is not None and phrase.scale == scale


def test_number_source_embeds_in_larger_patterns() -> None:
    years = re.compile(rf"\(({NUMBER_SOURCE})\)", re.IGNORECASE)
    assert [parse_number(m) for m in years.findall("(1 trln 284 bln) and (twenty-two)")] == [
        D(1284000000000),
        D(22),
    ]
    assert NUMBER.fullmatch("24,7 billion")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("in 2020 100 schools", ["2020", "100"]),  # a 4-digit head never starts a space group
        ("2, for adults, 8", ["2", "8"]),  # a comma and a space are not a decimal comma
        ("the 5-7 range", ["5", "7"]),  # a hyphen after a digit is not a minus sign
        ("COVID-19", ["19"]),
        ("issn%2D9114%29", []),  # URL-encoded text: no number after "%" or a letter
        ("someone", []),  # number words are whole words
    ],
)
def test_quantity_pattern_boundaries(text: str, found: list[str]) -> None:
    bare = quantity_pattern(before="(?!)", after="(?!)")
    assert [m["number"] for m in bare.finditer(text)] == found
