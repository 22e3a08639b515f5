"""Money amounts: "58.1 billion tenge", "KZT 1 trln 284 bln", "T850 billion", "US$1.5bn", "5-7 billion tenge".

Currency markers are data (``patterns/currencies.json``: marker -> ISO 4217 code, written before or after the
number). A span covers the number and its marker only; qualifier words stay outside (docs/annotation.md).
"""

from __future__ import annotations

import re
from decimal import Decimal

from govextract.normalize.numbers import (
    NUMBER_WORDS,
    QuantityScanner,
    alternation,
    marker_key,
    parse_number,
    quantity_pattern,
)
from govextract.normalize.qualifiers import Quantity, bound, stands_alone
from govextract.records import MoneyAmount
from govextract.resources import PatternFileError, load_json, patterns_dir

# ISO code -> {"before"|"glued"|"after": markers}; "_about" keys are notes for readers.
_CURRENCIES: dict[str, dict[str, list[str]]] = {
    code: sides for code, sides in load_json("currencies.json").items() if not code.startswith("_")
}


def _index_markers() -> dict[str, str]:
    codes: dict[str, str] = {}
    for code, sides in _CURRENCIES.items():
        for marker in (m for markers in sides.values() for m in markers):
            known = codes.setdefault(marker_key(marker), code)
            if known != code:
                raise PatternFileError(f"{patterns_dir() / 'currencies.json'}: {marker!r} names {known} and {code}")
    return codes


def _markers(side: str) -> str:
    return alternation(m for sides in _CURRENCIES.values() for m in sides.get(side, ()))


_CODES = _index_markers()
_MONEY = QuantityScanner(
    quantity_pattern(
        before=rf"(?:{_markers('before')})\s*|(?P<glued>{_markers('glued')})(?=[0-9])", after=_markers("after")
    ),
    before_markers=[m for sides in _CURRENCIES.values() for side in ("before", "glued") for m in sides.get(side, ())],
)

# A decimal-comma amount split by stray words, as in seed 000 "for the amount of 2, for adults, 8 billion
# tenge" (2,8 billion): a 1-3 digit bare number, ", " one to four words without digits ", ", then a 1-2 digit
# amount with a multiplier and a currency after it. Nothing wider: "In 2021, 8 billion tenge" is two facts.
_GARBLED_HEAD = re.compile(r"[0-9]{1,3}")
_GARBLED_GAP = re.compile(r",\s*[^\W\d_]+(?:\s+[^\W\d_]+){0,3},\s*")
_GARBLED_TAIL = re.compile(r"[0-9]{1,2}(?![0-9.,])")
# Cents said after the amount, as in "c $ 100 and fifty." (100.50): "and" plus a number word below 100 that
# ends the clause, after an amount without a multiplier. Digits ("$100 and 50") are left alone.
_SPOKEN_CENTS = re.compile(rf"\s+and\s+({NUMBER_WORDS})(?=\s*(?:[.!?;]|$))", re.IGNORECASE)


def find_money(text: str) -> list[MoneyAmount]:
    """Every money amount in ``text``, sorted by start, with offsets into ``text`` exactly as given.

    >>> [(m.text, format(m.value, "f"), m.currency, m.qualifier.value) for m in find_money("about 5.1 billion tenge")]
    [('5.1 billion tenge', '5100000000', 'KZT', 'approx')]
    """
    quantities = _join_garbled(
        text,
        [
            _quantity(m)
            for m in _MONEY.finditer(text)
            # a bare number is kept as a range end, or as the head of a garbled amount
            if not stands_alone(text, m) or _GARBLED_GAP.match(text, m.end())
        ],
    )
    for quantity in quantities:
        _add_spoken_cents(text, quantity)
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
        for q in bound(text, quantities)
    ]


def parse_money(text: str) -> tuple[Decimal | None, str] | None:
    """Value and ISO code of one money phrase ("KZT 1 trln 284 bln"); None unless it is exactly one amount."""
    found = find_money(text)
    if len(found) != 1 or found[0].text != text.strip():
        return None
    return found[0].value, found[0].currency


def _quantity(match: re.Match[str]) -> Quantity[str]:
    quantity = Quantity.from_match(match, _CODES)
    if match["glued"] and not quantity.scale:
        # "T850 billion" is tenge, but "T20" or "T34" are names: a glued letter needs a multiplier.
        return Quantity.from_match(match, _CODES, keep_before=False)
    return quantity


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


def _add_spoken_cents(text: str, quantity: Quantity[str]) -> None:
    if quantity.unit is None or quantity.value is None or quantity.scale:
        return
    cents = _SPOKEN_CENTS.match(text, quantity.end)
    value = parse_number(cents[1]) if cents else None
    if cents and value is not None and value < 100:
        quantity.value += value / 100
        quantity.end = cents.end()
