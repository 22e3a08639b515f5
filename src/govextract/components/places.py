"""``govextract_places``: Kazakhstan's regions (REGION spans) and other settlements (PLACE spans).

Names come from the gazetteers ``patterns/regions.json`` and ``patterns/places.json`` (with their spellings and
former names) and are found with a case-insensitive ``PhraseMatcher``. Which reading a name takes is decided by
its context, by the rules of docs/annotation.md:

- a name followed by ``region``/``oblast`` is that region, the word inside the span; ``regions``/``oblasts`` after a
  list of names makes each a region, the word outside;
- in a list of names that holds a region-only name ("East Kazakhstan", "Zhambyl") or follows "regions of", every
  name is read as a region, so a bare "Almaty" there is Almaty region;
- "the city/cities of" reads each name as a city: a city of republican significance stays a REGION (kind city),
  a regional centre becomes a PLACE;
- otherwise a city of republican significance is a REGION, a name shared by a region and its centre (Kostanay)
  is the centre (a PLACE), a region-only name is the region;
- a name in a hyphenated road name ("Karaganda-Almaty highway") or at the head of an organisation's name
  ("Karaganda Medical University"; the words are data) is no mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from govextract.components.officials import SURNAME, Lexicon, Word
from govextract.components.spans import (
    add_spans,
    linked_span,
    longest_first,
    phrase_matcher,
    register_extensions,
    text_of,
)
from govextract.records import Mention, Place, PlaceKind, Region, RegionKind
from govextract.resources import Patterns, load_patterns

_REGION_WORDS = {"region", "oblast", "oblys"}
_REGION_PLURALS = {"regions", "oblasts"}
_LIST_JOINS = {",", "and", ", and", "as well as"}
_DASHES = ("-", "–", "—")
_REGIONS_OF = {("regions", "of"), ("oblasts", "of")}
_CITY_OF = {("city", "of"), ("cities", "of")}


@dataclass
class _Readings:
    """What one written name can mean: a region read as a region, a city of republican significance, a place."""

    region: Region | None = None  # the region proper ("Almaty" in a list of regions: Almaty region)
    city: Region | None = None  # a city of republican significance
    place: Place | None = None
    region_only: bool = field(default=False)  # no city or place shares the name: "Zhambyl", "East Kazakhstan"


class _Name(NamedTuple):
    """A name found in the text, with its readings and the lower-case words around it ("" at the Doc's edges),
    which the rules read: a spaCy Token is built once per word read."""

    span: Span
    reading: _Readings
    before: str
    after: str


class Gazetteer:
    """Every written name of every region and place, lower-cased, with its readings."""

    def __init__(self, patterns: Patterns) -> None:
        # Each record is built once with its canonical name standing in as its mention (a Region or Place needs
        # one); ``linked_span`` replaces it with the mention in the text.
        self.readings: dict[str, _Readings] = {}
        for entry in patterns["regions.json"]["regions"]:
            region = Region(
                name=entry["name"],
                iso_code=entry["iso_code"],
                iso_code_legacy=entry["iso_code_legacy"],
                kind=RegionKind(entry["kind"]),
                mentions=[Mention(text=entry["name"], start=0, end=len(entry["name"]))],
            )
            names = [entry["name"], *entry["names"], *(former["name"] for former in entry["former_names"])]
            for name in names:
                reading = self.readings.setdefault(name.lower(), _Readings())
                if region.kind is RegionKind.city:
                    reading.city = reading.city or region
                else:
                    reading.region = reading.region or region
        for entry in patterns["places.json"]["places"]:
            place = Place(
                name=entry["name"],
                kind=PlaceKind(entry["kind"]),
                region_iso=entry["region_iso"],
                mentions=[Mention(text=entry["name"], start=0, end=len(entry["name"]))],
            )
            for name in {entry["name"], *entry["names"]}:
                reading = self.readings.setdefault(name.lower(), _Readings())
                reading.place = reading.place or place
        for reading in self.readings.values():
            reading.region_only = reading.region is not None and reading.city is None and reading.place is None
        lexicon = patterns["places.json"]
        self.words_after: set[str] = {word.lower() for word in lexicon["organisation_words"]}
        self.words_before: set[str] = {word.lower() for word in lexicon["organisation_words_before"]}
        self.road_words: set[str] = {word.lower() for word in lexicon["road_words"]}


class PlaceRecognizer:
    def __init__(self, nlp: Language, name: str, patterns: Patterns) -> None:
        self.name = name
        self.gazetteer = Gazetteer(patterns)
        self.matcher = phrase_matcher(nlp, self.gazetteer.readings)
        self.lexicon = Lexicon(nlp.vocab)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        if not matches:
            return doc
        lexicon = self.lexicon if doc.vocab is self.lexicon.vocab else Lexicon(doc.vocab)
        text = text_of(doc)
        n = len(doc)
        names: list[_Name] = []
        for _, start, end in longest_first(matches, _extent):
            before = lexicon[doc[start - 1].orth] if start > 0 else None
            after = lexicon[doc[end].orth] if end < n else None
            if self._inside_proper_name(doc, lexicon, start, end, before, after):
                continue
            # the name's characters, and the span of its fact unless a word after it joins it
            span = Span(doc, start, end)
            reading = self.gazetteer.readings[text[span.start_char : span.end_char].lower()]
            names.append(_Name(span, reading, before.lower if before else "", after.lower if after else ""))
        for run in _lists(text, names):
            first = run[0].span.start
            # the two words before the run: "regions of", "the cities of"
            before = (lexicon[doc[first - 2].orth].lower, run[0].before) if first >= 2 else ()
            region_list = _is_region_list(run, before)
            city_list = before in _CITY_OF
            found = (_read(name, region_list=region_list, city_list=city_list) for name in run)
            add_spans(doc, [fact for fact in found if fact is not None])
        return doc

    def _inside_proper_name(
        self, doc: Doc, lexicon: Lexicon, start: int, end: int, before: Word | None, after: Word | None
    ) -> bool:
        """A road ("Karaganda-Almaty highway"), an organisation ("Karaganda Medical University", "Air Astana")
        or a person ("Nursultan Nazarbayev"); ``before`` and ``after``: the words around the name."""
        if after is not None and after.lower in self.gazetteer.words_after and after.text[:1].isupper():
            return True
        if end - start == 1 and after is not None and after.is_title and SURNAME.fullmatch(after.text):
            return True  # a person's given name: "Nursultan Nazarbayev", "Abai Kunanbayev"
        if before is not None and before.lower in self.gazetteer.words_before and before.text[:1].isupper():
            return True
        joined = (after is not None and after.text in _DASHES) or (before is not None and before.text in _DASHES)
        return joined and self._in_road(doc, lexicon, start, end)

    def _in_road(self, doc: Doc, lexicon: Lexicon, start: int, end: int) -> bool:
        """Names joined by dashes ("Aktau–Fort Shevchenko") before a road word, perhaps after a second such road
        ("the Ust-Kamenogorsk–Taldykorgan and Semey–Maikapshagay roads")."""
        n = len(doc)

        def word(i: int) -> Word:
            return lexicon[doc[i].orth]

        first, last = start, end
        while last + 1 < n and word(last).text in _DASHES and _capitalised(word(last + 1)):
            last += 1
            while last < n and _capitalised(word(last)):
                last += 1
        while first >= 2 and word(first - 1).text in _DASHES and _capitalised(word(first - 2)):
            first -= 1
            while first > 0 and _capitalised(word(first - 1)):
                first -= 1
        if (first, last) == (start, end):
            return False
        for i in range(last, min(last + 8, n)):
            following = word(i)
            if following.lower in self.gazetteer.road_words:
                return True
            if not (_capitalised(following) or following.text in _DASHES or following.lower in ("and", ",")):
                return False
        return False


def _extent(match: tuple[int, int, int]) -> tuple[int, int]:
    return match[1], match[2]


def _capitalised(word: Word) -> bool:
    return word.text[:1].isupper()


def _lists(text: str, names: list[_Name]) -> list[list[_Name]]:
    """The names grouped into runs joined by commas and "and" ("Almaty, Aktobe and Atyrau"), in text order."""
    runs: list[list[_Name]] = []
    for name in names:
        if runs and text[runs[-1][-1].span.end_char : name.span.start_char].strip().lower() in _LIST_JOINS:
            runs[-1].append(name)
        else:
            runs.append([name])
    return runs


def _is_region_list(run: list[_Name], before: tuple[str, ...]) -> bool:
    if before in _REGIONS_OF:
        return True
    if run[-1].after in _REGION_PLURALS:
        return True
    return len(run) > 1 and any(name.reading.region_only for name in run)


def _read(name: _Name, *, region_list: bool, city_list: bool) -> Span | None:
    span, reading, after = name.span, name.reading, name.after
    if after in _REGION_WORDS and (reading.region or reading.city):
        return linked_span(Span(span.doc, span.start, span.end + 1), "REGION", reading.region or reading.city)
    if (region_list or after in _REGION_PLURALS) and reading.region is not None:
        return linked_span(span, "REGION", reading.region)
    if reading.city is not None:
        return linked_span(span, "REGION", reading.city)
    if reading.place is not None and (city_list or not reading.region_only):
        return linked_span(span, "PLACE", reading.place)
    if reading.region is not None:
        return linked_span(span, "REGION", reading.region)
    return None


@Language.factory("govextract_places", default_config={"patterns": None})
def make_places(nlp: Language, name: str, patterns: str | None) -> PlaceRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    return PlaceRecognizer(nlp, name, load_patterns(patterns))
