"""The span group the components share, the extension attributes, and how a fact becomes a span."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span

from govextract.records import Mention

SPANS_KEY = "govextract"


def register_extensions() -> None:
    """Idempotently register the attributes govextract reads and writes (spaCy keeps them process-wide)."""
    if not Span.has_extension("value"):
        # The fact's record, with exact character offsets: the Span itself may be wider when a fact starts or
        # ends inside a token ("KZT2trln" is one token), so records never take their offsets from the Span.
        Span.set_extension("value", default=None)
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


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (``doc.text == text`` always holds for spaCy's tokenizer)."""
    doc.user_data[_TEXT_KEY] = text


def add_facts(doc: Doc, label: str, facts: Iterable[Mention]) -> None:
    """Append one span per fact to ``doc.spans[SPANS_KEY]``, carrying the fact on ``Span._.value``."""
    group = doc.spans.setdefault(SPANS_KEY, [])
    for fact in facts:
        span = doc.char_span(fact.start, fact.end, label=label, alignment_mode="expand")
        if span is None:  # only a fact made of whitespace alone could fail to expand to a token
            continue
        span._.value = fact
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
