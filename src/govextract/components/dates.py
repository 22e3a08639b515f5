"""``govextract_dates``: dates and periods, resolved against the document's own date (``Doc._.published``)."""

from __future__ import annotations

from spacy.language import Language

from govextract.components.spans import FactRecognizer, text_of
from govextract.normalize.dates import find_dates


@Language.factory("govextract_dates", default_config={})
def make_dates(nlp: Language, name: str) -> FactRecognizer:
    return FactRecognizer(name, "DATE", lambda doc: find_dates(text_of(doc), doc._.published))
