"""``govextract_dates``: dates and periods, resolved against the document's own date (``Doc._.published``)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from govextract.components.spans import FactRecognizer, numbers_starts, text_of
from govextract.normalize.dates import date_grammar
from govextract.records import DateMention
from govextract.resources import load_patterns


@Language.factory("govextract_dates", default_config={"patterns": None})
def make_dates(nlp: Language, name: str, patterns: str | None) -> FactRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    loaded = load_patterns(patterns)
    grammar = date_grammar(loaded)
    starts = numbers_starts(nlp.vocab, loaded)

    def find(doc: Doc) -> list[DateMention]:
        seeds = [starts(doc, seed) for seed in grammar.seeds]
        return grammar.find(text_of(doc), doc._.published, None if None in seeds else seeds)

    return FactRecognizer(name, "DATE", find)
