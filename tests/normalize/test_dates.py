"""find_dates and parse_date against the "Dates" rules of docs/annotation.md (forms in docs/dates.md)."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import dateparser
import dateparser.date
import pytest
import spacy

from govextract.components.spans import TokenStarts
from govextract.corpus.markup import load_corpus
from govextract.normalize import dates
from govextract.normalize.dates import find_dates, parse_date
from govextract.records import DateMention, Granularity

DAY, MONTH, QUARTER, HALF, YEAR, PERIOD = (
    Granularity.day,
    Granularity.month,
    Granularity.quarter,
    Granularity.half,
    Granularity.year,
    Granularity.period,
)
D = date
PUB = D(2021, 7, 20)

# (text, published, span, value, value_end, granularity): the text holds exactly one date mention.
FORMS = [
    ("for 2020-2025", None, "2020-2025", D(2020, 1, 1), D(2025, 12, 31), PERIOD),
    ("for 2020–2025", None, "2020–2025", D(2020, 1, 1), D(2025, 12, 31), PERIOD),
    ("in 2023-2025", None, "2023-2025", D(2023, 1, 1), D(2025, 12, 31), PERIOD),
    ("the 2021 - 2022 heating season", None, "2021 - 2022", D(2021, 1, 1), D(2022, 12, 31), PERIOD),
    ("in 2020-21", None, "2020-21", D(2020, 1, 1), D(2021, 12, 31), PERIOD),
    ("in 2021", None, "2021", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("In 2021, it is planned", None, "2021", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("the 2021 year", None, "2021", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("by the end of 2025", None, "2025", D(2025, 1, 1), D(2025, 12, 31), YEAR),
    ("the beginning of 2023", None, "2023", D(2023, 1, 1), D(2023, 12, 31), YEAR),
    ("in mid-2021", None, "2021", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("fell by 12% compared with 2019", None, "2019", D(2019, 1, 1), D(2019, 12, 31), YEAR),
    ("an increase of 30.2% on 2022", None, "2022", D(2022, 1, 1), D(2022, 12, 31), YEAR),
    ("the first half of 2022", None, "first half of 2022", D(2022, 1, 1), D(2022, 6, 30), HALF),
    ("the second half of 2022", None, "second half of 2022", D(2022, 7, 1), D(2022, 12, 31), HALF),
    ("in H2 2022", None, "H2 2022", D(2022, 7, 1), D(2022, 12, 31), HALF),
    ("the third quarter of 2023", None, "third quarter of 2023", D(2023, 7, 1), D(2023, 9, 30), QUARTER),
    ("in the II quarter of 2021", None, "II quarter of 2021", D(2021, 4, 1), D(2021, 6, 30), QUARTER),
    ("in Q4 2023", None, "Q4 2023", D(2023, 10, 1), D(2023, 12, 31), QUARTER),
    ("in May 2021", None, "May 2021", D(2021, 5, 1), D(2021, 5, 31), MONTH),
    ("in September of 2021", None, "September of 2021", D(2021, 9, 1), D(2021, 9, 30), MONTH),
    ("in Sept. 2021", None, "Sept. 2021", D(2021, 9, 1), D(2021, 9, 30), MONTH),
    ("In January-March 2022", None, "January-March 2022", D(2022, 1, 1), D(2022, 3, 31), PERIOD),
    ("on July 14", PUB, "July 14", D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("on July 14th", PUB, "July 14th", D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("on Dec. 12, 2022", None, "Dec. 12, 2022", D(2022, 12, 12), D(2022, 12, 12), DAY),
    ("on December 12, 2022", None, "December 12, 2022", D(2022, 12, 12), D(2022, 12, 12), DAY),
    ("on 12 December 2022", None, "12 December 2022", D(2022, 12, 12), D(2022, 12, 12), DAY),
    ("on 11 September, 2019", None, "11 September, 2019", D(2019, 9, 11), D(2019, 9, 11), DAY),
    ("on the 1st of March 2021", None, "1st of March 2021", D(2021, 3, 1), D(2021, 3, 1), DAY),
    ("on 14.07.2021", None, "14.07.2021", D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("on 2021-07-14", None, "2021-07-14", D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("on 14-15 July 2021", None, "14-15 July 2021", D(2021, 7, 14), D(2021, 7, 15), PERIOD),
    ("on July 14-15, 2021", None, "July 14-15, 2021", D(2021, 7, 14), D(2021, 7, 15), PERIOD),
    ("on February 29", D(2024, 3, 1), "February 29", D(2024, 2, 29), D(2024, 2, 29), DAY),
    ("this year", PUB, "this year", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("This year, the plan", PUB, "This year", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("last year", PUB, "last year", D(2020, 1, 1), D(2020, 12, 31), YEAR),
    ("next year's budget", PUB, "next year", D(2022, 1, 1), D(2022, 12, 31), YEAR),
    ("in May", PUB, "May", D(2021, 5, 1), D(2021, 5, 31), MONTH),
    ("in May last year", PUB, "May", D(2020, 5, 1), D(2020, 5, 31), MONTH),
    ("until November 1 of next year", PUB, "November 1", D(2022, 11, 1), D(2022, 11, 1), DAY),
    ("in the first half of this year", PUB, "first half", D(2021, 1, 1), D(2021, 6, 30), HALF),
]

# Phrases of the five seed releases. The releases carry no date of their own except 001's (2021-07-20); the
# others get one their text implies: 000 reports "10 months of 2020", 002 the first half of 2022, 003 was
# "Changed on 11 September, 2019", 004 follows a meeting of Dec. 12, 2022.
S000, S001, S002, S003, S004 = D(2020, 11, 24), D(2021, 7, 20), D(2022, 8, 16), D(2019, 9, 11), D(2023, 1, 10)
SEED_PHRASES = [
    ("the government session on July 14, the Head", S001, "July 14", D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("Government meeting on Dec. 12, 2022 were", S004, "Dec. 12, 2022", D(2022, 12, 12), D(2022, 12, 12), DAY),
    ("in the first half of 2022 allowed", S002, "first half of 2022", D(2022, 1, 1), D(2022, 6, 30), HALF),
    ("services for 2020-2022, 58.1 billion tenge", S003, "2020-2022", D(2020, 1, 1), D(2022, 12, 31), PERIOD),
    ("with disabilities until 2025 was adopted", S003, "2025", D(2025, 1, 1), D(2025, 12, 31), YEAR),
    ("reminded that in May this year a new", S003, "May", D(2019, 5, 1), D(2019, 5, 31), MONTH),
    ("Changed on 11 September, 2019 - 17:57", S003, "11 September, 2019", D(2019, 9, 11), D(2019, 9, 11), DAY),
    ("by September of this year, all", S001, "September", D(2021, 9, 1), D(2021, 9, 30), MONTH),
    ("their financing until November 1,", S002, "November 1", D(2022, 11, 1), D(2022, 11, 1), DAY),
    ("since 2008 newly diagnosed patients", S000, "2008", D(2008, 1, 1), D(2008, 12, 31), YEAR),
    ("Compared to last year, this is 7% more.", S000, "last year", D(2019, 1, 1), D(2019, 12, 31), YEAR),
    ("in 10 months of 2020 is 705,500 people", S000, "2020", D(2020, 1, 1), D(2020, 12, 31), YEAR),
    ("8.9 times more than in 2019.", S000, "2019", D(2019, 1, 1), D(2019, 12, 31), YEAR),
    ("Healthcare for 2020-2025, measures", S000, "2020-2025", D(2020, 1, 1), D(2025, 12, 31), PERIOD),
    ("by the end of this year, 8 centers", S000, "this year", D(2020, 1, 1), D(2020, 12, 31), YEAR),
    ("technical means to 70% by 2021.", S003, "2021", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ('"Thus, in 2021 the share of', S004, "2021", D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("population in 2023-2025 is developed", S004, "2023-2025", D(2023, 1, 1), D(2025, 12, 31), PERIOD),
    ("resumed this year, which provided", S002, "this year", D(2022, 1, 1), D(2022, 12, 31), YEAR),
]

# Relative mentions in an undated release: found and typed, but never resolved (least of all to today).
UNDATED = [
    ("this year", "this year", YEAR),
    ("compared to last year", "last year", YEAR),
    ("next year", "next year", YEAR),
    ("on July 14, the Head of State", "July 14", DAY),
    ("until November 1", "November 1", DAY),
    ("in May this year", "May", MONTH),
    ("by September of this year", "September", MONTH),
    ("in the first half of this year", "first half", HALF),
    ("in January-March", "January-March", PERIOD),
]

NOT_DATES = [
    "the construction of 2025 facilities",
    "705,500 people, of which 93,900 are children",
    "in 10 months",
    "in the next three years",
    "contributions for 12 months",
    "17:57",
    "children aged 14 and over",
    "a pensioner of 63 years",
    "the Strategy-2050 goals",
    "Kazakhstan-2050",
    "the Expo 2017 exhibition",
    "for 2000-2500 tenge",
    "increased to 2020 people",
    "by 2021%",
    "Decree No. 2021",
    "met with 2000 participants",
    "the 2020s",
    "page 1/2021",
    "Nur-Sultan 2019",
    "May the ministry report",
    "August Bebel spoke",
    "over the last years",
    "according to the results of the first half of the year",
    "on February 30, 2021",
    "on 31.04.2021",
    "on February 29",  # published 2021: not a leap year
    "in 2020-2019",
]


def _only(text: str, published: date | None) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


@pytest.mark.parametrize(("text", "published", "span", "value", "value_end", "granularity"), FORMS + SEED_PHRASES)
def test_find_dates(
    text: str,
    published: date | None,
    span: str,
    value: date,
    value_end: date,
    granularity: Granularity,
) -> None:
    mention = _only(text, published)
    assert (mention.text, mention.value, mention.value_end, mention.granularity) == (
        span,
        value,
        value_end,
        granularity,
    )
    assert text[mention.start : mention.end] == span


@pytest.mark.parametrize(("text", "span", "granularity"), UNDATED)
def test_relative_dates_stay_unresolved_without_published(text: str, span: str, granularity: Granularity) -> None:
    mention = _only(text, None)
    assert (mention.text, mention.value, mention.value_end, mention.granularity) == (span, None, None, granularity)


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_several_dates_in_order_without_overlap() -> None:
    text = (
        "In 2020, 567 providers worked, 8.9 times more than in 2019. For 10 months of 2020 the figure grew; "
        "in 2019, 2020 and 2021 the plan held, and in May this year a plan until 2025 was adopted "
        "(changed on 11 September, 2019 - 17:57)."
    )
    found = find_dates(text, D(2019, 9, 11))
    assert [m.text for m in found] == [
        "2020",
        "2019",
        "2020",
        "2019",
        "2020",
        "2021",
        "May",
        "2025",
        "11 September, 2019",
    ]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("in 2019, 2020 and 2021", ["2019", "2020", "2021"]),
        ("between 2019 and 2021", ["2019", "2021"]),
        ("from 2019 to 2021", ["2019", "2021"]),
        ("In January and February", ["January", "February"]),
        ("in January, February or March", ["January", "February", "March"]),
    ],
)
def test_a_listed_date_shares_the_cue(text: str, spans: list[str]) -> None:
    assert [m.text for m in find_dates(text, PUB)] == spans


def test_relative_mention_consumes_its_year_tail() -> None:
    # "this year" after "May" resolves the month; the guide does not tag it a second time.
    assert [m.text for m in find_dates("in May this year and by September of last year", PUB)] == [
        "May",
        "September",
    ]


# (phrase, published, value, value_end, granularity) for parse_date's fast paths.
PHRASES = [
    ("2020-2025", None, D(2020, 1, 1), D(2025, 12, 31), PERIOD),
    ("2021", None, D(2021, 1, 1), D(2021, 12, 31), YEAR),
    ("since 2008", None, D(2008, 1, 1), D(2008, 12, 31), YEAR),
    ("by the end of 2025", None, D(2025, 1, 1), D(2025, 12, 31), YEAR),
    ("10 months of 2020", None, D(2020, 1, 1), D(2020, 12, 31), YEAR),
    ("the first half of 2022", None, D(2022, 1, 1), D(2022, 6, 30), HALF),
    ("in the third quarter of 2023", None, D(2023, 7, 1), D(2023, 9, 30), QUARTER),
    ("May 2021", None, D(2021, 5, 1), D(2021, 5, 31), MONTH),
    ("Dec. 12, 2022", None, D(2022, 12, 12), D(2022, 12, 12), DAY),
    ("12 December 2022", None, D(2022, 12, 12), D(2022, 12, 12), DAY),
    ("11 September, 2019", None, D(2019, 9, 11), D(2019, 9, 11), DAY),
    ("14.07.2021", None, D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("2021-07-14", None, D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("July 14", PUB, D(2021, 7, 14), D(2021, 7, 14), DAY),
    ("May", PUB, D(2021, 5, 1), D(2021, 5, 31), MONTH),
    ("in May this year", PUB, D(2021, 5, 1), D(2021, 5, 31), MONTH),
    ("by September of this year", PUB, D(2021, 9, 1), D(2021, 9, 30), MONTH),
    ("last year", PUB, D(2020, 1, 1), D(2020, 12, 31), YEAR),
    ("  next\n year ", PUB, D(2022, 1, 1), D(2022, 12, 31), YEAR),
    ("this year", None, None, None, YEAR),
    ("July 14", None, None, None, DAY),
]


@pytest.mark.parametrize(("phrase", "published", "value", "value_end", "granularity"), PHRASES)
def test_parse_date(
    phrase: str,
    published: date | None,
    value: date | None,
    value_end: date | None,
    granularity: Granularity,
) -> None:
    assert parse_date(phrase, published) == (value, value_end, granularity)


@pytest.fixture
def no_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateparser was called")

    dates._parse_with_dateparser.cache_clear()  # a cached answer would hide a call
    monkeypatch.setattr(dateparser.date.DateDataParser, "get_date_data", refuse)
    monkeypatch.setattr(dateparser, "parse", refuse)


@pytest.mark.usefixtures("no_dateparser")
def test_fast_paths_never_call_dateparser() -> None:
    for text, published, span, *_ in FORMS + SEED_PHRASES:
        assert find_dates(text, published)
        if span != "first half":  # a half is a date only with its year, which this span leaves outside
            assert parse_date(span, published) is not None
    for phrase, published, *_ in PHRASES:
        assert parse_date(phrase, published) is not None
    for text in NOT_DATES:
        find_dates(text, PUB)
    # Clock times and durations are refused before the fallback, too.
    assert parse_date("17:57", PUB) is None
    assert parse_date("10 months", PUB) is None
    assert parse_date("the next three years", PUB) is None


def test_fallback_reads_other_forms_against_published() -> None:
    assert parse_date("March the 15th, 2021", None) == (D(2021, 3, 15), D(2021, 3, 15), DAY)
    assert parse_date("05/07/2021", None) == (D(2021, 7, 5), D(2021, 7, 5), DAY)  # day first, as in Kazakhstan
    assert parse_date("yesterday", PUB) == (D(2021, 7, 19), D(2021, 7, 19), DAY)
    assert parse_date("last month", PUB) == (D(2021, 6, 1), D(2021, 6, 30), MONTH)


def test_fallback_never_uses_today() -> None:
    assert parse_date("yesterday", None) == (None, None, DAY)
    assert parse_date("last month", None) == (None, None, MONTH)


def test_fallback_refuses_non_dates() -> None:
    for phrase in ["", "   ", "Strategy-2050", "2025 facilities", "705,500", "1626739200", "aged 45"]:
        assert parse_date(phrase, PUB) is None, phrase


def test_fallback_is_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = dateparser.date.DateDataParser.get_date_data

    def counting(self: dateparser.date.DateDataParser, date_string: str, *args: object, **kwargs: object) -> object:
        calls.append(date_string)
        return real(self, date_string, *args, **kwargs)

    dates._parse_with_dateparser.cache_clear()
    monkeypatch.setattr(dateparser.date.DateDataParser, "get_date_data", counting)
    assert parse_date("the day before yesterday", PUB) == (D(2021, 7, 18), D(2021, 7, 18), DAY)
    assert parse_date("the  day before yesterday ", PUB) == (D(2021, 7, 18), D(2021, 7, 18), DAY)
    assert calls == ["the day before yesterday"]


def _texts() -> list[str]:
    found = [d.text for d in load_corpus(Path(__file__).resolve().parents[2] / "corpus" / "docs")]
    # Dense made-up ones: dates running into each other, into numbers, words and dashes.
    parts = ["14", "15th", "2021", "20", "-", " - ", "–", ".", ",", " ", "\n", "of ", "July", "Sept.", "MAY", "May"]
    parts += ["in ", "year", "H1", "Q3", "first half", "31.12.", "07", "/", "mid-", "and ", "Mayear", "H2020", "Decree"]
    found += ["".join(combo) for combo in itertools.product(parts, repeat=3)]
    return found


def test_rules_tried_at_their_starts_find_what_a_scan_finds() -> None:
    """A rule with ``starts`` is tried only at those places; it must find what a scan of its window finds."""
    grammar = dates.DEFAULT
    for text in _texts():
        for trigger in grammar.triggers:
            seeds = [m.start() for m in trigger.seed.finditer(text)]
            for window in dates._windows(seeds, trigger.before, trigger.after):
                for rule in trigger.rules:
                    scanned = [m.span() for m in rule.pattern.finditer(text, window.low, window.high)]
                    assert [m.span() for m in rule.finditer(text, window)] == scanned, (text[:80], rule.pattern)


def test_seeds_read_from_tokens_are_the_seeds_a_scan_finds() -> None:
    """The dates component reads the triggers' seeds from tokens (TokenStarts); the rules need exactly the
    seeds, no more: a window around a place no seed starts could cut a match short."""
    grammar = dates.DEFAULT
    nlp = spacy.blank("en")
    seeds = TokenStarts(nlp.vocab, *grammar.seeds)
    for text in _texts():
        scanned = [[m.start() for m in seed.finditer(text)] for seed in grammar.seeds]
        doc = nlp.make_doc(text)
        assert [seeds(doc, seed) for seed in grammar.seeds] == scanned, text[:80]
