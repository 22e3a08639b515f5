"""``govextract_dates``: dates and periods, resolved against the document's own date (``Doc._.published``)."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, TokenStarts, text_of
from govextract.normalize.dates import date_grammar
from govextract.resources import load_patterns


@Language.factory("govextract_dates", default_config={"patterns": None})
def make_dates(nlp: Language, name: str, patterns: str | None) -> FactRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    grammar = date_grammar(load_patterns(patterns))
    seeds = TokenStarts(nlp.vocab, *grammar.seeds)
    return FactRecognizer(name, "DATE", lambda doc: grammar.find(text_of(doc), doc._.published, seeds.each(doc)))
