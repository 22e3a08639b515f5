"""``govextract_resolve``: the one place where overlapping facts are resolved.

Rule: facts of the *contained* labels (by default every label but TARGET) may not overlap. Of two that do, the
longer one (in characters, by the record's exact offsets) wins; on a tie, the label earlier in ``priority``.
Container labels (TARGET) may contain other facts: a percentage inside a target is both a target and a
percentage. The component runs last and also stamps ``Doc._.extractor``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from govextract.components.spans import SPANS_KEY, register_extensions
from govextract.records import Extractor

DEFAULT_PRIORITY = ["MONEY", "PERCENT", "TARGET", "OFFICIAL", "TITLE", "REGION", "PLACE", "DATE"]


class OverlapResolver:
    def __init__(self, name: str, priority: list[str], containers: list[str]) -> None:
        self.name = name
        self.rank = {label: i for i, label in enumerate(priority)}
        self.containers = set(containers)
        # Set by govextract.load() once the whole pipeline (config, patterns, model) is known.
        self.extractor: Extractor | None = None
        register_extensions()

    def _key(self, span: Span) -> tuple[int, int]:
        fact = span._.value
        return (-(fact.end - fact.start), self.rank.get(span.label_, len(self.rank)))

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans.get(SPANS_KEY, []))
        kept: list[Span] = [s for s in spans if s.label_ in self.containers]
        taken: list[tuple[int, int]] = []
        for span in sorted((s for s in spans if s.label_ not in self.containers), key=self._key):
            fact = span._.value
            if all(fact.end <= start or end <= fact.start for start, end in taken):
                taken.append((fact.start, fact.end))
                kept.append(span)
        kept.sort(key=lambda s: (s._.value.start, s._.value.end))
        doc.spans[SPANS_KEY] = kept
        if self.extractor is not None:
            doc._.extractor = self.extractor
        return doc


@Language.factory(
    "govextract_resolve",
    default_config={"priority": DEFAULT_PRIORITY, "containers": ["TARGET"]},
)
def make_resolver(nlp: Language, name: str, priority: list[str], containers: list[str]) -> OverlapResolver:
    return OverlapResolver(name, priority, containers)
