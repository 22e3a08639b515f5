"""Percentages: "21.4%", "2.9 per cent", "1.5 percentage points", "Sixty percent", "from 17 to 50%".

The markers are data (the "percent" section of ``patterns/numbers.json``). Not percent: "8.9 times".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from govextract.normalize.numbers import QuantityScanner, alternation, marker_key, number_grammar
from govextract.normalize.qualifiers import Quantity, bound, cue_pattern, stands_alone
from govextract.records import Percentage
from govextract.resources import Patterns, default_patterns

_PHRASE_END = re.compile(r"\s*(?:[^\w\s]|$)")


class PercentGrammar:
    """The percent regexes built from one set of lexicons (numbers with its percent markers, qualifiers)."""

    def __init__(self, patterns: Patterns) -> None:
        self.numbers = number_grammar(patterns)
        self.cues = cue_pattern(patterns)
        # side ("before"/"after") -> kind ("percent"/"points") -> markers
        markers: dict[str, dict[str, list[str]]] = patterns["numbers.json"]["percent"]
        self.kinds = {marker_key(m): kind for sides in markers.values() for kind, ms in sides.items() for m in ms}
        before = [m for ms in markers["before"].values() for m in ms]
        self.scanner = QuantityScanner(
            self.numbers.quantity_pattern(
                before=rf"(?:{alternation(before, guarded=True)})\s*",
                after=alternation((m for ms in markers["after"].values() for m in ms), guarded=True),
            ),
            before_markers=before,
            numbers=self.numbers,
        )

    def find(self, text: str, starts: Iterable[int] | None = None) -> list[Percentage]:
        """:func:`find_percentages` with this grammar; ``starts`` as in :meth:`QuantityScanner.finditer`."""
        quantities = [self._quantity(text, m) for m in self.scanner.finditer(text, starts) if not stands_alone(text, m)]
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
            for q in bound(text, quantities, self.cues)
            if q.value is not None
        ]

    def _quantity(self, text: str, match: re.Match[str]) -> Quantity[str]:
        # "percent of 10" needs the number to end the phrase, so "the percent of 10 regions" stays a count.
        ends_phrase = match["after"] is not None or _PHRASE_END.match(text, match.end()) is not None
        return Quantity.from_match(match, self.kinds, keep_before=ends_phrase, numbers=self.numbers)


@lru_cache(maxsize=8)
def percent_grammar(patterns: Patterns) -> PercentGrammar:
    """The percent grammar of ``patterns``, built once per distinct set of lexicons."""
    return PercentGrammar(patterns)


DEFAULT = percent_grammar(default_patterns())


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage in ``text``, sorted by start, with offsets into ``text`` exactly as given.

    >>> [(p.text, p.value, p.qualifier.value) for p in find_percentages("about 24%, not 8.9 times")]
    [('24%', 24.0, 'approx')]
    """
    return DEFAULT.find(text)
