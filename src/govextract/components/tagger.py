"""The torch side of ``govextract_transformer``: a Hugging Face token classifier loaded from a local directory,
an optional casing embedding, documents cut into overlapping windows of word pieces, batched forward passes.

This module imports torch and transformers (the ``transformer`` extra); spaCy imports every component module
whenever it builds a pipeline, so ``components/transformer.py`` imports this one only when a pipeline holds the
transformer, and the default pipeline needs no torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForTokenClassification, AutoTokenizer, PreTrainedModel, PreTrainedTokenizerBase

CASING_FILE = "casing.safetensors"
"""Beside the model's own files when it was trained with the casing feature."""

NO_LETTER, LOWER, CAPITALISED, UPPER = range(4)


def shape(piece: str) -> int:
    """The casing class of a word piece as written: the uncased model's tokenizer lower-cases the text, and
    capitals are the main clue to a name ("Tsoy noted") and to a title ("Minister of Healthcare")."""
    if not any(char.isalpha() for char in piece):
        return NO_LETTER
    if piece[0].islower():
        return LOWER
    return UPPER if len(piece) > 1 and piece.isupper() else CAPITALISED


@dataclass(frozen=True, slots=True)
class Window:
    """Up to ``window`` word pieces of one document, special tokens included (their offsets are (0, 0))."""

    doc: int  # the document's place in the batch
    ids: list[int]
    starts: np.ndarray  # character offsets of each piece into the document's text
    ends: np.ndarray
    shapes: list[int]


def device_of(name: str) -> torch.device:
    """``auto``: CUDA when present, else the CPU."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


class Tagger:
    """A fast tokenizer, a token-classification model and, when trained with it, a casing embedding added to the
    model's input embeddings (zero at the start of training, so the pretrained model is unchanged until it learns)."""

    def __init__(
        self,
        tokenizer: PreTrainedTokenizerBase,
        model: PreTrainedModel,
        casing: torch.nn.Embedding | None,
        device: torch.device,
    ) -> None:
        if not tokenizer.is_fast:
            raise ValueError("the transformer component needs a fast tokenizer (tokenizer.json): it aligns by offsets")
        self.tokenizer = tokenizer
        self.model = model.to(device)
        self.casing = None if casing is None else casing.to(device)
        self.device = device
        self.labels: list[str] = [model.config.id2label[i] for i in range(model.config.num_labels)]

    @classmethod
    def load(cls, path: str | Path, device: str = "auto") -> Tagger:
        """A trained tagger from a local directory (never the model hub)."""
        path = Path(path)
        if not (path / "config.json").is_file():
            raise FileNotFoundError(f"{path}: no Hugging Face model here (config.json missing)")
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        model = AutoModelForTokenClassification.from_pretrained(path, local_files_only=True)
        casing = None
        if (path / CASING_FILE).is_file():
            weight = load_file(path / CASING_FILE)["weight"]
            casing = torch.nn.Embedding.from_pretrained(weight, freeze=False)
        model.eval()
        return cls(tokenizer, model, casing, device_of(device))

    @classmethod
    def from_base(
        cls, path: str | Path, labels: list[str], casing: bool, layers: int | None = None, device: str = "auto"
    ) -> Tagger:
        """A pretrained encoder from a local directory with a new classification head for ``labels``; ``layers``:
        keep only that many of its lower layers (None: all)."""
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        depth = {} if layers is None else {"num_hidden_layers": layers}
        model = AutoModelForTokenClassification.from_pretrained(
            path,
            local_files_only=True,
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)},
            **depth,
        )
        embedding = None
        if casing:
            embedding = torch.nn.Embedding(UPPER + 1, model.config.hidden_size)
            torch.nn.init.zeros_(embedding.weight)
        return cls(tokenizer, model, embedding, device_of(device))

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(path)
        self.tokenizer.save_pretrained(path)
        if self.casing is not None:
            save_file({"weight": self.casing.weight.detach().cpu().contiguous()}, path / CASING_FILE)

    def parameters(self) -> tuple[list[torch.nn.Parameter], list[torch.nn.Parameter]]:
        """The trainable parameters: the pretrained encoder's, and the new ones (classification head, casing)."""
        encoder = self.model.base_model_prefix + "."
        pretrained, new = [], [] if self.casing is None else list(self.casing.parameters())
        for name, parameter in self.model.named_parameters():
            if parameter.requires_grad:
                (pretrained if name.startswith(encoder) else new).append(parameter)
        return pretrained, new

    def train(self, on: bool = True) -> None:
        self.model.train(on)

    def windows(self, texts: list[str], window: int, stride: int) -> list[Window]:
        """Each text cut into windows of at most ``window`` pieces, consecutive windows sharing ``stride``."""
        encoded = self.tokenizer(
            texts,
            max_length=window,
            stride=stride,
            truncation=True,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
        )
        found = []
        for ids, offsets, doc in zip(
            encoded["input_ids"], encoded["offset_mapping"], encoded["overflow_to_sample_mapping"], strict=True
        ):
            text = texts[doc]
            spans = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
            shapes = [shape(text[start:end]) for start, end in offsets]
            found.append(Window(doc, ids, spans[:, 0], spans[:, 1], shapes))
        return found

    def logits(self, windows: list[Window]) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits (windows x longest x labels) of windows padded to the longest, and the padding mask."""
        longest = max(len(w.ids) for w in windows)
        pad = self.tokenizer.pad_token_id or 0
        ids = torch.full((len(windows), longest), pad, dtype=torch.long)
        shapes = torch.zeros((len(windows), longest), dtype=torch.long)
        mask = torch.zeros((len(windows), longest), dtype=torch.long)
        for row, w in enumerate(windows):
            ids[row, : len(w.ids)] = torch.tensor(w.ids)
            shapes[row, : len(w.ids)] = torch.tensor(w.shapes)
            mask[row, : len(w.ids)] = 1
        ids, shapes, mask = ids.to(self.device), shapes.to(self.device), mask.to(self.device)
        if self.casing is None:
            return self.model(input_ids=ids, attention_mask=mask).logits, mask
        embedded = self.model.get_input_embeddings()(ids) + self.casing(shapes)
        return self.model(inputs_embeds=embedded, attention_mask=mask).logits, mask

    def probabilities(self, windows: list[Window], batch_size: int) -> list[np.ndarray]:
        """Label probabilities per piece of each window; windows of similar length share a batch (less padding)."""
        out: list[np.ndarray] = [np.empty(0)] * len(windows)
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        with torch.inference_mode():
            for at in range(0, len(order), batch_size):
                chunk = order[at : at + batch_size]
                logits, _ = self.logits([windows[i] for i in chunk])
                probs = torch.softmax(logits.float(), dim=-1).cpu().numpy()
                for row, i in enumerate(chunk):
                    out[i] = probs[row, : len(windows[i].ids)]
        return out
