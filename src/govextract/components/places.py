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

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from govextract.components.officials import SURNAME
from govextract.components.spans import SPANS_KEY, linked_span, phrase_matcher, register_extensions, text_of
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


_Name = tuple[Span, _Readings]
"""A name found in the text, with its readings."""


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
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        # Span() rather than doc[start:end], whose slice handling cost more than the matcher.
        found = filter_spans([Span(doc, start, end) for _, start, end in self.matcher(doc)])
        text = text_of(doc)
        names = [
            (span, self.gazetteer.readings[text[span.start_char : span.end_char].lower()])
            for span in found
            if not self._inside_proper_name(doc, span)
        ]
        group = doc.spans.setdefault(SPANS_KEY, [])
        for run in _lists(text, names):
            before = _words_before(doc, run[0][0], 2)
            region_list = _is_region_list(doc, run, before)
            city_list = before in _CITY_OF
            for span, reading in run:
                fact = _read(doc, span, reading, region_list=region_list, city_list=city_list)
                if fact is not None:
                    group.append(fact)
        return doc

    def _inside_proper_name(self, doc: Doc, span: Span) -> bool:
        """A road ("Karaganda-Almaty highway"), an organisation ("Karaganda Medical University", "Air Astana")
        or a person ("Nursultan Nazarbayev")."""
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.lower_ in self.gazetteer.words_after and after.text[:1].isupper():
            return True
        if len(span) == 1 and after is not None and after.is_title and SURNAME.fullmatch(after.text):
            return True  # a person's given name: "Nursultan Nazarbayev", "Abai Kunanbayev"
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in self.gazetteer.words_before and before.text[:1].isupper():
            return True
        return self._in_road(doc, span)

    def _in_road(self, doc: Doc, span: Span) -> bool:
        """Names joined by dashes ("Aktau–Fort Shevchenko") before a road word, perhaps after a second such road
        ("the Ust-Kamenogorsk–Taldykorgan and Semey–Maikapshagay roads")."""
        end, start = span.end, span.start
        while end + 1 < len(doc) and doc[end].text in _DASHES and _capitalised(doc[end + 1]):
            end += 1
            while end < len(doc) and _capitalised(doc[end]):
                end += 1
        while start >= 2 and doc[start - 1].text in _DASHES and _capitalised(doc[start - 2]):
            start -= 1
            while start > 0 and _capitalised(doc[start - 1]):
                start -= 1
        if (start, end) == (span.start, span.end):
            return False
        for token in doc[end : end + 8]:
            if token.lower_ in self.gazetteer.road_words:
                return True
            if not (_capitalised(token) or token.text in _DASHES or token.lower_ in ("and", ",")):
                return False
        return False


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _lists(text: str, names: list[_Name]) -> list[list[_Name]]:
    """The names grouped into runs joined by commas and "and" ("Almaty, Aktobe and Atyrau"), in text order."""
    runs: list[list[_Name]] = []
    for name in names:
        if runs and text[runs[-1][-1][0].end_char : name[0].start_char].strip().lower() in _LIST_JOINS:
            runs[-1].append(name)
        else:
            runs.append([name])
    return runs


def _words_before(doc: Doc, span: Span, n: int) -> tuple[str, ...]:
    """The lower-cased words right before ``span``: ``n`` of them, or all there are."""
    return tuple(doc[i].lower_ for i in range(max(0, span.start - n), span.start))


def _is_region_list(doc: Doc, run: list[_Name], before: tuple[str, ...]) -> bool:
    if before in _REGIONS_OF:
        return True
    last = run[-1][0]
    if last.end < len(doc) and doc[last.end].lower_ in _REGION_PLURALS:
        return True
    return len(run) > 1 and any(reading.region_only for _, reading in run)


def _read(doc: Doc, span: Span, reading: _Readings, *, region_list: bool, city_list: bool) -> Span | None:
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    if after in _REGION_WORDS and (reading.region or reading.city):
        return linked_span(Span(doc, span.start, span.end + 1), "REGION", reading.region or reading.city)
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
