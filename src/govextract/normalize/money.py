"""Money amounts: "58.1 billion tenge", "KZT 1 trln 284 bln", "T850 billion", "US$1.5bn", "5-7 billion tenge".

Currency markers are data (``patterns/currencies.json``: marker -> ISO 4217 code, written before or after the
number). A span covers the number and its marker only; qualifier words stay outside (docs/annotation.md). A
:class:`MoneyGrammar` holds the regexes built from one set of lexicons; ``find_money`` uses the default one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from govextract.normalize.numbers import QuantityScanner, alternation, marker_key, number_grammar
from govextract.normalize.qualifiers import Quantity, bound, cue_pattern, stands_alone
from govextract.records import MoneyAmount
from govextract.resources import Patterns, default_patterns

# A decimal-comma amount split by stray words, as in seed 000 "for the amount of 2, for adults, 8 billion
# tenge" (2,8 billion): a 1-3 digit bare number, ", " one to four words without digits ", ", then a 1-2 digit
# amount with a multiplier and a currency after it. Nothing wider: "In 2021, 8 billion tenge" is two facts.
_GARBLED_HEAD = re.compile(r"[0-9]{1,3}")
_GARBLED_GAP = re.compile(r",\s*[^\W\d_]+(?:\s+[^\W\d_]+){0,3},\s*")
_GARBLED_TAIL = re.compile(r"[0-9]{1,2}(?![0-9.,])")


class MoneyGrammar:
    """The money regexes built from one set of lexicons (numbers, currencies, qualifiers)."""

    def __init__(self, patterns: Patterns) -> None:
        self.numbers = number_grammar(patterns)
        self.cues = cue_pattern(patterns)
        # ISO code -> {"before"|"glued"|"after": markers}; "_about" keys are notes for readers.
        currencies: dict[str, dict[str, list[str]]] = {
            code: sides for code, sides in patterns["currencies.json"].items() if not code.startswith("_")
        }
        self.codes: dict[str, str] = {}
        for code, sides in currencies.items():
            for marker in (m for markers in sides.values() for m in markers):
                known = self.codes.setdefault(marker_key(marker), code)
                if known != code:
                    raise patterns.error("currencies.json", f"{marker!r} names {known} and {code}")

        def markers(*sides: str) -> list[str]:
            return [m for entry in currencies.values() for side in sides for m in entry.get(side, ())]

        self.scanner = QuantityScanner(
            self.numbers.quantity_pattern(
                before=rf"(?:{alternation(markers('before'), guarded=True)})\s*"
                rf"|(?P<glued>{alternation(markers('glued'), guarded=True)})(?=[0-9])",
                after=alternation(markers("after"), guarded=True),
            ),
            before_markers=markers("before", "glued"),
            numbers=self.numbers,
        )
        # Cents said after the amount, as in "c $ 100 and fifty." (100.50): "and" plus a number word below 100
        # that ends the clause, after an amount without a multiplier. Digits ("$100 and 50") are left alone.
        self.spoken_cents = re.compile(rf"\s+and\s+({self.numbers.words})(?=\s*(?:[.!?;]|$))", re.IGNORECASE)

    def find(self, text: str, starts: Iterable[int] | None = None) -> list[MoneyAmount]:
        """:func:`find_money` with this grammar; ``starts`` as in :meth:`QuantityScanner.finditer`."""
        quantities = _join_garbled(
            text,
            [
                self._quantity(m)
                for m in self.scanner.finditer(text, starts)
                # a bare number is kept as a range end, as the head of a garbled amount, or when it has a
                # multiplier and may take the currency of the amount before it
                if not stands_alone(text, m) or _GARBLED_GAP.match(text, m.end()) or _WORDS.search(m["number"])
            ],
        )
        _carry_currency(text, quantities)
        for quantity in quantities:
            self._add_spoken_cents(text, quantity)
        return [
            MoneyAmount(
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                value=q.value,
                currency=q.unit,
                qualifier=q.qualifier,
                range=q.range,
            )
            for q in bound(text, quantities, self.cues)
        ]

    def _quantity(self, match: re.Match[str]) -> Quantity[str]:
        quantity = Quantity.from_match(match, self.codes, numbers=self.numbers)
        if match["glued"] and not quantity.scale:
            # "T850 billion" is tenge, but "T20" or "T34" are names: a glued letter needs a multiplier.
            return Quantity.from_match(match, self.codes, keep_before=False, numbers=self.numbers)
        return quantity

    def _add_spoken_cents(self, text: str, quantity: Quantity[str]) -> None:
        if quantity.unit is None or quantity.value is None or quantity.scale:
            return
        cents = self.spoken_cents.match(text, quantity.end)
        phrase = self.numbers.read(cents[1]) if cents else None
        if cents and phrase is not None and phrase.value < 100:
            quantity.value += phrase.value / 100
            quantity.end = cents.end()


@lru_cache(maxsize=8)
def money_grammar(patterns: Patterns) -> MoneyGrammar:
    """The money grammar of ``patterns``, built once per distinct set of lexicons."""
    return MoneyGrammar(patterns)


DEFAULT = money_grammar(default_patterns())


def find_money(text: str) -> list[MoneyAmount]:
    """Every money amount in ``text``, sorted by start, with offsets into ``text`` exactly as given.

    >>> [(m.text, format(m.value, "f"), m.currency, m.qualifier.value) for m in find_money("about 5.1 billion tenge")]
    [('5.1 billion tenge', '5100000000', 'KZT', 'approx')]
    """
    return DEFAULT.find(text)


def parse_money(text: str) -> tuple[Decimal | None, str] | None:
    """Value and ISO code of one money phrase ("KZT 1 trln 284 bln"); None unless it is exactly one amount."""
    found = find_money(text)
    if len(found) != 1 or found[0].text != text.strip():
        return None
    return found[0].value, found[0].currency


# A bare amount with a multiplier in a clause after an amount with a currency takes that currency: "515 billion
# tenge from the republican budget, 110 billion from the local budget". Only when it ends the clause or a
# preposition follows: "for 2 million people" counts people; or when a word that adds to the amount before comes
# first: "140 billion tenge, and another 100 billion will come from", "including 5.25 trillion transferred".
_WORDS = re.compile(r"[^\W\d_]")
_CLAUSE_BREAK = re.compile(r"[.!?;]\s|\n")
_CARRIED_BEFORE = re.compile(r"\s*(?:[,.;:)]|(?:from|under|for|in|on|by|via|through|within)\b)", re.IGNORECASE)
_CARRIED_AFTER = re.compile(r"\b(?:another|including|a further)\s+$", re.IGNORECASE)
_CARRY_REACH = 200  # characters from the amount that names the currency


def _carry_currency(text: str, quantities: list[Quantity[str]]) -> None:
    last: Quantity[str] | None = None
    for quantity in quantities:
        if quantity.unit is not None:
            last = quantity
        elif (
            last is not None
            and quantity.scale >= 6
            and quantity.start - last.end <= _CARRY_REACH
            and not _CLAUSE_BREAK.search(text, last.end, quantity.start)
            and (
                _CARRIED_BEFORE.match(text, quantity.end)
                or _CARRIED_AFTER.search(text, max(0, quantity.start - 12), quantity.start)
            )
        ):
            quantity.unit = last.unit


def _join_garbled(text: str, quantities: list[Quantity[str]]) -> list[Quantity[str]]:
    joined: list[Quantity[str]] = []
    for quantity in quantities:
        head = joined[-1] if joined else None
        if (
            head is not None
            and head.unit is None
            and _GARBLED_HEAD.fullmatch(text, head.start, head.end)
            and _GARBLED_GAP.fullmatch(text, head.end, quantity.start)
            and quantity.unit is not None
            and quantity.scale
            and not quantity.marked_before
            and _GARBLED_TAIL.match(text, quantity.start)
        ):
            joined[-1] = Quantity(head.start, quantity.end, None, unit=quantity.unit, marked_after=True)
        else:
            joined.append(quantity)
    return joined
