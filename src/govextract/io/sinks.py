"""Where records go. Every sink writes the record contract as it is: one JSON object per document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from govextract.records import ExtractionError, PressRelease


class JsonlSink:
    """One JSON object per line: ``{"record": "press_release", ...}`` or ``{"record": "error", ...}``."""

    def __init__(self, path: str | Path | None = None, *, include_text: bool = True) -> None:
        self._own = path is not None and str(path) != "-"
        if self._own:
            Path(path).parent.mkdir(parents=True, exist_ok=True)  # type: ignore[arg-type]
        self._out: TextIO = open(path, "w", encoding="utf-8") if self._own else sys.stdout  # noqa: SIM115
        self._exclude = None if include_text else {"text"}

    def write(self, result: PressRelease | ExtractionError) -> None:
        exclude = self._exclude if isinstance(result, PressRelease) else None
        self._out.write(result.model_dump_json(exclude=exclude) + "\n")

    def close(self) -> None:
        if self._own:
            self._out.close()
        else:
            self._out.flush()

    def __enter__(self) -> JsonlSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
