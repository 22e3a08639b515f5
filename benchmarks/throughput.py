"""Throughput and peak memory of the govextract pipeline beside spaCy's bare English tokenizer.

    python benchmarks/throughput.py            # ~1 MB of text, 3 rounds, prints a table and writes JSON

The text is ~1 MB of *distinct* variants of the corpus documents: every digit, month and year is redrawn per
variant, so caches (dateparser's, the regex engine's) cannot flatter the result. Each measurement runs in its own
process, alternating, best of N rounds: these machines are noisy, so compare ratios from the same run.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONTHS = list(calendar.month_name)[1:]
NAMES = ["Aleksey Tsoy", "Azhar Giniyat", "Alikhan Smailov", "Askar Mamin", "Birzhan Nurymbetov", "Murat Aitenov"]


def make_texts(target_bytes: int, seed: int = 7) -> list[str]:
    from govextract.corpus.markup import load_corpus

    rng = random.Random(seed)
    base = [d.text for d in load_corpus(ROOT / "corpus" / "docs")]
    texts: list[str] = []
    size = 0
    while size < target_bytes:
        text = rng.choice(base)
        text = re.sub(r"\b(19|20)\d\d\b", lambda _: str(rng.randint(2015, 2030)), text)
        text = re.sub(r"(?<![\d.,])\d(?=\d*[.,]?\d*\b)", lambda m: str(rng.randint(1, 9)), text)
        text = re.sub("|".join(MONTHS), lambda _: rng.choice(MONTHS), text)
        text = re.sub("|".join(NAMES), lambda _: rng.choice(NAMES), text)
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def run_phase(phase: str, data: Path) -> dict[str, float]:
    """One measurement in this process; prints nothing, returns seconds, words and peak RSS."""
    import spacy

    texts = json.loads(data.read_text(encoding="utf-8"))
    words = sum(len(t.split()) for t in texts)
    timings: dict[str, float] = {}
    if phase == "tokenizer":
        nlp = spacy.blank("en")
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        timings["total"] = time.perf_counter() - start
    elif phase == "pipeline":
        import govextract

        nlp = govextract.load()
        start = time.perf_counter()
        records = sum(1 for _ in govextract.extract_many(texts, batch_size=64, nlp=nlp))
        timings["total"] = time.perf_counter() - start
        assert records == len(texts)
    else:  # "components": the same work step by step, each step on its own clock
        import govextract

        nlp = govextract.load()
        steps = [("tokenizer", nlp.make_doc), *nlp.pipeline, ("records", govextract.to_record)]
        timings = dict.fromkeys((name for name, _ in steps), 0.0)
        for text in texts:
            value = text
            for name, step in steps:
                t = time.perf_counter()
                value = step(value)
                timings[name] += time.perf_counter() - t
        timings["total"] = sum(timings.values())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"words": words, "peak_rss_mib": peak_kib / 1024, **timings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bytes", type=int, default=1_000_000, help="size of the generated text")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "throughput.json")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.data)))
        return

    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = args.out.with_name("texts.json")
    texts = make_texts(args.bytes)
    data.write_text(json.dumps(texts), encoding="utf-8")
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.rounds):
        for phase in ("tokenizer", "pipeline", "components"):
            cmd = [sys.executable, __file__, "--phase", phase, "--data", str(data)]
            result = json.loads(subprocess.run(cmd, capture_output=True, check=True, text=True).stdout)
            if phase not in best or result["total"] < best[phase]["total"]:
                best[phase] = result
    words = best["tokenizer"]["words"]
    rate = {phase: words / r["total"] for phase, r in best.items()}
    parts = {k: v for k, v in best["components"].items() if k not in ("words", "peak_rss_mib", "total")}
    report = {
        "documents": len(texts),
        "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "words": words,
        "words_per_s": {"tokenizer": rate["tokenizer"], "pipeline": rate["pipeline"]},
        "pipeline_vs_tokenizer": rate["pipeline"] / rate["tokenizer"],
        "peak_rss_mib": {p: best[p]["peak_rss_mib"] for p in ("tokenizer", "pipeline")},
        "component_share": {k: v / best["components"]["total"] for k, v in parts.items()},
        "component_ms_per_doc": {k: 1000 * v / len(texts) for k, v in parts.items()},
    }
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"{report['documents']} documents, {report['bytes']:,} bytes, {words:,} words; best of {args.rounds}")
    print(f"bare tokenizer   {rate['tokenizer']:>10,.0f} words/s  peak {best['tokenizer']['peak_rss_mib']:.0f} MiB")
    print(f"govextract       {rate['pipeline']:>10,.0f} words/s  peak {best['pipeline']['peak_rss_mib']:.0f} MiB")
    print(f"ratio            {report['pipeline_vs_tokenizer']:>10.1%}  (target >= 25%)")
    for name, share in report["component_share"].items():
        print(f"  {name:<20} {share:>6.1%}  {report['component_ms_per_doc'][name]:.3f} ms/doc")


if __name__ == "__main__":
    main()
