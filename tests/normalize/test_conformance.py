"""Microsoft Recognizers-Text conformance specs (MIT) through find_money and find_percentages.

The specs live in ``<repo>/../shared/conformance/recognizers-text/``; the module skips when they are absent.
Skipped cases: those whose ``NotSupported`` names python (the reference Python port does not pass them either)
and, for currency, those with a result that has no ``isoCurrency`` (plain "Dollar", "Cent", "Pound": our
records need an ISO code). Cases with no results stay: we must find nothing there. A case passes when the
multiset of (value, ISO code) we find equals the expected one (percent: the values). docs/conformance.md has
the counts and every failure.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govextract.normalize.money import find_money
from govextract.normalize.percent import find_percentages

SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "conformance" / "recognizers-text"
if not SPECS.is_dir():
    pytest.skip(f"no conformance specs at {SPECS}", allow_module_level=True)


@dataclass
class Outcome:
    total: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    passed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.total - sum(self.skipped.values())

    def report(self, model: str) -> str:
        lines = [
            f"{model}: {self.passed}/{self.remaining} passed ({self.passed / self.remaining:.1%}); "
            f"{self.total} cases, skipped {dict(self.skipped)}",
            *self.failures,
        ]
        return "\n".join(lines)


def run(
    spec: str,
    expected: Callable[[dict[str, str]], Hashable],
    found: Callable[[str], list[Hashable]],
    skip: Callable[[dict[str, Any]], str | None],
) -> Outcome:
    outcome = Outcome()
    for case in json.loads((SPECS / spec).read_text(encoding="utf-8")):
        outcome.total += 1
        if "python" in case.get("NotSupported", "").lower():
            outcome.skipped["NotSupported: python"] += 1
            continue
        if reason := skip(case):
            outcome.skipped[reason] += 1
            continue
        want = Counter(expected(r["Resolution"]) for r in case["Results"])
        got = Counter(found(case["Input"]))
        if want == got:
            outcome.passed += 1
        else:
            expected_text, found_text = (sorted(c.elements(), key=str) for c in (want, got))
            outcome.failures.append(f"  {case['Input']!r}: expected {expected_text}, found {found_text}")
    return outcome


def _no_iso_code(case: dict[str, Any]) -> str | None:
    if any("isoCurrency" not in r["Resolution"] for r in case["Results"]):
        return "a unit without an ISO code"
    return None


def test_currency_model() -> None:
    outcome = run(
        "CurrencyModel.json",
        expected=lambda r: (Decimal(r["value"]), r["isoCurrency"]),
        found=lambda text: [(m.value, m.currency) for m in find_money(text)],
        skip=_no_iso_code,
    )
    assert outcome.remaining > 0
    print(outcome.report("Currency"))
    assert outcome.passed / outcome.remaining >= 0.95, outcome.report("Currency")


def test_percent_model() -> None:
    outcome = run(
        "PercentModel.json",
        expected=lambda r: Decimal(r["value"].removesuffix("%")),
        found=lambda text: [Decimal(str(p.value)) for p in find_percentages(text)],
        skip=lambda case: None,
    )
    assert outcome.remaining > 0
    print(outcome.report("Percent"))
    assert outcome.passed == outcome.remaining, outcome.report("Percent")


# How our lexicon reads the units the spec leaves without an ISO code (patterns/currencies.json): a bare "$",
# "dollar", "euro", "pound", "yuan" or "yen" is USD, EUR, GBP, CNY, JPY. Units we do not read as one currency
# ("Cent", "Franc", "Rupee", "Bitcoin", ...) stay skipped.
_WIDER = {"Dollar": "USD", "Euro": "EUR", "Pound": "GBP", "Chinese yuan": "CNY", "Japanese yen": "JPY"}


def _wider_iso(resolution: dict[str, str]) -> str | None:
    return resolution.get("isoCurrency") or _WIDER.get(resolution.get("unit", ""))


def test_currency_model_read_as_our_lexicon_reads_units() -> None:
    """A wider second reading: cases whose units our lexicon maps to one ISO code count too."""
    outcome = run(
        "CurrencyModel.json",
        expected=lambda r: (Decimal(r["value"]), _wider_iso(r)),
        found=lambda text: [(m.value, m.currency) for m in find_money(text)],
        skip=lambda case: (
            "a unit we do not read as one currency"
            if any(_wider_iso(r["Resolution"]) is None or r["Resolution"].get("value") is None for r in case["Results"])
            else None
        ),
    )
    print(outcome.report("Currency, wider reading"))
    assert outcome.remaining >= 100
    assert outcome.passed / outcome.remaining >= 0.90, outcome.report("Currency, wider reading")
