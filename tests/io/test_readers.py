"""The readers: one InputDoc per document of every input format, one error row naming file and line for
everything that cannot be read."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from govextract.io.readers import read_inputs
from govextract.records import ErrorKind, ExtractionError
from govextract.runner import InputDoc

PAGE = """<html><head><meta charset="{charset}"><title>Akim met investors | Government of Kazakhstan</title>{meta}
</head><body><nav>Home | News | Contacts</nav><article><h1>Akim met investors</h1>
<p>The akim of Almaty region met investors in Kon{o}aev. More than 58.1 billion tenge will be invested by 2025.</p>
<p>Coverage of the region with broadband internet reached 87.5% this year.</p></article>
<footer>Copyright 2023. All rights reserved.</footer></body></html>"""
DATED = '<meta property="article:published_time" content="2023-05-17T10:00:00+06:00">'
LINES = b'{"id": "j1", "text": "Over 120bn tenge.", "published": "2023-02-01", "url": "http://j"}\n{broken\n'


def page(charset: str = "utf-8", meta: str = DATED) -> bytes:
    return PAGE.format(charset=charset, meta=meta, o="\u0161").encode(charset)


def brief(found: InputDoc | ExtractionError) -> tuple[object, ...]:
    if isinstance(found, ExtractionError):
        return ("error", found.kind.value, found.doc_id, Path(found.source or "").name, found.line)
    return ("doc", found.doc_id, Path(found.source or "").name, found.line, found.published, found.title)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"a.txt": b"Up 5%."}, [("doc", "a.txt", "a.txt", None, None, None)], id="txt"),
        pytest.param(
            {"p.html": page()},
            [("doc", "p.html", "p.html", None, date(2023, 5, 17), "Akim met investors")],
            id="html-dated",
        ),
        # no date in the metadata: none, not one guessed from the copyright line
        pytest.param(
            {"p.htm": page(meta="")}, [("doc", "p.htm", "p.htm", None, None, "Akim met investors")], id="htm-undated"
        ),
        pytest.param(
            {"p.html": page(charset="windows-1250")},
            [("doc", "p.html", "p.html", None, date(2023, 5, 17), "Akim met investors")],
            id="html-own-charset",
        ),
        pytest.param(
            {"blank.html": b"<html><head><title>Blank</title></head><body></body></html>"},
            [("error", "empty", "blank.html", "blank.html", None)],
            id="html-without-text",
        ),
        pytest.param(
            {"f.jsonl": LINES},
            [
                ("doc", "j1", "j", 1, date(2023, 2, 1), None),
                ("error", "invalid_json", None, "f.jsonl", 2),
            ],
            id="jsonl",
        ),
        pytest.param(
            {"f.jsonl.gz": gzip.compress(LINES)},
            [
                ("doc", "j1", "j", 1, date(2023, 2, 1), None),
                ("error", "invalid_json", None, "f.jsonl.gz", 2),
            ],
            id="jsonl-gz",
        ),
        pytest.param(
            {"f.jsonl.gz": gzip.compress(LINES)[:-12]},  # cut short: the checksum and the end are missing
            [
                ("doc", "j1", "j", 1, date(2023, 2, 1), None),
                ("error", "unreadable", None, "f.jsonl.gz", 2),
            ],
            id="jsonl-gz-cut-short",
        ),
        pytest.param(
            {"f.jsonl.gz": b"not gzip at all"},
            [("error", "unreadable", None, "f.jsonl.gz", 1)],
            id="jsonl-gz-not-gzip",
        ),
        pytest.param({"a.txt": b"\xff\xfe5%"}, [("error", "not_utf8", "a.txt", "a.txt", None)], id="txt-not-utf8"),
    ],
)
def test_reads_each_format(tmp_path: Path, files: dict[str, bytes], expected: list[tuple[object, ...]]) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert [brief(found) for found in read_inputs([str(tmp_path)])] == expected


def test_html_gives_the_main_text_only(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(page())
    (doc,) = read_inputs([str(tmp_path / "p.html")])
    assert isinstance(doc, InputDoc)
    assert "58.1 billion tenge" in doc.text and "Kon\u0161aev" in doc.text
    assert "Home | News" not in doc.text and "Copyright" not in doc.text


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ["2022/01/a.txt", "2022/02/b.html", "2023/c.txt", "2023/d.jsonl.gz", "2023/notes.csv", "e.TXT"]:
        path = tmp_path / "archive" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(LINES) if name.endswith(".gz") else page() if "html" in name else b"Up 5%.")
    return tmp_path / "archive"


@pytest.mark.parametrize(
    ("pattern", "ids"),
    [
        ("", ["2022/01/a.txt", "2022/02/b.html", "2023/c.txt", "j1", "e.TXT"]),  # the folder, recursively
        ("**/*.txt", ["2022/01/a.txt", "2023/c.txt"]),
        ("2022/*/*", ["01/a.txt", "02/b.html"]),  # ids are relative to the folders before the first wildcard
        ("2023/*.jsonl.gz", ["j1"]),
    ],
)
def test_folders_and_globs(tree: Path, pattern: str, ids: list[str]) -> None:
    found = list(read_inputs([str(tree / pattern)]))
    assert [d.doc_id for d in found if isinstance(d, InputDoc)] == ids


@pytest.mark.parametrize(
    ("name", "message"),
    [("nothing/*.txt", "the glob matches no input file"), ("missing.txt", "no such file"), ("x/notes.csv", "not a")],
)
def test_what_cannot_be_read_is_an_error_row(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.csv").write_text("a,b")
    (error,) = read_inputs([str(tmp_path / name)])
    assert isinstance(error, ExtractionError) and error.kind == ErrorKind.unreadable
    assert message in error.message and error.source == str(tmp_path / name)
