"""Compiler for the corpus markup of docs/annotation.md: ``[surface]{LABEL attributes}`` to clean text + offsets.

A document is a small header between two ``---`` lines and a body in which every fact is written in place.
Compiling removes the markup, resolves the ``\\[ \\] \\{ \\}`` escapes and turns each fact into a
:class:`GoldSpan` whose ``start``/``end`` are end-exclusive indices into the clean text, the same convention as
:mod:`govextract.records`. Validation is strict on purpose: a gold file that silently means something else
than its author intended corrupts every score computed from it, so every problem raises
:class:`CorpusFormatError` naming file, line and column of the raw file.

Run as a script (``python -m govextract.corpus.markup --help``) to check a folder of documents or to
(re)compute the manifest's frozen test checksums.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from govextract.components.spans import LAYERS
from govextract.records import Granularity, Qualifier, RangeEnd, TargetAction

LAYER_OF_LABEL = {label: layer for layer, labels in LAYERS.items() for label in labels}
DEFAULT_LAYERS = ("numbers",)

SPLITS = ("train", "dev", "test")
MANIFEST_FORMAT = 1

_ID = re.compile(r"gx-(\d{4})")
_HEADER_KEYS = ("id", "published", "source")
_OPTIONAL_HEADER_KEYS = ("layers",)
_ISO_CODE = re.compile(r"KZ-\d{2}")
_KEY = re.compile(r"[^\W_][\w.'-]*")  # a name with "_" for its spaces: "Aleksey_Tsoy", "Kassym-Jomart_Tokayev"
PLACE_KINDS = ("city", "town", "district", "village")
_HEADER_LINE = re.compile(r"([a-z_]+):[ \t]*(.*?)[ \t]*")
_ESCAPABLE = "[]{}"
_MONEY_VALUE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_PERCENT_VALUE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
_TARGET_VALUE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_HEAD = re.compile(r"[^\W\d_][\w'-]*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_DATE_VALUE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:/(\d{4}-\d{2}-\d{2}))?")
_RANGE_ENDS: tuple[RangeEnd, ...] = ("low", "high")
# Months a calendar unit spans; such a DATE must run from the unit's first day to its last.
_UNIT_MONTHS = {Granularity.month: 1, Granularity.quarter: 3, Granularity.half: 6, Granularity.year: 12}
# The relative years are the annotation most easily resolved wrongly, and the only ones checkable mechanically.
_RELATIVE_YEARS = {"this year": 0, "last year": -1, "next year": 1}


class CorpusFormatError(ValueError):
    """A corpus document that does not follow docs/annotation.md; the message names file, line and column."""

    def __init__(
        self, reason: str, *, path: str | None = None, line: int | None = None, column: int | None = None
    ) -> None:
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
        where = ":".join(str(part) for part in (path or "<string>", line, column) if part is not None)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class GoldSpan:
    """One hand-annotated fact: ``text == AnnotatedDocument.text[start:end]``.

    ``value`` is a ``Decimal`` (MONEY, ``None`` when garbled), a ``float`` (PERCENT) or a ``date`` (DATE, the
    first day, with ``value_end`` the last, the same for a single day; both ``None`` when relative in an
    undated document). REGION has ``iso_code``; PLACE ``name``, ``kind`` and its region's ``iso_code``; OFFICIAL
    and TITLE the person's key as ``name`` (spaces restored). TARGET has a float ``value``, ``year`` (None: no
    deadline, or a relative one in an undated document), ``action``, ``head`` (the head noun of what is counted
    or of the indicator), ``is_percentage`` and ``baseline``.
    """

    label: str
    start: int
    end: int
    text: str
    value: Decimal | float | date | None = None
    currency: str | None = None
    is_points: bool = False
    value_end: date | None = None
    granularity: Granularity | None = None
    qualifier: Qualifier = Qualifier.exact
    range: RangeEnd | None = None
    iso_code: str | None = None
    name: str | None = None
    kind: str | None = None
    year: int | None = None
    action: TargetAction | None = None
    head: str | None = None
    is_percentage: bool = False
    baseline: float | None = None


@dataclass(frozen=True)
class AnnotatedDocument:
    """A compiled document: ``text`` is the body without markup, ``title`` its first non-empty line."""

    id: str
    published: date | None
    source: str
    title: str
    text: str
    spans: list[GoldSpan]
    layers: tuple[str, ...] = DEFAULT_LAYERS


class _Source:
    """The raw file and its name; turns string indices into the line:column of error messages."""

    def __init__(self, raw: str, path: str | None) -> None:
        self.raw = raw
        self.path = path
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", raw))]

    def fail(self, reason: str, index: int) -> NoReturn:
        line = bisect.bisect_right(self._line_starts, index)
        raise CorpusFormatError(reason, path=self.path, line=line, column=index - self._line_starts[line - 1] + 1)


@dataclass(frozen=True)
class _Token:
    text: str
    index: int  # into the raw file, for error positions


def parse_document(raw: str, *, path: str | None = None) -> AnnotatedDocument:
    """Compile one document; ``path`` names it in errors and must then have the document's id as its stem."""
    src = _Source(raw, path)
    for bad, why in (("\r", "carriage return: save the file with LF line endings"), ("\ufeff", "byte order mark")):
        if bad in raw:
            src.fail(why, raw.index(bad))
    header, body_start = _read_header(src)

    doc_id, id_at = header["id"]
    if not _ID.fullmatch(doc_id):
        src.fail(f"id {doc_id!r} is not of the form gx-NNNN", id_at)
    if path is not None and Path(path).stem != doc_id:
        src.fail(f"id {doc_id!r} does not match the file name {Path(path).name!r}", id_at)
    published_text, published_at = header["published"]
    published = None if published_text == "null" else _iso_date(src, published_text, published_at)
    source, source_at = header["source"]
    if not source:
        src.fail("source is empty: say where the facts come from", source_at)

    layers = DEFAULT_LAYERS
    if "layers" in header:
        layers_text, layers_at = header["layers"]
        layers = tuple(layers_text.split())
        unknown = [layer for layer in layers if layer not in LAYERS]
        if unknown or not layers or len(set(layers)) != len(layers):
            src.fail(f"layers {layers_text!r}: name each of {', '.join(LAYERS)} at most once", layers_at)

    text, spans = _compile_body(src, body_start, published, layers)
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    if title is None:
        src.fail("the document has no text after the header", len(raw))
    return AnnotatedDocument(
        id=doc_id, published=published, source=source, title=title, text=text, spans=spans, layers=layers
    )


def load_corpus(folder: Path) -> list[AnnotatedDocument]:
    """Compile every ``*.txt`` in ``folder``, in file-name order; the first bad file raises."""
    return [read_document(path) for path in sorted(Path(folder).glob("*.txt"))]


def read_document(path: Path) -> AnnotatedDocument:
    """Compile one file; its name must be ``<id>.txt``."""
    data = path.read_bytes()
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise CorpusFormatError("not valid UTF-8", path=str(path), line=line, column=column) from err
    return parse_document(raw, path=str(path))


def _read_header(src: _Source) -> tuple[dict[str, tuple[str, int]], int]:
    """The header's fields, each with the raw index of its value, and the raw index where the body starts."""
    raw = src.raw
    if not raw.startswith("---\n"):
        src.fail("a document starts with a '---' line that opens the header", 0)
    fields: dict[str, tuple[str, int]] = {}
    pos = 4
    while True:
        eol = raw.find("\n", pos)
        if eol == -1:
            src.fail("the header is not closed by a '---' line", pos)
        line = raw[pos:eol]
        if line == "---":
            break
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            src.fail(f"expected 'key: value' in the header, got {line!r}", pos)
        key, value = match.groups()
        if key not in _HEADER_KEYS + _OPTIONAL_HEADER_KEYS:
            known = ", ".join(_HEADER_KEYS + _OPTIONAL_HEADER_KEYS)
            src.fail(f"unknown header key {key!r}; the header holds {known}", pos)
        if key in fields:
            src.fail(f"header key {key!r} given twice", pos)
        fields[key] = (value, pos + match.start(2))
        pos = eol + 1
    missing = [key for key in _HEADER_KEYS if key not in fields]
    if missing:
        src.fail(f"header lacks {', '.join(missing)}", pos)
    return fields, eol + 1


def _compile_body(
    src: _Source, start: int, published: date | None, layers: tuple[str, ...]
) -> tuple[str, list[GoldSpan]]:
    raw = src.raw
    clean: list[str] = []
    spans: list[tuple[GoldSpan, int]] = []  # each with the raw index of its '[', for errors
    # The facts being read, innermost last: raw index of each '[' and the clean offset it opens at.
    opened: list[tuple[int, int]] = []
    i = start
    while i < len(raw):
        char = raw[i]
        if char == "\\":
            escaped = raw[i + 1 : i + 2]
            if not escaped or escaped not in _ESCAPABLE:
                src.fail(r"a backslash escapes only [ ] { } (write \[ \] \{ \})", i)
            clean.append(escaped)
            i += 2
        elif char == "[":
            opened.append((i, len(clean)))
            i += 1
        elif char == "]":
            if not opened:
                src.fail("']' closes no fact (write \\] for a literal bracket)", i)
            open_at = opened.pop()
            surface = "".join(clean[open_at[1] :])
            if not surface:
                src.fail("empty fact: '[' is directly followed by ']'", open_at[0])
            if surface != surface.strip():
                src.fail(f"fact {surface!r} starts or ends with whitespace: keep it outside the brackets", open_at[0])
            if raw[i + 1 : i + 2] != "{":
                src.fail("']' must be followed directly by '{LABEL attributes}'", i + 1)
            close = _attributes_end(src, i + 1)
            span = _make_span(src, open_at[1], surface, raw[i + 2 : close], i + 2, published)
            layer = LAYER_OF_LABEL[span.label]
            if layer not in layers:
                src.fail(f"{span.label} belongs to the {layer!r} layer: add it to the header's layers", i + 2)
            for inner, inner_at in spans:
                # Everything inside this fact was closed before it: same-layer facts may not nest.
                if inner.start >= span.start and LAYER_OF_LABEL[inner.label] == layer:
                    src.fail(
                        f"{inner.label} {inner.text!r} inside {span.label}: one layer's facts never nest", inner_at
                    )
            spans.append((span, open_at[0]))
            i = close + 1
        elif char in "{}":
            src.fail(f"{char!r} outside a fact's attributes (write \\{char} for a literal brace)", i)
        elif char == "\n" and opened:
            src.fail("fact not closed on its line: ']' missing", opened[-1][0])
        else:
            clean.append(char)
            i += 1
    if opened:
        src.fail("fact not closed: ']' missing", opened[-1][0])
    officials = {span.name for span, _ in spans if span.label == "OFFICIAL"}
    for span, at in spans:
        if span.label == "TITLE" and span.name not in officials:
            src.fail(f"TITLE {span.text!r} names {span.name!r}, who has no OFFICIAL mention in the document", at)
    return "".join(clean), sorted((span for span, _ in spans), key=lambda span: (span.start, -span.end))


def _attributes_end(src: _Source, brace: int) -> int:
    """Raw index of the '}' closing the attributes that open at ``brace``; they stay on one line."""
    for j in range(brace + 1, len(src.raw)):
        char = src.raw[j]
        if char == "}":
            return j
        if char == "\n":
            break
        if char in "[]{\\":
            src.fail(f"{char!r} inside a fact's attributes", j)
    src.fail("attributes not closed: '}' missing on this line", brace)


def _make_span(src: _Source, start: int, surface: str, attributes: str, at: int, published: date | None) -> GoldSpan:
    tokens = [_Token(m.group(), at + m.start()) for m in re.finditer(r"\S+", attributes)]
    if not tokens:
        src.fail("empty attributes: write {LABEL attributes}", at - 1)
    label, args = tokens[0], tokens[1:]
    where: dict[str, Any] = {"label": label.text, "start": start, "end": start + len(surface), "text": surface}
    if label.text == "MONEY":
        return GoldSpan(**where, **_money(src, label, args))
    if label.text == "PERCENT":
        return GoldSpan(**where, **_percent(src, label, args))
    if label.text == "DATE":
        return GoldSpan(**where, **_date(src, label, args, surface, published))
    if label.text == "REGION":
        (code,) = _exactly(src, label, args, 1, "the region's ISO 3166-2:KZ code")
        return GoldSpan(**where, iso_code=_iso_code(src, code))
    if label.text == "PLACE":
        name, kind, code = _exactly(src, label, args, 3, "a name, a kind and its region's ISO code")
        if kind.text not in PLACE_KINDS:
            src.fail(f"place kind {kind.text!r}; allowed: {', '.join(PLACE_KINDS)}", kind.index)
        return GoldSpan(**where, name=_key(src, name), kind=kind.text, iso_code=_iso_code(src, code))
    if label.text in ("OFFICIAL", "TITLE"):
        (key,) = _exactly(src, label, args, 1, "the person's key (their fullest name, '_' for a space)")
        return GoldSpan(**where, name=_key(src, key))
    if label.text == "TARGET":
        return GoldSpan(**where, **_target(src, label, args))
    src.fail(f"unknown label {label.text!r}; known: {', '.join(LAYER_OF_LABEL)}", label.index)


def _exactly(src: _Source, label: _Token, args: list[_Token], count: int, what: str) -> list[_Token]:
    if len(args) != count:
        src.fail(f"{label.text} takes {what}", label.index)
    return args


def _iso_code(src: _Source, code: _Token) -> str:
    if not _ISO_CODE.fullmatch(code.text):
        src.fail(f"{code.text!r} is not a numeric ISO 3166-2:KZ code such as KZ-75", code.index)
    return code.text


def _key(src: _Source, key: _Token) -> str:
    if not _KEY.fullmatch(key.text):
        src.fail(f"{key.text!r} is not a name with '_' for its spaces", key.index)
    return key.text.replace("_", " ")


def _money(src: _Source, label: _Token, args: list[_Token]) -> dict[str, Any]:
    if len(args) < 2:
        src.fail("MONEY takes a value (or null) and an ISO 4217 currency code", label.index)
    value, currency = args[0], args[1]
    if value.text != "null" and not _MONEY_VALUE.fullmatch(value.text):
        src.fail(f"MONEY value {value.text!r} is not plain digits with an optional '.' decimal part", value.index)
    if not _CURRENCY.fullmatch(currency.text):
        src.fail(f"currency {currency.text!r} is not a three-letter ISO 4217 code", currency.index)
    qualifier, range_end, _ = _flags(src, args[2:], extra=())
    return {
        "value": None if value.text == "null" else Decimal(value.text),
        "currency": currency.text,
        "qualifier": qualifier,
        "range": range_end,
    }


def _percent(src: _Source, label: _Token, args: list[_Token]) -> dict[str, Any]:
    if not args:
        src.fail("PERCENT takes a value", label.index)
    value = args[0]
    if not _PERCENT_VALUE.fullmatch(value.text):
        src.fail(f"PERCENT value {value.text!r} is not a number with an optional '.' decimal part", value.index)
    qualifier, range_end, extras = _flags(src, args[1:], extra=("points",))
    return {
        "value": float(value.text),
        "is_points": "points" in extras,
        "qualifier": qualifier,
        "range": range_end,
    }


def _target(src: _Source, label: _Token, args: list[_Token]) -> dict[str, Any]:
    if len(args) < 4:
        src.fail("TARGET takes a value, a deadline year (or null), an action and the head noun", label.index)
    value, year, action, head = args[:4]
    if not _TARGET_VALUE.fullmatch(value.text):
        src.fail(f"TARGET value {value.text!r} is not a number with an optional '.' decimal part", value.index)
    if year.text != "null" and not _YEAR.fullmatch(year.text):
        src.fail(f"TARGET year {year.text!r} is not a four-digit year or null", year.index)
    if action.text not in TargetAction.__members__:
        src.fail(f"unknown action {action.text!r}; allowed: {', '.join(TargetAction.__members__)}", action.index)
    if not _HEAD.fullmatch(head.text):
        src.fail(f"head {head.text!r} is not one word (the head noun of what is counted)", head.index)
    # "from=17": the baseline of "from 17 to 50%", an argument with a value, so read apart from the flags
    baselines = [t for t in args[4:] if t.text.startswith("from=")]
    if len(baselines) > 1:
        src.fail("second baseline from=", baselines[1].index)
    baseline = None
    if baselines:
        number = baselines[0].text.removeprefix("from=")
        if not _TARGET_VALUE.fullmatch(number):
            src.fail(f"baseline {number!r} is not a number", baselines[0].index)
        baseline = float(number)
    flags = [t for t in args[4:] if not t.text.startswith("from=")]
    qualifier, range_end, extras = _flags(src, flags, extra=("percent",))
    return {
        "value": float(value.text),
        "year": None if year.text == "null" else int(year.text),
        "action": TargetAction(action.text),
        "head": head.text,
        "is_percentage": "percent" in extras,
        "baseline": baseline,
        "qualifier": qualifier,
        "range": range_end,
    }


def _flags(src: _Source, args: list[_Token], extra: tuple[str, ...]) -> tuple[Qualifier, RangeEnd | None, set[str]]:
    qualifier: Qualifier | None = None
    range_end: RangeEnd | None = None
    extras: set[str] = set()
    # 'exact' is the absence of a qualifier; accepting it too would give one fact two spellings.
    qualifiers = [q.value for q in Qualifier if q is not Qualifier.exact]
    for token in args:
        if token.text in qualifiers:
            if qualifier is not None:
                src.fail(f"second qualifier {token.text!r} (already {qualifier.value!r})", token.index)
            qualifier = Qualifier(token.text)
        elif token.text in _RANGE_ENDS:
            if range_end is not None:
                src.fail(f"second range end {token.text!r} (already {range_end!r})", token.index)
            range_end = "low" if token.text == "low" else "high"
        elif token.text in extra:
            if token.text in extras:
                src.fail(f"flag {token.text!r} given twice", token.index)
            extras.add(token.text)
        else:
            allowed = ", ".join([*qualifiers, *_RANGE_ENDS, *extra])
            src.fail(f"unknown flag {token.text!r}; allowed: {allowed}", token.index)
    return qualifier or Qualifier.exact, range_end, extras


def _date(src: _Source, label: _Token, args: list[_Token], surface: str, published: date | None) -> dict[str, Any]:
    if len(args) != 2:
        src.fail("DATE takes FIRST[/LAST] (or null) and a granularity, nothing else", label.index)
    value, unit = args
    if unit.text not in Granularity.__members__:
        src.fail(f"unknown granularity {unit.text!r}; allowed: {', '.join(Granularity.__members__)}", unit.index)
    granularity = Granularity(unit.text)
    relative = _RELATIVE_YEARS.get(surface.lower())
    if relative is not None and granularity is not Granularity.year:
        src.fail(f"{surface!r} is a year: use granularity year", unit.index)

    if value.text == "null":
        if published is not None:
            src.fail(f"null date in a document published {published}: resolve it against that date", value.index)
        return {"value": None, "value_end": None, "granularity": granularity}
    match = _DATE_VALUE.fullmatch(value.text)
    if match is None:
        src.fail(f"DATE value {value.text!r} is not an ISO date YYYY-MM-DD or FIRST/LAST", value.index)
    first = _iso_date(src, match.group(1), value.index)
    last = None if match.group(2) is None else _iso_date(src, match.group(2), value.index + match.start(2))
    problem = _calendar_problem(first, last, granularity)
    if problem:
        src.fail(problem, value.index)
    if relative is not None and published is not None and first.year != published.year + relative:
        src.fail(f"{surface!r} in a document published {published} is {published.year + relative}", value.index)
    # A day is written as one date but, as in the date records, its last day is itself.
    return {"value": first, "value_end": last or first, "granularity": granularity}


def _calendar_problem(first: date, last: date | None, granularity: Granularity) -> str | None:
    """Why FIRST/LAST do not describe one unit of ``granularity``, or None when they do."""
    if granularity is Granularity.day:
        return None if last is None else "a day is one date, not FIRST/LAST"
    if last is None:
        return f"a {granularity.value} needs FIRST/LAST dates"
    if granularity is Granularity.period:
        return None if first < last else "a period's LAST must come after its FIRST"
    months = _UNIT_MONTHS[granularity]
    if first.day != 1 or (first.month - 1) % months:
        return f"a {granularity.value} starts on the first day of a calendar {granularity.value}, not {first}"
    last_month = first.month + months - 1
    expected = date(first.year, last_month, calendar.monthrange(first.year, last_month)[1])
    return None if last == expected else f"a {granularity.value} starting {first} ends {expected}, not {last}"


def _iso_date(src: _Source, text: str, at: int) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    src.fail(f"{text!r} is not a valid ISO date YYYY-MM-DD", at)


def read_manifest(corpus: Path) -> dict[str, Any]:
    """``corpus/manifest.json``: the splits (which the manifest alone decides) and the frozen test checksums."""
    path = corpus / "manifest.json"
    if not path.exists():
        return {"format": MANIFEST_FORMAT, "splits": {name: [] for name in SPLITS}, "test_sha256": {}}
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"{path}: unknown format {manifest.get('format')!r}")
    return manifest


def split_of(manifest: dict[str, Any]) -> dict[str, str]:
    """Each listed id's split."""
    return {doc_id: name for name, ids in manifest["splits"].items() for doc_id in ids}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _documents(folder: Path) -> Iterator[tuple[Path, AnnotatedDocument | CorpusFormatError]]:
    for path in sorted(folder.glob("*.txt")):
        try:
            yield path, read_document(path)
        except CorpusFormatError as err:
            yield path, err


def _check(folder: Path) -> int:
    """Compile every document, report each bad one, print fact counts per label and split."""
    counts: Counter[tuple[str, str]] = Counter()
    splits = split_of(read_manifest(folder.parent))
    documents = errors = 0
    for _, result in _documents(folder):
        if isinstance(result, CorpusFormatError):
            print(result, file=sys.stderr)
            errors += 1
            continue
        documents += 1
        for span in result.spans:
            counts[span.label, splits.get(result.id, "unlisted")] += 1
    print(f"{folder}: {documents} documents valid, {errors} invalid")
    print(f"{'label':<10}" + "".join(f"{name:>9}" for name in (*SPLITS, "unlisted", "total")))
    for label in sorted({label for label, _ in counts}):
        row = [counts[label, split] for split in SPLITS]
        row.append(sum(n for (lab, split), n in counts.items() if lab == label and split == "unlisted"))
        print(f"{label:<10}" + "".join(f"{n:>9}" for n in (*row, sum(row))))
    return 1 if errors else 0


def export_lines(folder: Path) -> list[str]:
    """The documents as ``govextract extract`` JSONL input: id, title, published and the clean text."""
    return [
        json.dumps(
            {"id": d.id, "title": d.title, "published": d.published and d.published.isoformat(), "text": d.text},
            ensure_ascii=False,
        )
        for d in load_corpus(folder)
    ]


def _export(folder: Path, out: Path) -> int:
    out.write_text("".join(line + "\n" for line in export_lines(folder)), encoding="utf-8")
    return 0


def _manifest(corpus: Path, *, refreeze: bool, new_split: str) -> int:
    """Rewrite ``corpus/manifest.json``: list new documents under ``new_split``, freeze the test files present.

    A listed document never changes split here (move it by editing the manifest, and say why). A test checksum,
    once written, freezes that document: changing it needs ``refreeze``, because every score reported on the
    test split so far was measured against the frozen text.
    """
    manifest_path = corpus / "manifest.json"
    try:
        old = read_manifest(corpus)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    files: dict[str, Path] = {}
    for path, result in _documents(corpus / "docs"):
        if isinstance(result, CorpusFormatError):
            print(f"{result}\nnot writing the manifest: fix the document first", file=sys.stderr)
            return 1
        files[result.id] = path

    frozen: dict[str, str] = old["test_sha256"]
    listed = split_of(old)
    ids = sorted(listed.keys() | files.keys())
    splits: dict[str, list[str]] = {name: [] for name in SPLITS}
    for doc_id in ids:
        splits[listed.get(doc_id, new_split)].append(doc_id)
    checksums = {doc_id: frozen[doc_id] for doc_id in splits["test"] if doc_id in frozen}
    changed = []
    for doc_id in splits["test"]:
        if doc_id in files:
            digest = file_sha256(files[doc_id])
            if checksums.get(doc_id, digest) != digest:
                changed.append(doc_id)
            checksums[doc_id] = digest
    if changed and not refreeze:
        print(
            f"refusing to change the frozen checksum of {', '.join(changed)}: test documents must not change "
            "(restore them, or pass --refreeze if the change is deliberate and scores will be re-measured)",
            file=sys.stderr,
        )
        return 1

    manifest = {"format": MANIFEST_FORMAT, "splits": splits, "test_sha256": dict(sorted(checksums.items()))}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    missing = [doc_id for doc_id in ids if doc_id not in files]
    print(
        f"{manifest_path}: {len(ids)} ids ({', '.join(f'{len(v)} {k}' for k, v in splits.items())}), "
        f"{len(checksums)} test checksums" + (f", refrozen {', '.join(changed)}" if changed else "")
    )
    if missing:
        print(f"no file yet for {', '.join(missing)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m govextract.corpus.markup", description="Check corpus documents and the manifest."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="compile every document in a folder and print fact counts")
    check.add_argument("folder", type=Path, help="folder of gx-NNNN.txt documents, e.g. corpus/docs")
    manifest = commands.add_parser("manifest", help="recompute manifest.json's splits and test checksums")
    manifest.add_argument("corpus", type=Path, help="folder holding docs/ and manifest.json, e.g. corpus/")
    manifest.add_argument("--refreeze", action="store_true", help="allow changing a frozen test checksum")
    manifest.add_argument("--split", default="train", choices=SPLITS, help="split of documents not yet listed")
    export = commands.add_parser("export", help="write the clean documents as JSONL input for govextract extract")
    export.add_argument("folder", type=Path, help="folder of gx-NNNN.txt documents, e.g. corpus/docs")
    export.add_argument("out", type=Path, help="the .jsonl file to write, e.g. corpus/examples.jsonl")
    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args.folder, args.out)
    if args.command == "check":
        return _check(args.folder)
    return _manifest(args.corpus, refreeze=args.refreeze, new_split=args.split)


if __name__ == "__main__":
    sys.exit(main())
