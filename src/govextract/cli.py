"""The ``govextract`` command: ``schema``, ``extract``, ``evaluate`` and ``train``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from importlib.util import find_spec

from govextract import __version__
from govextract.components.spans import MODES
from govextract.train import Settings


def _schema(args: argparse.Namespace) -> int:
    from govextract.records import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from govextract.io.readers import read_inputs, unique_ids
    from govextract.io.sinks import open_sink
    from govextract.pipeline import extractor_of, load
    from govextract.runner import extract_into

    if args.n_process < 1 or args.batch_size < 1:
        print("extract: --n-process and --batch-size must be at least 1", file=sys.stderr)
        return 2
    nlp = load(model=args.model)
    try:
        sink = open_sink(
            args.output,
            extractor=extractor_of(nlp),
            include_text=args.include_text,
            resume=args.resume,
            inputs=args.inputs,
        )
    except ValueError as err:
        print(f"extract: {err}", file=sys.stderr)
        return 2
    try:
        summary = extract_into(
            sink,
            unique_ids(read_inputs(args.inputs)),
            nlp=nlp,
            n_process=args.n_process,
            batch_size=args.batch_size,
            resume=args.resume,
            progress=not args.quiet,
        )
    except BaseException:
        sink.close()  # no summary: the run stays unfinished in the target's record of runs
        raise
    sink.close(summary)
    if not args.quiet:
        print(summary, file=sys.stderr)
    return 1 if summary.failed else 0


def _evaluate(args: argparse.Namespace) -> int:
    from govextract.evaluate import evaluate_corpus, evaluate_gold_file, format_report
    from govextract.pipeline import load

    if args.mode is not None and args.model is None:
        print("evaluate: --mode needs --model DIR, a pipeline saved with its transformer", file=sys.stderr)
        return 2
    overrides = {} if args.mode is None else {"components.govextract_transformer.mode": args.mode}
    nlp = load(config=overrides, model=args.model)
    if args.corpus.endswith(".json"):
        if args.texts is None:
            print(
                "evaluate: a gold .json file needs --texts DIR, the folder of the texts it annotates", file=sys.stderr
            )
            return 2
        report = evaluate_gold_file(args.corpus, args.texts, nlp=nlp)
    else:
        report = evaluate_corpus(args.corpus, split=args.split, nlp=nlp)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="govextract", description=__doc__)
    parser.add_argument("--version", action="version", version=f"govextract {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    schema = commands.add_parser("schema", help="print the JSON Schema of the records")
    schema.set_defaults(run=_schema)

    extract = commands.add_parser(
        "extract", help="extract records from press releases into JSON lines, Parquet or a database"
    )
    extract.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a .txt, .html/.htm, .jsonl or .jsonl.gz file, a folder (searched recursively), a glob, or - for stdin",
    )
    extract.add_argument(
        "-o",
        "--output",
        metavar="TARGET",
        help="FILE.jsonl, a Parquet directory (DIR.parquet or DIR/), sqlite:///FILE or postgresql://... "
        "(default: JSON lines on stdout)",
    )
    extract.add_argument(
        "--resume",
        action="store_true",
        help="skip documents already in TARGET with the same id, text and extractor fingerprint",
    )
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
    evaluate.add_argument("--model", help="a pipeline saved with nlp.to_disk() (default: the rule pipeline)")
    evaluate.add_argument(
        "--mode", choices=MODES, help="with --model: use the transformer's spans not at all, alone, or with the rules"
    )
    evaluate.set_defaults(run=_evaluate)

    train = commands.add_parser(
        "train", help="fine-tune the transformer component on the corpus (needs the transformer extra)"
    )
    train.add_argument("--base-model", help="a local Hugging Face model directory (default: the packaged MiniLM)")
    train.add_argument("--corpus", default="corpus", help="corpus folder with manifest.json and docs/")
    train.add_argument("--output", required=True, help="where the pipeline is saved, with metrics.json")
    defaults = vars(Settings())
    for name, kind, help_text in (
        ("seed", int, "random seed"),
        ("epochs", int, "most epochs (early stopping on dev may end sooner)"),
        ("patience", int, "epochs without a better dev score before stopping"),
        ("learning-rate", float, "AdamW learning rate"),
        ("batch-size", int, "windows per step"),
        ("layers", int, "keep only this many of the base model's lower layers"),
    ):
        default = defaults[name.replace("-", "_")]
        train.add_argument(f"--{name}", type=kind, default=default, help=f"{help_text} (default {default})")
    train.add_argument(
        "--casing",
        action=argparse.BooleanOptionalAction,
        default=defaults["casing"],
        help="add a casing feature to an uncased model's input (default off: it did not help on dev)",
    )
    train.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    train.set_defaults(run=_train)
    return parser


def _train(args: argparse.Namespace) -> int:
    from govextract.components.transformer import minilm_dir
    from govextract.train import Settings, train

    if find_spec("torch") is None or find_spec("transformers") is None:
        print("train: needs torch and transformers: pip install torch==2.13.0 govextract[transformer]", file=sys.stderr)
        return 2
    try:
        base = args.base_model or minilm_dir()
    except FileNotFoundError as err:
        print(f"train: {err}, or pass --base-model DIR", file=sys.stderr)
        return 2
    settings = Settings(**{name: getattr(args, name) for name in vars(Settings()) if hasattr(args, name)})
    metrics = train(base, args.corpus, args.output, settings, progress=not args.quiet)
    print(json.dumps({"train_seconds": metrics["train_seconds"], **metrics["scores"]}, indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
