"""``govextract_percent``: percentages and percentage points, normalised to numbers."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from govextract.components.spans import FactRecognizer, TokenStarts, numbers_of, text_of
from govextract.normalize.percent import percent_grammar
from govextract.records import Percentage
from govextract.resources import load_patterns


@Language.factory("govextract_percent", default_config={"patterns": None})
def make_percent(nlp: Language, name: str, patterns: str | None) -> FactRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    grammar = percent_grammar(load_patterns(patterns))
    starts = TokenStarts(nlp.vocab, grammar.scanner.starts)

    def find(doc: Doc) -> list[Percentage]:
        return grammar.find(text_of(doc), starts(doc), numbers_of(doc, grammar.numbers))

    return FactRecognizer(name, "PERCENT", find)
