"""``govextract_resolve``: the one place where overlapping facts are resolved.

Rule: facts of the *contained* labels (by default every label but TARGET and TITLE) may not overlap. Of two that do, the
longer one (in characters, by the record's exact offsets) wins; on a tie, the label earlier in ``priority``.
Container labels (TARGET, TITLE) may contain other facts: a percentage inside a target is both a target and a
percentage, the region inside "Akim of Zhambyl region" both a title's part and a region. The component runs
last and also stamps ``Doc._.extractor``.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from govextract.components.spans import SPANS_KEY, extent, register_extensions, value_of
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

    def __call__(self, doc: Doc) -> Doc:
        facts = [(span, extent(value_of(span))) for span in doc.spans.get(SPANS_KEY, [])]
        kept = [pair for pair in facts if pair[0].label_ in self.containers]
        contained = [pair for pair in facts if pair[0].label_ not in self.containers]
        contained.sort(key=lambda pair: (pair[1][0] - pair[1][1], self.rank.get(pair[0].label_, len(self.rank))))
        # The intervals taken so far, disjoint and sorted: a new fact overlaps one only if it overlaps the
        # neighbours of its insertion point.
        starts: list[int] = []
        ends: list[int] = []
        for pair in contained:
            start, end = pair[1]
            at = bisect_right(starts, start)
            if (at == 0 or ends[at - 1] <= start) and (at == len(starts) or end <= starts[at]):
                starts.insert(at, start)
                ends.insert(at, end)
                kept.append(pair)
        kept.sort(key=lambda pair: pair[1])
        doc.spans[SPANS_KEY] = [span for span, _ in kept]
        if self.extractor is not None:
            doc._.extractor = self.extractor
        return doc


@Language.factory(
    "govextract_resolve",
    default_config={"priority": DEFAULT_PRIORITY, "containers": ["TARGET", "TITLE"]},
)
def make_resolver(nlp: Language, name: str, priority: list[str], containers: list[str]) -> OverlapResolver:
    return OverlapResolver(name, priority, containers)
