"""The hand-annotated corpus: compile ``corpus/docs/*.txt`` (docs/annotation.md) into gold spans."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govextract.corpus.markup import (
        AnnotatedDocument,
        CorpusFormatError,
        GoldSpan,
        load_corpus,
        parse_document,
    )

__all__ = ["AnnotatedDocument", "CorpusFormatError", "GoldSpan", "load_corpus", "parse_document"]


def __getattr__(name: str) -> Any:
    # Imported lazily: importing markup here eagerly would make ``python -m govextract.corpus.markup`` load
    # the module twice (runpy warns about exactly that).
    if name in __all__:
        return getattr(import_module("govextract.corpus.markup"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
