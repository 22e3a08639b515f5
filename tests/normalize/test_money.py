"""find_money / parse_money: every format of docs/normalisers.md, the seed phrases and the near-misses."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from govextract.normalize.money import find_money, parse_money
from govextract.records import MoneyAmount

D = Decimal
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


# (text, span, value, ISO code): the text holds exactly one amount, and its span is the only occurrence of
# ``span`` in the text.
FORMS = [
    # seed phrases
    ("58.1 billion tenge was allocated from the national budget", "58.1 billion tenge", D(58100000000), "KZT"),
    ("for the amount of 2.2 billion tenge were for children", "2.2 billion tenge", D(2200000000), "KZT"),
    # tenge, every multiplier form
    ("KZT2trln", "KZT2trln", D(2000000000000), "KZT"),
    ("KZT 1 trln 284 bln", "KZT 1 trln 284 bln", D(1284000000000), "KZT"),
    ("The fund holds KZT2.5tln.", "KZT2.5tln", D(2500000000000), "KZT"),
    ("120bn tenge", "120bn tenge", D(120000000000), "KZT"),
    ("T850 billion", "T850 billion", D(850000000000), "KZT"),
    ("revenues of T4.2 trillion", "T4.2 trillion", D(4200000000000), "KZT"),
    ("24,7 billion tenge", "24,7 billion tenge", D(24700000000), "KZT"),
    ("357,4 million tenge", "357,4 million tenge", D(357400000), "KZT"),
    ("2,085 billion tenge", "2,085 billion tenge", D(2085000000000), "KZT"),
    ("KZT232.6bn", "KZT232.6bn", D(232600000000), "KZT"),
    ("24b tenge", "24b tenge", D(24000000000), "KZT"),
    ("Thirteen billion tenge", "Thirteen billion tenge", D(13000000000), "KZT"),
    ("a pension of 10 515 tenge", "10 515 tenge", D(10515), "KZT"),
    ("a pension of 10\u00a0515 tenge", "10\u00a0515 tenge", D(10515), "KZT"),
    ("a pension of 10\u202f515 tenge", "10\u202f515 tenge", D(10515), "KZT"),
    ("70,000 tenge", "70,000 tenge", D(70000), "KZT"),
    ("KZT 96.5bn", "KZT 96.5bn", D(96500000000), "KZT"),
    ("KZT 463 bln", "KZT 463 bln", D(463000000000), "KZT"),
    ("₸ 500 thousand", "₸ 500 thousand", D(500000), "KZT"),
    ("500 th tenge", "500 th tenge", D(500000), "KZT"),
    ("5 mln tenge", "5 mln tenge", D(5000000), "KZT"),
    ("3 mn tenge", "3 mn tenge", D(3000000), "KZT"),
    ("3 trn tenge", "3 trn tenge", D(3000000000000), "KZT"),
    ("1.2 tn tenge", "1.2 tn tenge", D(1200000000000), "KZT"),
    ("650 tg per litre", "650 tg", D(650), "KZT"),
    ("185 KZT", "185 KZT", D(185), "KZT"),
    ("5 000₸", "5 000₸", D(5000), "KZT"),
    ("one trillion tenge", "one trillion tenge", D(1000000000000), "KZT"),
    ("5 BLN Tenge", "5 BLN Tenge", D(5000000000), "KZT"),
    # dollars
    ("$ 75 million of bonds", "$ 75 million", D(75000000), "USD"),
    ("US$1.5bn", "US$1.5bn", D(1500000000), "USD"),
    ("US$ 13 billion", "US$ 13 billion", D(13000000000), "USD"),
    ("USD 20 million", "USD 20 million", D(20000000), "USD"),
    ("$94,000 to drop all claims", "$94,000", D(94000), "USD"),
    ("20 million dollars", "20 million dollars", D(20000000), "USD"),
    ("10 us dollar", "10 us dollar", D(10), "USD"),
    ("a $5 loan", "$5", D(5), "USD"),  # "A $" (Australian) must be written in capitals
    ("c $ 16.4 million", "c $ 16.4 million", D(16400000), "CAD"),
    ("C$300 million", "C$300 million", D(300000000), "CAD"),
    ("A$5 million", "A$5 million", D(5000000), "AUD"),
    ("125 million australian dollars", "125 million australian dollars", D(125000000), "AUD"),
    ("NZ$15", "NZ$15", D(15), "NZD"),
    ("hk $ 10.05 billion", "hk $ 10.05 billion", D(10050000000), "HKD"),
    ("Sell Mex$ 10 million forward", "Mex$ 10 million", D(10000000), "MXN"),
    ("It costs c $ 100 and fifty.", "c $ 100 and fifty", D("100.50"), "CAD"),
    # other currencies
    ("€12 million", "€12 million", D(12000000), "EUR"),
    ("€ 2 million to dortmund", "€ 2 million", D(2000000), "EUR"),
    ("EUR 5 million", "EUR 5 million", D(5000000), "EUR"),
    ("323 million euros", "323 million euros", D(323000000), "EUR"),
    ("£40 million", "£40 million", D(40000000), "GBP"),
    ("GBP 3 million", "GBP 3 million", D(3000000), "GBP"),
    ("5 million pounds", "5 million pounds", D(5000000), "GBP"),
    ("RUB 1.8 bn", "RUB 1.8 bn", D(1800000000), "RUB"),
    ("2 billion roubles", "2 billion roubles", D(2000000000), "RUB"),
    ("300 rubles", "300 rubles", D(300), "RUB"),
    ("40 Belarusian rubles", "40 Belarusian rubles", D(40), "BYN"),
    ("CNY 450 million", "CNY 450 million", D(450000000), "CNY"),
    ("500 million yuan", "500 million yuan", D(500000000), "CNY"),
    ("100 chinese yuan", "100 chinese yuan", D(100), "CNY"),
    ("the cost is 100元!", "100元", D(100), "CNY"),
    ("five million yen", "five million yen", D(5000000), "JPY"),
    ("its one-yen bid", "one-yen", D(1), "JPY"),
    ("10,000 swiss francs", "10,000 swiss francs", D(10000), "CHF"),
    ("1 million Turkish lira", "1 million Turkish lira", D(1000000), "TRY"),
    ("100 ₡", "100 ₡", D(100), "CRC"),
    ("100₾", "100₾", D(100), "GEL"),
    ("100,000 ₭", "100,000 ₭", D(100000), "LAK"),
    ("100,000 ரூ", "100,000 ரூ", D(100000), "LKR"),
    ("500 Indian rupees", "500 Indian rupees", D(500), "INR"),
    ("200 million som", "200 million som", D(200000000), "KGS"),
    ("3 billion Uzbek sums", "3 billion Uzbek sums", D(3000000000), "UZS"),
]


@pytest.mark.parametrize(("text", "span", "value", "currency"), FORMS)
def test_forms(text: str, span: str, value: Decimal, currency: str) -> None:
    [found] = find_money(text)
    start = text.index(span)
    assert (found.text, found.start, found.end) == (span, start, start + len(span))
    assert (found.value, found.currency) == (value, currency)


@pytest.mark.parametrize(
    "text",
    [
        "In 2020, contracts were concluded for 638 thousand services",  # counts of things
        "the number of persons with disabilities is 705,500 people",
        "567 providers, which is 8.9 times more than in 2019",
        "21,737 prescriptions",
        "the T20 World Cup and the T-34",  # a glued T needs a multiplier
        "All 70 of us.",  # ALL (Albanian lek) is English
        "ALL 5 solutions are wrong.",
        "She got really mad when she heard what happened.",
        "Silica gel is used to absorb moisture.",
        "He has lost his pen 7 times since Monday.",
        "the 5th tenge coin",  # "th" is a multiplier only apart from the digits
        "Strategy-2050",
        "5 usd",  # ISO codes are matched in capitals only
    ],
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


# The garbled amount of seed 000 is one record with value None; its near-misses are read normally.
GARBLED = [
    ("for the amount of 2, for adults, 8 billion tenge", [("2, for adults, 8 billion tenge", None, "KZT")]),
    ("In 2021, 8 billion tenge was allocated", [("8 billion tenge", D(8000000000), "KZT")]),
    ("2,085 billion tenge", [("2,085 billion tenge", D(2085000000000), "KZT")]),
    ("In 2021, for adults, 8 billion tenge", [("8 billion tenge", D(8000000000), "KZT")]),  # a year is no head
    ("of 2, for adults, 8.5 billion tenge", [("8.5 billion tenge", D(8500000000), "KZT")]),  # a whole decimal
    ("of 2, for adults, 8 tenge", [("8 tenge", D(8), "KZT")]),  # no multiplier
    ("of 2, for adults, 800 billion tenge", [("800 billion tenge", D(800000000000), "KZT")]),  # not a tail
    ("of 2, for adults and children in care, 8 billion tenge", [("8 billion tenge", D(8000000000), "KZT")]),
    ("of 2, $8 billion", [("$8 billion", D(8000000000), "USD")]),  # the currency opens a new amount
]


# A bare amount with a multiplier takes the currency of the amount before it in its clause.
CARRIED = [
    (
        "515 billion tenge from the republican budget, 110 billion from the local budget",
        [("515 billion tenge", D(515 * 10**9), "KZT"), ("110 billion", D(110 * 10**9), "KZT")],
    ),
    (
        "$5 million was spent: 3.2 million on roads.",
        [("$5 million", D(5 * 10**6), "USD"), ("3.2 million", D(3200000), "USD")],
    ),
    ("5 billion tenge for 2 million people", [("5 billion tenge", D(5 * 10**9), "KZT")]),  # people are counted
    ("5 billion tenge. 2 million from donors", [("5 billion tenge", D(5 * 10**9), "KZT")]),  # another sentence
    ("5 billion tenge, close to the 6 billion planned", [("5 billion tenge", D(5 * 10**9), "KZT")]),  # not a clause end
    ("5 billion tenge and 300 from donors", [("5 billion tenge", D(5 * 10**9), "KZT")]),  # no multiplier
    (  # a word that adds to the amount before: the bare amount need not end its clause
        "140 billion tenge, and another 100 billion will come from local budgets",
        [("140 billion tenge", D(140 * 10**9), "KZT"), ("100 billion", D(100 * 10**9), "KZT")],
    ),
    (
        "KZT 24.8 trillion, including 5.25 trillion transferred from the National Fund",
        [("KZT 24.8 trillion", D(248 * 10**11), "KZT"), ("5.25 trillion", D(525 * 10**10), "KZT")],
    ),
    ("5 billion tenge, and 2 million people will be covered", [("5 billion tenge", D(5 * 10**9), "KZT")]),
]


@pytest.mark.parametrize(("text", "expected"), CARRIED)
def test_currency_carried_to_a_bare_amount(text: str, expected: list[tuple[str, Decimal, str]]) -> None:
    assert [(m.text, m.value, m.currency) for m in find_money(text)] == expected


@pytest.mark.parametrize(("text", "expected"), GARBLED)
def test_garbled_amounts(text: str, expected: list[tuple[str, Decimal | None, str]]) -> None:
    assert [(m.text, m.value, m.currency) for m in find_money(text)] == expected


def test_seed_000_amounts_in_order(read_seed: Callable[[str], str]) -> None:
    text = read_seed("000_475f5a864b6a489f.txt")
    found = find_money(text)
    assert [(m.text, m.value, m.qualifier.value) for m in found] == [
        ("11 billion tenge", D(11000000000), "more_than"),
        ("90 billion tenge", D(90000000000), "more_than"),
        ("5.1 billion tenge", D(5100000000), "approx"),
        ("2.2 billion tenge", D(2200000000), "exact"),
        ("2, for adults, 8 billion tenge", None, "exact"),
    ]
    assert all(text[m.start : m.end] == m.text and m.currency == "KZT" for m in found)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the repo")
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_offsets_point_into_the_input(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = find_money(text)
    assert all(text[m.start : m.end] == m.text for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KZT 1 trln 284 bln", (D(1284000000000), "KZT")),
        ("58.1 billion tenge", (D(58100000000), "KZT")),
        (" $ 2.5 million ", (D(2500000), "USD")),
        ("2, for adults, 8 billion tenge", (None, "KZT")),
        ("5 billion", None),  # no currency
        ("5 billion tenge and $5", None),  # two amounts
        ("about 5 billion tenge", None),  # more than the amount
    ],
)
def test_parse_money(text: str, expected: tuple[Decimal | None, str] | None) -> None:
    assert parse_money(text) == expected


def test_records_serialise_exact_values() -> None:
    [found] = find_money("58.1 billion tenge")
    assert isinstance(found, MoneyAmount)
    assert found.model_dump(mode="json")["value"] == "58100000000"
