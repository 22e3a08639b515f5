"""extract / extract_many: one result per input, in order, errors as records, nothing lost."""

from __future__ import annotations

from datetime import date

import pytest

import govextract
from govextract.records import ErrorKind, ExtractionError, PressRelease
from govextract.runner import ExtractionFailed, InputDoc

RELEASE = "In 2021, 58.1 billion tenge was allocated. Coverage reached 34.8% this year."


def test_extract_fills_metadata_and_facts() -> None:
    r = govextract.extract(RELEASE, doc_id="a", published="2021-09-11", title="T", source="s.txt")
    assert (r.doc_id, r.published, r.title, r.source) == ("a", date(2021, 9, 11), "T", "s.txt")
    assert [a.text for a in r.amounts] == ["58.1 billion tenge"]
    assert [p.value for p in r.percentages] == [34.8]
    this_year = [d for d in r.dates if d.text == "this year"]
    assert this_year and this_year[0].value == date(2021, 1, 1)


def test_relative_dates_stay_null_without_published() -> None:
    r = govextract.extract(RELEASE)
    assert [d.value for d in r.dates if d.text == "this year"] == [None]
    assert r.doc_id == r.text_sha256[:16]


@pytest.mark.parametrize(("text", "kind"), [("", ErrorKind.empty), ("  \n\t", ErrorKind.empty)])
def test_extract_refuses_empty_text(text: str, kind: ErrorKind) -> None:
    with pytest.raises(ExtractionFailed) as info:
        govextract.extract(text, doc_id="e")
    assert info.value.error.kind == kind and info.value.error.doc_id == "e"


def test_extract_many_keeps_order_and_records_errors() -> None:
    inputs = [
        RELEASE,
        {"id": "j1", "text": "Up to 5-7 billion tenge.", "published": "2022-01-01", "url": "http://x"},
        {"id": "j2", "text": ""},
        {"id": "j3", "text": 42},
        {"id": "j4", "text": "ok 5%", "published": "not a date"},
        ExtractionError(source="f.jsonl", line=9, kind=ErrorKind.invalid_json, message="bad line"),
        InputDoc(text="Sixty percent of 10 515 tenge", doc_id="i1"),
    ]
    results = list(govextract.extract_many(inputs, batch_size=2))
    assert len(results) == len(inputs)
    kinds = [r.kind if isinstance(r, ExtractionError) else r.doc_id for r in results]
    assert kinds[1:] == ["j1", "empty", "invalid_json", "invalid_json", "invalid_json", "i1"]
    assert isinstance(results[0], PressRelease)
    assert results[1].source == "http://x"
    assert [(a.text, a.range) for a in results[1].amounts] == [("5", "low"), ("7 billion tenge", "high")]


def test_extract_many_raise_mode() -> None:
    with pytest.raises(ExtractionFailed, match="empty"):
        list(govextract.extract_many(["ok 5%", ""], on_error="raise"))


def test_a_failing_component_fails_only_its_document() -> None:
    nlp = govextract.load()

    def explode(doc):  # a component that breaks on one document only
        if "boom" in doc.text:
            raise RuntimeError("boom")
        return doc

    from spacy.language import Language

    if "test_explode" not in Language.factories:
        Language.component("test_explode", func=explode)
    nlp.add_pipe("test_explode", first=True)
    results = list(govextract.extract_many(["5% fine", "", "boom 6%", "7% fine", "8% fine"], nlp=nlp))
    assert [type(r).__name__ for r in results] == [
        "PressRelease",
        "ExtractionError",
        "ExtractionError",
        "PressRelease",
        "PressRelease",
    ]
    assert results[1].kind == ErrorKind.empty
    assert results[2].kind == ErrorKind.component_failed and "boom" in results[2].message
    # The documents after the failure are run again one by one, and keep their place.
    assert [r.percentages[0].value for r in results if isinstance(r, PressRelease)] == [5, 7, 8]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="on_error"):
        list(govextract.extract_many(["x"], on_error="ignore"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        list(govextract.extract_many(["x"], batch_size=0))


@pytest.mark.slow
def test_two_processes_give_the_same_records_in_order() -> None:
    texts = [f"Document {i}: {i}.5% and {i} billion tenge in {2000 + i}." for i in range(40)]
    one = list(govextract.extract_many(texts, batch_size=8))
    two = list(govextract.extract_many(texts, batch_size=8, n_process=2))
    assert [r.model_dump() for r in one] == [r.model_dump() for r in two]


def test_batches_after_the_first_documents_leave_no_strings_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    from govextract import runner

    monkeypatch.setattr(runner, "WARM_DOCS", 2)
    nlp = govextract.load()
    texts = ["Qwertyfirst got 5%.", "Asdfgsecond got 6%.", "Zxcvbthird got 7%.", "Poiuyfourth got 8%."]
    results = list(govextract.extract_many(texts, batch_size=2, nlp=nlp))
    assert [r.percentages[0].value for r in results] == [5, 6, 7, 8]
    # the first batch (the pipeline's first two documents) is kept, the second lived in a memory zone
    assert [w in nlp.vocab.strings for w in ("Qwertyfirst", "Asdfgsecond", "Zxcvbthird", "Poiuyfourth")] == [
        True,
        True,
        False,
        False,
    ]


@pytest.mark.slow
def test_memory_zones_change_no_record(monkeypatch: pytest.MonkeyPatch, examples: list[dict]) -> None:
    from govextract import runner

    plain = [r.model_dump() for r in govextract.extract_many(examples[:32], batch_size=8, nlp=govextract.load())]
    monkeypatch.setattr(runner, "WARM_DOCS", 8)  # worker processes are forked: they see it too
    for n_process in (1, 2):
        zoned = govextract.extract_many(examples[:32], batch_size=8, n_process=n_process, nlp=govextract.load())
        assert [r.model_dump() for r in zoned] == plain
