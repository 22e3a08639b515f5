"""``govextract_percent``: percentages and percentage points, normalised to numbers."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, TokenStarts, text_of
from govextract.normalize.percent import percent_grammar
from govextract.resources import load_patterns


@Language.factory("govextract_percent", default_config={"patterns": None})
def make_percent(nlp: Language, name: str, patterns: str | None) -> FactRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    grammar = percent_grammar(load_patterns(patterns))
    starts = TokenStarts(nlp.vocab, grammar.scanner.starts)
    return FactRecognizer(name, "PERCENT", lambda doc: grammar.find(text_of(doc), starts(doc)))
