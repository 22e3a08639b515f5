"""The record contract as normalised tables: one layout for the SQL databases and the Parquet datasets.

A ``PressRelease`` is one ``documents`` row; each list of facts is a table of rows keyed by ``(doc_id,
ordinal)``, ``ordinal`` being the fact's place in its list; the mentions of officials, regions and places are
tables of their own keyed by ``(doc_id, <owner>_ordinal, ordinal)``. A nested record is flattened into columns
named ``<field>_<subfield>`` (``extractor_fingerprint``, ``deadline_value``), all null when it is null. Column names
are the contract's field names, so ``to_rows`` and ``from_rows`` are generic, and a field without a column (or a
column without a field) fails the round-trip test instead of being dropped silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

from govextract.records import DateMention, ExtractionError, Extractor, PressRelease


class Money(TypeDecorator[Decimal]):
    """An exact decimal: unconstrained NUMERIC (arbitrary precision) in PostgreSQL; in SQLite, whose NUMERIC goes
    through a float (58100000000.000001 would come back rounded), the plain digit string of the JSON lines."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(Text() if dialect.name == "sqlite" else Numeric(asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        return format(value, "f") if value is not None and dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("doc_id", Text, primary_key=True),
    Column("schema_version", Text, nullable=False),
    Column("extractor_name", Text, nullable=False),
    Column("extractor_version", Text, nullable=False),
    Column("extractor_fingerprint", Text, nullable=False, index=True),
    Column("source", Text),
    Column("title", Text),
    Column("published", Date, index=True),
    Column("text", Text, comment="null when written with --no-text"),
    Column("text_sha256", Text, nullable=False),
)


def _offsets(prefix: str = "") -> list[Column[Any]]:
    optional = bool(prefix)  # a nested mention (a target's deadline) may be absent
    return [
        Column(f"{prefix}text", Text, nullable=optional),
        Column(f"{prefix}start", Integer, nullable=optional),
        Column(f"{prefix}end", Integer, nullable=optional),
    ]


def _facts(name: str, *columns: Column[Any] | Index) -> Table:
    """A list of a document's facts; its rows go when the document's row goes."""
    return Table(
        name,
        metadata,
        Column("doc_id", Text, ForeignKey("documents.doc_id", ondelete="CASCADE"), primary_key=True),
        Column("ordinal", Integer, primary_key=True),
        *columns,
    )


def _mentions(owner: Table, singular: str) -> Table:
    """Where a linked thing (an official, a region, a place) is mentioned."""
    return Table(
        f"{singular}_mentions",
        metadata,
        Column("doc_id", Text, primary_key=True),
        Column(f"{singular}_ordinal", Integer, primary_key=True),
        Column("ordinal", Integer, primary_key=True),
        *_offsets(),
        ForeignKeyConstraint(["doc_id", f"{singular}_ordinal"], [owner.c.doc_id, owner.c.ordinal], ondelete="CASCADE"),
    )


def _range() -> list[Column[Any]]:
    return [Column("qualifier", Text, nullable=False), Column("range", Text)]


officials = _facts(
    "officials",
    Column("name", Text, nullable=False, index=True),
    Column("canonical_name", Text, index=True),
    Column("surname", Text),
    Column("given_name", Text),
    Column("patronymic", Text),
    Column("title", Text),
    Column("role", Text, nullable=False, index=True),
    Column("organization", Text),
    Column("region_iso", Text),
)
regions = _facts(
    "regions",
    Column("name", Text, nullable=False),
    Column("iso_code", Text, nullable=False, index=True),
    Column("iso_code_legacy", Text),
    Column("kind", Text, nullable=False),
)
places = _facts(
    "places",
    Column("name", Text, nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("region_iso", Text),
)
percentages = _facts(
    "percentages",
    *_offsets(),
    Column("value", Double, nullable=False),
    Column("is_points", Boolean, nullable=False),
    *_range(),
)
amounts = _facts(
    "amounts",
    *_offsets(),
    Column("value", Money),
    Column("currency", Text, nullable=False, index=True),
    *_range(),
)
targets = _facts(
    "targets",
    *_offsets(),
    Column("value", Double, nullable=False),
    Column("is_percentage", Boolean, nullable=False),
    Column("unit", Text),
    Column("action", Text, nullable=False),
    Column("year", Integer, index=True),
    *_offsets("deadline_"),
    Column("deadline_value", Date),
    Column("deadline_value_end", Date),
    Column("deadline_granularity", Text),
    Column("baseline", Double),
    *_range(),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
)
dates = _facts(
    "dates",
    *_offsets(),
    Column("value", Date, index=True),
    Column("value_end", Date),
    Column("granularity", Text, nullable=False),
)
official_mentions = _mentions(officials, "official")
region_mentions = _mentions(regions, "region")
place_mentions = _mentions(places, "place")

errors = Table(
    "errors",
    metadata,
    # No key of its own: an error is identified by what it says (doc_id, source, line), all of which may be null,
    # and an id counted up by the database would differ between two runs over the same input.
    Column("schema_version", Text, nullable=False),
    Column("doc_id", Text, index=True),
    Column("source", Text),
    Column("line", Integer),
    Column("kind", Text, nullable=False, index=True),
    Column("message", Text, nullable=False),
    Index("ix_errors_source_line", "source", "line"),
)

runs = Table(
    "runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), comment="null while running, or when the run was killed"),
    Column("govextract_version", Text, nullable=False),
    Column("extractor_fingerprint", Text, nullable=False),
    Column("schema_version", Text, nullable=False),
    Column("inputs", Text, nullable=False, comment="the INPUT arguments, one per line"),
    Column("resume", Boolean, nullable=False),
    Column("documents", Integer),
    Column("extracted", Integer),
    Column("failed", Integer),
    Column("skipped", Integer),
)

schema_version = Table("schema_version", metadata, Column("version", Text, primary_key=True))

# The fact lists of a PressRelease and their tables, parents before children (the order of inserting).
FACTS: dict[str, Table] = {
    "officials": officials,
    "regions": regions,
    "places": places,
    "percentages": percentages,
    "amounts": amounts,
    "targets": targets,
    "dates": dates,
}
MENTIONS: dict[str, tuple[Table, str]] = {
    "officials": (official_mentions, "official_ordinal"),
    "regions": (region_mentions, "region_ordinal"),
    "places": (place_mentions, "place_ordinal"),
}
DATA_TABLES: list[Table] = [documents, *FACTS.values(), *(table for table, _ in MENTIONS.values()), errors]
"""Every table that holds records, parents first; ``runs`` and ``schema_version`` describe the store."""
# Nested records flattened into prefixed columns, with the model that rebuilds them.
NESTED: dict[str, type[BaseModel]] = {"extractor": Extractor, "deadline": DateMention}


def _flat(values: dict[str, Any]) -> dict[str, Any]:
    """A dumped record as one row: its nested records spread into prefixed columns. Enum members stay as they are:
    they are strings, and every driver (sqlite3, psycopg, pyarrow) writes them as their value."""
    values.pop("record", None)
    for name, model in NESTED.items():
        if name in values:
            inner = values.pop(name)
            for field in model.model_fields:
                values[f"{name}_{field}"] = None if inner is None else inner[field]
    return values


def _nested(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row's columns as the contract's fields: ``deadline_*`` back into one ``deadline``, and so on."""
    values = dict(row)
    for name, model in NESTED.items():
        columns = [f"{name}_{field}" for field in model.model_fields]
        if columns[0] in values:
            inner = {field: values.pop(column) for field, column in zip(model.model_fields, columns, strict=True)}
            values[name] = None if all(v is None for v in inner.values()) else inner
    return values


def to_rows(record: PressRelease | ExtractionError, *, include_text: bool = True) -> dict[str, list[dict[str, Any]]]:
    """The rows of one record, by table name."""
    # One model_dump of the whole record: a dump per fact cost more than the database's own work.
    values = record.model_dump()
    if isinstance(record, ExtractionError):
        return {"errors": [_flat(values)]}
    doc_id = record.doc_id
    facts = {field: values.pop(field) for field in FACTS}
    if not include_text:
        values["text"] = None
    found: dict[str, list[dict[str, Any]]] = {"documents": [_flat(values)]}
    for field, table in FACTS.items():
        rows = found[table.name] = []
        for ordinal, fact in enumerate(facts[field]):
            mentions = fact.pop("mentions", None)
            rows.append({"doc_id": doc_id, "ordinal": ordinal, **_flat(fact)})
            if mentions is not None:
                mention_table, owner_column = MENTIONS[field]
                found.setdefault(mention_table.name, []).extend(
                    {"doc_id": doc_id, owner_column: ordinal, "ordinal": i, **m} for i, m in enumerate(mentions)
                )
    return {name: rows for name, rows in found.items() if rows}


def rows_of(
    results: Iterable[PressRelease | ExtractionError], *, include_text: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """The rows of many records, by table name, in ``DATA_TABLES`` order (parents before children)."""
    rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in DATA_TABLES}
    for result in results:
        for name, found in to_rows(result, include_text=include_text).items():
            rows[name] += found
    return rows


def _by_doc(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r["doc_id"], r["ordinal"])):
        grouped[row["doc_id"]].append(row)
    return grouped


def from_rows(rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> Iterator[PressRelease | ExtractionError]:
    """The records that ``rows_of`` made these rows from (by table name): documents by ``doc_id``, then errors.

    A document written without its text cannot be rebuilt (its offsets point into the text): ``ValueError``."""
    facts = {field: _by_doc(rows.get(table.name, ())) for field, table in FACTS.items()}
    mentions: dict[str, dict[tuple[str, int], list[dict[str, Any]]]] = {}
    for field, (table, owner_column) in MENTIONS.items():
        mentions[field] = defaultdict(list)
        for m in sorted(rows.get(table.name, ()), key=lambda r: (r["doc_id"], r[owner_column], r["ordinal"])):
            mentions[field][m["doc_id"], m[owner_column]].append({k: m[k] for k in ("text", "start", "end")})
    for doc in sorted(rows.get("documents", ()), key=lambda r: r["doc_id"]):
        doc_id = doc["doc_id"]
        if doc["text"] is None:
            raise ValueError(f"{doc_id} was written without its text (--no-text): its facts cannot be checked")
        values = _nested(doc)
        for field in FACTS:
            values[field] = []
            for row in facts[field].get(doc_id, ()):
                fact = {k: v for k, v in _nested(row).items() if k not in ("doc_id", "ordinal")}
                if field in MENTIONS:
                    fact["mentions"] = mentions[field][doc_id, row["ordinal"]]
                values[field].append(fact)
        yield PressRelease.model_validate(values)
    for error in rows.get("errors", ()):
        yield ExtractionError.model_validate(error)
