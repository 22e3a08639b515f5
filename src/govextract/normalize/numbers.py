"""Number phrases: "58.1 billion", "24,7 bln", "10 515", "1 trln 284 bln", "2.5tln", "Thirteen billion".

The words and multipliers are data (``patterns/numbers.json``, with a user's folder merged over it); a
:class:`NumberGrammar` holds the regexes built from one lexicon, and the module functions use the default one.
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
from typing import Any

from govextract.resources import Patterns, default_patterns

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
    return f"(?-i:{source})" if _exact_case(marker) else source


def _exact_case(marker: str) -> bool:
    """Whether ``marker`` must match as written: its letters are all capitals."""
    return marker.upper() == marker and marker.lower() != marker


def alternation(markers: Iterable[str], *, guarded: bool = False) -> str:
    """One regex alternative per marker, longest first so that "percentage points" wins over "percentage".

    ``guarded`` puts a lookahead for the markers' first characters in front: the regex engine tries the
    alternatives one by one (a case-insensitive letter gets no quick first-character test), which after every
    number of a release was half the money scan's time for its 130 currency markers; the lookahead fails at
    once where no marker can start and changes no match, since every marker starts with one of its characters.
    """
    ordered = sorted(markers, key=len, reverse=True)
    source = "|".join(_marker_source(m) for m in ordered)
    if not guarded or not ordered:
        return source
    return f"(?=[{''.join(sorted({re.escape(m.split()[0][0]) for m in ordered}))}])(?:{source})"


@lru_cache(maxsize=1024)
def marker_key(text: str) -> str:
    """Lookup key of a marker as matched or as written in a lexicon: case and whitespace ignored (cached: the
    markers of a text are few, and read for every amount)."""
    return "".join(text.split()).casefold()


# The lookahead changes no match (a group separator must follow 1-3 digits) and spares backtracking through
# the 1-3 head digits of every longer number ("2021").
_GROUPED = r"(?![0-9]{4})[0-9]{1,3}(?:(?:,|[ \u00a0\u202f])[0-9]{3}(?![0-9]))+(?:[.,][0-9]+)?"
_DIGITS = rf"(?:{_GROUPED}|[0-9]+(?:[.,][0-9]+)?)"
_DECIMAL_TAIL = re.compile(r"[.,]([0-9]+)$")
_NOT_DIGIT = re.compile(r"[^0-9]")
_WORD_SPLIT = re.compile(r"[\s-]+")


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    value: Decimal
    scale: int
    """Power of ten of the first multiplier ("7 billion": 9), 0 without one; the low end of "5-7 billion"
    borrows it."""


class NumberGrammar:
    """The number regexes built from one ``numbers.json`` lexicon (the default's, or one a user's merged over)."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        units: dict[str, int] = lexicon["units"]
        tens: dict[str, int] = lexicon["tens"]
        self.hundred: str = lexicon["hundred"].lower()
        scales: dict[str, int] = lexicon["multipliers"]
        spaced_scales: dict[str, int] = lexicon["spaced_multipliers"]
        negative: list[str] = lexicon["negative"]
        # Guarded alternations (see alternation): a number phrase is tried wherever one can start, mostly at
        # digits, where every word and multiplier is tried in vain.
        one_to_nine = alternation((k for k, v in units.items() if 0 < v < 10), guarded=True)
        one_to_nineteen = alternation((k for k, v in units.items() if v), guarded=True)
        under_100 = (
            rf"(?:(?:{alternation(tens, guarded=True)})(?:[-\s](?:{one_to_nine}))?"
            rf"|(?:{alternation(units, guarded=True)})){_WORD_END}"
        )
        hundred = re.escape(self.hundred)
        # Word numbers below a thousand: "twenty-two", "one hundred", "one hundred and fifty", "twelve hundred".
        self.words = rf"(?:(?:{one_to_nineteen})\s+{hundred}{_WORD_END}(?:\s+(?:and\s+)?{under_100})?|{under_100})"
        # A multiplier with the space before it: "58.1 billion", "120bn", "500 th" (but "5th" is an ordinal).
        multiplier = (
            rf"(?:(?:\s*(?:{alternation(scales, guarded=True)})"
            rf"|\s+(?:{alternation(spaced_scales, guarded=True)})){_WORD_END})"
        )
        sign = rf"(?:(?:{alternation(negative, guarded=True)})\s+|[-−](?=[0-9]))"
        self.source = (
            rf"{sign}?(?:"
            # digits with an optional multiplier, then further "digits multiplier" parts: "1 trln 284 bln"
            rf"{_DIGITS}(?:{multiplier}(?:\s+{_DIGITS}{multiplier})*)?"
            # words: "Thirteen billion", "one million two hundred thousand", "one thousand two hundred"
            rf"|{self.words}(?:{multiplier}(?:\s+(?:and\s+)?{self.words}{multiplier}?)*)?"
            r")"
        )
        """Regex source of a number phrase, without groups or boundaries, for use inside larger patterns."""
        self.number = re.compile(self.source, re.IGNORECASE)
        self._part = re.compile(rf"(?P<core>{_DIGITS}|{self.words})(?P<scale>{multiplier})?", re.IGNORECASE)
        self._sign = re.compile(sign, re.IGNORECASE)
        # read() looks words up in lower case; the regexes ignore case already
        self._word_values: dict[str, int] = {k.lower(): v for k, v in (units | tens).items()}
        self._scale_keys: dict[str, int] = {marker_key(k): v for k, v in (scales | spaced_scales).items()}
        # The first run of every number word and sign word: where a word number can start (QuantityScanner).
        self.starts = frozenset(w.split()[0].split("-")[0].casefold() for w in (*units, *tens, *negative))
        # A release repeats its numbers ("2021", "5", "one", "4,200" twice): a cached phrase costs ~0.1 µs, reading
        # one 2-10 µs (a Decimal and a frozen dataclass; past plain digits, two regexes and a Decimal power).
        self._read = lru_cache(maxsize=4096)(self._read_uncached)

    def read(self, text: str, *, matched: bool = False) -> NumberPhrase | None:
        """:func:`read_number` with this grammar."""
        return self._read(text.strip(), matched)

    def _read_uncached(self, text: str, matched: bool) -> NumberPhrase | None:
        # Most numbers in a release are plain digits ("2021", "5" of "5%") or a decimal point ("21.4"): both
        # read as Decimal does, without the grammar.
        head, point, tail = text.partition(".")
        if text.isascii() and head.isdigit() and (not point or tail.isdigit()):
            return NumberPhrase(Decimal(text), 0)
        if not matched and not self.number.fullmatch(text):  # ``matched``: the caller's pattern already checked it
            return None
        sign = self._sign.match(text)
        total = Decimal(0)
        scales: list[int] = []
        for part in self._part.finditer(text, sign.end() if sign else 0):
            if scales and scales[-1] == 0:
                return None  # a part after one without a multiplier: "one two"
            scale = self._scale_keys[marker_key(part["scale"])] if part["scale"] else 0
            if scales and scale >= scales[-1]:
                return None
            scales.append(scale)
            total += self._core_value(part["core"]) * Decimal(10) ** scale
        return NumberPhrase(-total if sign else total, scales[0])

    def _core_value(self, core: str) -> Decimal:
        if core[0].isdigit():
            tail = _DECIMAL_TAIL.search(core)
            # ",085" groups thousands; ",7" or ".085" are decimals
            if tail and not (tail[0][0] == "," and len(tail[1]) == 3):
                return Decimal(f"{_NOT_DIGIT.sub('', core[: tail.start()])}.{tail[1]}")
            return Decimal(_NOT_DIGIT.sub("", core))
        value = 0
        for word in _WORD_SPLIT.split(core.lower()):
            if word == self.hundred:
                value *= 100
            elif word != "and":
                value += self._word_values[word]
        return Decimal(value)

    def quantity_pattern(self, before: str, after: str) -> re.Pattern[str]:
        """A number phrase with an optional unit marker on either side, for finditer over a whole text.

        Groups: ``before`` (regex source ``before``, including any space it allows before the number),
        ``number`` and ``after`` (``after``, written after optional whitespace or a hyphen: "5 tenge", "5%",
        "one-yen"). Numbers without markers match too: they can be the bare low end of a range ("5-7 billion
        tenge").
        """
        return re.compile(
            rf"{_QUANTITY_START}(?:(?P<before>{before}))?(?P<number>{self.source})"
            rf"(?:(?:\s*|-)(?P<after>{after}){_WORD_END})?",
            re.IGNORECASE,
        )


@lru_cache(maxsize=8)
def number_grammar(patterns: Patterns) -> NumberGrammar:
    """The number grammar of ``patterns``, built once per distinct lexicon."""
    return NumberGrammar(patterns["numbers.json"])


DEFAULT = number_grammar(default_patterns())
NUMBER_SOURCE = DEFAULT.source
NUMBER = DEFAULT.number
NUMBER_WORDS = DEFAULT.words


def read_number(text: str, *, matched: bool = False) -> NumberPhrase | None:
    """Read a whole number phrase ("1 trln 284 bln", "minus five"); None when ``text`` is not one.

    Parts must fall in scale ("1 trln 284 bln", not "5 million 3 billion") and only the last may lack a
    multiplier ("one thousand two hundred"). ``matched`` says ``text`` is a ``NUMBER_SOURCE`` match already.
    """
    return DEFAULT.read(text, matched=matched)


def parse_number(text: str) -> Decimal | None:
    """The value of a number phrase: ``parse_number("24,7 billion") == Decimal("24700000000")``."""
    phrase = DEFAULT.read(text)
    return phrase.value if phrase else None


def quantity_pattern(before: str, after: str) -> re.Pattern[str]:
    """:meth:`NumberGrammar.quantity_pattern` of the default grammar."""
    return DEFAULT.quantity_pattern(before, after)


# The runs a quantity can start at: a run of letters, a run of digits, or one other non-space character.
_RUN = re.compile(r"[^\W\d_]+|[0-9]+|[^\w\s]")


def _prefix_tree(words: Iterable[str]) -> str:
    """One regex matching exactly ``words``, factored by shared prefixes ("t(?:en|hirty|wo)"): the regex
    engine then rejects a word start after one character instead of trying every word in turn (3x faster)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def source(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + source(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if "" in node:  # a word ends here and longer ones go on: "six", "sixty"
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return source(tree)


class QuantityScanner:
    """``finditer`` of a :func:`quantity_pattern`, tried only where a quantity can start.

    Running the whole pattern at every character costs more than all the rest of the pipeline (it tries dozens
    of case-insensitive markers at each one), so one cheap regex first finds the runs (see ``_RUN``) that can
    begin a quantity: digits, a number word, a sign, or the first run of a marker written before the number;
    the pattern is tried only there. A quantity never starts inside a run (the pattern's start forbids a letter
    or digit just before it), so the matches are exactly those of ``pattern.finditer``;
    tests/normalize/test_scanner.py checks that on every text we have.
    """

    def __init__(self, pattern: re.Pattern[str], before_markers: Iterable[str], numbers: NumberGrammar) -> None:
        self.pattern = pattern
        heads = [(run.group(), _exact_case(m)) for m in before_markers if (run := _RUN.match(m))]
        starts = {head.casefold() for head, exact in heads if not exact} | numbers.starts | {"-", "−"}
        # A marker in capitals starts only with its first run as written: the word "a" starts no "A $", nor
        # "s" an "S $" (the two were a tenth of all the places tried).
        exact = {head for head, exact in heads if exact}
        letters = [w for w in starts if w[0].isalpha()], [w for w in exact if w[0].isalpha()]
        words = "|".join(
            source
            for source in (_prefix_tree(letters[0]), letters[1] and f"(?-i:{_prefix_tree(letters[1])})")
            if source
        )
        first_letters = "".join(sorted({re.escape(w[0]) for w in (*letters[0], *letters[1])}))
        symbols = "".join(re.escape(s) for s in sorted(starts | exact) if not s[0].isalnum())
        # The first digit of a digit run, a start symbol, or a whole letter run from the start words: the three
        # never start with the same character, so their order changes no match. Digits first, and the words
        # behind a lookahead for their first letters: the regex also runs on every string the tokenizer meets
        # for the first time (TokenStarts), where most letters end the try at once.
        self.starts = re.compile(
            rf"(?<![0-9])[0-9]|[{symbols}]|(?<![^\W\d_])(?=[{first_letters}])(?:{words})(?![^\W\d_])",
            re.IGNORECASE,
        )

    def finditer(self, text: str, starts: Iterable[int] | None = None) -> Iterator[re.Match[str]]:
        """The matches of ``pattern.finditer(text)``. ``starts``: positions in ascending order that include
        every match of ``self.starts`` (a caller that has them already, from tokens, spares the scan)."""
        match_at = self.pattern.match
        resume = 0
        for at in (m.start() for m in self.starts.finditer(text)) if starts is None else starts:
            if at >= resume and (match := match_at(text, at)):
                resume = match.end()
                yield match
