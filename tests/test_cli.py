"""The govextract command: schema, extract over mixed inputs (nothing lost, errors named), exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govextract.cli import main


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Coverage was increased to 49% in 2022.", encoding="utf-8")
    (root / "sub" / "b.txt").write_text("KZT 1 trln 284 bln was allocated.", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Pay 5 000 tenge \xe9".encode("latin-1"))
    (root / "ignored.csv").write_text("not an input", encoding="utf-8")
    (root / "feed.jsonl").write_bytes(
        b'{"id": "j1", "text": "Over 120bn tenge.", "published": "2023-02-01", "title": "J", "url": "http://j"}\n'
        b"{not json\n"
        b"\n"
        b'{"id": "j1", "text": "again"}\n'
        b'{"id": "j2", "text": "bad \xff"}\n'
        b'{"text": "no id"}\n'
    )
    return root


def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"PressRelease", "ExtractionError"} <= set(schema["$defs"])


def test_extract_accounts_for_every_document(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["extract", str(archive), "--quiet"])
    out = lines(capsys.readouterr().out)
    assert code == 1  # some documents failed
    ok = {r["doc_id"]: r for r in out if r["record"] == "press_release"}
    errors = [(r["kind"], r.get("doc_id"), r.get("line")) for r in out if r["record"] == "error"]
    assert set(ok) == {"a.txt", "sub/b.txt", "j1"}
    assert ok["sub/b.txt"]["amounts"][0]["value"] == "1284000000000"
    assert ok["j1"]["published"] == "2023-02-01" and ok["j1"]["source"] == "http://j"
    assert sorted(errors, key=str) == sorted(
        [
            ("empty", "empty.txt", None),
            ("not_utf8", "latin1.txt", None),
            ("invalid_json", None, 2),
            ("duplicate_id", "j1", 4),
            ("not_utf8", None, 5),
            ("invalid_json", None, 6),
        ],
        key=str,
    )
    assert len(out) == 9


def test_extract_writes_to_a_file_without_text(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(archive / "a.txt"), "-o", str(out), "--no-text", "--quiet"]) == 0
    (record,) = lines(out.read_text(encoding="utf-8"))
    assert record["doc_id"] == "a.txt" and "text" not in record
    assert record["percentages"][0]["value"] == 49.0


def test_missing_input_is_an_error_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.txt"), "--quiet"]) == 1
    (row,) = lines(capsys.readouterr().out)
    assert row["kind"] == "unreadable" and "no such file" in row["message"]


def test_stdin_and_progress_on_stderr() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "govextract.cli", "extract", "-"],
        input=b"Nearly 2.9 per cent of GDP.",
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (row,) = lines(run.stdout.decode())
    assert row["doc_id"] == "stdin" and row["percentages"][0]["qualifier"] == "approx"
    assert b"1 documents, 1 extracted, 0 failed" in run.stderr


def test_version() -> None:
    run = subprocess.run([sys.executable, "-m", "govextract.cli", "--version"], capture_output=True, check=False)
    assert run.returncode == 0 and run.stdout.startswith(b"govextract ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.csv"], "say where records go"),
        (["--resume"], "--resume needs an output it can read back"),
        (["--n-process", "0"], "at least 1"),
        (["-o", "postgresql://nobody@127.0.0.1:1/none"], "cannot open postgresql+psycopg://nobody@127.0.0.1:1/none"),
    ],
)
def test_targets_and_settings_it_cannot_use_exit_2(
    archive: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(archive), "--quiet", *args]) == 2
    assert message in capsys.readouterr().err


def test_resume_reports_what_was_already_stored(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["extract", str(archive), "-o", f"sqlite:///{tmp_path / 'out.db'}"]
    assert main(command) == 1
    assert "9 documents, 3 extracted, 6 failed in" in capsys.readouterr().err
    assert main([*command, "--resume"]) == 1  # the broken inputs fail again
    err = capsys.readouterr().err
    assert "9 documents, 0 extracted, 6 failed, 3 already stored in" in err
    assert "error: " in err and "extract:" in err  # a line per failure, the bar
