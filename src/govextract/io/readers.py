"""Inputs of the ``extract`` command: ``.txt`` files, folders of them, ``.jsonl`` files and stdin.

Every document found becomes an ``InputDoc``; everything that cannot be read becomes an ``ExtractionError``
naming file and line, so a batch never loses a document silently.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from govextract.records import ErrorKind, ExtractionError
from govextract.runner import InputDoc, as_input

SUFFIXES = (".txt", ".jsonl")
MAX_BYTES = 10_000_000  # far above any press release; spaCy's own limit is 1,000,000 characters per text


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


def _file(path: Path, root: Path) -> Iterator[InputDoc | ExtractionError]:
    doc_id = path.relative_to(root).as_posix()
    try:
        if path.stat().st_size > MAX_BYTES and path.suffix != ".jsonl":
            yield ExtractionError(
                doc_id=doc_id, source=str(path), kind=ErrorKind.too_large, message=f"over {MAX_BYTES:,} bytes"
            )
        elif path.suffix == ".jsonl":
            with path.open("rb") as fh:
                yield from _jsonl_lines(fh, str(path))
        else:
            yield _text_file(path, doc_id)
    except OSError as err:
        yield ExtractionError(doc_id=doc_id, source=str(path), kind=ErrorKind.unreadable, message=str(err))


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
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES):
                yield from _file(found, path)
        elif path.is_file() and path.suffix in SUFFIXES:
            yield from _file(path, path.parent)
        else:
            reason = "not a .txt or .jsonl file" if path.exists() else "no such file or directory"
            yield ExtractionError(source=name, kind=ErrorKind.unreadable, message=reason)


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
