"""The quantity scanner finds exactly what the full pattern finds, on every text we have."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govextract.corpus.markup import load_corpus
from govextract.normalize import money, percent

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
