"""Records built without validation (govextract.trusted) are the records validation would make."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from govextract.corpus.markup import load_corpus
from govextract.normalize.dates import find_dates
from govextract.normalize.money import find_money
from govextract.normalize.percent import find_percentages
from govextract.records import DateMention, Granularity, Mention
from govextract.trusted import trusted

ROOT = Path(__file__).resolve().parents[1]


def test_the_number_finders_make_what_validation_would() -> None:
    checked = 0
    for doc in load_corpus(ROOT / "corpus" / "docs"):
        facts = [*find_money(doc.text), *find_percentages(doc.text), *find_dates(doc.text, doc.published)]
        for fact in facts:
            again = type(fact).model_validate(fact.model_dump())
            assert again == fact and repr(again) == repr(fact) and again.model_fields_set == fact.model_fields_set
        checked += len(facts)
    assert checked > 100


def test_trusted_equals_the_validated_record() -> None:
    values = {"text": "2021", "start": 3, "end": 7, "value": date(2021, 1, 1), "value_end": date(2021, 12, 31)}
    made = trusted(DateMention, **values, granularity=Granularity.year)
    assert made == DateMention(**values, granularity=Granularity.year)
    assert made.model_dump_json() == DateMention(**values, granularity=Granularity.year).model_dump_json()


@pytest.mark.parametrize(
    "values",
    [{"text": "a", "start": 0}, {"text": "a", "start": 0, "end": 1, "value": 5}, {"text": "a", "start": 0, "stop": 1}],
    ids=["missing", "extra", "misnamed"],
)
def test_trusted_takes_every_field_and_no_other(values: dict[str, object]) -> None:
    with pytest.raises(TypeError, match="Mention takes the fields text, start, end"):
        trusted(Mention, **values)
