"""Shared helpers of the rule components (govextract.components.spans)."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Doc
from spacy.util import filter_spans

import govextract
from govextract.components import spans
from govextract.components.spans import SPANS_KEY, FactRecognizer, facts_of, longest_first, value_of
from govextract.records import Mention


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


TEXTS = [
    "Revenue grew by 5% to 58.1 billion tenge in 2021.",
    "No numbers here.",
    "In May, about $1.5bn and 24,7 billion tenge; from 17 to 50% of the regions by 2025.",
]


def test_pipe_finds_what_each_call_finds() -> None:
    nlp = govextract.load()
    one_by_one = [govextract.to_record(nlp(text)) for text in TEXTS]
    # batches smaller than the texts, so a batch boundary falls between them
    piped = [govextract.to_record(doc) for doc in nlp.pipe(TEXTS * 3, batch_size=2)]
    assert piped == one_by_one * 3


def test_pipe_hands_a_failing_doc_to_the_error_handler() -> None:
    def find(doc: Doc) -> list[Mention]:
        if "boom" in doc.text:
            raise ValueError("boom")
        return []

    nlp = spacy.blank("en")
    recognizer = FactRecognizer("test", "TEST", find)
    docs = [nlp.make_doc(text) for text in ("one", "boom", "three")]
    with pytest.raises(ValueError, match="boom"):
        list(recognizer.pipe(docs, batch_size=2))
    failed: list[list[Doc]] = []
    recognizer.set_error_handler(lambda name, proc, bad, err: failed.append(bad))
    assert [doc.text for doc in recognizer.pipe(docs, batch_size=2)] == ["one", "three"]
    assert [[doc.text for doc in bad] for bad in failed] == [["boom"]]


def test_the_pipeline_error_handler_reaches_the_recognizers() -> None:
    nlp = govextract.load()

    def handler(name: str, proc: object, docs: list[Doc], err: Exception) -> None:
        pass

    nlp.set_error_handler(handler)
    assert nlp.get_pipe("govextract_money").get_error_handler() is handler


def _facts_by_group(doc: Doc, labels: tuple[str, ...]) -> dict[str, list[tuple[int, int, object]]]:
    found: dict[str, list[tuple[int, int, object]]] = {}
    for span in doc.spans[SPANS_KEY]:
        if span.label_ in labels:
            found.setdefault(span.label_, []).append((span.start_char, span.end_char, value_of(span)))
    return found


def test_facts_of_reads_what_the_group_holds() -> None:
    nlp = govextract.load()
    text = (
        "Akim of Almaty region Marat Sultangaziyev said that by 2025 the share of renewables will reach 15%, "
        "and 58 billion tenge will be allocated in 2024."
    )
    with nlp.select_pipes(disable=["govextract_resolve"]):  # the resolver takes spans out of the group
        doc = nlp(text)
    labels = ("MONEY", "PERCENT", "DATE", "OFFICIAL")
    expected = _facts_by_group(doc, labels)
    assert set(expected) == set(labels)
    group, copy = doc.user_data[spans._FACTS_KEY]  # the components kept a copy of the group beside it
    assert group is doc.spans[SPANS_KEY] and len(copy) == len(group)
    assert facts_of(doc, labels) == expected
    # a span added to the group by something else: the copy is read again from the group
    doc.spans[SPANS_KEY].append(doc.spans[SPANS_KEY][0])
    assert facts_of(doc, labels) == _facts_by_group(doc, labels)
