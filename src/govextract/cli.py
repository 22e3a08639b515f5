"""The ``govextract`` command: ``schema``, ``extract`` and ``evaluate``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from govextract import __version__


def _schema(args: argparse.Namespace) -> int:
    from govextract.records import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from govextract.io.readers import read_inputs, unique_ids
    from govextract.io.sinks import JsonlSink
    from govextract.pipeline import load
    from govextract.records import ExtractionError
    from govextract.runner import extract_many

    nlp = load(model=args.model)
    items = unique_ids(read_inputs(args.inputs))
    failed = done = 0
    with (
        JsonlSink(args.output, include_text=args.include_text) as sink,
        tqdm(unit="doc", disable=args.quiet, file=sys.stderr, desc="extract") as bar,
    ):
        for result in extract_many(items, n_process=args.n_process, batch_size=args.batch_size, nlp=nlp):
            sink.write(result)
            done += 1
            if isinstance(result, ExtractionError):
                failed += 1
                if not args.quiet:
                    where = f"{result.source}:{result.line}" if result.line else result.source
                    tqdm.write(f"error: {where}: {result.kind}: {result.message}", file=sys.stderr)
            bar.update()
            bar.set_postfix(errors=failed, refresh=False)
    if not args.quiet:
        print(f"{done} documents, {done - failed} extracted, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _evaluate(args: argparse.Namespace) -> int:
    from govextract.evaluate import evaluate_corpus, evaluate_gold_file, format_report

    if args.corpus.endswith(".json"):
        if args.texts is None:
            print(
                "evaluate: a gold .json file needs --texts DIR, the folder of the texts it annotates", file=sys.stderr
            )
            return 2
        report = evaluate_gold_file(args.corpus, args.texts)
    else:
        report = evaluate_corpus(args.corpus, split=args.split)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govextract", description=__doc__)
    parser.add_argument("--version", action="version", version=f"govextract {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    schema = commands.add_parser("schema", help="print the JSON Schema of the records")
    schema.set_defaults(run=_schema)

    extract = commands.add_parser("extract", help="extract records from press releases, as JSON lines")
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt file, folder, .jsonl file, or - for stdin")
    extract.add_argument("-o", "--output", help="output .jsonl path (default: stdout)")
    extract.add_argument(
        "--include-text", action=argparse.BooleanOptionalAction, default=True, help="keep each document's text"
    )
    extract.add_argument("--no-text", dest="include_text", action="store_false", help=argparse.SUPPRESS)
    extract.add_argument("--quiet", action="store_true", help="no progress bar or messages on stderr")
    extract.add_argument("--model", help="a pipeline saved with nlp.to_disk() (default: the rule pipeline)")
    extract.add_argument("--n-process", type=int, default=1, help="worker processes (default 1)")
    extract.add_argument("--batch-size", type=int, default=64, help="documents per batch (default 64)")
    extract.set_defaults(run=_extract)

    evaluate = commands.add_parser("evaluate", help="precision, recall and F1 on an annotated corpus")
    evaluate.add_argument("corpus", help="corpus folder with manifest.json and docs/, or a gold .json file")
    evaluate.add_argument("--texts", help="with a gold .json file: the folder of the texts it annotates")
    evaluate.add_argument("--split", default="test", choices=["train", "dev", "test", "all"])
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.set_defaults(run=_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
