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
from typing import Any, NamedTuple

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
    """A marker whose letters are all capitals matches in that case only."""
    return marker.upper() == marker and marker.lower() != marker


def alternation(markers: Iterable[str]) -> str:
    """One regex alternative per marker, longest first so that "percentage points" wins over "percentage"."""
    return "|".join(_marker_source(m) for m in sorted(markers, key=len, reverse=True))


def marker_key(text: str) -> str:
    """Lookup key of a marker as matched or as written in a lexicon: case and whitespace ignored."""
    return "".join(text.split()).casefold()


_GROUPED = r"[0-9]{1,3}(?:(?:,|[ \u00a0\u202f])[0-9]{3}(?![0-9]))+(?:[.,][0-9]+)?"
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
        one_to_nine = alternation(k for k, v in units.items() if 0 < v < 10)
        one_to_nineteen = alternation(k for k, v in units.items() if v)
        under_100 = rf"(?:(?:{alternation(tens)})(?:[-\s](?:{one_to_nine}))?|(?:{alternation(units)})){_WORD_END}"
        hundred = re.escape(self.hundred)
        # Word numbers below a thousand: "twenty-two", "one hundred", "one hundred and fifty", "twelve hundred".
        self.words = rf"(?:(?:{one_to_nineteen})\s+{hundred}{_WORD_END}(?:\s+(?:and\s+)?{under_100})?|{under_100})"
        # A multiplier with the space before it: "58.1 billion", "120bn", "500 th" (but "5th" is an ordinal).
        multiplier = rf"(?:(?:\s*(?:{alternation(scales)})|\s+(?:{alternation(spaced_scales)})){_WORD_END})"
        sign = rf"(?:(?:{alternation(negative)})\s+|[-−](?=[0-9]))"
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
        # A number with no marker before it, exactly as quantity_pattern() reads one (NumberScan).
        self.bare = re.compile(rf"{_QUANTITY_START}(?:{self.source})", re.IGNORECASE)
        self._part = re.compile(rf"(?P<core>{_DIGITS}|{self.words})(?P<scale>{multiplier})?", re.IGNORECASE)
        self._sign = re.compile(sign, re.IGNORECASE)
        # read() looks words up in lower case; the regexes ignore case already
        self._word_values: dict[str, int] = {k.lower(): v for k, v in (units | tens).items()}
        self._scale_keys: dict[str, int] = {marker_key(k): v for k, v in (scales | spaced_scales).items()}
        # The first run of every number word and sign word: where a word number can start (QuantityScanner).
        self.starts = frozenset(w.split()[0].split("-")[0].casefold() for w in (*units, *tens, *negative))

    def read(self, text: str, *, matched: bool = False) -> NumberPhrase | None:
        """:func:`read_number` with this grammar."""
        text = text.strip()
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
            rf"{_QUANTITY_START}(?:(?P<before>{before}))?(?P<number>{self.source})(?:{_after_source(after)})?",
            re.IGNORECASE,
        )


def _after_source(after: str) -> str:
    """The marker after a number in :meth:`NumberGrammar.quantity_pattern`, with what may stand between them."""
    return rf"(?:\s*|-)(?P<after>{after}){_WORD_END}"


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
_SIGNS = frozenset({"-", "−"})
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


class NumberScan:
    """The numbers of one text, each matched and read at most once.

    Money and percent look at the same numbers (every year, count and amount of a release) with the same number
    grammar; a Doc keeps one scan (components/spans.py ``numbers_of``), so the second component reuses what
    the first found instead of matching and reading every number again.
    """

    def __init__(self, grammar: NumberGrammar, text: str) -> None:
        self.grammar = grammar
        self.text = text
        self._bare: dict[int, re.Match[str] | None] = {}
        self._read: dict[str, NumberPhrase | None] = {}

    def bare(self, at: int) -> re.Match[str] | None:
        """``grammar.bare.match(text, at)``: the number at ``at`` if nothing is written before it."""
        if at not in self._bare:
            self._bare[at] = self.grammar.bare.match(self.text, at)
        return self._bare[at]

    def read(self, number: str) -> NumberPhrase | None:
        """``grammar.read(number, matched=True)`` of a number the grammar matched."""
        if number not in self._read:
            self._read[number] = self.grammar.read(number, matched=True)
        return self._read[number]


class QuantityMatch(NamedTuple):
    """A match of a :func:`quantity_pattern`: a number and the unit markers written beside it."""

    start: int
    end: int
    number_start: int
    number: str
    before: str | None  # the marker before the number, with the space after it
    glued: bool  # ``before`` is a letter glued to the digits ("T850 billion")
    after: str | None


class QuantityScanner:
    """``finditer`` of a :func:`quantity_pattern`, tried only where a quantity can start.

    Running the whole pattern at every character costs more than all the rest of the pipeline (it tries dozens
    of case-insensitive markers at each one), so one cheap regex first finds the runs (see ``_RUN``) that can
    begin a quantity: digits, a number word, a sign, or the first run of a marker written before the number
    (in its case, when the marker must match exactly: "US $" starts at "US", not at "us"); the pattern is tried
    only there. A quantity never starts inside a run (the pattern's start forbids a letter or digit just before
    it), so the matches are exactly those of ``pattern.finditer``; tests/normalize/test_scanner.py checks that
    on every text we have.

    Where a bare number starts, no marker can (checked here on the lexicons), so the pattern there is the
    number, matched once per text in the :class:`NumberScan` other scanners share, and the marker after it.
    """

    def __init__(
        self, numbers: NumberGrammar, before: str, before_markers: Iterable[str], after_markers: Iterable[str]
    ) -> None:
        """``before``: regex source of what may stand before a number (:meth:`NumberGrammar.quantity_pattern`),
        made of ``before_markers``; ``after_markers``: the markers written after a number."""
        after_markers = list(after_markers)
        after = alternation(after_markers)
        self.numbers = numbers
        self.pattern = numbers.quantity_pattern(before, after)
        # The marker after a bare number. Most numbers have none, and trying every marker at each costs more
        # than the number itself: a tree of the markers' first runs rejects them first.
        after_heads = _prefix_tree({run.group() for m in after_markers if (run := _RUN.match(m))})
        self.after = re.compile(rf"(?=(?:\s*|-)(?:{after_heads})){_after_source(after)}", re.IGNORECASE)
        runs = [(run.group(), _exact_case(m)) for m in before_markers if (run := _RUN.match(m))]
        number_starts = numbers.starts | _SIGNS
        any_case = {run.casefold() for run, exact in runs if not exact} | number_starts
        exact = "|".join(sorted(re.escape(run) for run, exact in runs if exact and run[0].isalpha()))
        tree = _prefix_tree(s for s in any_case if s[0].isalpha())
        words = f"{tree}|(?-i:{exact})" if exact else tree
        symbols = "".join(sorted(re.escape(s) for s in any_case | {run for run, _ in runs} if not s[0].isalnum()))
        # A whole letter run from the start set, the first digit of a digit run, or a start symbol.
        self.starts = re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])|(?<![0-9])[0-9]|[{symbols}]", re.IGNORECASE)
        # Whether no marker before a number can start where a bare number does (a digit, a sign, a number word).
        heads = {run.casefold() for run, _ in runs}
        self._unmarked_numbers = not heads & number_starts and not any(run[0].isdigit() for run in heads)
        self._glued = "glued" in self.pattern.groupindex

    def finditer(
        self, text: str, starts: Iterable[int] | None = None, numbers: NumberScan | None = None
    ) -> Iterator[QuantityMatch]:
        """The matches of ``pattern.finditer(text)``. ``starts``: positions in ascending order that include
        every match of ``self.starts`` (a caller that has them already, from tokens, spares the scan);
        ``numbers``: the text's scan, when other scanners share it."""
        if numbers is None:
            numbers = NumberScan(self.numbers, text)
        resume = 0
        for at in (m.start() for m in self.starts.finditer(text)) if starts is None else starts:
            if at >= resume and (found := self._match(text, at, numbers)):
                resume = found.end
                yield found

    def _match(self, text: str, at: int, numbers: NumberScan) -> QuantityMatch | None:
        number = numbers.bare(at) if self._unmarked_numbers else None
        if number is not None:
            after = self.after.match(text, number.end())
            end, marker = (after.end(), after["after"]) if after else (number.end(), None)
            return QuantityMatch(at, end, at, number.group(), None, False, marker)
        match = self.pattern.match(text, at)
        if match is None:
            return None
        glued = self._glued and match["glued"] is not None
        return QuantityMatch(
            match.start(), match.end(), match.start("number"), match["number"], match["before"], glued, match["after"]
        )
