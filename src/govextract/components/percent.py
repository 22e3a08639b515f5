"""``govextract_percent``: percentages and percentage points, normalised to numbers."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, numbers_starts, text_of
from govextract.normalize.percent import percent_grammar
from govextract.resources import load_patterns


@Language.factory("govextract_percent", default_config={"patterns": None})
def make_percent(nlp: Language, name: str, patterns: str | None) -> FactRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    loaded = load_patterns(patterns)
    grammar = percent_grammar(loaded)
    starts = numbers_starts(nlp.vocab, loaded)
    return FactRecognizer(name, "PERCENT", lambda doc: grammar.find(text_of(doc), starts(doc, grammar.scanner.starts)))
