"""The span group the components share, the extension attributes, and how a fact becomes a span."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import minibatch, raise_error
from spacy.vocab import Vocab

from govextract.normalize.dates import date_grammar
from govextract.normalize.money import money_grammar
from govextract.normalize.percent import percent_grammar
from govextract.records import Mention
from govextract.resources import Patterns

SPANS_KEY = "govextract"

ErrorHandler = Callable[[str, Any, list[Doc], Exception], Any]
"""What spaCy calls with a component's name, the component, the Docs and the error when a component fails."""

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
    return _shown(None if values is None else values.get((span.start_char, span.end_char, span.label)))


def _shown(value: Any) -> Any:
    """A stored value as ``Span._.value`` shows it."""
    return value.value() if isinstance(value, Linked) else value


def set_value(span: Span, value: Any) -> None:
    """``span._.value = value``; the store is keyed like spaCy's own (offsets and label)."""
    span.doc.user_data.setdefault(_VALUES_KEY, {})[span.start_char, span.end_char, span.label] = value


class Fact(NamedTuple):
    """A span of the shared group, as plain data: its tokens, characters and label. Reading ``doc.spans`` builds a
    spaCy ``Span`` per span on every pass, and the resolver, ``to_record`` and the components that read earlier
    layers made three passes: a tenth of the pipeline's time. A named tuple, as a frozen dataclass sets each
    field through ``object.__setattr__`` (1.5 µs a fact against 0.4)."""

    start: int
    end: int
    start_char: int
    end_char: int
    label: int
    label_: str

    @classmethod
    def of(cls, span: Span) -> Fact:
        return cls(span.start, span.end, span.start_char, span.end_char, span.label, span.label_)


_FACTS_KEY = "govextract.facts"


def facts(doc: Doc) -> list[Fact]:
    """The shared group's spans as ``Fact``s, in the group's order. The components keep a copy beside the group
    (``add_spans``); when anything else has changed the group (a user's component, a test), it is read again."""
    group = doc.spans.get(SPANS_KEY)
    if group is None:
        return []
    mirror = doc.user_data.get(_FACTS_KEY)
    if mirror is not None and mirror[0] is group and len(mirror[1]) == len(group):
        return mirror[1]
    found = [Fact.of(span) for span in group]
    doc.user_data[_FACTS_KEY] = (group, found)
    return found


def add_spans(doc: Doc, spans: list[Span]) -> None:
    """Append ``spans`` to the shared group, and to its copy as ``Fact``s."""
    group = doc.spans.get(SPANS_KEY)
    if group is None:
        doc.spans[SPANS_KEY] = spans
        doc.user_data[_FACTS_KEY] = (doc.spans[SPANS_KEY], [Fact.of(span) for span in spans])
    else:
        known = facts(doc)  # read before the group grows, so the copy and the group stay in step
        group.extend(spans)
        known.extend(Fact.of(span) for span in spans)


def set_facts(doc: Doc, kept: list[Fact]) -> None:
    """Replace the shared group by ``kept`` (the resolver's choice)."""
    doc.spans[SPANS_KEY] = [Span(doc, f.start, f.end, label=f.label) for f in kept]
    doc.user_data[_FACTS_KEY] = (doc.spans[SPANS_KEY], kept)


def stored_facts(doc: Doc) -> Iterator[tuple[Fact, str, Any]]:
    """Each span of the shared group with its label and its stored value (a record, a ``Linked`` or None), the
    store read once per Doc: the resolver and ``to_record`` walk every span."""
    values = doc.user_data.get(_VALUES_KEY, {})
    for fact in facts(doc):
        yield fact, fact.label_, values.get((fact.start_char, fact.end_char, fact.label))


def facts_of(doc: Doc, labels: Iterable[str]) -> dict[str, list[tuple[int, int, Any]]]:
    """The facts of the shared group with one of ``labels``, per label in the group's order: their spans'
    character offsets and their values as ``Span._.value`` shows them."""
    wanted = set(labels)
    found: dict[str, list[tuple[int, int, Any]]] = {}
    for fact, label, value in stored_facts(doc):
        if label in wanted:
            found.setdefault(label, []).append((fact.start_char, fact.end_char, _shown(value)))
    return found


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
    """``span``, labelled ``label``, as one mention of something with one record per document (a region, a
    place, a person): its value is ``record`` with this mention alone, and ``to_record`` joins the mentions
    again. The span is labelled in place: a Span built per fact is a tenth of the places component's time."""
    span.label_ = label
    set_value(span, Linked(record, mention_of(span)))
    return span


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (``doc.text == text`` always holds for spaCy's tokenizer)."""
    doc.user_data[_TEXT_KEY] = text


_START = re.Match.start

_Offsets = tuple[tuple[int, int], ...]
"""Where some regexes start in one string: (the regex's index, the offset) for each start, by regex, then offset."""

_SHARED_STARTS: weakref.WeakValueDictionary[tuple[int, tuple[re.Pattern[str], ...]], TokenStarts] = (
    weakref.WeakValueDictionary()
)


class TokenStarts:
    """Where some start regexes match in a Doc's text, read from its tokens instead of scanning the text.

    Scanning a press release's text in Python's regex engine costs more than spaCy's whole tokenizer; the
    tokenizer has already cut the text into strings it meets again and again, so each regex runs once per
    distinct string: a lexeme flag (set by spaCy when the vocabulary first meets the string) marks the strings
    any of them matches in, and the offsets inside a marked string are cached. Every start in the text is found:
    a regex may use only *negative* lookarounds, which pass at a string's edges (so on a token alone it finds at
    least what it finds on the token in its text; without lookarounds, exactly that), and its matches must not
    cross a token boundary (digits, single symbols and whole words, which spaCy's English tokenizer never
    splits). tests/normalize/test_scanner.py and tests/normalize/test_dates.py check it on every text we have.

    The offsets are found when the flag is set, and the starts of a Doc are kept while it lives: components
    that share one ``TokenStarts`` (:meth:`shared`; the numbers layer's, :func:`numbers_starts`) pay for one
    pass over a Doc's tokens, whose ``to_array`` alone reads every token's lexeme (~50 µs a document).
    """

    def __init__(self, vocab: Vocab, *regexes: re.Pattern[str]) -> None:
        self.vocab = vocab
        self.regexes = regexes
        self.offsets: dict[int, _Offsets] = {}
        self._known: weakref.WeakKeyDictionary[Doc, list[list[int]]] = weakref.WeakKeyDictionary()
        self.flag = vocab.add_flag(lambda string: bool(self._read(string)))

    def _read(self, string: str) -> _Offsets:
        """The offsets of the regexes in ``string``, cached by its hash (its lexeme's ``orth``) when any matches."""
        # search first: spaCy calls this for every new string, and most match none of the regexes
        offsets = tuple(
            (k, at)
            for k, regex in enumerate(self.regexes)
            if regex.search(string)
            for at in map(_START, regex.finditer(string))
        )
        if offsets:
            self.offsets[get_string_id(string)] = offsets
        return offsets

    @classmethod
    def shared(cls, vocab: Vocab, *regexes: re.Pattern[str]) -> TokenStarts:
        """The ``TokenStarts`` of ``regexes`` over ``vocab`` that every caller with the same ones gets while one
        of them holds it (the key's ``id(vocab)`` is not reused meanwhile: the instance holds the vocab)."""
        key = (id(vocab), regexes)
        found = _SHARED_STARTS.get(key)
        if found is None:
            found = _SHARED_STARTS[key] = cls(vocab, *regexes)
        return found

    def __call__(self, doc: Doc, regex: re.Pattern[str] | None = None) -> list[int] | None:
        """The positions where ``regex`` (one of this instance's; by default any of them) starts, in ascending
        order; None for a Doc of another vocabulary (the caller scans)."""
        if doc.vocab is not self.vocab:
            return None
        starts = self._starts(doc)
        if regex is None:
            return sorted(set().union(*starts))
        return list(starts[self.regexes.index(regex)])

    def _starts(self, doc: Doc) -> list[list[int]]:
        """The starts of each regex in ``doc``, from one pass over its flagged tokens."""
        known = self._known.get(doc)
        if known is not None:
            return known
        starts: list[list[int]] = [[] for _ in self.regexes]
        add = [regex_starts.append for regex_starts in starts]
        # One attribute in to_array, then only the flagged tokens: a few in a hundred words. The cached starts
        # are flat (regex, offset) pairs, each appended as it is: half the time of extending each regex's list
        # by a map of its offsets (~80 µs a document less).
        for i in doc.to_array(self.flag).nonzero()[0].tolist():
            token = doc[i]
            idx = token.idx
            for k, at in self.offsets.get(token.orth) or self._read(token.text):
                add[k](idx + at)
        self._known[doc] = starts
        return starts


def numbers_starts(vocab: Vocab, patterns: Patterns) -> TokenStarts:
    """Where the facts of the numbers layer can start: the money and percent scanners' start regexes and the
    dates' seeds, in one ``TokenStarts`` for the layer's three components in a pipeline."""
    return TokenStarts.shared(
        vocab,
        money_grammar(patterns).scanner.starts,
        percent_grammar(patterns).scanner.starts,
        *date_grammar(patterns).seeds,
    )


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
    """The items whose token ``extent`` (never empty) overlaps no longer one's (the first of equals), in text
    order: spaCy's ``filter_spans`` on token ranges and PhraseMatcher matches, without building a Span for each.

    Most items overlap no other (a release's cue words): taken in text order, each run of items that overlap
    one another is ranked on its own, and an item alone is kept as it is (half the time of ranking them all).
    """
    kept: list[T] = []
    run: list[T] = []  # items that each overlap one before them
    reach = -1  # the end of the run's tokens
    # by start, then end; the sort is stable, so items of one extent stay in the order given
    for item in sorted(items, key=extent):
        start, end = extent(item)
        if start < reach:
            run.append(item)
            if end > reach:
                reach = end
            continue
        if run:
            kept += _longest_of(run, extent) if len(run) > 1 else run
        run = [item]
        reach = end
    if run:
        kept += _longest_of(run, extent) if len(run) > 1 else run
    return kept


def _longest_of(run: list[T], extent: Callable[[T], tuple[int, int]]) -> list[T]:
    """``longest_first`` of a run of overlapping items in text order."""
    kept: list[T] = []
    covered: set[int] = set()
    for item in sorted(run, key=lambda item: (extent(item)[0] - extent(item)[1], extent(item)[0])):
        start, end = extent(item)
        # kept items are at least as long, so one that overlaps this item covers one of its ends
        if start not in covered and end - 1 not in covered:
            kept.append(item)
            covered.update(range(start, end))
    return sorted(kept, key=extent)


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


def add_facts(doc: Doc, label: str, found: Iterable[Mention]) -> None:
    """Append one span per fact to ``doc.spans[SPANS_KEY]``, carrying the fact on ``Span._.value``."""
    # The label as its hash and the value store read once: a string label is looked up per span.
    label_id = doc.vocab.strings.add(label)
    values = doc.user_data.setdefault(_VALUES_KEY, {})
    spans: list[Span] = []
    for fact in found:
        span = doc.char_span(fact.start, fact.end, label=label_id, alignment_mode="expand")
        if span is None:  # only a fact made of whitespace alone could fail to expand to a token
            continue
        values[span.start_char, span.end_char, label_id] = fact
        spans.append(span)
    add_spans(doc, spans)


class FactRecognizer:
    """A rule component: runs a pure finder over the Doc and adds what it finds as ``label`` spans."""

    def __init__(self, name: str, label: str, find: Callable[[Doc], Iterable[Mention]]) -> None:
        self.name = name
        self.label = label
        self.find = find
        self._error_handler: ErrorHandler = raise_error
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        add_facts(doc, self.label, self.find(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """``nlp.pipe``'s way through the component: a batch of Docs at a time, each as ``__call__`` would, and
        a Doc that fails goes to the error handler (``nlp.set_error_handler``), as spaCy does for a component
        without ``pipe``. Docs in a row keep the component's code and data in the CPU's caches: a Doc at a time
        between the other components' made ``extract_many`` ~10% slower on benchmarks/throughput.py's texts."""
        for batch in minibatch(docs, size=batch_size):
            done: list[Doc] = []
            for doc in batch:
                try:
                    done.append(self(doc))
                except Exception as err:
                    self._error_handler(self.name, self, [doc], err)
            yield from done

    def get_error_handler(self) -> ErrorHandler:
        return self._error_handler

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self._error_handler = error_handler
