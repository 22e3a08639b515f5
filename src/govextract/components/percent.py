"""``govextract_percent``: percentages and percentage points, normalised to numbers."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, text_of
from govextract.normalize.percent import find_percentages


@Language.factory("govextract_percent", default_config={})
def make_percent(nlp: Language, name: str) -> FactRecognizer:
    return FactRecognizer(name, "PERCENT", lambda doc: find_percentages(text_of(doc)))
