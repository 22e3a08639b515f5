"""Pipeline assembly: config, entry points, the one overlap rule, Doc -> PressRelease, save and load."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import spacy

import govextract
from govextract.components.spans import SPANS_KEY

TEXT = (
    "Minister of Healthcare Aleksey Tsoy said that in 2020 persons in need were provided with 60%. "
    "About 5.1 billion tenge was spent, and KZT 1 trln 284 bln is planned for 2020-2025."
)


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return govextract.load()


def test_default_pipeline_is_built_from_the_shipped_config(nlp: spacy.language.Language) -> None:
    assert nlp.pipe_names == [
        "govextract_money",
        "govextract_percent",
        "govextract_dates",
        "govextract_places",
        "govextract_officials",
        "govextract_targets",
        "govextract_resolve",
    ]
    assert nlp.lang == "en"


def test_config_overrides_work_as_in_spacy() -> None:
    custom = govextract.load(config={"components.govextract_resolve.priority": ["DATE", "MONEY", "PERCENT"]})
    assert custom.get_pipe("govextract_resolve").rank["DATE"] == 0
    assert custom.get_pipe("govextract_resolve").extractor.fingerprint != (
        govextract.load().get_pipe("govextract_resolve").extractor.fingerprint
    )


def test_exclude_drops_a_component() -> None:
    assert "govextract_dates" not in govextract.load(exclude=["govextract_dates"]).pipe_names


def test_facts_are_spans_with_records(nlp: spacy.language.Language) -> None:
    doc = nlp(TEXT)
    labels = [(s.label_, s.text) for s in doc.spans[SPANS_KEY]]
    assert all(s._.value is not None for s in doc.spans[SPANS_KEY])
    assert ("PERCENT", "60%") in labels
    assert ("OFFICIAL", "Aleksey Tsoy") in labels
    assert ("TITLE", "Minister of Healthcare") in labels
    assert ("MONEY", "5.1 billion tenge") in labels
    assert ("MONEY", "KZT 1 trln 284 bln") in labels
    assert ("DATE", "2020-2025") in labels


def test_doc_builds_the_press_release(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc(TEXT)
    doc._.published = date(2021, 1, 15)
    release = nlp(doc)._.govextract
    amounts = {a.text: (a.value, a.currency, a.qualifier) for a in release.amounts}
    assert amounts["5.1 billion tenge"] == (Decimal(5100000000), "KZT", "approx")
    assert amounts["KZT 1 trln 284 bln"][0] == Decimal(1284000000000)
    assert [p.value for p in release.percentages] == [60.0]
    assert release.extractor.fingerprint == nlp.get_pipe("govextract_resolve").extractor.fingerprint
    for fact in release.mentions():
        assert TEXT[fact.start : fact.end] == fact.text


def test_components_work_in_a_users_own_pipeline() -> None:
    # Registered through the spacy_factories entry point: no govextract import needed by name.
    own = spacy.blank("en")
    own.add_pipe("govextract_money")
    doc = own("The budget is T850 billion.")
    assert [(s.label_, s._.value.value) for s in doc.spans[SPANS_KEY]] == [("MONEY", Decimal(850000000000))]
    assert doc._.govextract.extractor.fingerprint.startswith("patterns-")


def test_fact_inside_a_token_keeps_exact_offsets(nlp: spacy.language.Language) -> None:
    text = "Financing reached KZT2trln."
    (amount,) = govextract.extract(text, nlp=nlp).amounts
    assert (amount.text, amount.start, amount.end, amount.value) == ("KZT2trln", 18, 26, Decimal(2 * 10**12))


@pytest.mark.parametrize(
    ("labels", "kept"),
    [
        # overlapping: the longer wins
        ([("MONEY", 0, 18), ("DATE", 0, 4)], [("MONEY", 0, 18)]),
        # same length: the earlier label in priority wins
        ([("DATE", 5, 9), ("PERCENT", 5, 9)], [("PERCENT", 5, 9)]),
        # facts of different layers may overlap: a percentage inside a target, a region inside a title
        ([("TARGET", 0, 30), ("PERCENT", 5, 9)], [("TARGET", 0, 30), ("PERCENT", 5, 9)]),
        ([("OFFICIAL", 0, 30), ("REGION", 5, 9), ("PLACE", 5, 12)], [("OFFICIAL", 0, 30), ("PLACE", 5, 12)]),
        # disjoint facts all stay, sorted by offset
        ([("DATE", 20, 24), ("MONEY", 0, 18)], [("MONEY", 0, 18), ("DATE", 20, 24)]),
    ],
)
def test_overlap_rule(nlp: spacy.language.Language, labels: list[tuple[str, int, int]], kept: list) -> None:
    from govextract.records import Mention

    text = "2020 and so on and the rest of this sentence."
    doc = nlp.make_doc(text)
    doc.spans[SPANS_KEY] = []
    for label, start, end in labels:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        span._.value = Mention(text=text[start:end], start=start, end=end)
        doc.spans[SPANS_KEY].append(span)
    resolved = nlp.get_pipe("govextract_resolve")(doc)
    assert [(s.label_, s._.value.start, s._.value.end) for s in resolved.spans[SPANS_KEY]] == kept


def test_pipeline_round_trips_through_disk(nlp: spacy.language.Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "pipe")
    loaded = govextract.load(model=tmp_path / "pipe")
    assert loaded.pipe_names == nlp.pipe_names
    a = govextract.extract(TEXT, nlp=nlp, published="2021-01-15")
    b = govextract.extract(TEXT, nlp=loaded, published="2021-01-15")
    assert a.amounts == b.amounts and a.percentages == b.percentages and a.dates == b.dates


def test_a_linked_span_shows_its_own_mention_and_the_record_joins_them(nlp: spacy.language.Language) -> None:
    doc = nlp("Akimat of Almaty reported. In Almaty, 5% more schools opened.")
    spans = [s for s in doc.spans[SPANS_KEY] if s.label_ == "REGION"]
    assert [(s._.value.name, [(m.text, m.start) for m in s._.value.mentions]) for s in spans] == [
        ("Almaty", [("Almaty", 10)]),
        ("Almaty", [("Almaty", 30)]),
    ]
    (region,) = doc._.govextract.regions
    assert [(m.text, m.start, m.end) for m in region.mentions] == [("Almaty", 10, 16), ("Almaty", 30, 36)]


def test_a_record_set_on_a_linked_span_joins_the_others(nlp: spacy.language.Language) -> None:
    doc = nlp("Akimat of Almaty reported. In Almaty, 5% more schools opened.")
    first = next(s for s in doc.spans[SPANS_KEY] if s.label_ == "REGION")
    first._.value = first._.value.model_copy(update={"name": "Almaty city"})
    (region,) = doc._.govextract.regions
    assert (region.name, [m.start for m in region.mentions]) == ("Almaty city", [10, 30])
