"""The corpus as committed: manifest and files agree, the test split is frozen, every document compiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govextract.corpus.markup import SPLITS, file_sha256, read_document, split_of

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOCS = CORPUS / "docs"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
LISTED = sorted(doc_id for split in MANIFEST["splits"].values() for doc_id in split)
FILES = sorted(DOCS.glob("*.txt"))

REFREEZE_HINT = "python -m govextract.corpus.markup manifest corpus/"


def test_manifest_shape() -> None:
    assert MANIFEST["format"] == 1
    assert sorted(MANIFEST["splits"]) == sorted(SPLITS)
    assert set(MANIFEST["test_sha256"]) <= set(MANIFEST["splits"]["test"])


@pytest.mark.parametrize("doc_id", LISTED)
def test_listed_document_has_a_file(doc_id: str) -> None:
    assert (DOCS / f"{doc_id}.txt").is_file()


def test_every_file_is_listed() -> None:
    assert not {path.stem for path in FILES} - set(LISTED), f"unlisted documents: run {REFREEZE_HINT}"


def test_splits_are_disjoint_and_sorted() -> None:
    assert len(LISTED) == len(set(LISTED)) == len(split_of(MANIFEST))
    for ids in MANIFEST["splits"].values():
        assert ids == sorted(ids)


@pytest.mark.parametrize("doc_id", MANIFEST["splits"]["test"])
def test_test_document_is_frozen(doc_id: str) -> None:
    path = DOCS / f"{doc_id}.txt"
    assert path.is_file(), f"{doc_id} is in the test split but has no file"
    assert doc_id in MANIFEST["test_sha256"], f"{doc_id} has no frozen checksum: run {REFREEZE_HINT}"
    assert file_sha256(path) == MANIFEST["test_sha256"][doc_id], (
        f"{doc_id} changed after it was frozen: test documents must not change"
    )


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_document_compiles_and_spans_point_at_their_text(path: Path) -> None:
    doc = read_document(path)
    for span in doc.spans:
        assert doc.text[span.start : span.end] == span.text, span


def test_examples_file_is_the_compiled_corpus() -> None:
    """corpus/examples.jsonl (the README's main-job input) is regenerated from the documents, never edited."""
    from govextract.corpus.markup import export_lines

    committed = (CORPUS / "examples.jsonl").read_text(encoding="utf-8").splitlines()
    assert committed == export_lines(DOCS), (
        "run: python -m govextract.corpus.markup export corpus/docs corpus/examples.jsonl"
    )
