"""Precision, recall and F1 per record type, for exact spans and for exact values.

A predicted fact matches a gold fact on *span* when label, start and end agree; on *value* when, in addition,
the normalised value agrees (money: amount and currency; percent: number and points; date: first day, last day
and granularity). Qualifiers and range ends are not part of the value score.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from govextract.pipeline import FIELD_OF_LABEL
from govextract.records import PressRelease


@dataclass(frozen=True, slots=True)
class Fact:
    doc_id: str
    label: str
    start: int
    end: int
    value: tuple[str, ...]


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
    return ()


def predicted_facts(release: PressRelease) -> list[Fact]:
    return [
        Fact(release.doc_id, label, r.start, r.end, value_key(label, r))
        for label, field in FIELD_OF_LABEL.items()
        for r in getattr(release, field)
    ]


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
        report["labels"][label] = scores
        gc, pc = Counter(g), Counter(p)
        for kind, wrong in (("missed", gc - pc), ("spurious", pc - gc)):
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


def _run_and_score(inputs: list[Any], gold: list[Fact], texts: Mapping[str, str], nlp: Any) -> dict[str, Any]:
    from govextract.runner import extract_many

    predicted = [f for r in extract_many(inputs, on_error="raise", nlp=nlp) for f in predicted_facts(r)]  # type: ignore[arg-type]
    return score(gold, predicted, texts)


def evaluate_corpus(corpus: str | Path, split: str = "test", nlp: Any = None) -> dict[str, Any]:
    """Run the pipeline over one split of an annotated corpus (``all`` for every split) and score it."""
    from govextract.corpus.markup import load_corpus, read_manifest, split_of
    from govextract.runner import InputDoc

    corpus = Path(corpus)
    splits = split_of(read_manifest(corpus))
    docs = [d for d in load_corpus(corpus / "docs") if split in (splits.get(d.id), "all")]
    inputs = [InputDoc(text=d.text, doc_id=d.id, published=d.published, title=d.title) for d in docs]
    gold = [
        Fact(d.id, s.label, s.start, s.end, value_key(s.label, s))
        for d in docs
        for s in d.spans
        if s.label in FIELD_OF_LABEL
    ]
    report = _run_and_score(inputs, gold, {d.id: d.text for d in docs}, nlp)
    return {"corpus": str(corpus), "split": split, "documents": len(docs), **report}


def evaluate_gold_file(gold_path: str | Path, texts_dir: str | Path, nlp: Any = None) -> dict[str, Any]:
    """Score texts kept outside the repo (the seeds) against a gold file of values and offsets only."""
    from govextract.runner import InputDoc

    gold_file = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    published = gold_file.get("published_assumed")
    texts = {name: (Path(texts_dir) / name).read_text(encoding="utf-8") for name in gold_file["documents"]}
    inputs = [InputDoc(text=text, doc_id=name, published=published) for name, text in texts.items()]
    gold = [
        Fact(name, fact["label"], fact["start"], fact["end"], value_key(fact["label"], fact))
        for name, entry in gold_file["documents"].items()
        for fact in entry["facts"]
        if fact["label"] in FIELD_OF_LABEL
    ]
    report = _run_and_score(inputs, gold, texts, nlp)
    return {"corpus": str(gold_path), "split": "gold", "documents": len(texts), **report}


def format_report(report: Mapping[str, Any]) -> str:
    lines = [
        f"{report['corpus']} split={report['split']} documents={report['documents']}",
        f"{'label':<8} {'level':<6} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for label, levels in report["labels"].items():
        for level, s in levels.items():
            gold, pred = s["tp"] + s["fn"], s["tp"] + s["fp"]
            lines.append(
                f"{label:<8} {level:<6} {gold:>5} {pred:>5} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f}"
            )
    if report["mistakes"]:
        lines.append(f"{len(report['mistakes'])} mistakes (value level); --json lists them")
    return "\n".join(lines)
