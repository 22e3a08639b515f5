"""``govextract train``: fine-tune the transformer component on the corpus and save the whole pipeline with it.

The model learns BIO labels for OFFICIAL, TITLE and TARGET from the gold spans of the train split. A document is
annotated for whole layers (docs/annotation.md), so where a layer is not annotated the model is not told "O": a
token outside every gold span may take "O" or any label of an unannotated layer, and the loss is the negative log
of the probability of the labels allowed (a partial-label loss; for a token inside a gold span that is its one
label). Training stops when the model's own span F1 on the dev split has not risen for ``patience`` epochs and the
best epoch's weights are kept. Then the pipeline (rules and model) is saved with ``nlp.to_disk`` and scored with
evaluate.py on dev and test in each mode, into ``metrics.json`` beside it.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.language import Language
from tqdm import tqdm

from govextract.components.spans import MODEL_SPANS, MODES, remember_text
from govextract.components.transformer import BIO, LABELS, TransformerTagger, first_pieces, token_bounds
from govextract.corpus.markup import LAYER_OF_LABEL, AnnotatedDocument, load_corpus, read_manifest, split_of
from govextract.evaluate import evaluate_corpus
from govextract.pipeline import load

if TYPE_CHECKING:  # torch is imported when training starts: the CLI reads the settings without it
    import torch

    from govextract.components.tagger import Window

TRANSFORMER = "govextract_transformer"


@dataclass(frozen=True)
class Settings:
    seed: int = 0
    epochs: int = 8  # at most; early stopping may end sooner
    patience: int = 2
    learning_rate: float = 2e-4  # of the pretrained encoder; the new head and casing learn 10 times faster
    batch_size: int = 4  # windows per step
    window: int = 256
    stride: int = 16  # of the training windows: each piece is learned once; inference windows overlap more
    casing: bool = False  # on dev, the casing embedding did not help (docs/transformer.md)
    layers: int | None = 4  # keep only that many of the base model's lower layers (None: all): a third less work


def learned_labels(doc: AnnotatedDocument) -> set[str]:
    """The model's labels the document is annotated for."""
    return {label for label in LABELS if LAYER_OF_LABEL[label] in doc.layers}


def allowed_labels(nlp: Language, doc: AnnotatedDocument, labels: list[str]) -> np.ndarray:
    """Per spaCy token of the document, the labels it may take (tokens x labels)."""
    made = nlp.make_doc(doc.text)
    learned = learned_labels(doc)
    allowed = np.zeros((len(made), len(labels)), dtype=bool)
    for i, tag in enumerate(labels):
        # "O" outside the gold spans, and any label of a layer nobody annotated in this document
        allowed[:, i] = tag == "O" or tag.partition("-")[2] not in learned
    for span in doc.spans:
        if span.label not in learned:
            continue
        tokens = made.char_span(span.start, span.end, alignment_mode="expand")
        allowed[tokens.start : tokens.end] = False
        allowed[tokens.start, labels.index(f"B-{span.label}")] = True
        allowed[tokens.start + 1 : tokens.end, labels.index(f"I-{span.label}")] = True
    return allowed


def piece_targets(nlp: Language, doc: AnnotatedDocument, windows: list[Window], labels: list[str]) -> list[np.ndarray]:
    """The allowed labels of each window's pieces: a token's on its first piece, none (not scored) elsewhere."""
    allowed = allowed_labels(nlp, doc, labels)
    starts, ends = token_bounds(nlp.make_doc(doc.text))
    targets = []
    for window in windows:
        target = np.zeros((len(window.ids), len(labels)), dtype=bool)
        content = np.flatnonzero(window.ends > window.starts)
        first = first_pieces(starts, ends, window.starts[content], window.ends[content])
        tokens = np.flatnonzero(first >= 0)
        # two tokens on one piece ("cannot" is "can" "not" to spaCy): the first token's label
        pieces, at = np.unique(first[tokens], return_index=True)
        target[content[pieces]] = allowed[tokens[at]]
        targets.append(target)
    return targets


def partial_label_loss(logits: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """Mean over scored pieces of -log P(the label is one of the allowed)."""
    import torch

    scored = allowed.any(dim=-1)
    total = torch.logsumexp(logits, dim=-1)
    good = torch.logsumexp(logits.masked_fill(~allowed, float("-inf")), dim=-1)
    return (total - good)[scored].mean()


def span_f1(nlp: Language, component: TransformerTagger, docs: list[AnnotatedDocument]) -> float:
    """The model's own span F1 (label and token-aligned extent) over the labels each document is annotated for."""
    made = []
    for doc in docs:
        spacy_doc = nlp.make_doc(doc.text)
        remember_text(spacy_doc, doc.text)
        made.append(spacy_doc)
    component.tag(made)
    gold, found = set(), set()
    for doc, spacy_doc in zip(docs, made, strict=True):
        learned = learned_labels(doc)
        for span in doc.spans:
            if span.label in learned:
                tokens = spacy_doc.char_span(span.start, span.end, alignment_mode="expand")
                gold.add((doc.id, span.label, tokens.start, tokens.end))
        found |= {(doc.id, s.label_, s.start, s.end) for s in spacy_doc.spans[MODEL_SPANS] if s.label_ in learned}
    right = len(gold & found)
    return 2 * right / (len(gold) + len(found)) if gold or found else 1.0


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The officials' and targets' scores of an evaluate.py report."""
    labels = report["labels"]
    official, target = labels.get("OFFICIAL", {}), labels.get("TARGET", {})
    out: dict[str, Any] = {"documents": report["documents"]}
    if official:
        out["OFFICIAL"] = {
            "gold_mentions": official["span"]["tp"] + official["span"]["fn"],
            "span_f1": official["span"]["f1"],
            "value_f1": official["value"]["f1"],
            "distinct_f1": official["distinct"]["f1"],
            "title": official["title"],
        }
    if target:
        value = target["value"]
        out["TARGET"] = {
            "gold": value["tp"] + value["fn"],
            **{k: value[k] for k in ("precision", "recall", "f1")},
            "unit": target["unit"],
        }
    return out


def score_modes(nlp: Language, corpus: Path, splits: Iterable[str]) -> dict[str, dict[str, Any]]:
    """evaluate.py's officials and targets scores of the pipeline in each mode, per split."""
    component: TransformerTagger = nlp.get_pipe(TRANSFORMER)
    saved = component.mode
    scores: dict[str, dict[str, Any]] = {}
    try:
        for split in splits:
            scores[split] = {}
            for mode in MODES:
                component.mode = mode
                scores[split][mode] = summary(evaluate_corpus(corpus, split=split, nlp=nlp))
    finally:
        component.mode = saved
    return scores


def train(
    base_model: str | Path,
    corpus: str | Path,
    output: str | Path | None,
    settings: Settings | None = None,
    final_splits: Iterable[str] = ("dev", "test"),
    progress: bool = True,
) -> dict[str, Any]:
    """Fine-tune ``base_model`` (a local Hugging Face directory) on the corpus's train split, early stopping on dev;
    save the pipeline to ``output`` (unless None) with ``metrics.json``; return the metrics."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    from govextract.components.tagger import Tagger

    settings = settings or Settings()
    began = time.perf_counter()
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    torch.manual_seed(settings.seed)
    corpus = Path(corpus)
    splits = split_of(read_manifest(corpus))
    docs = [d for d in load_corpus(corpus / "docs") if learned_labels(d)]
    train_docs = [d for d in docs if splits.get(d.id) == "train"]
    dev_docs = [d for d in docs if splits.get(d.id) == "dev"]

    nlp = load()
    component: TransformerTagger = nlp.add_pipe(TRANSFORMER, first=True, config={"window": settings.window})
    tagger = component.tagger = Tagger.from_base(base_model, list(BIO), settings.casing, settings.layers)
    # The word embeddings stay as pretrained: a third of the model's weights, whose dense gradient and update cost
    # a third of a step, learned from ~30 thousand words of text that hold most of their vocabulary only once.
    tagger.model.get_input_embeddings().weight.requires_grad_(False)
    examples: list[tuple[Window, np.ndarray]] = []
    for doc in train_docs:
        windows = tagger.windows([doc.text], settings.window, settings.stride)
        examples += zip(windows, piece_targets(nlp, doc, windows, tagger.labels), strict=True)

    steps = settings.epochs * -(-len(examples) // settings.batch_size)
    pretrained, new = tagger.parameters()
    optimizer = torch.optim.AdamW(
        [{"params": pretrained}, {"params": new, "lr": 10 * settings.learning_rate}],
        lr=settings.learning_rate,
        weight_decay=0.01,
    )
    schedule = get_linear_schedule_with_warmup(optimizer, steps // 10, steps)
    order = random.Random(settings.seed)
    best: tuple[float, int, dict[str, Any]] = (-1.0, 0, {})
    history = []
    bar = tqdm(total=steps, unit="step", desc="train", file=sys.stderr, disable=not progress)
    for epoch in range(1, settings.epochs + 1):
        tagger.train()
        order.shuffle(examples)
        losses = []
        for at in range(0, len(examples), settings.batch_size):
            batch = examples[at : at + settings.batch_size]
            logits, _ = tagger.logits([window for window, _ in batch])
            allowed = torch.zeros(logits.shape, dtype=torch.bool, device=logits.device)
            for row, (_, target) in enumerate(batch):
                allowed[row, : len(target)] = torch.from_numpy(target)
            loss = partial_label_loss(logits, allowed)
            loss.backward()
            torch.nn.utils.clip_grad_norm_([*pretrained, *new], 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            bar.update()
        tagger.train(False)
        dev_f1 = span_f1(nlp, component, dev_docs)
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), "dev_span_f1": dev_f1})
        bar.set_postfix(epoch=epoch, loss=f"{np.mean(losses):.3f}", dev_f1=f"{dev_f1:.3f}")
        if dev_f1 > best[0]:
            state = {"model": copy.deepcopy(tagger.model.state_dict())}
            if tagger.casing is not None:
                state["casing"] = copy.deepcopy(tagger.casing.state_dict())
            best = (dev_f1, epoch, state)
        elif epoch - best[1] >= settings.patience:
            break
    bar.close()
    tagger.model.load_state_dict(best[2]["model"])
    if tagger.casing is not None:
        tagger.casing.load_state_dict(best[2]["casing"])
    trained = time.perf_counter() - began

    metrics: dict[str, Any] = {
        "base_model": str(base_model),
        "settings": vars(settings),
        "documents": {"train": len(train_docs), "dev": len(dev_docs)},
        "train_windows": len(examples),
        "best_epoch": best[1],
        "history": history,
        "train_seconds": round(trained, 1),
        "torch_threads": torch.get_num_threads(),
    }
    if output is not None:
        nlp.to_disk(output)
    metrics["scores"] = score_modes(nlp, corpus, final_splits)
    if output is not None:
        (Path(output) / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return metrics
