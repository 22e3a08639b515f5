"""Shared helpers of the rule components (govextract.components.spans)."""

from __future__ import annotations

import random

import spacy
from spacy.util import filter_spans

from govextract.components.spans import longest_first


def test_longest_first_keeps_what_filter_spans_keeps() -> None:
    doc = spacy.blank("en").make_doc("word " * 30)
    rng = random.Random(5)
    for _ in range(200):
        ranges = [(start, start + rng.randint(1, 6)) for start in rng.choices(range(24), k=rng.randint(0, 12))]
        expected = [(span.start, span.end) for span in filter_spans([doc[s:e] for s, e in ranges])]
        assert longest_first(ranges, lambda r: r) == expected
        # PhraseMatcher matches carry their key first; the kept matches are the same ranges
        matches = [(7, s, e) for s, e in ranges]
        assert [(s, e) for _, s, e in longest_first(matches, lambda m: (m[1], m[2]))] == expected
