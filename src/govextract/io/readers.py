"""Inputs of the ``extract`` command: ``.txt``, ``.html``/``.htm``, ``.jsonl`` and ``.jsonl.gz`` files, folders
(searched recursively), globs of them, and stdin.

Every document found becomes an ``InputDoc``; everything that cannot be read becomes an ``ExtractionError``
naming file and line, so a batch never loses a document silently.
"""

from __future__ import annotations

import glob
import gzip
import json
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from govextract.records import ErrorKind, ExtractionError
from govextract.runner import InputDoc, as_input

SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz")
MAX_BYTES = 10_000_000  # far above any press release; spaCy's own limit is 1,000,000 characters per text
GLOB_CHARS = frozenset("*?[")


def _decode(data: bytes, source: str, line: int | None = None) -> str | ExtractionError:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        return ExtractionError(
            source=source, line=line, kind=ErrorKind.not_utf8, message=f"not UTF-8 at byte {err.start}"
        )


def _jsonl_lines(lines: Iterable[bytes], source: str) -> Iterator[InputDoc | ExtractionError]:
    for number, raw in enumerate(lines, start=1):
        text = _decode(raw, source, number)
        if isinstance(text, ExtractionError):
            yield text
            continue
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
            if not isinstance(obj, dict):
                raise ValueError("a line must be a JSON object")
            if "id" not in obj:
                raise ValueError('missing "id"')
            doc = as_input(obj)
        except ValueError as err:  # json.JSONDecodeError is a ValueError
            yield ExtractionError(source=source, line=number, kind=ErrorKind.invalid_json, message=str(err))
            continue
        yield replace(doc, source=doc.source or source, line=number)


def _text_file(path: Path, doc_id: str) -> InputDoc | ExtractionError:
    text = _decode(path.read_bytes(), str(path))
    if isinstance(text, ExtractionError):
        return text.model_copy(update={"doc_id": doc_id})
    return InputDoc(text=text, doc_id=doc_id, source=str(path))


def _html_file(path: Path, doc_id: str) -> InputDoc | ExtractionError:
    """The main text, title and publication date of a web page, by trafilatura (which reads the page's own
    charset; boilerplate such as menus and footers is left out)."""
    import trafilatura

    data = path.read_bytes()
    try:
        page = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            # Only a date the page states (its metadata or a dated byline), never one guessed from a copyright
            # line: relative dates in the text resolve against it.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # a page that breaks the HTML parser must not take the run down
        return ExtractionError(doc_id=doc_id, source=str(path), kind=ErrorKind.unreadable, message=repr(err))
    if page is None or not page.text:
        return ExtractionError(doc_id=doc_id, source=str(path), kind=ErrorKind.empty, message="no main text found")
    published = date.fromisoformat(page.date) if page.date else None
    return InputDoc(text=page.text, doc_id=doc_id, title=page.title, published=published, source=str(path))


def _suffix(path: Path) -> str:
    """``.jsonl.gz`` or the last suffix, lower-cased."""
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def _file(path: Path, root: Path) -> Iterator[InputDoc | ExtractionError]:
    doc_id = path.relative_to(root).as_posix()
    suffix = _suffix(path)
    try:
        if path.stat().st_size > MAX_BYTES and suffix not in (".jsonl", ".jsonl.gz"):
            yield ExtractionError(
                doc_id=doc_id, source=str(path), kind=ErrorKind.too_large, message=f"over {MAX_BYTES:,} bytes"
            )
        elif suffix == ".jsonl":
            with path.open("rb") as fh:
                yield from _jsonl_lines(fh, str(path))
        elif suffix == ".jsonl.gz":
            yield from _gzip_lines(path)
        elif suffix in (".html", ".htm"):
            yield _html_file(path, doc_id)
        else:
            yield _text_file(path, doc_id)
    except OSError as err:
        yield ExtractionError(doc_id=doc_id, source=str(path), kind=ErrorKind.unreadable, message=str(err))


def _gzip_lines(path: Path) -> Iterator[InputDoc | ExtractionError]:
    """The lines of a gzipped JSONL file; a file cut short or corrupt gives an error row at the line it broke."""
    read = 0
    try:
        with gzip.open(path, "rb") as fh:
            for found in _jsonl_lines(fh, str(path)):
                read = found.line or read
                yield found
    except (OSError, EOFError, zlib.error) as err:
        yield ExtractionError(
            source=str(path), line=read + 1, kind=ErrorKind.unreadable, message=f"broken gzip data: {err}"
        )


def _stdin(stream: BinaryIO) -> Iterator[InputDoc | ExtractionError]:
    """JSONL when the first non-blank character is ``{``, else one plain-text document with id ``stdin``."""
    data = stream.read()
    if data.lstrip().startswith(b"{"):
        yield from _jsonl_lines(data.splitlines(), "<stdin>")
        return
    text = _decode(data, "<stdin>")
    yield text if isinstance(text, ExtractionError) else InputDoc(text=text, doc_id="stdin", source="<stdin>")


def read_inputs(paths: Sequence[str], stdin: BinaryIO | None = None) -> Iterator[InputDoc | ExtractionError]:
    """Documents from each INPUT in turn; ids are JSONL ids or paths relative to the INPUT root."""
    for name in paths:
        if name == "-":
            yield from _stdin(stdin or sys.stdin.buffer)
            continue
        path = Path(name)
        if GLOB_CHARS & set(name):
            yield from _glob(name)
        elif path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in SUFFIXES):
                yield from _file(found, path)
        elif path.is_file() and _suffix(path) in SUFFIXES:
            yield from _file(path, path.parent)
        else:
            reason = f"not a {', '.join(SUFFIXES)} file" if path.exists() else "no such file or directory"
            yield ExtractionError(source=name, kind=ErrorKind.unreadable, message=reason)


def _glob(pattern: str) -> Iterator[InputDoc | ExtractionError]:
    """The input files a glob matches (``**`` crosses folders); ids are paths relative to its folder part
    (``archive/2023/**/*.html`` gives ``05/a.html``)."""
    parts = Path(pattern).parts
    root = Path(*parts[: next(i for i, part in enumerate(parts) if GLOB_CHARS & set(part))] or ["."])
    found = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    matched = [p for p in found if p.is_file() and _suffix(p) in SUFFIXES]
    if not matched:
        yield ExtractionError(source=pattern, kind=ErrorKind.unreadable, message="the glob matches no input file")
    for path in matched:
        yield from _file(path, root)


def unique_ids(items: Iterable[InputDoc | ExtractionError]) -> Iterator[InputDoc | ExtractionError]:
    """Turn the second and later documents with an id already seen into ``duplicate_id`` errors."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, InputDoc) and item.doc_id is not None:
            where = f"{item.source}:{item.line}" if item.line else str(item.source)
            if item.doc_id in seen:
                yield ExtractionError(
                    doc_id=item.doc_id,
                    source=item.source,
                    line=item.line,
                    kind=ErrorKind.duplicate_id,
                    message=f"id already used at {seen[item.doc_id]}",
                )
                continue
            seen[item.doc_id] = where
        yield item
