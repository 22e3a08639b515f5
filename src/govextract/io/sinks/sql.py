"""Records into a SQL database through SQLAlchemy 2: SQLite (``sqlite:///PATH``) or PostgreSQL (``postgresql://...``,
driven by psycopg 3), in the normalised tables of ``tables.py``.

Writing is idempotent: a document's old rows are deleted and its new rows inserted in the same transaction, so
a run killed at any point leaves each document either as it was or as it is now, and running the same input
again leaves the same rows. A batch of documents shares one transaction (a commit per document would be a disk
sync per document); a batch the database refuses is written again one document per transaction, and a document
it still refuses (PostgreSQL takes no NUL character in text) becomes a ``not_stored`` error row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psycopg.sql import SQL, Identifier
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from govextract import __version__
from govextract.io.sinks.tables import (
    DATA_TABLES,
    documents,
    errors,
    from_rows,
    metadata,
    rows_of,
    runs,
    schema_version,
)
from govextract.records import SCHEMA_VERSION, ErrorKind, ExtractionError, Extractor, PressRelease

if TYPE_CHECKING:
    from govextract.runner import Result, RunSummary


def engine_for(target: str) -> Engine:
    """An engine for a ``sqlite:///PATH`` or ``postgresql://`` target (psycopg 3 unless a driver is named)."""
    url = make_url(target.replace("postgres://", "postgresql://", 1))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"{url.render_as_string()}: only sqlite:/// and postgresql:// databases are supported")
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
    return engine


def _sqlite_settings(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite; the facts go with their document
    # A write-ahead log without a sync per commit: a killed process loses nothing committed (only a power cut
    # may lose the last commits, which --resume then redoes).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _create_schema(engine: Engine) -> None:
    """The tables on first use; a database of another schema version is refused, not mixed."""
    with engine.begin() as conn:
        if inspect(conn).has_table(schema_version.name):
            found = conn.execute(select(schema_version.c.version)).scalars().all()
            if found != [SCHEMA_VERSION]:
                name = engine.url.render_as_string(hide_password=True)
                raise ValueError(f"{name} holds records of schema {found}; this govextract writes {SCHEMA_VERSION}")
        else:
            metadata.create_all(conn)
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION))


def _same(column: Any, value: object) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value


def _store(conn: Connection, results: Sequence[Result], include_text: bool) -> None:
    releases = [r.doc_id for r in results if isinstance(r, PressRelease)]
    failed = [r for r in results if isinstance(r, ExtractionError)]
    # A document that fails now loses the records of an earlier run (a duplicate id says nothing of the first).
    gone = releases + [e.doc_id for e in failed if e.doc_id is not None and e.kind != ErrorKind.duplicate_id]
    if gone:
        conn.execute(delete(documents).where(documents.c.doc_id.in_(gone)))  # facts follow: ON DELETE CASCADE
    if releases:
        conn.execute(delete(errors).where(errors.c.doc_id.in_(releases)))
    for e in failed:
        c = errors.c
        conn.execute(delete(errors).where(_same(c.doc_id, e.doc_id), _same(c.source, e.source), _same(c.line, e.line)))
    found = rows_of(results, include_text=include_text)
    for table in DATA_TABLES:
        if found[table.name]:
            _insert(conn, table, found[table.name])


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    # PostgreSQL: COPY, in the same transaction. psycopg sends an executemany INSERT row by row, which cost three
    # times the client time; COPY goes through psycopg's own adapters (Decimal to NUMERIC, exactly).
    columns = [c.name for c in table.columns]
    copy_sql = SQL("COPY {} ({}) FROM STDIN").format(Identifier(table.name), SQL(", ").join(map(Identifier, columns)))
    with conn.connection.driver_connection.cursor() as cursor, cursor.copy(copy_sql) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _refused(result: Result, err: Exception) -> ExtractionError:
    # The error row must itself be storable: NUL, the character PostgreSQL refuses, is replaced.
    def clean(value: str | None) -> str | None:
        return None if value is None else value.replace("\x00", "\ufffd")

    message = str(getattr(err, "orig", None) or err).splitlines()[0]
    line = result.line if isinstance(result, ExtractionError) else None
    return ExtractionError(
        doc_id=clean(result.doc_id),
        source=clean(result.source),
        line=line,
        kind=ErrorKind.not_stored,
        message=f"the database refused it: {message}",
    )


class SqlSink:
    """Writes batches of records to a database, and a row to ``runs`` for each run."""

    replaces = True

    def __init__(
        self,
        target: str,
        *,
        extractor: Extractor,
        include_text: bool = True,
        resume: bool = False,
        inputs: Sequence[str] = (),
    ) -> None:
        self.engine = engine_for(target)
        self.include_text = include_text
        # What a document can do wrong, seen through SQLAlchemy or (from COPY) straight from the driver.
        driver = self.engine.dialect.loaded_dbapi
        self.refusals = (DataError, IntegrityError, driver.DataError, driver.IntegrityError)
        try:
            _create_schema(self.engine)
        except OperationalError as err:  # no server, a wrong password, no such database or folder
            name = self.engine.url.render_as_string(hide_password=True)
            raise ValueError(f"cannot open {name}: {str(err.orig).strip()}") from err
        with self.engine.begin() as conn:
            started = conn.execute(
                insert(runs).values(
                    started_at=datetime.now(UTC),
                    govextract_version=__version__,
                    extractor_fingerprint=extractor.fingerprint,
                    schema_version=SCHEMA_VERSION,
                    inputs="\n".join(inputs),
                    resume=resume,
                )
            )
            self.run_id = started.inserted_primary_key[0]

    def stored(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        c = documents.c
        query = select(c.doc_id, c.text_sha256, c.extractor_fingerprint).where(c.doc_id.in_(doc_ids))
        with self.engine.connect() as conn:
            return {doc_id: (sha, fingerprint) for doc_id, sha, fingerprint in conn.execute(query)}

    def write(self, results: Sequence[Result]) -> list[ExtractionError]:
        try:
            with self.engine.begin() as conn:
                _store(conn, results, self.include_text)
            return []
        except self.refusals:
            pass  # one document spoilt the batch: each alone, to find it
        refused: list[ExtractionError] = []
        for result in results:
            try:
                with self.engine.begin() as conn:
                    _store(conn, [result], self.include_text)
            except self.refusals as err:
                refused.append(_refused(result, err))
                with self.engine.begin() as conn:
                    _store(conn, [refused[-1]], self.include_text)
        return refused

    def close(self, summary: RunSummary | None = None) -> None:
        if summary is not None:
            counts = {k: getattr(summary, k) for k in ("documents", "extracted", "failed", "skipped")}
            with self.engine.begin() as conn:
                conn.execute(
                    update(runs).where(runs.c.run_id == self.run_id).values(finished_at=datetime.now(UTC), **counts)
                )
        self.engine.dispose()


def read_back(target: str) -> list[PressRelease | ExtractionError]:
    """Every record stored in the database: documents by ``doc_id``, then errors."""
    engine = engine_for(target)
    try:
        with engine.connect() as conn:
            rows = {t.name: [dict(r._mapping) for r in conn.execute(select(t))] for t in DATA_TABLES}
    finally:
        engine.dispose()
    return list(from_rows(rows))
