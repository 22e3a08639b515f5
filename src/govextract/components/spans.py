"""The span group the components share, the extension attributes, and how a fact becomes a span."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from govextract.records import Mention

SPANS_KEY = "govextract"

LAYERS: dict[str, tuple[str, ...]] = {
    "numbers": ("MONEY", "PERCENT", "DATE"),
    "places": ("REGION", "PLACE"),
    "people": ("OFFICIAL", "TITLE"),
    "targets": ("TARGET",),
}
"""The span labels by layer: facts of one layer never overlap (the resolver), and a corpus document is annotated
for whole layers (docs/annotation.md)."""


_VALUES_KEY = "govextract.values"

MODEL_SPANS = "govextract.model"
"""The span group of the transformer component (components/transformer.py), which the rule components read."""
MODES = ("rules", "model", "combined")
"""How the rule components use the model's spans: not at all, alone, or beside their own findings."""


@dataclass(frozen=True, slots=True)
class ModelHints:
    """What the transformer tagged in a Doc, for a rule component to build records from."""

    mode: str  # "model" or "combined"
    spans: dict[str, list[tuple[int, int, float]]]  # token start, end and mean probability, by label

    def ranges(self, label: str) -> list[tuple[int, int]]:
        return [(start, end) for start, end, _ in self.spans.get(label, [])]


def model_hints(doc: Doc) -> ModelHints | None:
    """The transformer's spans when they count (mode ``model`` or ``combined``); None when the rules work alone:
    no transformer in the pipeline, or its mode is ``rules``."""
    group = doc.spans.get(MODEL_SPANS)
    if group is None or group.attrs.get("mode", "rules") == "rules":
        return None
    spans: dict[str, list[tuple[int, int, float]]] = {}
    for span, score in zip(group, group.attrs["scores"], strict=True):
        spans.setdefault(span.label_, []).append((span.start, span.end, score))
    return ModelHints(group.attrs["mode"], spans)


@dataclass(frozen=True, slots=True)
class Linked:
    """The stored value of a span that is one mention of something with one record per document (a region, a
    place, a person): the thing's record (its own mentions do not count) and this mention. The pair is what
    ``to_record`` joins; a copy of the record per mention, made in case someone reads ``Span._.value``, cost the
    places component a third of its time."""

    record: Any
    mention: Mention

    def value(self) -> Any:
        """The record with this mention alone: what ``Span._.value`` shows."""
        return self.record.model_copy(update={"mentions": [self.mention]})


def value_of(span: Span) -> Any:
    """``span._.value``, read without spaCy's extension machinery, whose cost per access (an object built
    for every ``span._``) was a tenth of the pipeline's time at three accesses per fact. A ``Linked`` value is
    built on each read: to change it, set it."""
    values = span.doc.user_data.get(_VALUES_KEY)
    value = None if values is None else values.get((span.start_char, span.end_char, span.label))
    return value.value() if isinstance(value, Linked) else value


def set_value(span: Span, value: Any) -> None:
    """``span._.value = value``; the store is keyed like spaCy's own (offsets and label)."""
    span.doc.user_data.setdefault(_VALUES_KEY, {})[span.start_char, span.end_char, span.label] = value


def stored_facts(doc: Doc) -> Iterator[tuple[Span, str, Any]]:
    """Each span of the shared group with its label and its stored value (a record, a ``Linked`` or None), the
    store read once per Doc: the resolver and ``to_record`` walk every span."""
    values = doc.user_data.get(_VALUES_KEY, {})
    for span in doc.spans.get(SPANS_KEY, ()):
        yield span, span.label_, values.get((span.start_char, span.end_char, span.label))


def register_extensions() -> None:
    """Idempotently register the attributes govextract reads and writes (spaCy keeps them process-wide)."""
    if not Span.has_extension("value"):
        # The fact's record, with exact character offsets: the Span itself may be wider when a fact starts or
        # ends inside a token ("KZT2trln" is one token), so records never take their offsets from the Span.
        Span.set_extension("value", getter=value_of, setter=set_value)
    for name in ("doc_id", "published", "title", "source", "extractor"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_TEXT_KEY = "govextract.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy rebuilds it from every token on each access, which cost more than all
    the rule components together."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def surface(span: Span) -> str:
    """``span.text`` from the Doc's text: spaCy rebuilds ``Span.text`` from a Token object per word."""
    return text_of(span.doc)[span.start_char : span.end_char]


def mention_of(span: Span) -> Mention:
    """The stretch of text ``span`` covers, as a record."""
    return Mention(text=surface(span), start=span.start_char, end=span.end_char)


def linked_span(span: Span, label: str, record: Any) -> Span:
    """A ``label`` span for one mention of something with one record per document (a region, a place, a
    person): its value is ``record`` with this mention alone, and ``to_record`` joins the mentions again."""
    fact = Span(span.doc, span.start, span.end, label=label)
    set_value(fact, Linked(record, mention_of(span)))
    return fact


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (``doc.text == text`` always holds for spaCy's tokenizer)."""
    doc.user_data[_TEXT_KEY] = text


class TokenStarts:
    """Where a start regex matches in a Doc's text, read from its tokens instead of scanning the text.

    Scanning a press release's text in Python's regex engine costs more than spaCy's whole tokenizer; the
    tokenizer has already cut the text into strings it meets again and again, so the regex runs once per
    distinct string: a lexeme flag (set by spaCy when the vocabulary first meets the string) marks the strings
    it matches in, and the offsets inside a marked string are cached. Every start in the text is found: the
    regex may use only *negative* lookarounds, which pass at a string's edges (so on a token alone it finds at
    least what it finds on the token in its text), and its matches must not cross a token boundary (digits,
    single symbols and whole words, which spaCy's English tokenizer never splits). tests/normalize/test_scanner.py
    checks it on every text we have.
    """

    def __init__(self, vocab: Vocab, starts: re.Pattern[str]) -> None:
        self.vocab = vocab
        self.starts = starts
        self.flag = vocab.add_flag(lambda string: starts.search(string) is not None)
        self.offsets: dict[int, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> list[int] | None:
        """Start positions in ascending order; None for a Doc of another vocabulary (the caller scans)."""
        if doc.vocab is not self.vocab:
            return None
        found: list[int] = []
        # One attribute in to_array, then only the flagged tokens: a few in a hundred words.
        for i in doc.to_array(self.flag).nonzero()[0].tolist():
            token = doc[i]
            offsets = self.offsets.get(token.orth)
            if offsets is None:
                offsets = self.offsets[token.orth] = tuple(m.start() for m in self.starts.finditer(token.text))
            found += (token.idx + offset for offset in offsets)
        return found


def extent(fact: Any) -> tuple[int, int]:
    """Start and end of a span's stored value: a record's own offsets, or those of its one mention (a region,
    a place, a person)."""
    if isinstance(fact, Linked):
        fact = fact.mention
    elif not isinstance(fact, Mention):
        fact = fact.mentions[0]
    return fact.start, fact.end


T = TypeVar("T")


def longest_first(items: Iterable[T], extent: Callable[[T], tuple[int, int]]) -> list[T]:
    """The items whose token ``extent`` overlaps no longer one's (the first of equals), in text order: spaCy's
    ``filter_spans`` on token ranges and PhraseMatcher matches, without building a Span for each."""
    kept: list[T] = []
    covered: set[int] = set()
    for item in sorted(items, key=lambda item: (extent(item)[0] - extent(item)[1], extent(item)[0])):
        start, end = extent(item)
        # kept items are at least as long, so one that overlaps this item covers one of its ends
        if start not in covered and end - 1 not in covered:
            kept.append(item)
            covered.update(range(start, end))
    return sorted(kept, key=lambda item: extent(item)[0])


def phrase_matcher(nlp: Language, phrases: Iterable[str], key: str = "PHRASE") -> PhraseMatcher:
    """A case-insensitive ``PhraseMatcher`` of ``phrases``, added a thousand at a time: the officials' titles
    are ~11,000 phrases, and their pattern Docs all alive at once cost ~50 MiB of peak memory."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    chunk: list[str] = []
    for phrase in phrases:
        chunk.append(phrase)
        if len(chunk) == 1000:
            matcher.add(key, list(nlp.tokenizer.pipe(chunk)))
            chunk = []
    if chunk:
        matcher.add(key, list(nlp.tokenizer.pipe(chunk)))
    return matcher


def add_facts(doc: Doc, label: str, facts: Iterable[Mention]) -> None:
    """Append one span per fact to ``doc.spans[SPANS_KEY]``, carrying the fact on ``Span._.value``."""
    group = doc.spans.setdefault(SPANS_KEY, [])
    for fact in facts:
        span = doc.char_span(fact.start, fact.end, label=label, alignment_mode="expand")
        if span is None:  # only a fact made of whitespace alone could fail to expand to a token
            continue
        set_value(span, fact)
        group.append(span)


class FactRecognizer:
    """A rule component: runs a pure finder over the Doc and adds what it finds as ``label`` spans."""

    def __init__(self, name: str, label: str, find: Callable[[Doc], Iterable[Mention]]) -> None:
        self.name = name
        self.label = label
        self.find = find
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        add_facts(doc, self.label, self.find(doc))
        return doc
