"""What writing the records costs: docs/s of `extract` into JSONL, SQLite and PostgreSQL beside a null sink that
drops them, with 1 and 2 processes, and memory over a long archive.

    .ci/with-postgres python benchmarks/sinks.py      # ~30 minutes on 2 cores; without the wrapper, no PostgreSQL

The archive is made of distinct variants of the corpus documents (``throughput.make_texts``: digits, months, years
and names redrawn), written to a JSONL file and read back by the reader as `govextract extract` reads it. Each run
is a fresh process writing to a fresh target; the sinks take turns within each round, and the median round is
reported. The sink's cost is ``1 - rate / null rate`` of the same round (the target: at most 25%), and the share
of the run's time spent in ``Sink.write`` (with one process that share *is* the cost: without the sink the run
would take that much less). Runs minutes apart drift with the machine's load, so with one process the sinks are
also measured *paired*: all in one process, taking turns every ``PAIR_CHUNK`` documents.
Memory: one process over a longer archive into SQLite, its RSS read after every batch; growth is the RSS at the
end over the RSS after the first ``--memory-after`` documents (the target: under 10%).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from itertools import cycle, islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import ROOT, make_texts  # a script beside this one, not a package

SINKS = ["null", "jsonl", "sqlite", "postgresql"]
PAIR_CHUNK = 256  # documents per turn in the paired phase: ~1.5 s of work
POSTGRES_URL = "GOVEXTRACT_TEST_POSTGRES_URL"


class NullSink:
    """Takes every batch and keeps nothing: the pipeline and the reader alone."""

    replaces = False

    def stored(self, doc_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        return {}

    def write(self, results: Sequence[Any]) -> list[Any]:
        return []

    def close(self, summary: Any = None) -> None:
        pass


def write_archive(path: Path, count: int, seed: int) -> None:
    texts: list[str] = []
    while len(texts) < count:
        texts += make_texts(2_500 * (count - len(texts)), seed=seed + len(texts))
    with path.open("w", encoding="utf-8") as out:
        for i, text in enumerate(texts[:count]):
            out.write(json.dumps({"id": f"bench-{i:06d}", "text": text}) + "\n")


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def run_phase(sink_name: str, target: str, archive: Path, n_process: int, batch_size: int) -> dict[str, Any]:
    """One run in this process: documents, wall seconds, seconds inside Sink.write, RSS after each batch."""
    import govextract
    from govextract.io.readers import read_inputs, unique_ids
    from govextract.io.sinks import open_sink
    from govextract.pipeline import extractor_of
    from govextract.runner import extract_into

    nlp = govextract.load()
    sink = NullSink() if sink_name == "null" else open_sink(target, extractor=extractor_of(nlp), inputs=[str(archive)])
    inner = sink.write
    spent = 0.0
    rss: list[tuple[int, float]] = []
    done = 0

    def timed_write(results: Sequence[Any]) -> list[Any]:
        nonlocal spent, done
        start = time.perf_counter()
        refused = inner(results)
        spent += time.perf_counter() - start
        done += len(results)
        rss.append((done, rss_mib()))
        return refused

    sink.write = timed_write  # type: ignore[method-assign]
    summary = extract_into(
        sink, unique_ids(read_inputs([str(archive)])), nlp=nlp, n_process=n_process, batch_size=batch_size
    )
    sink.close(summary)
    assert summary.failed == 0, summary
    return {"documents": summary.documents, "seconds": summary.seconds, "write_seconds": spent, "rss": rss}


def run_paired(targets: dict[str, str], archive: Path, batch_size: int) -> dict[str, float]:
    """Every sink in this one process, taking turns every ``PAIR_CHUNK`` documents (a drift of the machine's
    speed hits them alike): docs/s of each, reading the input left out."""
    import govextract
    from govextract.io.readers import read_inputs, unique_ids
    from govextract.io.sinks import Sink, open_sink
    from govextract.pipeline import extractor_of
    from govextract.runner import WARM_DOCS, extract_into

    nlp = govextract.load()
    sinks: dict[str, Sink] = {
        name: NullSink() if name == "null" else open_sink(target, extractor=extractor_of(nlp))
        for name, target in targets.items()
    }
    items = unique_ids(read_inputs([str(archive)]))
    extract_into(sinks["null"], islice(items, WARM_DOCS), nlp=nlp, batch_size=batch_size)  # outside memory zones
    seconds = dict.fromkeys(sinks, 0.0)
    documents = dict.fromkeys(sinks, 0)
    for name in cycle(sinks):
        chunk = list(islice(items, PAIR_CHUNK))
        if not chunk:
            break
        summary = extract_into(sinks[name], chunk, nlp=nlp, batch_size=batch_size)
        seconds[name] += summary.seconds
        documents[name] += summary.documents
    for sink in sinks.values():
        sink.close()
    return {name: documents[name] / seconds[name] for name in sinks}


def fresh_target(sink: str, work: Path) -> str:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    if sink == "postgresql":
        from sqlalchemy import create_engine, text

        server = os.environ[POSTGRES_URL]
        admin = create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return server.rsplit("/", 1)[0] + "/" + name
    return {"null": "", "jsonl": str(work / f"{name}.jsonl"), "sqlite": f"sqlite:///{work / name}.db"}[sink]


def measure(sink: str, archive: Path, work: Path, n_process: int, batch_size: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", sink, "--target", fresh_target(sink, work), "--archive", str(archive)]
    cmd += ["--n-process", str(n_process), "--batch-size", str(batch_size)]
    return json.loads(subprocess.run(cmd, capture_output=True, check=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the throughput archive")
    parser.add_argument("--memory-docs", type=int, default=20_000, help="documents in the memory run")
    parser.add_argument("--memory-after", type=int, default=2_000, help="RSS baseline: after this many documents")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "sinks.json")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "paired":
        print(json.dumps(run_paired(json.loads(args.target), args.archive, args.batch_size)))
        return
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.target, args.archive, args.n_process, args.batch_size)))
        return

    sinks = SINKS if os.environ.get(POSTGRES_URL) else SINKS[:-1]
    if len(sinks) < len(SINKS):
        print(f"no {POSTGRES_URL}: PostgreSQL left out (run under .ci/with-postgres)", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archive, long_archive = work / "archive.jsonl", work / "long.jsonl"
        write_archive(archive, args.docs, seed=7)
        write_archive(long_archive, args.memory_docs, seed=101)
        targets = json.dumps({sink: fresh_target(sink, work) for sink in sinks})
        cmd = [sys.executable, __file__, "--phase", "paired", "--target", targets, "--archive", str(archive)]
        paired = json.loads(subprocess.run(cmd, capture_output=True, check=True, text=True).stdout)
        rates: dict[str, list[dict[str, float]]] = {}
        for n_process in (1, 2):
            for _ in range(args.rounds):
                for sink in sinks:
                    run = measure(sink, archive, work, n_process, args.batch_size)
                    print(
                        f"  {sink:<10} n_process={n_process} {run['documents'] / run['seconds']:8.1f} docs/s",
                        flush=True,
                    )
                    rates.setdefault(f"{sink}/{n_process}", []).append(
                        {
                            "rate": run["documents"] / run["seconds"],
                            "write_share": run["write_seconds"] / run["seconds"],
                        }
                    )
        memory = measure("sqlite", long_archive, work, 1, args.batch_size)

    report: dict[str, Any] = {"documents": args.docs, "rounds": args.rounds, "batch_size": args.batch_size}
    table = {}
    for n_process in (1, 2):
        null = [r["rate"] for r in rates[f"null/{n_process}"]]
        for sink in sinks:
            runs = rates[f"{sink}/{n_process}"]
            cost = [1 - r["rate"] / base for r, base in zip(runs, null, strict=True)]  # per round: same conditions
            table[f"{sink}/{n_process}"] = {
                "docs_per_s": statistics.median(r["rate"] for r in runs),
                "cost_vs_null": statistics.median(cost),
                "write_share": statistics.median(r["write_share"] for r in runs),
            }
    baseline = next(mib for done, mib in memory["rss"] if done >= args.memory_after)
    end = memory["rss"][-1][1]
    report["throughput"] = table
    report["paired_1_process"] = {
        sink: {"docs_per_s": rate, "cost_vs_null": 1 - rate / paired["null"]} for sink, rate in paired.items()
    }
    report["memory"] = {
        "documents": memory["documents"],
        "rss_mib_after_first": baseline,
        "after_first_docs": args.memory_after,
        "rss_mib_end": end,
        "rss_mib_peak": max(mib for _, mib in memory["rss"]),
        "growth": end / baseline - 1,
    }
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")

    print(f"{args.docs:,} documents, {args.rounds} rounds, batch size {args.batch_size}; median round")
    print(f"{'sink':<12}{'processes':>10}{'docs/s':>10}{'cost vs null':>14}{'in write()':>12}")
    for key, row in table.items():
        sink, n_process = key.split("/")
        share = f"{row['write_share']:.1%}"
        print(f"{sink:<12}{n_process:>10}{row['docs_per_s']:>10.1f}{row['cost_vs_null']:>14.1%}{share:>12}")
    print(f"paired, 1 process, the sinks taking turns every {PAIR_CHUNK} documents in one process:")
    for sink, row in report["paired_1_process"].items():
        print(f"{sink:<12}{'1':>10}{row['docs_per_s']:>10.1f}{row['cost_vs_null']:>14.1%}")
    m = report["memory"]
    print(
        f"memory, {m['documents']:,} documents into SQLite: RSS {m['rss_mib_after_first']:.0f} MiB after "
        f"{args.memory_after:,}, {m['rss_mib_end']:.0f} MiB at the end (growth {m['growth']:.1%}; target < 10%), "
        f"peak {m['rss_mib_peak']:.0f} MiB"
    )


if __name__ == "__main__":
    main()
