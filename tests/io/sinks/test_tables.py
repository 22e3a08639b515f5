"""The table layout: every field of the record contract has a column, and rows give back the same records."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

import govextract
from govextract.io.sinks.tables import DATA_TABLES, from_rows, rows_of
from govextract.records import (
    ErrorKind,
    ExtractionError,
    PressRelease,
)


def field_paths(model: BaseModel, where: str = "") -> tuple[set[str], set[str]]:
    """The field paths of ``model`` and the models inside it (``targets.deadline.value_end``): all of them, and
    those that hold a value (not None, not an empty list) in at least one place."""
    seen: set[str] = set()
    filled: set[str] = set()
    for name in type(model).model_fields:
        value = getattr(model, name)
        seen.add(where + name)
        if value is not None and value != []:
            filled.add(where + name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                inner_seen, inner_filled = field_paths(item, f"{where}{name}.")
                seen |= inner_seen
                filled |= inner_filled
    return seen, filled


def test_the_full_release_sets_every_field(full_release: PressRelease) -> None:
    seen, filled = field_paths(full_release)
    assert seen == filled
    assert "targets.deadline.value_end" in filled and "officials.mentions.end" in filled


def test_every_field_round_trips(full_release: PressRelease) -> None:
    release = full_release
    rows = rows_of([release])
    assert {name for name, found in rows.items() if found} == {t.name for t in DATA_TABLES} - {"errors"}
    assert list(from_rows(rows)) == [release]


def test_errors_round_trip() -> None:
    error = ExtractionError(doc_id="a", source="f.jsonl", line=3, kind=ErrorKind.invalid_json, message="bad")
    assert list(from_rows(rows_of([error]))) == [error]


def test_corpus_records_round_trip(examples: list[dict[str, Any]]) -> None:
    records = list(govextract.extract_many(examples))
    assert list(from_rows(rows_of(records))) == sorted(records, key=lambda r: r.doc_id)


def test_a_document_without_text_cannot_be_rebuilt(full_release: PressRelease) -> None:
    with pytest.raises(ValueError, match="without its text"):
        list(from_rows(rows_of([full_release], include_text=False)))
