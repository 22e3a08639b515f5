"""Whole archives into databases (docs/archives.md): every document accounted for, a killed run resumed to exactly
one copy of each document's records, and the same records whatever the number of processes."""

from __future__ import annotations

import gzip
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import ProgrammingError

import govextract
from govextract.cli import main
from govextract.io.readers import read_inputs, unique_ids
from govextract.io.sinks import read_back
from govextract.io.sinks.sql import engine_for
from govextract.io.sinks.tables import documents
from govextract.records import ExtractionError, PressRelease

ROOT = Path(__file__).resolve().parents[1]
RUSSIAN = "Премьер-министр провёл заседание Правительства. На строительство дорог выделено 58,1 млрд тенге."
PAGE = (
    "<html><head><meta charset='utf-8'><title>{title}</title>"
    "<meta name='date' content='{published}'></head><body><nav>Home | News</nav>"
    "<article>{paragraphs}</article><footer>Copyright 2023</footer></body></html>"
)


def html(example: dict[str, Any]) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in example["text"].split("\n\n")[1:])
    return PAGE.format(title=example["title"], published=example["published"], paragraphs=paragraphs)


def jsonl(examples: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(e).encode() + b"\n" for e in examples)


@pytest.fixture
def archive(tmp_path: Path, examples: list[dict[str, Any]]) -> Path:
    """Every input format, and one of each kind of broken input."""
    root = tmp_path / "archive"
    for sub in ("txt", "web/2023", "feeds"):
        (root / sub).mkdir(parents=True)
    for e in examples[:4]:
        (root / "txt" / f"{e['id']}.txt").write_text(e["text"], encoding="utf-8")
    (root / "web" / "2023" / "page-1.html").write_text(html(examples[4]), encoding="utf-8")
    (root / "web" / "2023" / "page-2.htm").write_text(html(examples[5]), encoding="utf-8")
    (root / "feeds" / "a.jsonl").write_bytes(jsonl(examples[6:9]) + b'{"id": "broken", "text": \n')
    (root / "feeds" / "b.jsonl.gz").write_bytes(gzip.compress(jsonl(examples[9:12])))
    (root / "txt" / "empty.txt").write_bytes(b"")
    (root / "txt" / "latin1.txt").write_bytes("Caf\xe9 prices rose by 5%.".encode("latin-1"))
    (root / "txt" / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    return root


EXTRACTED = {
    *(f"txt/gx-000{i}.txt" for i in range(1, 5)),
    "web/2023/page-1.html",
    "web/2023/page-2.htm",
    *(f"gx-00{i:02d}" for i in range(7, 13)),
}
FAILED = {
    ("empty", "txt/empty.txt", "empty.txt", None),
    ("not_utf8", "txt/latin1.txt", "latin1.txt", None),
    ("unsupported_language", "txt/ru.txt", "ru.txt", None),
    ("invalid_json", None, "a.jsonl", 4),
}


def accounted(records: list[PressRelease | ExtractionError]) -> tuple[list[str], set[tuple[Any, ...]]]:
    ok = sorted(r.doc_id for r in records if isinstance(r, PressRelease))
    failed = {
        (r.kind.value, r.doc_id, Path(r.source or "").name, r.line) for r in records if isinstance(r, ExtractionError)
    }
    return ok, failed


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_every_document_of_a_mixed_archive_is_accounted_for(
    database: str, archive: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target = f"sqlite:///{tmp_path / 'out.db'}" if database == "sqlite" else request.getfixturevalue("postgres_url")
    assert main(["extract", str(archive), "-o", target, "--quiet"]) == 1  # some documents failed
    ok, failed = accounted(read_back(target))
    assert ok == sorted(EXTRACTED) and failed == FAILED
    pages = {r.doc_id: r for r in read_back(target) if isinstance(r, PressRelease) and r.doc_id.startswith("web")}
    assert pages["web/2023/page-1.html"].published is not None and pages["web/2023/page-1.html"].title
    assert "Home | News" not in pages["web/2023/page-1.html"].text


def stored_count(target: str) -> int:
    """Documents committed so far, read while the run writes."""
    if target.endswith(".jsonl"):
        return Path(target).read_bytes().count(b"\n") if Path(target).exists() else 0
    if target.startswith("sqlite:"):
        try:
            with sqlite3.connect(target.removeprefix("sqlite:///"), timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # no file or no table yet
            return 0
    engine = engine_for(target)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(documents)).scalar_one()
    except ProgrammingError:  # no table yet
        return 0
    finally:
        engine.dispose()


BIG = 256


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory: pytest.TempPathFactory, examples: list[dict[str, Any]]) -> Path:
    """256 releases (the examples twice over) and a broken line, in one gzipped JSONL file."""
    copies = [{**e, "id": f"{e['id']}-{k}"} for k in range(BIG // len(examples)) for e in examples]
    path = tmp_path_factory.mktemp("big") / "big.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl(copies) + b"{not json\n"))
    return path


@pytest.fixture(scope="module")
def big_records(big_archive: Path) -> list[str]:
    """What the big archive gives, each record as its JSON, sorted."""
    return sorted(r.model_dump_json() for r in govextract.extract_many(unique_ids(read_inputs([str(big_archive)]))))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgresql", "jsonl"])
def test_a_killed_run_resumes_to_exactly_one_copy_of_everything(
    kind: str,
    big_archive: Path,
    big_records: list[str],
    tmp_path: Path,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = {
        "sqlite": f"sqlite:///{tmp_path / 'out.db'}",
        "jsonl": str(tmp_path / "out.jsonl"),
    }.get(kind) or request.getfixturevalue("postgres_url")
    command = [sys.executable, "-m", "govextract.cli", "extract", str(big_archive), "-o", target, "--batch-size", "4"]
    killed = subprocess.Popen([*command, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while stored_count(target) < 24 and killed.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert killed.poll() is None, killed.stderr.read()  # type: ignore[union-attr]  # still mid-run
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    before = stored_count(target)
    assert 24 <= before < BIG

    assert main(["extract", str(big_archive), "-o", target, "--batch-size", "4", "--resume"]) == 1
    assert f"{before} already stored" in capsys.readouterr().err
    assert sorted(r.model_dump_json() for r in read_back(target)) == big_records


@pytest.mark.slow
def test_two_processes_store_what_one_does(archive: Path, tmp_path: Path) -> None:
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.db", "two.db"))
    assert main(["extract", str(archive), "-o", one, "--quiet", "--batch-size", "3"]) == 1
    assert main(["extract", str(archive), "-o", two, "--quiet", "--batch-size", "3", "--n-process", "2"]) == 1
    assert read_back(one) == read_back(two)


QUERIES = re.findall(r"```sql\n(.*?)```", (ROOT / "docs" / "archives.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_documented_queries_run(
    database: str, archive: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    target = f"sqlite:///{tmp_path / 'out.db'}" if database == "sqlite" else request.getfixturevalue("postgres_url")
    main(["extract", str(archive), "-o", target, "--quiet"])
    engine = engine_for(target)
    with engine.connect() as conn:
        answers = [conn.execute(text(query)).all() for query in QUERIES]
    engine.dispose()
    assert len(answers) == 4 and all(answers)
    assert {kind for kind, _ in answers[-1]} == {kind for kind, *_ in FAILED}
