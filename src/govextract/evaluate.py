"""Precision, recall and F1 per record type, for exact spans and for exact values.

A predicted fact matches a gold fact on *span* when label, start and end agree; on *value* when, in addition,
the normalised value agrees (money: amount and currency; percent: number and points; date: first day, last day
and granularity; region: ISO code; place: name and region). Qualifiers and range ends are not part of the value
score. Regions and places are also scored per *distinct* thing per document (each mention is a fact at the
other levels). A target matches on *value* when its value and deadline year agree and its span overlaps the
gold one (where the phrase of what is counted ends is a matter of taste); its *unit* is right when it holds the
gold head noun. A label is scored only on documents annotated for its layer (docs/annotation.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from govextract.components.spans import LAYERS
from govextract.pipeline import FIELD_OF_LABEL
from govextract.records import PressRelease


@dataclass(frozen=True, slots=True)
class Fact:
    doc_id: str
    label: str
    start: int
    end: int
    value: tuple[str, ...]
    detail: str | None = field(default=None, compare=False)
    """Not part of the match: a target's predicted unit, or its gold head noun."""


def _num(value: object) -> str:
    return "null" if value is None else format(Decimal(str(value)).normalize(), "f")


def value_key(label: str, fact: Mapping[str, Any] | Any) -> tuple[str, ...]:
    """The comparable value of a record, a gold span or a gold-file entry (all share the field names)."""

    def get(name: str) -> Any:
        return fact.get(name) if isinstance(fact, Mapping) else getattr(fact, name, None)

    if label == "MONEY":
        return (_num(get("value")), str(get("currency")))
    if label == "PERCENT":
        return (_num(get("value")), str(bool(get("is_points"))))
    if label == "DATE":
        granularity = get("granularity")
        return (str(get("value")), str(get("value_end")), str(getattr(granularity, "value", granularity)))
    if label == "REGION":
        return (str(get("iso_code")),)
    if label == "PLACE":
        return (str(get("name")), str(get("iso_code") or get("region_iso")))
    if label == "OFFICIAL":
        return (str(get("name")), str(get("title")))
    if label == "TARGET":
        return (_num(get("value")), str(get("year")))
    return ()


# Labels scored per distinct thing per document too (one record per thing, however often it is mentioned), with
# how many leading parts of the value name the thing: a person is their fullest name; their title is scored apart.
DISTINCT_LABELS = {"REGION": 1, "PLACE": 2, "OFFICIAL": 1}
# Labels whose value level pairs facts by overlapping spans rather than equal ones.
OVERLAP_LABELS = {"TARGET"}


def gold_titles(spans: Iterable[Mapping[str, Any]], text: str) -> dict[str, str | None]:
    """Each gold person's expected title: the TITLE nearest their first full-name mention; for a person only
    referred to ("the Head of State"), that reference; else None. ``spans``: the gold facts as mappings."""
    people = [s for s in spans if s["label"] in ("OFFICIAL", "TITLE")]
    titles: dict[str, str | None] = {}
    for person in {s["name"] for s in people if s["label"] == "OFFICIAL"}:
        mentions = [s for s in people if s["label"] == "OFFICIAL" and s["name"] == person]
        surfaces = [text[s["start"] : s["end"]] for s in mentions]
        named = person in surfaces
        first = mentions[surfaces.index(person)] if named else mentions[0]
        candidates = [s for s in people if s["label"] == "TITLE" and s["name"] == person]
        nearest = min(candidates, key=lambda t: abs(t["start"] - first["start"]), default=None)
        if nearest is not None:
            titles[person] = text[nearest["start"] : nearest["end"]]
        else:
            titles[person] = None if named else text[first["start"] : first["end"]]
    return titles


def _gold_facts(doc_id: str, facts: list[Mapping[str, Any]], text: str, labels: Iterable[str]) -> list[Fact]:
    titles = gold_titles(facts, text)
    return [
        Fact(
            doc_id,
            f["label"],
            f["start"],
            f["end"],
            value_key(f["label"], {**f, "title": titles.get(f.get("name"))}),
            f.get("head"),
        )
        for f in facts
        if f["label"] in labels
    ]


def predicted_facts(release: PressRelease, labels: Iterable[str] = FIELD_OF_LABEL) -> list[Fact]:
    facts = []
    for label in labels:
        for record in getattr(release, FIELD_OF_LABEL[label]):
            key = value_key(label, record)
            for mention in getattr(record, "mentions", None) or [record]:
                facts.append(
                    Fact(release.doc_id, label, mention.start, mention.end, key, getattr(record, "unit", None))
                )
    return facts


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def score(gold: Iterable[Fact], predicted: Iterable[Fact], texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """P/R/F1 per label for spans and values, and the mistakes (value level) with their text when known."""
    texts = texts or {}
    gold, predicted = list(gold), list(predicted)
    report: dict[str, Any] = {"labels": {}, "mistakes": []}
    for label in sorted({f.label for f in gold} | {f.label for f in predicted}):
        g = [f for f in gold if f.label == label]
        p = [f for f in predicted if f.label == label]
        scores = {}
        for level, key in (("span", lambda f: (f.doc_id, f.start, f.end)), ("value", lambda f: f)):
            gc, pc = Counter(map(key, g)), Counter(map(key, p))
            tp = sum((gc & pc).values())
            scores[level] = _prf(tp, sum(pc.values()) - tp, sum(gc.values()) - tp)
        if label in DISTINCT_LABELS:
            parts = DISTINCT_LABELS[label]
            gs = {(f.doc_id, f.value[:parts]): f.value for f in g}
            ps = {(f.doc_id, f.value[:parts]): f.value for f in p}
            found = gs.keys() & ps.keys()
            scores["distinct"] = _prf(len(found), len(ps.keys() - found), len(gs.keys() - found))
            if label == "OFFICIAL":
                # "title correct for >= 90% of found officials": the share of found people whose title agrees
                right = sum(gs[key] == ps[key] for key in found)
                scores["title"] = {
                    "found": len(found),
                    "right": right,
                    "accuracy": right / len(found) if found else 1.0,
                }
        if label in OVERLAP_LABELS:
            pairs = _overlapping(g, p)
            scores["value"] = _prf(len(pairs), len(p) - len(pairs), len(g) - len(pairs))
            held = sum(_holds(pred.detail, gold.detail) for gold, pred in pairs)
            scores["unit"] = {"found": len(pairs), "right": held, "accuracy": held / len(pairs) if pairs else 1.0}
            matched_gold, matched_pred = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
            wrongs = (("missed", Counter(g) - matched_gold), ("spurious", Counter(p) - matched_pred))
        else:
            wrongs = (("missed", Counter(g) - Counter(p)), ("spurious", Counter(p) - Counter(g)))
        report["labels"][label] = scores
        for kind, wrong in wrongs:
            report["mistakes"] += [
                {
                    "kind": kind,
                    "doc_id": f.doc_id,
                    "label": f.label,
                    "start": f.start,
                    "end": f.end,
                    "text": texts.get(f.doc_id, "")[f.start : f.end],
                    "value": list(f.value),
                }
                for f in wrong.elements()
            ]
    return report


def _overlapping(gold: list[Fact], predicted: list[Fact]) -> list[tuple[Fact, Fact]]:
    """Gold and predicted facts paired one to one: same document and value, overlapping spans."""
    pairs: list[tuple[Fact, Fact]] = []
    free = list(predicted)
    for g in gold:
        match = next(
            (p for p in free if (p.doc_id, p.value) == (g.doc_id, g.value) and p.start < g.end and g.start < p.end),
            None,
        )
        if match is not None:
            free.remove(match)
            pairs.append((g, match))
    return pairs


def _holds(unit: str | None, head: str | None) -> bool:
    """The predicted unit holds the gold head noun as a word."""
    return bool(unit and head) and head.casefold() in unit.casefold().replace("-", " ").split()  # type: ignore[union-attr]


def labels_of_layers(layers: Iterable[str]) -> list[str]:
    """The labels the pipeline predicts that a document annotated for ``layers`` is scored on."""
    return [label for layer in layers for label in LAYERS[layer] if label in FIELD_OF_LABEL]


def _run_and_score(
    inputs: list[Any],
    gold: list[Fact],
    texts: Mapping[str, str],
    nlp: Any,
    labels_of: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, Any]:
    """``labels_of``: the labels each document is annotated for (default: all)."""
    from govextract.runner import extract_many

    predicted = [
        fact
        for release in extract_many(inputs, on_error="raise", nlp=nlp)
        for fact in predicted_facts(release, (labels_of or {}).get(release.doc_id, FIELD_OF_LABEL))  # type: ignore[union-attr]
    ]
    return score(gold, predicted, texts)


def evaluate_corpus(corpus: str | Path, split: str = "test", nlp: Any = None) -> dict[str, Any]:
    """Run the pipeline over one split of an annotated corpus (``all`` for every split) and score it."""
    from govextract.corpus.markup import load_corpus, read_manifest, split_of
    from govextract.runner import InputDoc

    corpus = Path(corpus)
    splits = split_of(read_manifest(corpus))
    docs = [d for d in load_corpus(corpus / "docs") if split in (splits.get(d.id), "all")]
    inputs = [InputDoc(text=d.text, doc_id=d.id, published=d.published, title=d.title) for d in docs]
    labels_of = {d.id: labels_of_layers(d.layers) for d in docs}
    gold = [fact for d in docs for fact in _gold_facts(d.id, [vars(s) for s in d.spans], d.text, labels_of[d.id])]
    report = _run_and_score(inputs, gold, {d.id: d.text for d in docs}, nlp, labels_of)
    return {"corpus": str(corpus), "split": split, "documents": len(docs), **report}


def evaluate_gold_file(gold_path: str | Path, texts_dir: str | Path, nlp: Any = None) -> dict[str, Any]:
    """Score texts kept outside the repo (the seeds) against a gold file of values and offsets only."""
    from govextract.runner import InputDoc

    gold_file = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    published = gold_file.get("published_assumed")
    labels = labels_of_layers(gold_file.get("layers", ["numbers"]))
    texts = {name: (Path(texts_dir) / name).read_text(encoding="utf-8") for name in gold_file["documents"]}
    inputs = [InputDoc(text=text, doc_id=name, published=published) for name, text in texts.items()]
    gold = [
        fact
        for name, entry in gold_file["documents"].items()
        for fact in _gold_facts(name, entry["facts"], texts[name], labels)
    ]
    report = _run_and_score(inputs, gold, texts, nlp, dict.fromkeys(texts, labels))
    return {"corpus": str(gold_path), "split": "gold", "documents": len(texts), **report}


def format_report(report: Mapping[str, Any]) -> str:
    lines = [
        f"{report['corpus']} split={report['split']} documents={report['documents']}",
        f"{'label':<8} {'level':<6} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for label, levels in report["labels"].items():
        for level, s in levels.items():
            if level == "title":
                lines.append(f"{label:<8} title  {s['right']} of {s['found']} found people right: {s['accuracy']:.3f}")
                continue
            if level == "unit":
                lines.append(
                    f"{label:<8} unit   {s['right']} of {s['found']} found targets hold the head: {s['accuracy']:.3f}"
                )
                continue
            gold, pred = s["tp"] + s["fn"], s["tp"] + s["fp"]
            lines.append(
                f"{label:<8} {level:<6} {gold:>5} {pred:>5} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            )
    if report["mistakes"]:
        lines.append(f"{len(report['mistakes'])} mistakes (value level); --json lists them")
    return "\n".join(lines)
