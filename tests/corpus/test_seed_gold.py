"""The seeds' gold facts (corpus/gold/seeds.json): they still fit the seed files they were annotated on.

The seeds are third-party texts kept outside the repository, so the gold file holds values and offsets only.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govextract.records import Granularity, Qualifier, TargetAction

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
GOLD = json.loads((ROOT / "corpus" / "gold" / "seeds.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seed texts at {SEEDS}")

FIELDS = {
    "MONEY": {"label", "start", "end", "value", "currency", "qualifier", "range"},
    "PERCENT": {"label", "start", "end", "value", "is_points", "qualifier", "range"},
    "DATE": {"label", "start", "end", "value", "value_end", "granularity"},
    "REGION": {"label", "start", "end", "iso_code"},
    "PLACE": {"label", "start", "end", "name", "kind", "iso_code"},
    "OFFICIAL": {"label", "start", "end", "name"},
    "TITLE": {"label", "start", "end", "name"},
    "TARGET": {
        "label",
        "start",
        "end",
        "value",
        "year",
        "action",
        "head",
        "is_percentage",
        "baseline",
        "qualifier",
        "range",
    },
}
LAYER = {"MONEY": 0, "PERCENT": 0, "DATE": 0, "REGION": 1, "PLACE": 1, "OFFICIAL": 2, "TITLE": 2, "TARGET": 3}


def seed_text(name: str) -> tuple[bytes, str]:
    data = (SEEDS / name).read_bytes()
    return data, data.decode("utf-8")


def test_gold_covers_every_seed() -> None:
    assert GOLD["published_assumed"] is None
    assert sorted(GOLD["documents"]) == sorted(path.name for path in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", sorted(GOLD["documents"]))
def test_seed_unchanged(name: str) -> None:
    data, _ = seed_text(name)
    assert hashlib.sha256(data).hexdigest() == GOLD["documents"][name]["sha256"]


@pytest.mark.parametrize("name", sorted(GOLD["documents"]))
def test_facts_fit_the_seed_text(name: str) -> None:
    _, text = seed_text(name)
    facts: list[dict[str, Any]] = GOLD["documents"][name]["facts"]
    assert facts == sorted(facts, key=lambda fact: (fact["start"], -fact["end"]))
    previous_end = [0, 0, 0, 0]  # facts of one layer never overlap; of different layers they may nest
    for fact in facts:
        assert set(fact) == FIELDS[fact["label"]], fact
        layer = LAYER[fact["label"]]
        assert previous_end[layer] <= fact["start"] < fact["end"] <= len(text), fact
        surface = text[fact["start"] : fact["end"]]
        assert surface == surface.strip() and re.search(r"\w", surface), fact
        previous_end[layer] = fact["end"]


@pytest.mark.parametrize("name", sorted(GOLD["documents"]))
def test_fact_values_are_well_formed(name: str) -> None:
    for fact in GOLD["documents"][name]["facts"]:
        if fact["label"] == "MONEY":
            assert fact["value"] is None or Decimal(fact["value"]) > 0
            assert re.fullmatch(r"[A-Z]{3}", fact["currency"])
        elif fact["label"] == "PERCENT":
            assert isinstance(fact["value"], float)
        elif fact["label"] in ("REGION", "PLACE"):
            assert re.fullmatch(r"KZ-\d{2}", fact["iso_code"])
        elif fact["label"] in ("OFFICIAL", "TITLE"):
            assert fact["name"].strip() == fact["name"] and fact["name"]
        elif fact["label"] == "TARGET":
            assert isinstance(fact["value"], float) and fact["year"] in (None, *range(1990, 2100))
            TargetAction(fact["action"])
            assert fact["head"] in seed_text(name)[1][max(0, fact["start"] - 200) : fact["end"]]  # the head is written
        else:
            Granularity(fact["granularity"])
            for key in ("value", "value_end"):
                assert fact[key] is None or date.fromisoformat(fact[key])
        if "qualifier" in fact:
            Qualifier(fact["qualifier"])
            assert fact["range"] in (None, "low", "high")
