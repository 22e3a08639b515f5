"""``govextract_money``: amounts of money, normalised to an exact Decimal and an ISO 4217 code."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, numbers_starts, text_of
from govextract.normalize.money import money_grammar
from govextract.resources import load_patterns


@Language.factory("govextract_money", default_config={"patterns": None})
def make_money(nlp: Language, name: str, patterns: str | None) -> FactRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    loaded = load_patterns(patterns)
    grammar = money_grammar(loaded)
    starts = numbers_starts(nlp.vocab, loaded)
    return FactRecognizer(name, "MONEY", lambda doc: grammar.find(text_of(doc), starts(doc, grammar.scanner.starts)))
