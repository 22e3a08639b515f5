"""The quantity scanner finds exactly what the full pattern finds, on every text we have."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

from govextract.components.spans import TokenStarts
from govextract.corpus.markup import load_corpus
from govextract.normalize import money, percent
from govextract.normalize.numbers import _prefix_tree

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def texts() -> list[str]:
    found = [d.text for d in load_corpus(ROOT / "corpus" / "docs")]
    found += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    for spec in sorted((SHARED / "conformance" / "recognizers-text").glob("*.json")):
        found += [case["Input"] for case in json.loads(spec.read_text(encoding="utf-8"))]
    found += [
        "KZT2trln, US$1.5bn, T850 billion, minus five percent, per cent of twenty-two, a $5 loan",
        "D9114 q=30% 5-7 billion tenge −3% A $ 20 and C $ 100 and fifty.",
        "",
    ]
    return found


@pytest.mark.parametrize("scanner", [money.DEFAULT.scanner, percent.DEFAULT.scanner], ids=["money", "percent"])
def test_scanner_equals_full_pattern(scanner) -> None:
    for text in texts():
        got = [m.span() for m in scanner.finditer(text)]
        assert got == [m.span() for m in scanner.pattern.finditer(text)], text[:80]


@pytest.mark.parametrize("grammar", [money.DEFAULT, percent.DEFAULT], ids=["money", "percent"])
def test_token_starts_find_every_start(grammar) -> None:
    nlp = spacy.blank("en")
    starts = TokenStarts(nlp.vocab, grammar.scanner.starts)
    for text in texts():
        doc = nlp.make_doc(text)
        expected = [m.start() for m in grammar.scanner.starts.finditer(text)]
        assert set(expected) <= set(starts(doc)), text[:80]
        assert grammar.find(text, starts(doc)) == grammar.find(text), text[:80]


def test_token_starts_leave_a_foreign_doc_to_the_scan() -> None:
    starts = TokenStarts(spacy.blank("en").vocab, money.DEFAULT.scanner.starts)
    assert starts(spacy.blank("en")("5 tenge")) is None


WORDS = ["six", "sixty", "sixteen", "seven", "t", "ten", "kzt", "us"]


@pytest.mark.parametrize("text", [*WORDS, "sixt", "sixte", "se", "s", "te", "k", "u", "kz", "tens", ""])
def test_prefix_tree_matches_exactly_its_words(text: str) -> None:
    assert bool(re.fullmatch(_prefix_tree(WORDS), text)) == (text in WORDS)
