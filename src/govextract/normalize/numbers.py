"""Number phrases: "58.1 billion", "24,7 bln", "10 515", "1 trln 284 bln", "2.5tln", "Thirteen billion".

The words and multipliers are data (``patterns/numbers.json``); the regexes are built from them once, at import.
Values are :class:`~decimal.Decimal` so that "58.1 billion" is exactly 58100000000.

A comma followed by exactly three digits groups thousands ("2,085", "705,500"); any other comma is a decimal
comma ("24,7 billion", "357,4 million"). A dot is always a decimal point. A space or no-break space groups
thousands only between a 1-3 digit head and 3-digit groups ("10 515"), so "2020 100" stays two numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from govextract.resources import load_json

_LEXICON = load_json("numbers.json")
_UNITS: dict[str, int] = _LEXICON["units"]
_TENS: dict[str, int] = _LEXICON["tens"]
_HUNDRED: str = _LEXICON["hundred"]
_SCALES: dict[str, int] = _LEXICON["multipliers"]
_SPACED_SCALES: dict[str, int] = _LEXICON["spaced_multipliers"]
_NEGATIVE: list[str] = _LEXICON["negative"]

# Not a letter or digit: ends a word, an abbreviation or a glued multiplier ("2trln", "24b").
_WORD_END = r"(?![^\W_])"
# A number or a marker in front of it may not continue a word, a number, a URL or a path ("%2D9114", "q=30",
# "D9114", "1.5"): this keeps URL-encoded text free of false percentages. A hyphen is allowed before a number
# because it joins the two ends of a range ("5-7 billion").
_QUANTITY_START = r"(?<![^\W_]|[%/=&#@.])"


def _marker_source(marker: str) -> str:
    """Regex source for one lexicon marker.

    A space matches any whitespace or none ("per cent", "hk $" also match "percent", "HK$"). A marker whose
    letters are all capitals (an ISO code, the tenge "T", "A $") must match exactly; any other ignores case.
    """
    source = r"\s*".join(re.escape(part) for part in marker.split())
    if marker.upper() == marker and marker.lower() != marker:
        return f"(?-i:{source})"
    return source


def alternation(markers: Iterable[str]) -> str:
    """One regex alternative per marker, longest first so that "percentage points" wins over "percentage"."""
    return "|".join(_marker_source(m) for m in sorted(markers, key=len, reverse=True))


def marker_key(text: str) -> str:
    """Lookup key of a marker as matched or as written in a lexicon: case and whitespace ignored."""
    return "".join(text.split()).casefold()


_GROUPED = r"[0-9]{1,3}(?:(?:,|[ \u00a0\u202f])[0-9]{3}(?![0-9]))+(?:[.,][0-9]+)?"
_DIGITS = rf"(?:{_GROUPED}|[0-9]+(?:[.,][0-9]+)?)"
_ONE_TO_NINE = alternation(k for k, v in _UNITS.items() if 0 < v < 10)
_ONE_TO_NINETEEN = alternation(k for k, v in _UNITS.items() if v)
_UNDER_100 = rf"(?:(?:{alternation(_TENS)})(?:[-\s](?:{_ONE_TO_NINE}))?|(?:{alternation(_UNITS)})){_WORD_END}"
# Word numbers below a thousand: "twenty-two", "one hundred", "one hundred and fifty", "twelve hundred".
NUMBER_WORDS = rf"(?:(?:{_ONE_TO_NINETEEN})\s+{_HUNDRED}{_WORD_END}(?:\s+(?:and\s+)?{_UNDER_100})?|{_UNDER_100})"
# A multiplier with the space before it: "58.1 billion", "120bn", "500 th" (but "5th" is an ordinal).
_MULTIPLIER = rf"(?:(?:\s*(?:{alternation(_SCALES)})|\s+(?:{alternation(_SPACED_SCALES)})){_WORD_END})"
_SIGN = rf"(?:(?:{alternation(_NEGATIVE)})\s+|[-−](?=[0-9]))"
NUMBER_SOURCE = (
    rf"{_SIGN}?(?:"
    # digits with an optional multiplier, then further "digits multiplier" parts: "1 trln 284 bln"
    rf"{_DIGITS}(?:{_MULTIPLIER}(?:\s+{_DIGITS}{_MULTIPLIER})*)?"
    # words: "Thirteen billion", "one million two hundred thousand", "one thousand two hundred"
    rf"|{NUMBER_WORDS}(?:{_MULTIPLIER}(?:\s+(?:and\s+)?{NUMBER_WORDS}{_MULTIPLIER}?)*)?"
    r")"
)
"""Regex source of a number phrase, without groups or boundaries, for use inside larger patterns."""

NUMBER = re.compile(NUMBER_SOURCE, re.IGNORECASE)
_PART = re.compile(rf"(?P<core>{_DIGITS}|{NUMBER_WORDS})(?P<scale>{_MULTIPLIER})?", re.IGNORECASE)
_SIGN_RE = re.compile(_SIGN, re.IGNORECASE)
_DECIMAL_TAIL = re.compile(r"[.,]([0-9]+)$")
_NOT_DIGIT = re.compile(r"[^0-9]")
_WORD_SPLIT = re.compile(r"[\s-]+")
_WORD_VALUES: dict[str, int] = {**_UNITS, **_TENS}
_SCALE_KEYS: dict[str, int] = {marker_key(k): v for k, v in (_SCALES | _SPACED_SCALES).items()}


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    value: Decimal
    scale: int
    """Power of ten of the first multiplier ("7 billion": 9), 0 without one; the low end of "5-7 billion"
    borrows it."""


def read_number(text: str, *, matched: bool = False) -> NumberPhrase | None:
    """Read a whole number phrase ("1 trln 284 bln", "minus five"); None when ``text`` is not one.

    Parts must fall in scale ("1 trln 284 bln", not "5 million 3 billion") and only the last may lack a
    multiplier ("one thousand two hundred"). ``matched`` says ``text`` is a ``NUMBER_SOURCE`` match already.
    """
    text = text.strip()
    if not matched and not NUMBER.fullmatch(text):  # ``matched``: the caller's pattern already checked it
        return None
    sign = _SIGN_RE.match(text)
    total = Decimal(0)
    scales: list[int] = []
    for part in _PART.finditer(text, sign.end() if sign else 0):
        if scales and scales[-1] == 0:
            return None  # a part after one without a multiplier: "one two"
        scale = _SCALE_KEYS[marker_key(part["scale"])] if part["scale"] else 0
        if scales and scale >= scales[-1]:
            return None
        scales.append(scale)
        total += _core_value(part["core"]) * Decimal(10) ** scale
    return NumberPhrase(-total if sign else total, scales[0])


def parse_number(text: str) -> Decimal | None:
    """The value of a number phrase: ``parse_number("24,7 billion") == Decimal("24700000000")``."""
    phrase = read_number(text)
    return phrase.value if phrase else None


def _core_value(core: str) -> Decimal:
    if core[0].isdigit():
        tail = _DECIMAL_TAIL.search(core)
        # ",085" groups thousands; ",7" or ".085" are decimals
        if tail and not (tail[0][0] == "," and len(tail[1]) == 3):
            return Decimal(f"{_NOT_DIGIT.sub('', core[: tail.start()])}.{tail[1]}")
        return Decimal(_NOT_DIGIT.sub("", core))
    value = 0
    for word in _WORD_SPLIT.split(core.lower()):
        if word == _HUNDRED:
            value *= 100
        elif word != "and":
            value += _WORD_VALUES[word]
    return Decimal(value)


# The runs a quantity can start at: a run of letters, a run of digits, or one other non-space character.
_RUN = re.compile(r"[^\W\d_]+|[0-9]+|[^\w\s]")


@lru_cache(maxsize=4)
def _runs(text: str) -> list[tuple[int, str]]:
    """Start and case-folded text of every run; cached because money and percent scan the same text in turn."""
    return [(run.start(), run.group().casefold()) for run in _RUN.finditer(text)]


class QuantityScanner:
    """``finditer`` of a :func:`quantity_pattern`, tried only where a quantity can start.

    Running the whole pattern at every character costs more than all the rest of the pipeline (it tries dozens
    of case-insensitive markers at each one), so the scanner first cuts the text into runs and tries the pattern
    only at runs that can begin a quantity: digits, a number word, a sign, or the first run of a marker written
    before the number. A quantity never starts inside a run (the pattern's start forbids a letter or digit just
    before it), so the matches are exactly those of ``pattern.finditer``; tests/normalize/test_scanner.py checks
    that on every text we have.
    """

    def __init__(self, pattern: re.Pattern[str], before_markers: Iterable[str]) -> None:
        self.pattern = pattern
        heads = {run.group().casefold() for m in before_markers if (run := _RUN.match(m))}
        words = {w.split()[0].split("-")[0].casefold() for w in (*_UNITS, *_TENS, *_NEGATIVE)}
        self.starts = frozenset(heads | words | {"-", "−"})

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        starts = self.starts
        resume = 0
        for at in [at for at, run in _runs(text) if run in starts or run[0].isdigit()]:
            if at >= resume and (match := self.pattern.match(text, at)):
                resume = match.end()
                yield match


def quantity_pattern(before: str, after: str) -> re.Pattern[str]:
    """A number phrase with an optional unit marker on either side, for finditer over a whole text.

    Groups: ``before`` (regex source ``before``, including any space it allows before the number), ``number``
    and ``after`` (``after``, written after optional whitespace or a hyphen: "5 tenge", "5%", "one-yen").
    Numbers without markers match too: they can be the bare low end of a range ("5-7 billion tenge").
    """
    return re.compile(
        rf"{_QUANTITY_START}(?:(?P<before>{before}))?(?P<number>{NUMBER_SOURCE})"
        rf"(?:(?:\s*|-)(?P<after>{after}){_WORD_END})?",
        re.IGNORECASE,
    )
