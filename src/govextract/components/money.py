"""``govextract_money``: amounts of money, normalised to an exact Decimal and an ISO 4217 code."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, text_of
from govextract.normalize.money import find_money


@Language.factory("govextract_money", default_config={})
def make_money(nlp: Language, name: str) -> FactRecognizer:
    return FactRecognizer(name, "MONEY", lambda doc: find_money(text_of(doc)))
