"""The batch runner: ``extract`` for one text, ``extract_many`` for a stream, in one process or several, and
``extract_into`` for a stream into a sink (a file or a database), resumable, with progress on stderr."""

from __future__ import annotations

import logging
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from govextract.components.spans import remember_text
from govextract.language import unsupported_language
from govextract.pipeline import doc_id_of, extractor_of, load, to_record
from govextract.records import ErrorKind, ExtractionError, PressRelease, sha256_text

if TYPE_CHECKING:
    from govextract.io.sinks import Sink

log = logging.getLogger("govextract")

OnError = Literal["record", "raise"]


class ExtractionFailed(Exception):
    """Raised by ``extract`` and by ``extract_many(on_error="raise")``; ``.error`` is the ExtractionError."""

    def __init__(self, error: ExtractionError) -> None:
        super().__init__(f"{error.kind}: {error.message}")
        self.error = error


@dataclass(frozen=True, slots=True)
class InputDoc:
    """One document to extract from, with what is known about it."""

    text: str
    doc_id: str | None = None
    published: date | None = None
    title: str | None = None
    source: str | None = None
    line: int | None = None


Item = str | Mapping[str, Any] | InputDoc | ExtractionError
Result = PressRelease | ExtractionError


def _as_date(value: object) -> date | None:
    """None, a date, or an ISO date string (a timestamp's time of day is dropped)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_input(item: str | Mapping[str, Any] | InputDoc) -> InputDoc:
    """A text, or a dict with the JSONL keys ``id``, ``text``, ``published``, ``title``, ``url``."""
    if isinstance(item, InputDoc):
        return item
    if isinstance(item, str):
        return InputDoc(text=item)
    text = item.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    doc_id = item.get("id", item.get("doc_id"))
    return InputDoc(
        text=text,
        doc_id=None if doc_id is None else str(doc_id),
        published=_as_date(item.get("published")),
        title=item.get("title"),
        source=item.get("url", item.get("source")),
        line=item.get("line"),
    )


def _error(doc: InputDoc, kind: ErrorKind, message: str) -> ExtractionError:
    return ExtractionError(doc_id=doc.doc_id, source=doc.source, line=doc.line, kind=kind, message=message)


def _parse(item: Item) -> InputDoc | ExtractionError:
    if isinstance(item, ExtractionError):
        return item
    try:
        return as_input(item)
    except (ValueError, TypeError, AttributeError) as err:
        src = item if isinstance(item, Mapping) else {}
        return ExtractionError(
            doc_id=None if src.get("id") is None else str(src.get("id")),
            source=src.get("url", src.get("source")),
            line=src.get("line"),
            kind=ErrorKind.invalid_json,
            message=f"bad document: {err}",
        )


def _check(nlp: Language, item: Item) -> InputDoc | ExtractionError:
    doc = _parse(item)
    if isinstance(doc, ExtractionError):
        return doc
    if not doc.text.strip():
        return _error(doc, ErrorKind.empty, "the text is empty")
    if len(doc.text) > nlp.max_length:
        return _error(doc, ErrorKind.too_large, f"{len(doc.text):,} characters, over {nlp.max_length:,}")
    language = unsupported_language(doc.text)
    if language is not None:
        return _error(doc, ErrorKind.unsupported_language, f"the text is in {language}; govextract reads English")
    return doc


def _make_doc(nlp: Language, doc: InputDoc) -> Doc:
    made = nlp.make_doc(doc.text)
    remember_text(made, doc.text)
    about = made._  # spaCy builds an accessor object on every ``made._``: one for the four writes
    about.doc_id = doc.doc_id
    about.published = doc.published
    about.title = doc.title
    about.source = doc.source
    return made


def _run_one(nlp: Language, doc: InputDoc) -> Result:
    try:
        return to_record(nlp(_make_doc(nlp, doc)))
    except Exception as err:  # a failing component must not take the batch down: the doc gets an error row
        log.warning("component failed on %s: %r", doc.doc_id, err)
        return _error(doc, ErrorKind.component_failed, f"{type(err).__name__}: {err}")


def _run_batch(nlp: Language, items: list[Item], batch_size: int) -> Iterator[Result]:
    """One result per item, in input order, each yielded as soon as it is made: a batch's records all held
    until its end lived long enough for Python's cyclic garbage collector to walk them and the whole pipeline's
    objects with them, a twentieth of the run's time."""
    checked = [_check(nlp, item) for item in items]
    with _zone(nlp, len(items)):
        records = _records(nlp, [d for d in checked if isinstance(d, InputDoc)], batch_size)
        for item in checked:
            yield next(records) if isinstance(item, InputDoc) else item


WARM_DOCS = 500
"""Documents a pipeline reads outside memory zones before it reads each batch in one (see ``_zone``)."""
_warmed: WeakKeyDictionary[Language, int] = WeakKeyDictionary()


def _zone(nlp: Language, size: int) -> AbstractContextManager[object]:
    """spaCy's memory zone for a batch: the strings and lexemes it adds to the vocabulary (every new number and
    name of an archive) are dropped at its end, so memory stays flat on archives of any size.

    Not for a pipeline's first ``WARM_DOCS`` documents: a word first met inside a zone is built anew (lexeme,
    tokenizer cache entry) in every batch, which made documents ~45% slower; the archive's common words, met in
    its first documents, are kept for good instead."""
    seen = _warmed.get(nlp, 0)
    if seen >= WARM_DOCS:
        return nlp.memory_zone()
    _warmed[nlp] = seen + size
    return nullcontext()


def _records(nlp: Language, docs: list[InputDoc], batch_size: int) -> Iterator[Result]:
    done = 0
    try:
        for made in nlp.pipe((_make_doc(nlp, d) for d in docs), batch_size=batch_size):
            record = to_record(made)
            done += 1
            yield record
    except Exception:
        # The rest one by one, so only the document that broke a component is reported as failed.
        yield from (_run_one(nlp, d) for d in docs[done:])


@cache
def _default_nlp() -> Language:
    return load()


_worker_nlp: Language | None = None


def _init_worker(load_args: dict[str, Any]) -> None:
    global _worker_nlp
    _worker_nlp = load(**load_args)


def _worker_batch(items: list[Item], batch_size: int) -> list[Result]:
    assert _worker_nlp is not None, "worker used before _init_worker"
    return list(_run_batch(_worker_nlp, items, batch_size))


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _raise_or_yield(results: Iterable[Result], on_error: OnError) -> Iterator[Result]:
    for result in results:
        if on_error == "raise" and isinstance(result, ExtractionError):
            raise ExtractionFailed(result)
        yield result


def extract_many(
    docs: Iterable[Item],
    n_process: int = 1,
    batch_size: int = 64,
    on_error: OnError = "record",
    *,
    nlp: Language | None = None,
) -> Iterator[Result]:
    """Stream one ``PressRelease`` or ``ExtractionError`` per input, in input order.

    ``docs`` are texts, dicts with the JSONL keys (``id``, ``text``, ``published``, ``title``, ``url``),
    ``InputDoc``s, or ``ExtractionError``s (passed through, so a reader's errors keep their place).
    With ``n_process > 1`` each worker process builds the same pipeline as ``nlp`` (as ``govextract.load`` made it).
    """
    if on_error not in ("record", "raise"):
        raise ValueError(f'on_error must be "record" or "raise", not {on_error!r}')
    if n_process < 1 or batch_size < 1:
        raise ValueError("n_process and batch_size must be at least 1")
    nlp = nlp or _default_nlp()
    if n_process == 1:
        for batch in _batches(docs, batch_size):
            yield from _raise_or_yield(_run_batch(nlp, batch, batch_size), on_error)
        return
    load_args = nlp.meta.get("govextract_load")
    if load_args is None:
        raise ValueError("n_process > 1 needs a pipeline built by govextract.load(), which workers can rebuild")
    with ProcessPoolExecutor(n_process, initializer=_init_worker, initargs=(load_args,)) as pool:
        # A bounded window of batches in flight keeps memory flat on archives of any size.
        pending: deque[Future[list[Result]]] = deque()
        for batch in _batches(docs, batch_size):
            pending.append(pool.submit(_worker_batch, batch, batch_size))
            if len(pending) >= 2 * n_process:
                yield from _raise_or_yield(pending.popleft().result(), on_error)
        while pending:
            yield from _raise_or_yield(pending.popleft().result(), on_error)


def extract(
    text: str,
    *,
    doc_id: str | None = None,
    published: date | str | None = None,
    title: str | None = None,
    source: str | None = None,
    nlp: Language | None = None,
) -> PressRelease:
    """The facts of one press release. Raises ``ExtractionFailed`` for empty or oversized text."""
    doc = InputDoc(text=text, doc_id=doc_id, published=_as_date(published), title=title, source=source)
    (result,) = _raise_or_yield(_run_batch(nlp or _default_nlp(), [doc], 1), "raise")
    return result  # type: ignore[return-value]


@dataclass
class RunSummary:
    """What ``extract_into`` did: ``documents == extracted + failed + skipped``."""

    documents: int = 0
    extracted: int = 0
    failed: int = 0
    skipped: int = 0  # already stored with the same text and extractor fingerprint (resume)
    seconds: float = 0.0

    def __str__(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        stored = f", {self.skipped} already stored" if self.skipped else ""
        return (
            f"{self.documents} documents, {self.extracted} extracted, {self.failed} failed{stored} "
            f"in {self.seconds:.1f} s ({rate:,.0f} docs/s)"
        )


def _unstored(
    items: Iterable[Item], sink: Sink, fingerprint: str, batch_size: int, skip: Callable[[], None]
) -> Iterator[InputDoc | ExtractionError]:
    """The items that are not in ``sink`` already with the same text and fingerprint, a batch of ids at a time.

    A document stored from another text or by another pipeline is extracted again where the sink replaces
    documents (a database), and becomes a ``duplicate_id`` error where it keeps the first copy (a file)."""
    for batch in _batches(items, batch_size):
        parsed = [_parse(item) for item in batch]
        keys = {}
        for doc in parsed:
            if isinstance(doc, InputDoc):
                sha = sha256_text(doc.text)
                keys[id(doc)] = (doc_id_of(doc.doc_id, sha), sha)
        stored = sink.stored([doc_id for doc_id, _ in keys.values()]) if keys else {}
        for doc in parsed:
            doc_id, sha = keys.get(id(doc), (None, None))
            found = stored.get(doc_id) if doc_id is not None else None
            if found is None or (found != (sha, fingerprint) and sink.replaces):
                yield doc
            elif found == (sha, fingerprint):
                skip()
            else:
                assert isinstance(doc, InputDoc)
                yield _error(
                    doc,
                    ErrorKind.duplicate_id,
                    "stored before from another text or pipeline; this output keeps the first copy",
                )


def extract_into(
    sink: Sink,
    docs: Iterable[Item],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 64,
    resume: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Extract every document of ``docs`` into ``sink`` (see ``govextract.io.sinks.open_sink``), a batch at a time.

    Every document ends in the sink as records or as an error row. With ``resume`` the documents already stored
    with the same ``doc_id``, text (SHA-256) and extractor fingerprint are skipped. With ``progress`` a bar
    (documents, docs/s, errors) and a line per failed document go to stderr. The caller closes the sink."""
    nlp = nlp or _default_nlp()
    summary = RunSummary()
    started = time.perf_counter()
    with tqdm(unit="doc", desc="extract", file=sys.stderr, disable=not progress) as bar:

        def skip() -> None:
            summary.documents += 1
            summary.skipped += 1
            bar.update()

        def store(batch: list[Result]) -> None:
            failed = [r for r in batch if isinstance(r, ExtractionError)] + sink.write(batch)
            summary.documents += len(batch)
            summary.failed += len(failed)
            summary.extracted += len(batch) - len(failed)
            for error in failed if progress else ():
                where = f"{error.source}:{error.line}" if error.line else error.source
                tqdm.write(f"error: {where}: {error.kind}: {error.message}", file=sys.stderr)
            bar.update(len(batch))
            bar.set_postfix(errors=summary.failed, refresh=False)

        fingerprint = extractor_of(nlp).fingerprint
        items = _unstored(docs, sink, fingerprint, batch_size, skip) if resume else docs
        batch: list[Result] = []
        for result in extract_many(items, n_process=n_process, batch_size=batch_size, nlp=nlp):
            batch.append(result)
            if len(batch) >= batch_size:
                store(batch)
                batch = []
        if batch:
            store(batch)
    summary.seconds = time.perf_counter() - started
    return summary
