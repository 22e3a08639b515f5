"""Records as JSON lines: one object per document, ``{"record": "press_release", ...}`` or ``{"record": "error", ...}``.

Without ``--resume`` the file is written anew. With it, the file is continued: its press releases are kept (and
skipped in the input), its error rows and a line cut short by a killed run are dropped, since every document that
failed is tried again and writes its error row again. A JSONL file keeps the first copy of a document, so
resuming with another pipeline (another extractor fingerprint) is refused, and a document whose text changed
becomes a ``duplicate_id`` error row (a database replaces it instead).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from govextract.records import ExtractionError, Extractor, PressRelease

if TYPE_CHECKING:
    from govextract.runner import Result, RunSummary


def resume_index(path: Path, fingerprint: str) -> dict[str, tuple[str, str]]:
    """Prepare ``path`` to be continued and return ``doc_id -> (text_sha256, fingerprint)`` of its press releases.

    The first copy of each press release is kept; error rows and a line cut short are dropped, by writing the
    kept lines to a temporary file renamed over ``path`` (a kill on the way leaves the old file whole)."""
    index: dict[str, tuple[str, str]] = {}
    dropped = False
    partial = path.with_name(path.name + ".tmp")
    with path.open("rb") as old, partial.open("wb") as new:
        for raw in old:
            try:
                row = json.loads(raw) if raw.endswith(b"\n") else None
            except ValueError:
                row = None
            if isinstance(row, dict) and row.get("record") == "press_release" and row.get("doc_id") not in index:
                index[row["doc_id"]] = (row["text_sha256"], row["extractor"]["fingerprint"])
                new.write(raw)
            else:
                dropped = True
    others = {fp for _, fp in index.values()} - {fingerprint}
    if others:
        partial.unlink()
        raise ValueError(
            f"{path} holds records of extractor fingerprint {', '.join(sorted(others))}, not {fingerprint}: "
            "a JSONL file keeps the first copy of a document; write to a new file, or drop --resume"
        )
    if dropped:
        os.replace(partial, path)
    else:
        partial.unlink()
    return index


class JsonlSink:
    """One JSON object per line, to a file or stdout."""

    replaces = False

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        include_text: bool = True,
        resume: bool = False,
        extractor: Extractor | None = None,
    ) -> None:
        self._own = path is not None and str(path) != "-"
        self._index: dict[str, tuple[str, str]] = {}
        if not self._own:
            if resume:
                raise ValueError("--resume needs an output it can read back: -o FILE.jsonl, Parquet or a database")
            self._out: TextIO = sys.stdout
        else:
            path = Path(path)  # type: ignore[arg-type]
            path.parent.mkdir(parents=True, exist_ok=True)
            if resume and path.exists():
                if extractor is None:
                    raise ValueError("resuming needs the extractor, to refuse records of another pipeline")
                self._index = resume_index(path, extractor.fingerprint)
            self._out = open(path, "a" if resume else "w", encoding="utf-8")  # noqa: SIM115
        self._exclude = None if include_text else {"text"}

    def stored(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        return {doc_id: self._index[doc_id] for doc_id in doc_ids if doc_id in self._index}

    def write(self, results: Sequence[Result]) -> list[ExtractionError]:
        for result in results:
            exclude = self._exclude if isinstance(result, PressRelease) else None
            self._out.write(result.model_dump_json(exclude=exclude) + "\n")
        return []

    def close(self, summary: RunSummary | None = None) -> None:
        if self._own:
            self._out.close()
        else:
            self._out.flush()


def read_back(path: str | Path) -> list[PressRelease | ExtractionError]:
    """Every record of a JSONL file, in file order."""
    found: list[PressRelease | ExtractionError] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            found.append(
                PressRelease.model_validate(row)
                if row["record"] == "press_release"
                else ExtractionError.model_validate(row)
            )
    return found
