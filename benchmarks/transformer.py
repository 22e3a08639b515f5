"""Throughput of the MiniLM-backed pipeline (transformer, combined mode) beside the default rule pipeline.

    python benchmarks/transformer.py --model models/minilm     # a pipeline saved by govextract train
    python benchmarks/transformer.py                           # MiniLM with an untrained head: the same work

The text is benchmarks/throughput.py's (distinct variants of the corpus documents), smaller by default: the model
reads ~1,500 words a second. Each round runs in its own process, where the two pipelines take turns every 16
documents on wall-clock time (torch uses both cores), so a drift of the machine's speed hits both alike. Torch
hooks on the model time its forward passes: the rest (tokenising into word pieces, windows, alignment, the rules,
the records) is the share outside the model. The median round is reported.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from throughput import benchmark_parser, measuring, write_texts

PAIR_CHUNK = 16


def _pipeline(model: str | None) -> Any:
    """The saved pipeline in combined mode, or the default pipeline with MiniLM and a new head."""
    import govextract

    if model is not None:
        return govextract.load(model=model, config={"components.govextract_transformer.mode": "combined"})
    from govextract.components.tagger import Tagger
    from govextract.components.transformer import BIO, minilm_dir
    from govextract.train import Settings

    settings = Settings()
    nlp = govextract.load()
    component = nlp.add_pipe("govextract_transformer", first=True, config={"mode": "combined"})
    component.tagger = Tagger.from_base(minilm_dir(), list(BIO), settings.casing, settings.layers)
    component.tagger.model.eval()
    return nlp


def _run(nlp: Any, texts: list[str]) -> float:
    """Wall seconds of ``extract_many`` over ``texts``, records included."""
    import govextract

    start = time.perf_counter()
    records = sum(1 for _ in govextract.extract_many(texts, batch_size=64, nlp=nlp))
    assert records == len(texts)
    return time.perf_counter() - start


def run_round(data: Path, model: str | None) -> dict[str, float]:
    import torch

    import govextract

    texts, warmup = json.loads(data.read_text(encoding="utf-8"))
    rules, nlp = govextract.load(), _pipeline(model)
    forward = {"seconds": 0.0, "started": 0.0}

    def before(*_: Any) -> None:
        forward["started"] = time.perf_counter()

    def after(*_: Any) -> None:
        forward["seconds"] += time.perf_counter() - forward["started"]

    tagged = nlp.get_pipe("govextract_transformer").tagger.model
    tagged.register_forward_pre_hook(before)
    tagged.register_forward_hook(after)
    _run(rules, warmup)
    _run(nlp, warmup)
    forward["seconds"] = 0.0
    timings = {"rules": 0.0, "transformer": 0.0}
    for at in range(0, len(texts), PAIR_CHUNK):
        chunk = texts[at : at + PAIR_CHUNK]
        timings["rules"] += _run(rules, chunk)
        timings["transformer"] += _run(nlp, chunk)
    return {**timings, "forward": forward["seconds"], "threads": torch.get_num_threads()}


def main() -> None:
    parser = benchmark_parser(__doc__, 150_000, "transformer.json")
    parser.add_argument("--model", help="a pipeline saved by govextract train (default: MiniLM, untrained head)")
    args = parser.parse_args()
    if measuring(args, lambda args: run_round(args.data, args.model)):
        return

    data = args.out.with_name("transformer-texts.json")
    texts = write_texts(data, args.bytes, args.bytes // 10)
    words = sum(len(t.split()) for t in texts)
    rounds = []
    for _ in range(args.rounds):
        cmd = [sys.executable, __file__, "--phase", "round", "--data", str(data)]
        cmd += ["--model", args.model] if args.model else []
        rounds.append(json.loads(subprocess.run(cmd, capture_output=True, check=True, text=True).stdout))
    median = {key: statistics.median(r[key] for r in rounds) for key in ("rules", "transformer")}
    outside = sorted(1 - r["forward"] / r["transformer"] for r in rounds)
    report = {
        "documents": len(texts),
        "words": words,
        "rounds": args.rounds,
        "model": args.model or "MiniLM, untrained head",
        "torch_threads": rounds[0]["threads"],
        "words_per_s_median": {name: words / seconds for name, seconds in median.items()},
        "share_outside_forward": {"median": statistics.median(outside), "min": outside[0], "max": outside[-1]},
        "rounds_seconds": rounds,
    }
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    rate, share = report["words_per_s_median"], report["share_outside_forward"]
    print(f"{len(texts)} documents, {words:,} words; {args.rounds} rounds; wall clock, {rounds[0]['threads']} threads")
    print(f"default pipeline      {rate['rules']:>10,.0f} words/s (median)")
    print(f"with the transformer  {rate['transformer']:>10,.0f} words/s (median; target >= 1,500)")
    spread = f"rounds {share['min']:.1%}..{share['max']:.1%}"
    print(f"outside the forward   {share['median']:>10.1%}  ({spread}; target <= 20%)")


if __name__ == "__main__":
    main()
