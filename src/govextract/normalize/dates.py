"""Find calendar dates in press-release text and normalise them to ``DateMention`` records.

Which stretches are dates, and what each one covers, follows the "Dates" rules of docs/annotation.md;
docs/dates.md lists the forms, the relative-date rule and the dateparser fallback.

``find_dates`` runs on every document, so everything it tags goes through regexes compiled once from
``patterns/dates.json`` (a :class:`DateGrammar`; one is built per vocabulary, e.g. with a user's merged over
it). dateparser costs ~1.5 ms a phrase: only ``parse_date`` calls it, for phrases that none of those regexes
cover, and caches each answer.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from govextract.records import DateMention, Granularity
from govextract.resources import Patterns, default_patterns

__all__ = ["DateGrammar", "Resolved", "date_grammar", "find_dates", "parse_date"]

Resolved = tuple[date | None, date | None, Granularity]
"""First day, last day, granularity. Both days are None for a relative date when the publication date is unknown."""


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so that "Sept" is tried before "Sep" and "III" before "I". A space in a phrase
    # ("per cent", "compared with") matches any run of whitespace, line breaks included.
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split(" ")) for w in ordered)


# ---- regex fragments that take no words ------------------------------------------------------------------

_YEAR = r"(?:19|20)\d\d"
# A number must not be glued to another one ("705,500", "1.2021", "2/2021") ...
_NUM_START = r"(?<![\w.,/])"
# ... nor run on into one ("2020.5", "2019-17", a clock time "20:21").
_NUM_END = r"(?!\w|[.,/:]\d|\s?[-–—]\s?\d)"
_DASH = r"\s?[-–—]\s?"


def _day(group: str) -> str:
    return rf"(?P<{group}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|[.,:]\d)"


# An explicit year after a day or month; "of" is written with it ("September of 2021").
_OPT_YEAR = rf"(?:,?\s+(?:of\s+)?(?P<year>{_YEAR})(?!\d))?"

_ISO = re.compile(
    rf"{_NUM_START}(?<!-)(?P<year>{_YEAR})-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01]){_NUM_END}"
)
# Day first, as Kazakhstan writes it: 14.07.2021 is 14 July.
_DOTTED = re.compile(
    rf"{_NUM_START}(?P<day>3[01]|[12]\d|0?[1-9])\.(?P<month>1[0-2]|0?[1-9])\.(?P<year>{_YEAR}){_NUM_END}"
)
_YEAR_SPAN = re.compile(rf"{_NUM_START}(?<!\w[-–])(?P<y1>{_YEAR}){_DASH}(?P<y2>{_YEAR}|\d\d){_NUM_END}")
_BARE_YEAR = re.compile(rf"{_NUM_START}(?P<year>{_YEAR}){_NUM_END}")
_CUE_WINDOW = 32
# "in 2019, 2020 and 2021", "in January and February": a bare year or month listed right after another
# date shares its cue.
_LIST_SEPARATOR = re.compile(r"(?:,?\s+(?:and|or)|,)\s*\Z", re.IGNORECASE)
_LIST_SEPARATOR_WINDOW = 8
_AFTER_LISTED_MONTH_WINDOW = 24
_NUMBER_AFTER = re.compile(r"\s+\d")

# ---- candidates ------------------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ sets each field through object.__setattr__
class _Hit:
    """A candidate date: the mention is text[start:end]; text[start:claim_end] is what it accounts for."""

    start: int
    end: int
    claim_end: int
    first: date | None
    last: date | None
    granularity: Granularity


def _hit(m: re.Match[str], claim_end: int, days: tuple[date, date] | None, granularity: Granularity) -> _Hit:
    first, last = days if days is not None else (None, None)
    return _Hit(m.start(), m.end(), claim_end, first, last, granularity)


def _months(year: int | None, first_month: int, last_month: int) -> tuple[date, date] | None:
    if year is None:
        return None
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def _days(year: int | None, month: int, first_day: int, last_day: int) -> tuple[date, date] | None:
    # Raises ValueError for a day the month never has; 2000 is a leap year, so an unresolved
    # "February 29" passes and an unresolved "February 30" does not.
    date(2000, month, last_day)
    if year is None:
        return None
    return date(year, month, first_day), date(year, month, last_day)


_Builder = Callable[[re.Match[str], str, date | None, bool], _Hit | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    """A regex and the builder of its hits. ``starts``, when given, lists places in a window that include every
    place a match can start, so that the regex is tried only there instead of at every character: scanning the
    windows was where the rules' time went. tests/normalize/test_dates.py checks both ways agree."""

    pattern: re.Pattern[str]
    build: _Builder
    starts: Callable[[str, _Window], Iterable[int]] | None = None

    def finditer(self, text: str, window: _Window) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the window."""
        if self.starts is None:
            yield from self.pattern.finditer(text, window.low, window.high)
            return
        resume = window.low
        for start in self.starts(text, window):
            if start >= resume and (m := self.pattern.match(text, start, window.high)):
                resume = m.end()
                yield m


def _at_seeds(text: str, window: _Window) -> list[int]:
    """For a rule whose match starts with its seed: a month name at a word boundary (which no seed can run
    across while every spelling is one word), a year at the start of its digits."""
    return window.seeds


_DIGITS = re.compile(r"\d+")


def _at_numbers_before_seeds(text: str, window: _Window) -> Iterator[int]:
    """For a rule whose match starts with a number and has a seed after it ("14 July", "14.07.2021"): the
    starts of the runs of digits before the window's last seed."""
    return (m.start() for m in _DIGITS.finditer(text, window.low, window.seeds[-1]))


@dataclass(frozen=True, slots=True)
class _Trigger:
    """Rules that only run near a seed: text every date of theirs contains, and that re finds fast.

    re scans quickly only for a pattern that starts with literal text; every rule starts with a lookbehind
    or ``\\b`` and would cost ~1 ms per 20,000 characters, each. So each rule scans only the windows
    around its seeds. A match starts at most ``before`` characters before its seed's start and ends, with
    the lookahead after it, within ``after`` characters of that start: a window's end is the end of the
    string to a lookahead, so it must never cut one. Runs of whitespace longer than the slack in these
    bounds are the one thing they do not allow for.
    """

    seed: re.Pattern[str]
    before: int
    after: int
    rules: tuple[_Rule, ...]


def _literals(words: Iterable[str]) -> re.Pattern[str]:
    # A plain alternation of literals, with no \b in front: the form re scans fastest.
    return re.compile(_alternation(words))


def _cased(*words: str) -> list[str]:
    return [form for w in words for form in (w, w.capitalize(), w.upper())]


_YEAR_SEED = re.compile(_YEAR)


@dataclass(slots=True)
class _Window:
    """A stretch within reach of some seeds: text[low:high], and where those seeds start."""

    low: int
    high: int
    seeds: list[int]


def _windows(starts: list[int], before: int, after: int) -> list[_Window]:
    """The stretches within reach of the seeds, overlapping ones merged so no match is found twice."""
    windows: list[_Window] = []
    for start in starts:
        low, high = max(0, start - before), start + after
        if windows and low <= windows[-1].high:
            windows[-1].high = high
            windows[-1].seeds.append(start)
        else:
            windows.append(_Window(low, high, [start]))
    return windows


def _leftmost_longest(hits: list[_Hit]) -> list[_Hit]:
    chosen: list[_Hit] = []
    taken_until = 0
    # sorted() is stable: among equal starts and extents, the order of the triggers and their rules decides.
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.claim_end)):
        if hit.start >= taken_until:
            chosen.append(hit)
            taken_until = hit.claim_end
    return chosen


# ---- the grammar -----------------------------------------------------------------------------------------


class DateGrammar:
    """The date rules compiled from one ``dates.json`` vocabulary."""

    def __init__(self, patterns: Patterns) -> None:
        vocab: dict[str, Any] = patterns["dates.json"]
        if len(vocab["months"]) != 12:
            # a user's months are appended to the default twelve: months are not extended that way
            raise patterns.error("dates.json", f"'months' must list the 12 months, found {len(vocab['months'])}")
        self.month_numbers, month_names, month_abbreviations = self._month_spellings(vocab["months"])
        # The month rules are tried only where a month seed starts (``_at_seeds``), which finds every match only
        # while no seed can run across a word boundary: while every spelling is one word.
        if not all(re.fullmatch(r"\w+", spelling) for spelling in self.month_numbers):
            raise patterns.error("dates.json", "a month's name or abbreviation must be one word")
        self.ordinals: dict[str, int] = {k.lower(): v for k, v in vocab["ordinals"].items()}
        self.relative_years: dict[str, int] = {k.lower(): v for k, v in vocab["relative_years"].items()}
        year_cues = vocab["year_cues"]
        names = _alternation(month_names)
        abbreviations = _alternation(month_abbreviations)

        def month(group: str) -> str:
            return rf"\b(?P<{group}>(?:{names})\b|(?:{abbreviations})(?:\.|\b))"

        # Abbreviations never stand alone: "Jan" and "Mar" are names and words too often.
        full_month = rf"\b(?P<month>{names})\b"
        ordinal = rf"\b(?P<ordinal>{_alternation(self.ordinals)})"
        relative = _alternation(self.relative_years)

        month_day_range = re.compile(rf"{month('month')}\s+{_day('d1')}{_DASH}{_day('d2')}{_OPT_YEAR}")
        day_month_range = re.compile(
            rf"{_NUM_START}(?<![-–—]){_day('d1')}{_DASH}{_day('d2')}\s+(?:of\s+)?{month('month')}{_OPT_YEAR}"
        )
        month_day = re.compile(rf"{month('month')}\s+{_day('day')}{_OPT_YEAR}")
        day_month = re.compile(rf"{_NUM_START}(?<![-–—]){_day('day')}\s+(?:of\s+)?{month('month')}{_OPT_YEAR}")
        month_year = re.compile(rf"{month('month')}(?:\s+of)?,?\s+(?P<year>{_YEAR})(?!\d)")
        month_range = re.compile(rf"{month('m1')}{_DASH}{month('m2')}{_OPT_YEAR}")
        bare_month = re.compile(full_month)
        half = re.compile(rf"(?:{ordinal}\s+half|\bH(?P<number>[12]))\b{_OPT_YEAR}", re.IGNORECASE)
        quarter = re.compile(rf"(?:{ordinal}\s+quarter|\bQ(?P<number>[1-4]))\b{_OPT_YEAR}", re.IGNORECASE)
        relative_year = re.compile(rf"\b(?P<rel>{relative})\s+year\b", re.IGNORECASE)

        # "May this year", "September of last year": the year that resolves a yearless day, month, half or
        # quarter. The annotation guide tags the month alone, so the tail is accounted for but stays outside
        # the span.
        self.relative_tail = re.compile(rf",?\s+(?:of\s+)?(?P<rel>{relative})\s+year\b", re.IGNORECASE)
        # The words right before a bare year or month that make it a date: "in 2021", "compared with 2019",
        # "until November", or a prefix hyphened to it ("mid-2021", but not "Strategy-2050").
        self.cue_before = re.compile(rf"(?<![A-Za-z])(?:{_alternation(year_cues)})\s+\Z", re.IGNORECASE)
        self.prefix_before = re.compile(
            rf"(?<![A-Za-z])(?:{_alternation(vocab['year_cue_prefixes'])})[-–]\Z", re.IGNORECASE
        )
        self.after_listed_month = re.compile(rf"\b(?:{names}){_LIST_SEPARATOR.pattern}")
        self.year_word_after = re.compile(rf"\s+(?:{_alternation(vocab['year_words'])})\b", re.IGNORECASE)
        # A number followed by a unit or a counted noun is a quantity, whatever precedes it ("for 2000 tenge").
        self.quantity_after = re.compile(rf"\s*(?:{_alternation(vocab['quantity_words'])})(?!\w)", re.IGNORECASE)

        count = rf"(?:\d+|{_alternation(vocab['number_words'])})"
        duration_unit = rf"(?:{_alternation(vocab['duration_units'])})"
        # parse_date: a phrase may carry the words find_dates leaves outside the span ("since 2008", "in the
        # first half of 2022", "by the end of 2025", "for 10 months of 2020"); the value is the date the phrase
        # names, whatever the words before it imply.
        self.phrase_prefix = re.compile(
            rf"(?:(?:{_alternation(year_cues)}|on|at)\s+)?(?:the\s+)?"
            rf"(?:(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?)?(?:{count}\s+{duration_unit}\s+of\s+)?",
            re.IGNORECASE,
        )
        # Clock times and durations are never dates, but dateparser reads "17:57" as today and "10 months" as
        # "10 months ago"; such phrases never reach it.
        self.not_a_date = re.compile(
            r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
            r"|(?:(?:for|over|within|during|in|the)\s+)*(?:(?:next|last|past|coming|previous|following|first)\s+)?"
            rf"{count}\s+{duration_unit}",
            re.IGNORECASE,
        )

        # Within each trigger, order breaks ties between candidates with the same start and extent.
        self.years = _Trigger(
            _YEAR_SEED,
            before=8,  # "31.12." before the year
            after=24,  # "2021-07-14", "2020 – 2025", and the lookahead after them
            rules=(
                _Rule(_ISO, self._on_iso_or_dotted, starts=_at_seeds),
                _Rule(_DOTTED, self._on_iso_or_dotted, starts=_at_numbers_before_seeds),
                _Rule(_YEAR_SPAN, self._on_year_span, starts=_at_seeds),
            ),
        )
        self.triggers = (
            self.years,
            _Trigger(
                _literals([*month_names, *month_abbreviations]),
                before=24,  # "14th - 15th of " before the month
                after=56,  # "September 14th - 15th, of 2021" and the lookahead after it
                rules=(
                    _Rule(month_day_range, self._on_day_range, starts=_at_seeds),
                    _Rule(day_month_range, self._on_day_range, starts=_at_numbers_before_seeds),
                    _Rule(month_day, self._on_day, starts=_at_seeds),
                    _Rule(day_month, self._on_day, starts=_at_numbers_before_seeds),
                    _Rule(month_year, self._on_month_year, starts=_at_seeds),
                    _Rule(month_range, self._on_month_range, starts=_at_seeds),
                    _Rule(bare_month, self._on_bare_month, starts=_at_seeds),
                ),
            ),
            _Trigger(
                _literals([*_cased("half", "quarter"), "H1", "H2", "Q1", "Q2", "Q3", "Q4"]),
                before=16,  # "fourth " before "quarter"
                after=32,  # "quarter of 2023" and the lookahead after it
                rules=(_Rule(half, self._on_half), _Rule(quarter, self._on_quarter)),
            ),
            _Trigger(
                _literals(_cased("year")), before=16, after=8, rules=(_Rule(relative_year, self._on_relative_year),)
            ),
        )
        self.seeds: tuple[re.Pattern[str], ...] = tuple(trigger.seed for trigger in self.triggers)
        """The seed regex of each trigger, in order: the rules run only near where these match."""

    @staticmethod
    def _month_spellings(months: list[dict[str, Any]]) -> tuple[dict[str, int], list[str], list[str]]:
        numbers: dict[str, int] = {}
        names: list[str] = []
        abbreviations: list[str] = []
        for number, entry in enumerate(months, start=1):
            # Capitalised or all-caps only: "may" and "march" in lower case are a verb, not a month.
            for spelling in (entry["name"], entry["name"].upper()):
                numbers[spelling] = number
                names.append(spelling)
            for abbreviation in entry["abbreviations"]:
                for spelling in (abbreviation, abbreviation.upper()):
                    numbers[spelling] = number
                    abbreviations.append(spelling)
        return numbers, names, abbreviations

    # ---- public API, for this grammar ----------------------------------------------------------------------

    def find(
        self, text: str, published: date | None = None, seeds: Sequence[list[int]] | None = None
    ) -> list[DateMention]:
        """:func:`find_dates` with this grammar. ``seeds``: where each of :attr:`seeds` matches in ``text`` (a
        caller that has them already, from tokens, spares the scans)."""
        return [
            DateMention(
                text=text[hit.start : hit.end],
                start=hit.start,
                end=hit.end,
                value=hit.first,
                value_end=hit.last,
                granularity=hit.granularity,
            )
            for hit in _leftmost_longest(self._candidates(text, published, phrase=False, seeds=seeds))
        ]

    def parse(self, text: str, published: date | None = None) -> Resolved | None:
        """:func:`parse_date` with this grammar."""
        phrase = " ".join(text.split())
        if not phrase:
            return None
        prefix = self.phrase_prefix.match(phrase)
        body_start = prefix.end() if prefix else 0
        for hit in self._candidates(phrase, published, phrase=True):
            if hit.start == body_start and hit.claim_end == len(phrase):
                return hit.first, hit.last, hit.granularity
        if self.not_a_date.fullmatch(phrase):
            return None
        return _parse_with_dateparser(phrase, published)

    # ---- candidates ----------------------------------------------------------------------------------------

    def _candidates(
        self, text: str, published: date | None, phrase: bool, seeds: Sequence[list[int]] | None = None
    ) -> list[_Hit]:
        """Every reading of every date-like stretch, overlapping; ``phrase`` lifts the context rules."""
        hits: list[_Hit] = []
        if seeds is None:
            seeds = [[m.start() for m in seed.finditer(text)] for seed in self.seeds]
        year_starts: list[int] = []
        for trigger, starts in zip(self.triggers, seeds, strict=True):
            if trigger is self.years:
                year_starts = starts
            for window in _windows(starts, trigger.before, trigger.after):
                for rule in trigger.rules:
                    for m in rule.finditer(text, window):
                        try:
                            hit = rule.build(m, text, published, phrase)
                        except ValueError:
                            continue  # a day the month does not have ("February 30", "31.04.2021")
                        if hit is not None:
                            hits.append(hit)
        # Bare years last: "in 2019 and 2020" lets a year follow any date found above.
        ends = {hit.end for hit in hits}
        for start in year_starts:
            m = _BARE_YEAR.match(text, start)
            if m and (phrase or self._bare_year_in_context(text, start, m.end(), ends)):
                hits.append(_hit(m, m.end(), _months(int(m["year"]), 1, 12), Granularity.year))
                ends.add(m.end())
        return hits

    def _bare_year_in_context(self, text: str, start: int, end: int, ends: set[int]) -> bool:
        """Whether a 4-digit number is a year: "in 2021", "2021 year", "in 2019 and 2020"; not "2025 facilities"."""
        if self.quantity_after.match(text, end):
            return False
        if self.year_word_after.match(text, end) or self._after_cue(text, start):
            return True
        listed = _LIST_SEPARATOR.search(text, max(0, start - _LIST_SEPARATOR_WINDOW), start)
        return listed is not None and listed.start() in ends

    def _year_of(self, m: re.Match[str], text: str, published: date | None) -> tuple[int | None, int]:
        """The year of a day, month, half or quarter, and where the text it accounts for ends.

        An explicit year wins; otherwise a "this/last/next year" tail or, without one, the publication year.
        None when the year is relative and ``published`` is unknown: never today's year.
        """
        explicit = m.groupdict().get("year")
        if explicit:
            return int(explicit), m.end()
        tail = self.relative_tail.match(text, m.end())
        if tail is None:
            return (published.year if published else None), m.end()
        return (published.year + self.relative_years[tail["rel"].lower()] if published else None), tail.end()

    def _after_cue(self, text: str, start: int) -> bool:
        window = max(0, start - _CUE_WINDOW)
        return bool(self.cue_before.search(text, window, start) or self.prefix_before.search(text, window, start))

    def _month_number(self, m: re.Match[str], group: str) -> int:
        return self.month_numbers[m[group].rstrip(".")]

    # ---- one builder per rule: the hit a match makes, or None when it is no date ----------------------------

    def _on_iso_or_dotted(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        day = int(m["day"])
        return _hit(m, m.end(), _days(int(m["year"]), int(m["month"]), day, day), Granularity.day)

    def _on_day_range(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        first_day, last_day = int(m["d1"]), int(m["d2"])
        if first_day >= last_day:
            return None
        year, claim_end = self._year_of(m, text, published)
        days = _days(year, self._month_number(m, "month"), first_day, last_day)
        return _hit(m, claim_end, days, Granularity.period)

    def _on_day(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        if not m["year"] and self.quantity_after.match(text, m.end()):
            return None  # "in May 5 million ...": a count after a month name
        day = int(m["day"])
        year, claim_end = self._year_of(m, text, published)
        return _hit(m, claim_end, _days(year, self._month_number(m, "month"), day, day), Granularity.day)

    def _on_month_year(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        month = self._month_number(m, "month")
        return _hit(m, m.end(), _months(int(m["year"]), month, month), Granularity.month)

    def _on_month_range(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        first_month, last_month = self._month_number(m, "m1"), self._month_number(m, "m2")
        if first_month >= last_month:
            return None  # "November-February" crosses a year boundary the text does not give
        year, claim_end = self._year_of(m, text, published)
        return _hit(m, claim_end, _months(year, first_month, last_month), Granularity.period)

    def _on_bare_month(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        if _NUMBER_AFTER.match(text, m.end()):
            return None  # a day the day rules refused ("February 30"): not a month either
        year, claim_end = self._year_of(m, text, published)
        # A capitalised month name is also a person's name or a sentence's first word; alone it needs a cue
        # ("in May", "until November"), a relative-year tail ("May this year") or a month before it in a list.
        listed = self.after_listed_month.search(text, max(0, m.start() - _AFTER_LISTED_MONTH_WINDOW), m.start())
        if not (phrase or claim_end > m.end() or listed or self._after_cue(text, m.start())):
            return None
        month = self._month_number(m, "month")
        return _hit(m, claim_end, _months(year, month, month), Granularity.month)

    def _period_part(self, m: re.Match[str], text: str, published: date | None, parts: int) -> _Hit | None:
        number = int(m["number"]) if m["number"] else self.ordinals[m["ordinal"].lower()]
        if number > parts:
            return None  # "third half"
        year, claim_end = self._year_of(m, text, published)
        if not m["year"] and claim_end == m.end():
            return None  # "the first half of the year": the guide tags halves and quarters only with their year
        months = 12 // parts
        granularity = Granularity.half if parts == 2 else Granularity.quarter
        return _hit(m, claim_end, _months(year, number * months - months + 1, number * months), granularity)

    def _on_half(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        return self._period_part(m, text, published, 2)

    def _on_quarter(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        return self._period_part(m, text, published, 4)

    def _on_year_span(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        first_year = int(m["y1"])
        # "2020-21" shortens the second year to its last two digits.
        last_year = int(m["y2"]) if len(m["y2"]) == 4 else first_year // 100 * 100 + int(m["y2"])
        if last_year <= first_year or self.quantity_after.match(text, m.end()):
            return None
        return _hit(m, m.end(), (date(first_year, 1, 1), date(last_year, 12, 31)), Granularity.period)

    def _on_relative_year(self, m: re.Match[str], text: str, published: date | None, phrase: bool) -> _Hit | None:
        year = published.year + self.relative_years[m["rel"].lower()] if published else None
        return _hit(m, m.end(), _months(year, 1, 12), Granularity.year)


@lru_cache(maxsize=8)
def date_grammar(patterns: Patterns) -> DateGrammar:
    """The date grammar of ``patterns``, built once per distinct vocabulary."""
    return DateGrammar(patterns)


DEFAULT = date_grammar(default_patterns())

# ---- public API ------------------------------------------------------------------------------------------


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date mention in ``text``, sorted by start and never overlapping.

    ``published`` resolves relative mentions ("July 14", "in May", "this year"); without it they are
    returned with ``value`` and ``value_end`` None. Never calls dateparser.
    """
    return DEFAULT.find(text, published)


def parse_date(text: str, published: date | None = None) -> Resolved | None:
    """Read one date phrase ("Dec. 12, 2022", "in the first half of 2022", "last year"); None if it is none.

    The forms ``find_dates`` knows are read by its regexes; anything else goes to dateparser (cached).
    """
    return DEFAULT.parse(text, published)


# ---- dateparser fallback ---------------------------------------------------------------------------------

# Without a publication date a phrase is read against two unrelated moments: if the reading moves with the
# base, the phrase is relative and its value is unknown. dateparser never sees today's date.
_PROBE_BASES = (datetime(2001, 2, 3), datetime(2012, 11, 28))


@lru_cache(maxsize=4096)
def _parse_with_dateparser(phrase: str, published: date | None) -> Resolved | None:
    if published is not None:
        return _dateparser_reading(phrase, datetime.combine(published, time()))
    first, second = (_dateparser_reading(phrase, base) for base in _PROBE_BASES)
    if first == second:
        return first
    if first is None or second is None:
        return None
    return None, None, first[2]


def _dateparser_reading(phrase: str, base: datetime) -> Resolved | None:
    # Imported here: dateparser and its language data take ~0.3 s to load, which only a fallback should pay.
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,  # missing parts come from the base, never from today
            "PREFER_DATES_FROM": "current_period",  # "March" is March of the base year, as on the fast paths
            "PREFER_DAY_OF_MONTH": "first",
            "DATE_ORDER": "DMY",  # Kazakhstan writes the day first: 05/07/2021 is 5 July
            "PARSERS": ["relative-time", "absolute-time"],  # no Unix timestamps: "1626739200" is a number
        },
    )
    # get_date_data rather than dateparser.parse: its period gives the granularity of "March" or "2021".
    found = parser.get_date_data(phrase)
    if found.date_obj is None:
        return None
    day = found.date_obj.date()
    if found.period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), Granularity.year
    if found.period == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), Granularity.month
    if found.period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6), Granularity.period
    return day, day, Granularity.day
