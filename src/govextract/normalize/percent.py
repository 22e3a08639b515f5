"""Percentages: "21.4%", "2.9 per cent", "1.5 percentage points", "Sixty percent", "from 17 to 50%".

The markers are data (the "percent" section of ``patterns/numbers.json``). Not percent: "8.9 times".
"""

from __future__ import annotations

import re

from govextract.normalize.numbers import QuantityScanner, alternation, marker_key, quantity_pattern
from govextract.normalize.qualifiers import Quantity, bound, stands_alone
from govextract.records import Percentage
from govextract.resources import load_json

# side ("before"/"after") -> kind ("percent"/"points") -> markers
_MARKERS: dict[str, dict[str, list[str]]] = load_json("numbers.json")["percent"]
_KINDS = {marker_key(m): kind for sides in _MARKERS.values() for kind, ms in sides.items() for m in ms}
_BEFORE = [m for ms in _MARKERS["before"].values() for m in ms]
_PERCENT = QuantityScanner(
    quantity_pattern(
        before=rf"(?:{alternation(_BEFORE)})\s*",
        after=alternation(m for ms in _MARKERS["after"].values() for m in ms),
    ),
    before_markers=_BEFORE,
)
_PHRASE_END = re.compile(r"\s*(?:[^\w\s]|$)")


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage in ``text``, sorted by start, with offsets into ``text`` exactly as given.

    >>> [(p.text, p.value, p.qualifier.value) for p in find_percentages("about 24%, not 8.9 times")]
    [('24%', 24.0, 'approx')]
    """
    quantities = [_quantity(text, m) for m in _PERCENT.finditer(text) if not stands_alone(text, m)]
    return [
        Percentage(
            text=text[q.start : q.end],
            start=q.start,
            end=q.end,
            value=float(q.value),
            is_points=q.unit == "points",
            qualifier=q.qualifier,
            range=q.range,
        )
        for q in bound(text, quantities)
        if q.value is not None
    ]


def _quantity(text: str, match: re.Match[str]) -> Quantity[str]:
    # "percent of 10" needs the number to end the phrase, so "the percent of 10 regions" stays a count.
    ends_phrase = match["after"] is not None or _PHRASE_END.match(text, match.end()) is not None
    return Quantity.from_match(match, _KINDS, keep_before=ends_phrase)
