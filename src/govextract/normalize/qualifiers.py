"""How the text bounds a quantity: cue words before it ("more than", "about") and ranges ("from 17 to 50%").

Shared by money and percent: each finds its candidate quantities (numbers with the units their markers name,
bare numbers included) and :func:`bound` pairs range ends, lends a unit and a multiplier across a range, sets
qualifiers and drops the numbers that end up with no unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Generic, TypeVar

from govextract.normalize.numbers import DEFAULT as DEFAULT_NUMBERS
from govextract.normalize.numbers import NumberGrammar, alternation, marker_key
from govextract.records import Qualifier, RangeEnd
from govextract.resources import Patterns, default_patterns

U = TypeVar("U")  # what a quantity measures: an ISO code for money, "percent"/"points" for percent


_CUE_WINDOW = 40  # characters looked at before a span: the longest cue and its spacing fit (a user cue too, if shorter)


@dataclass(frozen=True, slots=True)
class Cues:
    """The qualifier cues of one lexicon (``qualifiers.json``).

    ``pattern`` is one regex that ends at the end of the searched window, one named group per qualifier; the
    leftmost cue that reaches the span wins, so "no more than" (at_most) beats "more than" (more_than) and
    "not less than" beats "less than". ``endings`` are the cues' last words, case-folded: most numbers follow
    none of them, and a test of the text's end spares them the regex search.
    """

    pattern: re.Pattern[str]
    endings: tuple[str, ...]

    def before(self, text: str, start: int) -> Qualifier:
        """The qualifier whose cue phrase ends just before ``text[start]`` (docs/annotation.md), else exact."""
        low = max(0, start - _CUE_WINDOW)
        if not text[low:start].rstrip().casefold().endswith(self.endings):
            return Qualifier.exact
        cue = self.pattern.search(text, low, start)
        return Qualifier(cue.lastgroup) if cue and cue.lastgroup else Qualifier.exact


@lru_cache(maxsize=8)
def cue_pattern(patterns: Patterns) -> Cues:
    """The :class:`Cues` of ``patterns``."""
    cues = {name: words for name, words in patterns["qualifiers.json"].items() if name[0] != "_"}
    pattern = re.compile(
        r"(?<![^\W_])(?:"
        + "|".join(f"(?P<{Qualifier(name).value}>{alternation(words)})" for name, words in cues.items())
        + r")\s*$",
        re.IGNORECASE,
    )
    return Cues(pattern, tuple({word.split()[-1].casefold() for words in cues.values() for word in words}))


_CUE = cue_pattern(default_patterns())

# What stands between the two ends of a range: "5-7", "5–7", "17 to 50", "3 and 4" (after "between" only).
# A dash with spaces around it is a clause break in these releases ("Karaganda region – 26%"), not a range.
_JOIN = re.compile(r"[-–]|\s+(?P<word>to|and)\s+", re.IGNORECASE)
_OPENER = re.compile(r"(?<![^\W_])(?P<opener>from|between)\s+$", re.IGNORECASE)
_OPENER_WINDOW = 16


# What may stand right after a bare number that starts a range ("5-", "17 to ") and right before one that ends
# it ("-7", "to 50"): a superset of what _JOIN accepts.
_LINK_AFTER = re.compile(r"[-–]|\s+(?:to|and)\s", re.IGNORECASE)
_LINK_BEFORE = re.compile(r"(?:[-–]|\s(?:to|and)\s+)$", re.IGNORECASE)
_LINK_WINDOW = 8


def stands_alone(text: str, match: re.Match[str]) -> bool:
    """A number with no unit marker and nothing that could tie it to a neighbour: it can never become a fact.

    Dropping these before reading their value changes no result (:func:`bound` only uses bare numbers as range
    ends) and spares reading every count and year in the text.
    """
    before, after = match.group("before", "after")
    if before or after:
        return False
    start, end = match.span()
    return not (_LINK_AFTER.match(text, end) or _LINK_BEFORE.search(text, max(0, start - _LINK_WINDOW), start))


def qualifier_before(text: str, start: int, cues: Cues = _CUE) -> Qualifier:
    """The qualifier whose cue phrase (one of ``cues``) ends just before ``text[start]`` (docs/annotation.md),
    else exact."""
    return cues.before(text, start)


@dataclass(slots=True)
class Quantity(Generic[U]):
    """A number at ``[start, end)`` of the text and the unit its markers name (None for a bare number)."""

    start: int
    end: int
    value: Decimal | None
    scale: int = 0  # power of ten of the number's first multiplier, 0 without one
    unit: U | None = None
    marked_before: bool = False  # a unit marker is written before the number: "$5", "KZT 5"
    marked_after: bool = False  # ... after it: "5 tenge", "5%"
    qualifier: Qualifier = Qualifier.exact
    range: RangeEnd | None = None

    @classmethod
    def from_match(
        cls,
        match: re.Match[str],
        units: Mapping[str, U],
        *,
        keep_before: bool = True,
        numbers: NumberGrammar = DEFAULT_NUMBERS,
    ) -> Quantity[U]:
        """The quantity a :meth:`~govextract.normalize.numbers.NumberGrammar.quantity_pattern` match reads.

        ``units`` maps :func:`~govextract.normalize.numbers.marker_key` of a marker to its unit. With
        ``keep_before`` false the marker before the number is not read as one (and left out of the span).
        ``numbers`` is the grammar that built the pattern.
        """
        number, before, after = match.group("number", "before", "after")
        phrase = numbers.read(number, matched=True)
        if not keep_before:
            before = None
        marker = before or after
        # positional: this runs for every number with a marker or a neighbour, ~20 a release
        return cls(
            match.start() if before else match.start("number"),
            match.end(),
            phrase.value if phrase else None,
            phrase.scale if phrase else 0,
            units[marker_key(marker)] if marker else None,
            before is not None,
            after is not None,
        )


def bound(text: str, quantities: list[Quantity[U]], cues: Cues = _CUE) -> list[Quantity[U]]:
    """Pair range ends, set qualifiers and keep the quantities that have a unit, in text order.

    ``quantities`` are in text order and include bare numbers, which only count as the low or high end of a
    range whose other end names the unit ("5-7 billion tenge", "$5-7 million", "from 17 to 50%"). ``cues``:
    the qualifier cues.
    """
    found: list[Quantity[U]] = []
    i = 0
    while i < len(quantities):
        first = quantities[i]
        second = quantities[i + 1] if i + 1 < len(quantities) else None
        if second is not None and (start := _link_range(text, first, second)) is not None:
            first.qualifier = second.qualifier = qualifier_before(text, start, cues)
            found += (first, second)
            i += 2
            continue
        if first.unit is not None:
            first.qualifier = qualifier_before(text, first.start, cues)
            found.append(first)
        i += 1
    return found


def _link_range(text: str, first: Quantity[U], second: Quantity[U]) -> int | None:
    """Make ``first`` and ``second`` the two ends of one range when the text joins them as one.

    Returns where the range phrase starts (at "from"/"between" when written), for the qualifier; None, changing
    nothing, when they are not a range.
    """
    if first.value is None or second.value is None:
        return None
    join = _JOIN.fullmatch(text, first.end, second.start)
    if join is None:
        return None
    opener = _OPENER.search(text, max(0, first.start - _OPENER_WINDOW), first.start)
    if (join["word"] or "").lower() == "and" and not (opener and opener["opener"].lower() == "between"):
        return None
    # The unit is written once outside the pair ("$5-7 million", "5-7 billion tenge") or on both ends; a bare
    # number never takes a unit written between the two ("5 billion tenge to 7" is not a range).
    if first.unit is None:
        unit, outside = second.unit, not second.marked_before
    elif second.unit is None:
        unit, outside = first.unit, not first.marked_after
    else:
        unit, outside = first.unit, first.unit == second.unit
    if unit is None or not outside:
        return None
    low = first.value
    if first.scale == 0 and not (first.marked_after or second.marked_before):
        low *= Decimal(10) ** second.scale  # "5-7 billion": the 5 is billions too
    # Without "from"/"between", only a rising pair is a range: "in 2021 to 8 billion tenge" is a year.
    if opener is None and low >= second.value:
        return None
    first.value, first.unit, second.unit = low, unit, unit
    # "from 50 to 17%" (a fall) is still one range: its smaller end is the low one.
    first.range, second.range = ("low", "high") if low <= second.value else ("high", "low")
    return opener.start() if opener else first.start
