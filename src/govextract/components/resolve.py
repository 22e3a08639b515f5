"""``govextract_resolve``: the one place where overlapping facts are resolved.

Rule: facts of one *layer* (by default: money, percent and dates; regions and places; officials and titles;
targets) may not overlap. Of two that do, the longer one (in characters, by the record's exact offsets) wins; on
a tie, the label earlier in ``priority``. Facts of different layers may overlap and nest: a percentage inside a
target is both, and so is the region inside "Akim of Zhambyl region" or "the governor of Turkestan region".
The component runs last and also stamps ``Doc._.extractor``.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from govextract.components.spans import LAYERS, extent, register_extensions, set_facts, stored_facts
from govextract.records import Extractor

DEFAULT_PRIORITY = ["MONEY", "PERCENT", "TARGET", "OFFICIAL", "TITLE", "REGION", "PLACE", "DATE"]
DEFAULT_LAYERS = [list(labels) for labels in LAYERS.values()]


class OverlapResolver:
    def __init__(self, name: str, priority: list[str], layers: list[list[str]]) -> None:
        self.name = name
        self.rank = {label: i for i, label in enumerate(priority)}
        self.layer = {label: i for i, labels in enumerate(layers) for label in labels}
        # Set by govextract.load() once the whole pipeline (config, patterns, model) is known.
        self.extractor: Extractor | None = None
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        unranked = len(self.rank)
        facts = []
        for i, (fact, label, value) in enumerate(stored_facts(doc)):
            start, end = extent(value)
            # Longest first, then by priority, then in the group's order.
            facts.append(
                (start - end, self.rank.get(label, unranked), i, start, end, self.layer.get(label, label), fact)
            )
        facts.sort()
        # Per layer, the intervals taken so far, disjoint and sorted: a new fact overlaps one only if it overlaps
        # the neighbours of its insertion point. A label of no layer is a layer of its own.
        taken: dict[object, tuple[list[int], list[int]]] = {}
        kept = []
        for _, rank, i, start, end, layer, fact in facts:
            starts, ends = taken.setdefault(layer, ([], []))
            at = bisect_right(starts, start)
            if (at == 0 or ends[at - 1] <= start) and (at == len(starts) or end <= starts[at]):
                starts.insert(at, start)
                ends.insert(at, end)
                kept.append((start, end, rank, i, fact))
        # In text order; facts with one extent (of different layers) in the order they were taken.
        kept.sort()
        set_facts(doc, [k[-1] for k in kept])
        if self.extractor is not None:
            doc._.extractor = self.extractor
        return doc


@Language.factory(
    "govextract_resolve",
    default_config={"priority": DEFAULT_PRIORITY, "layers": DEFAULT_LAYERS},
)
def make_resolver(nlp: Language, name: str, priority: list[str], layers: list[list[str]]) -> OverlapResolver:
    return OverlapResolver(name, priority, layers)
