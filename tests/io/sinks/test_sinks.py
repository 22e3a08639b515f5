"""Every sink stores the same facts, idempotently, and resumes: JSON lines, Parquet, SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select, text, update

import govextract
from govextract.io.sinks import open_sink, read_back
from govextract.io.sinks.parquet import ParquetSink
from govextract.io.sinks.sql import engine_for
from govextract.io.sinks.tables import DATA_TABLES, runs, schema_version
from govextract.records import ErrorKind, ExtractionError, Extractor, MoneyAmount, PressRelease
from govextract.runner import InputDoc, Result, RunSummary, extract_into

KINDS = ["jsonl", "parquet", "sqlite", "postgresql"]
FILES = ["jsonl", "parquet"]
DATABASES = ["sqlite", "postgresql"]


@pytest.fixture
def make_target(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[[str], str]:
    def make(kind: str) -> str:
        if kind == "postgresql":
            return request.getfixturevalue("postgres_url")
        return {
            "jsonl": str(tmp_path / "out.jsonl"),
            "parquet": str(tmp_path / "out.parquet"),
            "sqlite": f"sqlite:///{tmp_path / 'out.db'}",
        }[kind]

    return make


@pytest.fixture(scope="module")
def nlp() -> Any:
    return govextract.load()


@pytest.fixture(scope="module")
def docs(examples: list[dict[str, Any]]) -> list[InputDoc | ExtractionError]:
    """Twenty example releases and two inputs that fail."""
    found: list[InputDoc | ExtractionError] = [
        InputDoc(text=e["text"], doc_id=e["id"], title=e["title"], source="examples.jsonl", line=i)
        for i, e in enumerate(examples[:20], start=1)
    ]
    found.append(InputDoc(text="  ", doc_id="blank", source="blank.txt"))
    found.append(ExtractionError(source="examples.jsonl", line=99, kind=ErrorKind.invalid_json, message="bad"))
    return found


def key(result: Result) -> tuple[str, ...]:
    line = str(result.line) if isinstance(result, ExtractionError) else ""
    return (result.record, result.doc_id or "", result.source or "", line)


def stored(target: str) -> list[Result]:
    return sorted(read_back(target), key=key)


def snapshot(target: str) -> Any:
    """Everything a target holds but its record of runs: the bytes of a JSONL file, the rows of each table."""
    if target.endswith(".jsonl"):
        return Path(target).read_bytes()
    if target.endswith(".parquet"):
        return {
            t.name: sorted(
                (row for p in Path(target, t.name).iterdir() for row in pq.read_table(p).to_pylist()), key=str
            )
            for t in DATA_TABLES
        }
    engine = engine_for(target)
    with engine.connect() as conn:
        rows = {t.name: sorted(map(tuple, conn.execute(select(t))), key=str) for t in [*DATA_TABLES, schema_version]}
    engine.dispose()
    return rows


def run(target: str, docs: list[Any], nlp: Any, *, resume: bool = False, batch_size: int = 8) -> RunSummary:
    sink = open_sink(target, extractor=govextract.pipeline.extractor_of(nlp), resume=resume, inputs=["test"])
    summary = extract_into(sink, docs, nlp=nlp, batch_size=batch_size, resume=resume)
    sink.close(summary)
    return summary


@pytest.mark.parametrize("kind", KINDS)
def test_every_sink_gives_back_what_it_was_given(
    kind: str, make_target: Callable[[str], str], docs: list[Any], nlp: Any, full_release: PressRelease
) -> None:
    results = [*govextract.extract_many(docs, nlp=nlp), full_release]
    target = make_target(kind)
    sink = open_sink(target, extractor=govextract.pipeline.extractor_of(nlp))
    for at in range(0, len(results), 7):
        assert sink.write(results[at : at + 7]) == []
    sink.close()
    assert stored(target) == sorted(results, key=key)


@pytest.mark.parametrize("kind", KINDS)
def test_same_input_twice_gives_the_same_contents(
    kind: str, make_target: Callable[[str], str], docs: list[Any], nlp: Any
) -> None:
    target = make_target(kind)
    first = run(target, docs, nlp)
    assert (first.documents, first.extracted, first.failed, first.skipped) == (22, 20, 2, 0)
    before = snapshot(target)
    again = run(target, docs, nlp)
    assert (again.documents, again.extracted, again.failed, again.skipped) == (22, 20, 2, 0)
    assert snapshot(target) == before
    resumed = run(target, docs, nlp, resume=True)
    assert (resumed.extracted, resumed.failed, resumed.skipped) == (0, 2, 20)
    assert snapshot(target) == before


@pytest.mark.parametrize("kind", KINDS)
def test_resume_after_the_text_changed(kind: str, make_target: Callable[[str], str], docs: list[Any], nlp: Any) -> None:
    target = make_target(kind)
    run(target, docs, nlp)
    changed = docs[3].text.replace("the", "a")
    edited = [*docs[:3], InputDoc(text=changed, doc_id=docs[3].doc_id, source="edited.txt"), *docs[4:]]
    summary = run(target, edited, nlp, resume=True)
    found = {r.doc_id: r for r in stored(target) if r.doc_id == docs[3].doc_id}
    if kind in DATABASES:  # the database replaces the document
        assert (summary.extracted, summary.skipped) == (1, 19)
        assert found[docs[3].doc_id].text == changed
    else:  # a file keeps its first copy; the new text is an error row
        assert (summary.extracted, summary.failed, summary.skipped) == (0, 3, 19)
        assert found[docs[3].doc_id].text == docs[3].text
        errors = [r for r in stored(target) if isinstance(r, ExtractionError) and r.doc_id == docs[3].doc_id]
        assert [(e.kind, e.source) for e in errors] == [(ErrorKind.duplicate_id, "edited.txt")]


@pytest.mark.parametrize("kind", KINDS)
def test_resume_with_another_pipeline(kind: str, make_target: Callable[[str], str], nlp: Any) -> None:
    target = make_target(kind)
    new = govextract.extract("Up 5%.", doc_id="a", nlp=nlp)
    old = new.model_copy(update={"extractor": Extractor(version="0.0.1", fingerprint="0" * 16)})
    sink = open_sink(target, extractor=old.extractor)
    sink.write([old])
    sink.close()
    if kind in FILES:
        with pytest.raises(ValueError, match="fingerprint 0000000000000000"):
            open_sink(target, extractor=new.extractor, resume=True)
        return
    summary = run(target, [InputDoc(text="Up 5%.", doc_id="a")], nlp, resume=True)
    assert (summary.extracted, summary.skipped) == (1, 0)
    assert stored(target) == [new]


@pytest.mark.parametrize("kind", DATABASES)
def test_an_error_replaces_the_documents_records_and_back(
    kind: str, make_target: Callable[[str], str], nlp: Any
) -> None:
    target = make_target(kind)
    sink = open_sink(target, extractor=govextract.pipeline.extractor_of(nlp))
    release = govextract.extract("Up 5%.", doc_id="a.txt", source="a.txt", nlp=nlp)
    emptied = ExtractionError(doc_id="a.txt", source="a.txt", kind=ErrorKind.empty, message="the text is empty")
    duplicate = ExtractionError(doc_id="a.txt", source="b.txt", kind=ErrorKind.duplicate_id, message="again")
    sink.write([release, duplicate])
    assert stored(target) == sorted([release, duplicate], key=key)
    sink.write([emptied])
    assert stored(target) == sorted([duplicate, emptied], key=key)
    sink.write([release])
    assert stored(target) == [release]
    sink.close()


@pytest.mark.parametrize("kind", DATABASES)
def test_money_is_exact(kind: str, make_target: Callable[[str], str]) -> None:
    release = govextract.extract("KZT 5 bn.", doc_id="m")
    value = Decimal("123456789012345678.987654321")  # beyond a float's 17 significant digits
    exact = release.model_copy(update={"amounts": [release.amounts[0].model_copy(update={"value": value})]})
    target = make_target(kind)
    sink = open_sink(target, extractor=release.extractor)
    sink.write([exact])
    sink.close()
    (back,) = stored(target)
    assert isinstance(back, PressRelease) and back.amounts[0].value == value
    assert isinstance(back.amounts[0], MoneyAmount)


def test_postgresql_refuses_nul_and_the_document_becomes_an_error_row(postgres_url: str) -> None:
    good = govextract.extract("Up 5%.", doc_id="good")
    nul = govextract.extract("Up 6%.\x00", doc_id="nul", source="nul.txt")
    sink = open_sink(postgres_url, extractor=good.extractor)
    (refused,) = sink.write([good, nul])
    sink.close()
    assert (refused.kind, refused.doc_id, refused.source) == (ErrorKind.not_stored, "nul", "nul.txt")
    assert "NUL" in refused.message
    assert stored(postgres_url) == sorted([good, refused], key=key)


def test_a_database_of_another_schema_version_is_refused(make_target: Callable[[str], str]) -> None:
    target = make_target("sqlite")
    extractor = govextract.extract("Up 5%.").extractor
    open_sink(target, extractor=extractor).close()
    engine = engine_for(target)
    with engine.begin() as conn:
        conn.execute(update(schema_version).values(version="0.9"))
    engine.dispose()
    with pytest.raises(ValueError, match=r"schema \['0.9'\]"):
        open_sink(target, extractor=extractor)


def test_runs_are_recorded(make_target: Callable[[str], str], docs: list[Any], nlp: Any) -> None:
    target = make_target("sqlite")
    run(target, docs, nlp)
    open_sink(target, extractor=govextract.pipeline.extractor_of(nlp), resume=True).close()  # as if killed
    engine = engine_for(target)
    with engine.connect() as conn:
        rows = [r._asdict() for r in conn.execute(select(runs).order_by(runs.c.run_id))]
    engine.dispose()
    assert [(r["run_id"], r["documents"], r["failed"], r["resume"], r["inputs"]) for r in rows] == [
        (1, 22, 2, False, "test"),
        (2, None, None, True, ""),
    ]
    assert rows[0]["finished_at"] is not None and rows[1]["finished_at"] is None


def test_resuming_a_jsonl_file_drops_error_rows_and_a_cut_off_line(tmp_path: Path, docs: list[Any], nlp: Any) -> None:
    target = str(tmp_path / "out.jsonl")
    run(target, docs, nlp)
    whole = stored(target)
    lines = Path(target).read_bytes().splitlines(keepends=True)
    # as if killed while writing the 11th line, after an error row
    error = ExtractionError(source="x", kind=ErrorKind.empty, message="e").model_dump_json().encode() + b"\n"
    Path(target).write_bytes(b"".join(lines[:10]) + error + lines[10][:50])
    summary = run(target, docs, nlp, resume=True)
    assert (summary.skipped, summary.extracted, summary.failed) == (10, 10, 2)
    assert stored(target) == whole


def test_resuming_a_parquet_dataset_drops_what_a_killed_run_left(tmp_path: Path, docs: list[Any], nlp: Any) -> None:
    root = tmp_path / "out.parquet"
    extractor = govextract.pipeline.extractor_of(nlp)
    results = list(govextract.extract_many(docs, nlp=nlp))
    sink = ParquetSink(root, extractor=extractor, docs_per_file=5)
    sink.write(results[:12])  # one write, over docs_per_file: one file
    sink.close()
    assert len(list((root / "documents").iterdir())) == 1
    # a second batch whose facts files were written but not its documents file, and a file being written
    for name in ("amounts", "percentages"):
        shutil.copy(root / name / "part-000001.parquet", root / name / "part-000002.parquet")
    (root / "dates" / "part-000009.parquet.tmp").write_bytes(b"PAR1")
    sink = ParquetSink(root, extractor=extractor, resume=True, docs_per_file=5)
    assert not (root / "amounts" / "part-000002.parquet").exists()
    assert not (root / "dates" / "part-000009.parquet.tmp").exists()
    assert set(sink.stored([r.doc_id for r in results])) == {r.doc_id for r in results[:12]}
    sink.close()
    assert stored(str(root)) == sorted(results[:12], key=key)


def test_parquet_writes_one_file_per_batch(tmp_path: Path, docs: list[Any], nlp: Any) -> None:
    root = tmp_path / "out.parquet"
    results = list(govextract.extract_many(docs, nlp=nlp))
    sink = ParquetSink(root, extractor=govextract.pipeline.extractor_of(nlp), docs_per_file=8)
    for result in results:
        sink.write([result])
    sink.close(RunSummary(22, 20, 2))
    assert [p.name for p in sorted((root / "documents").iterdir())] == [
        "part-000001.parquet",
        "part-000002.parquet",
        "part-000003.parquet",
    ]
    assert stored(str(root)) == sorted(results, key=key)
    assert pq.read_table(root / "runs").to_pylist()[0]["documents"] == 22


@pytest.mark.parametrize(
    ("target", "resume", "message"),
    [
        ("out.csv", False, "say where records go"),
        ("mysql://db", False, "say where records go"),
        ("-", True, "--resume needs an output it can read back"),
        ("mysql+pymysql://u@localhost/db", False, "say where records go"),
    ],
)
def test_targets_it_cannot_use(target: str, resume: bool, message: str) -> None:
    extractor = govextract.extract("Up 5%.").extractor
    with pytest.raises(ValueError, match=message):
        open_sink(target, extractor=extractor, resume=resume)


def test_sqlite_settings(make_target: Callable[[str], str]) -> None:
    engine = engine_for(make_target("sqlite"))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
