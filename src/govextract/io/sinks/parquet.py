"""Records into a Parquet dataset: a directory with one sub-directory per table of ``tables.py``
(``documents/``, ``amounts/``, ...), each holding one file per batch of ``DOCS_PER_FILE`` documents.

Each file is written under a temporary name and renamed, and a batch's ``documents`` file is renamed last: a
batch counts only once its ``documents`` file exists, and the files a killed run left without one are removed
when the dataset is next opened. Without ``--resume`` the dataset's data files are replaced (as a JSONL file is
written anew); with it the dataset is continued, with the rules of a JSONL file (first copy kept, error files
dropped and written again, another extractor fingerprint refused). ``runs/`` gets one file per finished run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Boolean, Date, DateTime, Double, Integer, Table, Text

from govextract import __version__
from govextract.io.sinks.tables import DATA_TABLES, Money, documents, errors, from_rows, rows_of, runs
from govextract.records import SCHEMA_VERSION, ExtractionError, Extractor, PressRelease

if TYPE_CHECKING:
    from govextract.runner import Result, RunSummary

DOCS_PER_FILE = 1000
"""Documents per file: small files make a slow dataset, large ones more to redo after a kill."""
SUFFIX = ".parquet"
ARROW_TYPES: list[tuple[type, pa.DataType]] = [
    (Money, pa.string()),  # the plain digit string of the JSON lines: exact, whatever the scale
    (Text, pa.string()),
    (Integer, pa.int64()),
    (Double, pa.float64()),
    (Boolean, pa.bool_()),
    (DateTime, pa.timestamp("us", tz="UTC")),
    (Date, pa.date32()),
]


def arrow_schema(table: Table) -> pa.Schema:
    def arrow(column: Any) -> pa.DataType:
        return next(t for sql, t in ARROW_TYPES if isinstance(column.type, sql))

    metadata = {"govextract_schema_version": SCHEMA_VERSION}
    return pa.schema([pa.field(c.name, arrow(c), nullable=c.nullable) for c in table.columns], metadata=metadata)


SCHEMAS = {table.name: arrow_schema(table) for table in [*DATA_TABLES, runs]}
MONEY = {table.name: [c.name for c in table.columns if isinstance(c.type, Money)] for table in DATA_TABLES}


def _number(path: Path) -> int:
    return int(path.name.removeprefix("part-").removesuffix(SUFFIX))


def _write(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    for column in MONEY.get(table, ()):
        for row in rows:
            row[column] = None if row[column] is None else format(row[column], "f")
    partial = path.with_name(path.name + ".tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), partial)
    partial.replace(path)


class ParquetSink:
    """Buffers ``DOCS_PER_FILE`` documents, then writes one file per table."""

    replaces = False

    def __init__(
        self,
        path: str | Path,
        *,
        extractor: Extractor,
        include_text: bool = True,
        resume: bool = False,
        inputs: Sequence[str] = (),
        docs_per_file: int = DOCS_PER_FILE,
    ) -> None:
        self.root = Path(path)
        self.include_text = include_text
        self.docs_per_file = docs_per_file
        self.run = {
            "started_at": datetime.now(UTC),
            "govextract_version": __version__,
            "extractor_fingerprint": extractor.fingerprint,
            "schema_version": SCHEMA_VERSION,
            "inputs": "\n".join(inputs),
            "resume": resume,
        }
        for table in [*DATA_TABLES, runs]:
            (self.root / table.name).mkdir(parents=True, exist_ok=True)
        for partial in self.root.glob(f"*/*{SUFFIX}.tmp"):  # a file a killed run was writing
            partial.unlink()
        committed = {p.name for p in self._parts(documents.name)}
        for table in DATA_TABLES:
            for part in self._parts(table.name):
                # Without --resume everything goes; with it, a killed run's uncommitted files and the errors.
                if not resume or part.name not in committed or table is errors:
                    part.unlink()
        self.index: dict[str, tuple[str, str]] = {}
        if resume:
            self.index = _index(self.root)
            others = {fp for _, fp in self.index.values()} - {extractor.fingerprint}
            if others:
                raise ValueError(
                    f"{self.root} holds records of extractor fingerprint {', '.join(sorted(others))}, not "
                    f"{extractor.fingerprint}: a Parquet dataset keeps the first copy of a document; write to a "
                    "new directory, or drop --resume"
                )
        self.next = max((_number(p) for p in self._parts(documents.name)), default=0) + 1
        # errors-only batches leave no documents file: their numbers come after the last errors file
        self.next = max(self.next, max((_number(p) for p in self._parts(errors.name)), default=0) + 1)
        self.buffer: list[Result] = []

    def _parts(self, table: str) -> list[Path]:
        return sorted((self.root / table).glob(f"part-*{SUFFIX}"))

    def stored(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        return {doc_id: self.index[doc_id] for doc_id in doc_ids if doc_id in self.index}

    def write(self, results: Sequence[Result]) -> list[ExtractionError]:
        self.buffer += results
        if sum(isinstance(r, PressRelease) for r in self.buffer) >= self.docs_per_file:
            self._flush()
        return []

    def _flush(self) -> None:
        rows = rows_of(self.buffer, include_text=self.include_text)
        name = f"part-{self.next:06d}{SUFFIX}"
        # The documents file last: it commits the batch. (The errors need no commit: --resume drops them all.)
        for table in [*DATA_TABLES[1:], documents]:
            if rows[table.name]:
                _write(self.root / table.name / name, table.name, rows[table.name])
        self.buffer = []
        self.next += 1

    def close(self, summary: RunSummary | None = None) -> None:
        if self.buffer:
            self._flush()
        if summary is not None:
            done = len(list((self.root / runs.name).glob(f"*{SUFFIX}")))
            counts = {k: getattr(summary, k) for k in ("documents", "extracted", "failed", "skipped")}
            row = {"run_id": done + 1, **self.run, "finished_at": datetime.now(UTC), **counts}
            _write(self.root / runs.name / f"part-{done + 1:06d}{SUFFIX}", runs.name, [row])


def _read(root: Path, table: str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    files = sorted((root / table).glob(f"part-*{SUFFIX}"))
    if not files:
        return []
    return pa.concat_tables(pq.read_table(f, columns=columns) for f in files).to_pylist()


def _index(root: Path) -> dict[str, tuple[str, str]]:
    rows = _read(root, documents.name, ["doc_id", "text_sha256", "extractor_fingerprint"])
    return {r["doc_id"]: (r["text_sha256"], r["extractor_fingerprint"]) for r in rows}


def read_back(path: str | Path) -> list[PressRelease | ExtractionError]:
    """Every record of the dataset: documents by ``doc_id``, then errors."""
    return list(from_rows({table.name: _read(Path(path), table.name) for table in DATA_TABLES}))
