"""Pipeline assembly: build the spaCy ``Language`` from the shipped ``config.cfg``, stamp it with an extractor
fingerprint, and turn a processed ``Doc`` into a ``PressRelease``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from govextract import __version__
from govextract.components.spans import Linked, register_extensions, stored_facts, text_of
from govextract.records import Extractor, Mention, PressRelease, sha256_text
from govextract.resources import patterns_dir

CONFIG_PATH = Path(__file__).with_name("config.cfg")
RESOLVER = "govextract_resolve"

# Which PressRelease list each span label fills. Labels of later layers join here as they are built.
FIELD_OF_LABEL = {
    "MONEY": "amounts",
    "PERCENT": "percentages",
    "DATE": "dates",
    "REGION": "regions",
    "PLACE": "places",
    "OFFICIAL": "officials",
    "TARGET": "targets",
}
# Records that are one per thing per document: each span carries its thing with that one mention, and the spans
# of one thing (the same key) become one record with all their mentions, in text order.
LINK_KEY: dict[str, Callable[[Any], Hashable]] = {
    "regions": lambda region: region.iso_code,
    "places": lambda place: (place.name, place.region_iso),
    "officials": lambda official: official.name,
}


def _linked(values: list[Any], key: Callable[[Any], Hashable]) -> list[Any]:
    """One record per thing (by ``key``) with the mentions of all its spans, from their stored values: a
    ``Linked`` pair, or a record a user set on ``Span._.value``."""
    mentions: dict[Hashable, list[Mention]] = {}
    first: dict[Hashable, Any] = {}
    for value in values:
        record, found = (value.record, [value.mention]) if isinstance(value, Linked) else (value, value.mentions)
        k = key(record)
        first.setdefault(k, record)
        mentions.setdefault(k, []).extend(found)
    return [record.model_copy(update={"mentions": mentions[k]}) for k, record in first.items()]


def _hash_tree(digest: Any, root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())


@cache
def patterns_fingerprint() -> str:
    digest = hashlib.sha256()
    _hash_tree(digest, patterns_dir())
    return digest.hexdigest()


def user_folders(nlp: Language) -> list[Path]:
    """The folders the components' settings name, each once: ``patterns`` (``${paths.patterns}`` resolved) and the
    transformer's ``model``."""
    components = nlp.config.interpolate()["components"].values()
    folders = {cfg.get(setting) for cfg in components for setting in ("patterns", "model")}
    return sorted(Path(folder) for folder in folders if folder)


def fingerprint(nlp: Language, model: Path | None = None) -> str:
    """SHA-256 (first 16 hex digits) of the pipeline config, the pattern files (default and the user's) and
    the model's files (a saved pipeline's, or the folder a transformer's ``model`` setting names)."""
    digest = hashlib.sha256(nlp.config.to_str().encode())
    digest.update(patterns_fingerprint().encode())
    # The config names a user's folder, not its content: an edited file must change the fingerprint too.
    for folder in user_folders(nlp):
        if folder.is_dir():
            _hash_tree(digest, folder)
    if model is not None:
        _hash_tree(digest, model)
    return digest.hexdigest()[:16]


def load(
    config: Mapping[str, Any] | None = None,
    model: str | Path | None = None,
    exclude: Iterable[str] = (),
) -> Language:
    """The govextract pipeline on ``spacy.blank("en")``, or a pipeline saved with ``nlp.to_disk(model)``.

    ``config`` takes spaCy's dotted overrides, e.g. ``{"components.govextract_resolve.priority": [...]}``.
    """
    register_extensions()
    overrides = dict(config or {})
    exclude = list(exclude)
    if model is not None:
        model = Path(model)
        nlp = spacy.load(model, exclude=exclude, config=overrides)
    else:
        cfg = spacy.util.load_config(CONFIG_PATH, overrides=overrides, interpolate=False)
        nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, exclude=exclude)
    # Kept so worker processes of extract_many can rebuild the same pipeline.
    nlp.meta["govextract_load"] = {
        "config": overrides,
        "model": None if model is None else str(model),
        "exclude": exclude,
    }
    if RESOLVER in nlp.pipe_names:
        nlp.get_pipe(RESOLVER).extractor = Extractor(version=__version__, fingerprint=fingerprint(nlp, model))
    return nlp


def default_extractor() -> Extractor:
    """For components added to a user's own pipeline, which govextract.load() never stamped."""
    return Extractor(version=__version__, fingerprint="patterns-" + patterns_fingerprint()[:16])


def extractor_of(nlp: Language) -> Extractor:
    """The ``Extractor`` the records of ``nlp`` carry (what ``--resume`` compares)."""
    stamped = nlp.get_pipe(RESOLVER).extractor if RESOLVER in nlp.pipe_names else None
    return stamped or default_extractor()


def doc_id_of(doc_id: str | None, text_sha256: str) -> str:
    """A document's id: its own, else the first 16 hex digits of its text's SHA-256 (so a resumed run finds the
    documents it stored without one)."""
    return doc_id or text_sha256[:16]


def to_record(doc: Doc) -> PressRelease:
    """The ``PressRelease`` of a processed Doc (also available as ``doc._.govextract``)."""
    facts: dict[str, list[Any]] = {field: [] for field in FIELD_OF_LABEL.values()}
    for _, label, value in stored_facts(doc):
        field = FIELD_OF_LABEL.get(label)
        if field is not None and value is not None:
            facts[field].append(value)
    for field, key in LINK_KEY.items():
        facts[field] = _linked(facts[field], key)
    text = text_of(doc)
    sha = sha256_text(text)
    about = doc._  # spaCy builds an accessor object on every ``doc._``: one for the five reads
    return PressRelease(
        extractor=about.extractor or default_extractor(),
        doc_id=doc_id_of(about.doc_id, sha),
        source=about.source,
        title=about.title,
        published=about.published,
        text=text,
        text_sha256=sha,
        **facts,
    )


if not Doc.has_extension("govextract"):
    Doc.set_extension("govextract", getter=to_record)
