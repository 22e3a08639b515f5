"""Where records go, chosen by the ``-o`` target; every sink writes the record contract as it is.

| target | sink |
| --- | --- |
| none or ``-`` | JSON lines on stdout (``jsonl.py``) |
| ``PATH.jsonl`` | a JSON lines file (``jsonl.py``) |
| ``PATH.parquet``, ``PATH/`` or an existing directory | a Parquet dataset, one directory per table (``parquet.py``) |
| ``sqlite:///PATH``, ``postgresql://...`` | a database, one table per kind of fact (``sql.py``) |

The databases and the Parquet dataset share one table layout (``tables.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from govextract.records import ExtractionError, Extractor

if TYPE_CHECKING:
    from govextract.runner import Result, RunSummary


class Sink(Protocol):
    """What the runner needs of an output."""

    replaces: bool
    """Whether writing a document again replaces its stored copy (databases); files keep the first copy."""

    def stored(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """``doc_id -> (text_sha256, extractor fingerprint)`` of those of ``doc_ids`` already stored."""
        ...

    def write(self, results: Sequence[Result]) -> list[ExtractionError]:
        """Store a batch in input order; returns the ``not_stored`` errors stored in place of refused documents."""
        ...

    def close(self, summary: RunSummary | None = None) -> None:
        """Finish writing; ``summary`` (absent when the run failed) goes to the output's record of runs."""
        ...


SQL_SCHEMES = ("sqlite:", "postgresql:", "postgresql+", "postgres:")


def _kind(target: str | None) -> str:
    # Told apart by name only: pyarrow and SQLAlchemy are imported for the output that needs them.
    if target is None or target == "-" or target.endswith(".jsonl"):
        return "jsonl"
    if target.startswith(SQL_SCHEMES):
        return "sql"
    if target.endswith((".parquet", "/")) or Path(target).is_dir():
        return "parquet"
    raise ValueError(
        f"{target}: say where records go as FILE.jsonl, a Parquet directory (DIR.parquet or DIR/), "
        "sqlite:///FILE or postgresql://USER@HOST/DB"
    )


def open_sink(
    target: str | None,
    *,
    extractor: Extractor,
    include_text: bool = True,
    resume: bool = False,
    inputs: Sequence[str] = (),
) -> Sink:
    """The sink for ``target`` (see the table above); ``ValueError`` for a target it cannot use as asked."""
    kind = _kind(target)
    if kind == "jsonl":
        from govextract.io.sinks.jsonl import JsonlSink

        return JsonlSink(target, include_text=include_text, resume=resume, extractor=extractor)
    assert target is not None
    if kind == "sql":
        from govextract.io.sinks.sql import SqlSink

        return SqlSink(target, extractor=extractor, include_text=include_text, resume=resume, inputs=inputs)
    from govextract.io.sinks.parquet import ParquetSink

    return ParquetSink(target, extractor=extractor, include_text=include_text, resume=resume, inputs=inputs)


def read_back(target: str) -> list[Result]:
    """Every record stored at ``target`` (a JSONL file, a Parquet dataset or a database), as the contract's models:
    a JSONL file in its order, the others documents by ``doc_id`` and then errors."""
    kind = _kind(target)
    if kind == "jsonl":
        from govextract.io.sinks.jsonl import read_back as read
    elif kind == "sql":
        from govextract.io.sinks.sql import read_back as read
    else:
        from govextract.io.sinks.parquet import read_back as read
    return read(target)
