"""The corpus markup compiler: offsets and values of good markup, file:line:column of every kind of bad markup."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from govextract.corpus import CorpusFormatError, load_corpus, parse_document
from govextract.corpus.markup import file_sha256, main, read_document, split_of
from govextract.records import Granularity, Qualifier, TargetAction


def document(body: str, *, published: str = "2022-08-16", doc_id: str = "gx-0001") -> str:
    """A document whose body starts on line 6, so body line 2 is file line 7."""
    return f"---\nid: {doc_id}\npublished: {published}\nsource: test\n---\n{body}"


GOOD = [
    pytest.param(
        "T\nIt costs [58.1 billion tenge]{MONEY 58100000000 KZT}.\n",
        [dict(start=11, end=29, text="58.1 billion tenge", value=Decimal("58100000000"), currency="KZT")],
        id="money",
    ),
    pytest.param(
        "T\nmore than [11 billion tenge]{MONEY 11000000000 KZT more_than}\n",
        [dict(start=12, end=28, value=Decimal("11000000000"), qualifier=Qualifier.more_than, range=None)],
        id="money-qualifier-outside-span",
    ),
    pytest.param(
        "T\n[5]{MONEY 5000000000 KZT low}-[7 billion tenge]{MONEY 7000000000 KZT high}\n",
        [
            dict(start=2, end=3, text="5", value=Decimal("5000000000"), range="low"),
            dict(start=4, end=19, text="7 billion tenge", value=Decimal("7000000000"), range="high"),
        ],
        id="money-range",
    ),
    pytest.param(
        "T\nfor [$ 9.75]{MONEY 9.75 USD}\n",
        [dict(text="$ 9.75", value=Decimal("9.75"), currency="USD")],
        id="money-decimal-value",
    ),
    pytest.param(
        "T\nof 2, for adults, [2, for adults, 8 billion tenge]{MONEY null KZT}\n",
        [dict(start=20, end=50, value=None, currency="KZT", qualifier=Qualifier.exact)],
        id="money-garbled",
    ),
    pytest.param(
        "T\nby [1.5 percentage points]{PERCENT 1.5 points more_than}\n",
        [dict(text="1.5 percentage points", value=1.5, is_points=True, qualifier=Qualifier.more_than)],
        id="percent-points",
    ),
    pytest.param(
        "T\nfrom [17]{PERCENT 17 low} to [50%]{PERCENT 50 high}, about [24%]{PERCENT 24 approx}\n",
        [
            dict(start=7, end=9, value=17.0, range="low", is_points=False),
            dict(start=13, end=16, value=50.0, range="high"),
            dict(start=24, end=27, value=24.0, qualifier=Qualifier.approx, range=None),
        ],
        id="percent-range-and-qualifier",
    ),
    pytest.param(
        "T\non [July 14]{DATE 2022-07-14 day}\n",
        [dict(start=5, end=12, value=date(2022, 7, 14), value_end=date(2022, 7, 14), granularity=Granularity.day)],
        id="date-day",
    ),
    pytest.param(
        "T\n[2020-2025]{DATE 2020-01-01/2025-12-31 period} and [first half of 2022]{DATE 2022-01-01/2022-06-30 half}\n",
        [
            dict(value=date(2020, 1, 1), value_end=date(2025, 12, 31), granularity=Granularity.period),
            dict(text="first half of 2022", value_end=date(2022, 6, 30), granularity=Granularity.half),
        ],
        id="date-period-and-half",
    ),
    pytest.param(
        "T\n[third quarter of 2023]{DATE 2023-07-01/2023-09-30 quarter}\n[February]{DATE 2024-02-01/2024-02-29 month}",
        [
            dict(granularity=Granularity.quarter, value_end=date(2023, 9, 30)),
            dict(granularity=Granularity.month, value_end=date(2024, 2, 29)),
        ],
        id="date-quarter-and-leap-month",
    ),
    pytest.param(
        "T\n[last year]{DATE 2021-01-01/2021-12-31 year}, [Next year]{DATE 2023-01-01/2023-12-31 year}\n",
        [dict(value=date(2021, 1, 1)), dict(value=date(2023, 1, 1))],
        id="date-relative-years",
    ),
    pytest.param(
        "T\n\\[sic\\] \\{x\\} [21.4%]{PERCENT 21.4}\n",
        [dict(start=12, end=17, text="21.4%", value=21.4)],
        id="escapes-shift-offsets",
    ),
]

PEOPLE_AND_PLACES = [
    pytest.param(
        "T\nin [Almaty]{REGION KZ-75} and [Uralsk]{PLACE Oral city KZ-27}\n",
        [
            dict(label="REGION", text="Almaty", iso_code="KZ-75", value=None),
            dict(label="PLACE", text="Uralsk", name="Oral", kind="city", iso_code="KZ-27"),
        ],
        id="region-and-place",
    ),
    pytest.param(
        "T\n[Ordabasy district]{PLACE Ordabasy_district district KZ-61}\n",
        [dict(label="PLACE", name="Ordabasy district", kind="district")],
        id="place-name-with-space",
    ),
    pytest.param(
        "T\n[Minister of Healthcare]{TITLE Aleksey_Tsoy} [Aleksey Tsoy]{OFFICIAL Aleksey_Tsoy}."
        " [Tsoy]{OFFICIAL Aleksey_Tsoy}\n",
        [
            dict(label="TITLE", name="Aleksey Tsoy", start=2, end=24),
            dict(label="OFFICIAL", name="Aleksey Tsoy", text="Aleksey Tsoy"),
            dict(label="OFFICIAL", name="Aleksey Tsoy", text="Tsoy"),
        ],
        id="official-and-title",
    ),
    pytest.param(
        "T\n[Akim of [Zhambyl region]{REGION KZ-31}]{TITLE Berdibek_Saparbayev}"
        " [B. Saparbayev]{OFFICIAL Berdibek_Saparbayev}\n",
        [
            dict(label="TITLE", text="Akim of Zhambyl region", start=2, end=24),
            dict(label="REGION", text="Zhambyl region", start=10, end=24, iso_code="KZ-31"),
            dict(label="OFFICIAL", text="B. Saparbayev"),
        ],
        id="nested-layers-outer-first",
    ),
]


@pytest.mark.parametrize(("body", "expected"), PEOPLE_AND_PLACES)
def test_places_and_people_markup(body: str, expected: list[dict[str, Any]]) -> None:
    raw = document(body).replace("source: test\n", "source: test\nlayers: numbers places people\n")
    doc = parse_document(raw)
    assert doc.layers == ("numbers", "places", "people")
    assert len(doc.spans) == len(expected)
    for span, fields in zip(doc.spans, expected, strict=True):
        assert doc.text[span.start : span.end] == span.text
        for name, value in fields.items():
            assert getattr(span, name) == value, name


@pytest.mark.parametrize(
    ("body", "column", "reason"),
    [
        pytest.param("[Almaty]{REGION KZ-ALA}", 17, "numeric ISO 3166-2:KZ", id="legacy-region-code"),
        pytest.param("[Almaty]{REGION}", 10, "REGION takes", id="region-no-code"),
        pytest.param("[Oral]{PLACE Oral settlement KZ-27}", 19, "place kind", id="bad-place-kind"),
        pytest.param("[Oral]{PLACE Oral KZ-27}", 8, "PLACE takes", id="place-missing-kind"),
        pytest.param("[Health Minister]{TITLE Tsoy}", 1, "no OFFICIAL mention", id="title-without-official"),
        pytest.param("[Tsoy]{OFFICIAL _Tsoy}", 17, "'_' for its spaces", id="bad-key"),
        pytest.param("[a [b]{MONEY 1 KZT}]{MONEY 1 KZT}", 4, "never nest", id="nested-same-layer"),
        pytest.param("[5]{TARGET 5 null build units}", 5, "'targets' layer", id="undeclared-layer"),
    ],
)
def test_bad_places_and_people_markup(body: str, column: int, reason: str) -> None:
    fails_on_line_8(layered(f"T\n{body}\n", "numbers places people"), column, reason)


def layered(body: str, layers: str) -> str:
    return document(body).replace("source: test\n", f"source: test\nlayers: {layers}\n")


def fails_on_line_8(raw: str, column: int, reason: str) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        parse_document(raw)
    assert (caught.value.line, caught.value.column) == (8, column), str(caught.value)
    assert reason in caught.value.reason


TARGETS = [
    pytest.param(
        "T\nto build [650 primary health care facilities]{TARGET 650 2025 build facilities}\n",
        [dict(text="650 primary health care facilities", value=650.0, year=2025, head="facilities", baseline=None)],
        id="count-target",
    ),
    pytest.param(
        "T\nfrom [17]{PERCENT 17 low} to [[50%]{PERCENT 50 high}]{TARGET 50 null increase share percent from=17}\n",
        [
            dict(label="PERCENT", value=17.0),
            dict(label="PERCENT", text="50%", value=50.0),
            dict(label="TARGET", text="50%", value=50.0, year=None, is_percentage=True, baseline=17.0),
        ],
        id="percent-target-with-baseline-holds-its-percent",
    ),
    pytest.param(
        "T\nat least [65%]{TARGET 65 2021 cover coverage percent at_least}\n",
        [dict(action=TargetAction.cover, qualifier=Qualifier.at_least, is_percentage=True)],
        id="qualified-target",
    ),
]


@pytest.mark.parametrize(("body", "expected"), TARGETS)
def test_target_markup(body: str, expected: list[dict[str, Any]]) -> None:
    doc = parse_document(layered(body, "numbers targets"))
    assert len(doc.spans) == len(expected)
    for span, fields in zip(doc.spans, expected, strict=True):
        for name, value in fields.items():
            assert getattr(span, name) == value, name


@pytest.mark.parametrize(
    ("body", "column", "reason"),
    [
        pytest.param("[650]{TARGET 650 2025 build}", 7, "TARGET takes", id="missing-head"),
        pytest.param("[650]{TARGET 6,50 2025 build units}", 14, "TARGET value", id="bad-value"),
        pytest.param("[650]{TARGET 650 25 build units}", 18, "four-digit year", id="bad-year"),
        pytest.param("[650]{TARGET 650 2025 construct units}", 23, "unknown action", id="bad-action"),
        pytest.param("[650]{TARGET 650 2025 build 2_units}", 29, "one word", id="bad-head"),
        pytest.param("[650]{TARGET 650 2025 build units from=x}", 35, "baseline", id="bad-baseline"),
        pytest.param("[650]{TARGET 650 2025 build units points}", 35, "unknown flag", id="bad-flag"),
    ],
)
def test_bad_target_markup(body: str, column: int, reason: str) -> None:
    fails_on_line_8(layered(f"T\n{body}\n", "numbers targets"), column, reason)


def test_layers_default_to_numbers_and_are_checked() -> None:
    assert parse_document(document("T\n")).layers == ("numbers",)
    with pytest.raises(CorpusFormatError, match="at most once"):
        parse_document(document("T\n").replace("source: test\n", "source: test\nlayers: numbers maps\n"))
    with pytest.raises(CorpusFormatError, match="'places' layer"):
        parse_document(document("T\n[Almaty]{REGION KZ-75}\n"))


@pytest.mark.parametrize(("body", "expected"), GOOD)
def test_good_markup(body: str, expected: list[dict[str, Any]]) -> None:
    doc = parse_document(document(body))
    assert len(doc.spans) == len(expected)
    for span, fields in zip(doc.spans, expected, strict=True):
        assert doc.text[span.start : span.end] == span.text
        for name, value in fields.items():
            assert getattr(span, name) == value, (name, span)


def test_undated_document_keeps_relative_dates_null() -> None:
    doc = parse_document(document("T\n[this year]{DATE null year}, [May]{DATE null month}\n", published="null"))
    assert doc.published is None
    assert [(s.value, s.value_end, s.granularity) for s in doc.spans] == [
        (None, None, Granularity.year),
        (None, None, Granularity.month),
    ]


def test_document_fields() -> None:
    raw = document("\n  Headline here  \n\nBody [5%]{PERCENT 5}.\n")
    doc = parse_document(raw)
    assert (doc.id, doc.published, doc.source) == ("gx-0001", date(2022, 8, 16), "test")
    assert doc.title == "Headline here"
    assert doc.text == "\n  Headline here  \n\nBody 5%.\n"


def test_spans_are_immutable() -> None:
    span = parse_document(document("T\n[5%]{PERCENT 5}\n")).spans[0]
    with pytest.raises(AttributeError):
        span.start = 3  # type: ignore[misc]


BAD_BODY = [
    # (line 2 of the body: file line 7), column, words of the reason
    pytest.param("x [5%]{PERCNT 5}", 8, "unknown label 'PERCNT'", id="unknown-label"),
    pytest.param("x 5%] y", 5, "closes no fact", id="stray-close-bracket"),
    pytest.param("x {y", 3, "outside a fact", id="stray-open-brace"),
    pytest.param("x }y", 3, "outside a fact", id="stray-close-brace"),
    pytest.param("x [5\n%]{PERCENT 5}", 3, "not closed on its line", id="fact-across-lines"),
    pytest.param("[5%] {PERCENT 5}", 5, "followed directly", id="space-before-attributes"),
    pytest.param("[5%]{PERCENT 5\n", 5, "'}' missing", id="attributes-not-closed"),
    pytest.param("[5%]{PERCENT [5}", 14, "'[' inside a fact's attributes", id="bracket-in-attributes"),
    pytest.param("[]{MONEY 1 KZT}", 1, "empty fact", id="empty-surface"),
    pytest.param("[ 5%]{PERCENT 5}", 1, "whitespace", id="space-inside-brackets"),
    pytest.param("[5%]{}", 5, "empty attributes", id="empty-attributes"),
    pytest.param("[5,1 bn tenge]{MONEY 5,1 KZT}", 22, "not plain digits", id="money-comma-value"),
    pytest.param("[5 tenge]{MONEY 5 tenge}", 19, "ISO 4217", id="money-bad-currency"),
    pytest.param("[5 tenge]{MONEY 5}", 11, "currency code", id="money-no-currency"),
    pytest.param("[5 tenge]{MONEY 5 KZT points}", 23, "unknown flag 'points'", id="money-points"),
    pytest.param("[5%]{PERCENT 5 aprox}", 16, "unknown flag 'aprox'", id="unknown-flag"),
    pytest.param("[5%]{PERCENT 5 exact}", 16, "unknown flag 'exact'", id="explicit-exact"),
    pytest.param("[5%]{PERCENT 5 approx more_than}", 23, "second qualifier", id="two-qualifiers"),
    pytest.param("[5%]{PERCENT 5 low high}", 20, "second range end", id="two-range-ends"),
    pytest.param("[5%]{PERCENT 5 points points}", 23, "given twice", id="repeated-flag"),
    pytest.param("[5%]{PERCENT null}", 14, "PERCENT value", id="percent-null"),
    pytest.param("[5%]{PERCENT}", 6, "takes a value", id="percent-no-value"),
    pytest.param("[Feb 30]{DATE 2021-02-30 day}", 15, "not a valid ISO date", id="date-impossible"),
    pytest.param("[July 14]{DATE 14.07.2021 day}", 16, "not an ISO date", id="date-not-iso"),
    pytest.param("[May]{DATE 2021-05-01/2021-05-30 month}", 12, "ends 2021-05-31", id="month-wrong-end"),
    pytest.param("[2021]{DATE 2021-02-01/2022-01-31 year}", 13, "first day of a calendar year", id="year-wrong-start"),
    pytest.param("[May 1]{DATE 2021-05-01/2021-05-02 day}", 14, "a day is one date", id="day-with-last"),
    pytest.param("[2021]{DATE 2021-01-01 year}", 13, "needs FIRST/LAST", id="year-without-last"),
    pytest.param("[2025-2020]{DATE 2025-01-01/2020-12-31 period}", 18, "after its FIRST", id="period-reversed"),
    pytest.param("[2021]{DATE 2021-01-01/2021-12-31 annual}", 35, "unknown granularity 'annual'", id="bad-granularity"),
    pytest.param("[2021]{DATE 2021-01-01/2021-12-31 year approx}", 8, "nothing else", id="date-flag"),
    pytest.param("[this year]{DATE null year}", 18, "resolve it against", id="null-date-in-dated-document"),
    pytest.param("[last year]{DATE 2022-01-01/2022-12-31 year}", 18, "is 2021", id="relative-year-wrong"),
    pytest.param("[this year]{DATE 2022-01-01/2022-06-30 half}", 40, "use granularity year", id="relative-half"),
    pytest.param("a \\n b", 3, "backslash escapes only", id="unknown-escape"),
]


def assert_error(raw: str, line: int, column: int, reason: str, *, path: str | None = None) -> None:
    with pytest.raises(CorpusFormatError) as caught:
        parse_document(raw, path=path)
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert reason in error.reason
    assert str(error).startswith(f"{path or '<string>'}:{line}:{column}: ")


@pytest.mark.parametrize(("bad_line", "column", "reason"), BAD_BODY)
def test_bad_markup_names_line_and_column(bad_line: str, column: int, reason: str) -> None:
    assert_error(document(f"Title\n{bad_line}\nmore text\n"), 7, column, reason)


def test_fact_left_open_at_end_of_file() -> None:
    assert_error(document("Title\nx [5%"), 7, 3, "fact not closed")


BAD_HEADER = [
    pytest.param("id: gx-0001\n---\nT\n", 1, 1, "starts with a '---' line", id="no-opening-line"),
    pytest.param("---\nid: gx-0001\n", 3, 1, "not closed", id="header-not-closed"),
    pytest.param("---\nid gx-0001\n---\nT\n", 2, 1, "expected 'key: value'", id="not-key-value"),
    pytest.param(
        "---\nid: gx-0001\nauthor: me\npublished: null\nsource: s\n---\nT\n", 3, 1, "unknown header", id="bad-key"
    ),
    pytest.param("---\nid: gx-0001\nid: gx-0001\n---\nT\n", 3, 1, "given twice", id="duplicate-key"),
    pytest.param("---\nid: gx-0001\npublished: null\n---\nT\n", 4, 1, "lacks source", id="missing-key"),
    pytest.param(
        "---\nid: gx-0001\npublished: 2022-13-01\nsource: s\n---\nT\n", 3, 12, "valid ISO date", id="bad-published"
    ),
    pytest.param("---\nid: doc-1\npublished: null\nsource: s\n---\nT\n", 2, 5, "gx-NNNN", id="bad-id"),
    pytest.param("---\nid: gx-0001\npublished: null\nsource:\n---\nT\n", 4, 8, "source is empty", id="empty-source"),
    pytest.param("---\nid: gx-0001\npublished: null\nsource: s\n---\n\n  \n", 8, 1, "no text", id="no-body"),
    pytest.param("---\nid: gx-0001\npublished: null\nsource: s\n---\nT\r\n", 6, 2, "carriage return", id="crlf"),
]


@pytest.mark.parametrize(("raw", "line", "column", "reason"), BAD_HEADER)
def test_bad_header_names_line_and_column(raw: str, line: int, column: int, reason: str) -> None:
    assert_error(raw, line, column, reason)


def test_id_must_match_the_file_name() -> None:
    assert_error(document("T\n"), 2, 5, "does not match the file name", path="corpus/docs/gx-0002.txt")


def test_non_utf8_file_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "gx-0001.txt"
    path.write_bytes(b"---\nid: gx-0001\nsource: \xff\n")
    with pytest.raises(CorpusFormatError, match=r"gx-0001\.txt:3:9: not valid UTF-8"):
        read_document(path)


def write_docs(folder: Path, numbers: list[int], published: str = "2022-08-16") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        body = "Title\n\nFunds of [5 billion tenge]{MONEY 5000000000 KZT} grew by [3%]{PERCENT 3}.\n"
        (folder / f"gx-{n:04d}.txt").write_text(document(body, published=published, doc_id=f"gx-{n:04d}"))


def test_load_corpus_reads_every_file_in_order(tmp_path: Path) -> None:
    write_docs(tmp_path, [2, 1])
    assert [doc.id for doc in load_corpus(tmp_path)] == ["gx-0001", "gx-0002"]


def test_load_corpus_names_the_bad_file(tmp_path: Path) -> None:
    write_docs(tmp_path, [1])
    (tmp_path / "gx-0002.txt").write_text(document("T\n[5%]{PERCENT five}\n", doc_id="gx-0002"))
    with pytest.raises(CorpusFormatError, match=r"gx-0002\.txt:7:14: "):
        load_corpus(tmp_path)


def test_split_of_reads_the_manifest() -> None:
    manifest = {"format": 1, "splits": {"train": ["gx-0001"], "dev": ["gx-0003"], "test": ["gx-0045"]}}
    assert split_of(manifest) == {"gx-0001": "train", "gx-0003": "dev", "gx-0045": "test"}


def test_check_command_counts_facts_per_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    write_docs(docs, [1, 5, 7])
    splits = {"train": ["gx-0001"], "dev": [], "test": ["gx-0005"]}
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "splits": splits, "test_sha256": {}}))
    assert main(["check", str(docs)]) == 0
    out = capsys.readouterr().out
    assert "3 documents valid, 0 invalid" in out
    # train, dev, test, unlisted, total
    assert out.splitlines()[-2].split() == ["MONEY", "1", "0", "1", "1", "3"]


def test_check_command_reports_every_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_docs(tmp_path, [1])
    for n in (2, 3):
        (tmp_path / f"gx-000{n}.txt").write_text(document("T\n[5%]{PERCENT}\n", doc_id=f"gx-000{n}"))
    assert main(["check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "gx-0002.txt:7:6:" in captured.err and "gx-0003.txt:7:6:" in captured.err
    assert "1 documents valid, 2 invalid" in captured.out


def test_manifest_command_freezes_test_checksums(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_docs(docs, [1, 2, 3, 4, 5])
    # Listed ids keep their split; an id listed before its file is written stays listed, without a checksum.
    splits = {"train": [], "dev": ["gx-0003"], "test": ["gx-0005", "gx-0010"]}
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "splits": splits, "test_sha256": {}}))
    assert main(["manifest", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["splits"] == {
        "train": ["gx-0001", "gx-0002", "gx-0004"],
        "dev": ["gx-0003"],
        "test": ["gx-0005", "gx-0010"],
    }
    assert manifest["test_sha256"] == {"gx-0005": file_sha256(docs / "gx-0005.txt")}

    # Editing a frozen test document is refused and leaves the manifest as it was ...
    (docs / "gx-0005.txt").write_text(document("Changed\n", doc_id="gx-0005"))
    before = (tmp_path / "manifest.json").read_text()
    assert main(["manifest", str(tmp_path)]) == 1
    assert (tmp_path / "manifest.json").read_text() == before
    # ... unless it is deliberate.
    assert main(["manifest", str(tmp_path), "--refreeze"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["test_sha256"]["gx-0005"] == file_sha256(docs / "gx-0005.txt")


def test_manifest_command_refuses_to_freeze_a_bad_document(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_docs(docs, [1])
    (docs / "gx-0005.txt").write_text(document("T\n[5%]{PERCENT}\n", doc_id="gx-0005"))
    assert main(["manifest", str(tmp_path)]) == 1
    assert not (tmp_path / "manifest.json").exists()
