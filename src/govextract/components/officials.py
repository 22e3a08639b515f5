"""``govextract_officials``: people in public office (OFFICIAL spans) and their titles (TITLE spans).

A person is an official when a title of ``patterns/titles.json`` stands next to their name, before it ("Minister
of Healthcare Aleksey Tsoy") or after it as an apposition ("Aleksey Tsoy, Minister of Healthcare"), or when the
name is in the officials gazetteer ``patterns/officials.json``. Their later mentions are linked to them: the
surname alone ("Tsoy noted"), initials ("A. Tsoy") and spellings ("Tsoi"), by :func:`same_name`. A title that
stands for its holder ("the Head of State") is a mention of whoever held it on the document's date, when the
gazetteer knows. Doctors, patients and business people have no title of the lexicon and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from govextract.components.spans import (
    SPANS_KEY,
    linked_span,
    mention_of,
    phrase_matcher,
    register_extensions,
    set_value,
    surface,
)
from govextract.records import Official, Role
from govextract.resources import Patterns, load_patterns

SAME_NAME = 92
"""rapidfuzz ratio (0-100) of two transliteration-folded names from which they are one name. Folding makes most
variants identical (Tsoy/Tsoi, Aleksey/Alexei, Tokayev/Tokaev); the ratio absorbs the rest (Smailov/Smaiylov, 93)
while one changed or added letter in a short name stays apart (Tsoy/Toy 86, Mamin/Mamina 91, Omarov/Umarov 83):
tests/components/test_officials.py."""

_INITIAL = re.compile(r"(?:[A-Z][a-z]?\.)+")
_GLUED_INITIAL = re.compile(r"((?:[A-Z][a-z]?\.)+)\s*([A-Z][\w'-]+)")
_PATRONYMIC = re.compile(r"\w+(?:ovich|evich|ovna|evna|ich|uly|kyzy|qyzy)$", re.IGNORECASE)
_RUSSIAN_PATRONYMIC = re.compile(r"\w+(?:ovich|evich|ovna|evna)$", re.IGNORECASE)
# How Kazakh and Russian surnames end: tells "Nurzhigitov Nurzhan" (surname first) and "Nursultan Nazarbayev"
# (a given name that is also an old name of the capital) from a place.
SURNAME = re.compile(r"\w+(?:ov|ova|ev|eva|yev|yeva|in|ina|uly|kyzy|enko|sky|skiy)$", re.IGNORECASE)
# Spelling variants of one Kazakh or Russian name in English releases, folded before names are compared.
_FOLDS = (
    ("-", " "),
    ("x", "ks"),
    ("ye", "e"),
    ("yi", "i"),
    ("iy", "i"),
    ("y", "i"),
    ("zh", "j"),
    ("kh", "h"),
    ("ss", "s"),
)
_SLOTS = ("{ORG}", "{ORG_SHORT}", "{BODY}", "{REGION}", "{PLACE}", "{COUNTRY}")
_REGION_WORDS = ("region", "oblast")
_PATTERN_WINDOW = 12  # tokens: the longest token pattern of titles.json fits
_BODY_KINDS = {"department", "directorate", "division", "administration", "office", "committee", "service"}
# Capitalised words that never start or continue a name next to a title.
_NOT_NAMES = {"The", "Government", "Ministry", "Republic"}


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """A name lower-cased with the spellings transliteration varies folded together ("Alexei" ~ "aleksei")."""
    folded = name.lower()
    for variant, common in _FOLDS:
        folded = folded.replace(variant, common)
    return folded


def same_name(a: str, b: str) -> bool:
    return fuzz.ratio(fold(a), fold(b)) >= SAME_NAME


@dataclass
class _Title:
    role: Role
    organization: str | None
    region_iso: str | None
    reference: bool


@dataclass
class _Person:
    """One official of the document, as the mentions found so far describe them."""

    surname: str
    given_name: str | None = None
    patronymic: str | None = None
    canonical: dict[str, Any] | None = None
    titles: list[Span] = field(default_factory=list)  # every title written next to the person
    info: _Title | None = None  # what the first of them says
    mentions: list[Span] = field(default_factory=list)  # written names
    references: list[Span] = field(default_factory=list)  # titles standing for the person: "the Head of State"

    def known_as(self, given: str | None, patronymic: str | None) -> bool:
        """Named by given name and patronymic ("Aidarbek Seypellovich")."""
        mine = self.patronymic or (self.canonical or {}).get("patronymic")
        return bool(given and patronymic and self.given_name and mine) and (
            same_name(given, self.given_name) and same_name(patronymic, mine)  # type: ignore[arg-type]
        )

    def matches(self, given: str | None, surname: str) -> bool:
        if not same_name(surname, self.surname):
            return False
        if given is None or self.given_name is None:
            return True
        if _INITIAL.fullmatch(given):  # "A." matches any given name starting with A
            return fold(self.given_name).startswith(fold(given[0]))
        return same_name(given, self.given_name)


class TitleLexicon:
    """Every written form of every title of ``titles.json``, placeholders filled from the gazetteers."""

    def __init__(self, patterns: Patterns) -> None:
        lexicon = patterns["titles.json"]
        organizations = lexicon["organizations"]
        regions = patterns["regions.json"]["regions"]
        region_names: dict[str, str] = {}
        for region in regions:
            for name in [region["name"], *region["names"], *(f["name"] for f in region["former_names"])]:
                for form in (name, f"{name} region", f"{name} oblast", f"{name} city"):
                    region_names.setdefault(form, region["iso_code"])
        fills: dict[str, dict[str, tuple[str | None, str | None]]] = {
            "{ORG}": {w: (o["name"], None) for o in organizations for w in o.get("minister_of", [])},
            "{ORG_SHORT}": {w: (o["name"], None) for o in organizations for w in o.get("short", [])},
            "{BODY}": {
                w: (o["name"], None)
                for o in organizations
                for name in (o["name"], *o.get("aliases", []))
                for w in (name, f"the {name}")
            },
            "{REGION}": {name: (None, iso) for name, iso in region_names.items()},
            "{PLACE}": {
                p: (None, place["region_iso"]) for place in patterns["places.json"]["places"] for p in place["names"]
            },
            "{COUNTRY}": {country: (None, None) for country in lexicon["countries"]},
        }
        self.forms: dict[str, _Title] = {}
        for entry in lexicon["titles"]:
            pattern: str = entry["pattern"]
            slot = next((s for s in _SLOTS if s in pattern), None)
            fillers = fills[slot] if slot else {"": (None, None)}
            for filler, (organization, region_iso) in fillers.items():
                text = pattern.replace(slot, filler) if slot else pattern
                info = _Title(
                    Role(entry["role"]),
                    entry.get("organization") or organization,
                    region_iso,
                    bool(entry.get("reference")),
                )
                for form in {text, text.replace(" - ", " – ")}:
                    self.forms.setdefault(form.lower(), info)
        self.suffixes = [s.lower().split() for s in lexicon["suffixes"]]
        self.token_patterns: list[dict[str, Any]] = lexicon["token_patterns"]
        self.plurals = {
            word.lower(): _Title(Role(role), None, None, False) for word, role in lexicon["plural_titles"].items()
        }
        self.token_info = [
            _Title(Role(entry["role"]), entry.get("organization"), None, False) for entry in self.token_patterns
        ]
        # spaCy splits the possessive: "Kazakhstan's" is two tokens
        self.prefixes = [s.lower().replace("'s", " 's").split() for s in lexicon["prefixes"]]


class OfficialRecognizer:
    def __init__(self, nlp: Language, name: str, patterns: Patterns) -> None:
        self.name = name
        self.titles = TitleLexicon(patterns)
        self.title_matcher = phrase_matcher(nlp, self.titles.forms)
        # Titles that name a body in free words ("head of the regional health department"): token patterns.
        self.pattern_matcher = Matcher(nlp.vocab)
        strings = nlp.vocab.strings
        self.pattern_heads = np.array(
            [strings.add(entry["tokens"][0]["LOWER"]) for entry in self.titles.token_patterns], dtype=np.uint64
        )
        self.plural_words = np.array([strings.add(w.split()[-1]) for w in self.titles.plurals], dtype=np.uint64)
        for i, entry in enumerate(self.titles.token_patterns):
            self.pattern_matcher.add(str(i), [entry["tokens"]])
        self.officials: list[dict[str, Any]] = patterns["officials.json"]["officials"]
        self.surnames = [fold(official["surname"]) for official in self.officials]
        self.name_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for i, official in enumerate(self.officials):
            # A bare surname finds nobody on its own ("Omarov" may be a doctor): it only links to a person
            # already found with a title or a full name.
            forms = {f for f in (official["canonical_name"], *official["variants"]) if " " in f or "." in f}
            self.name_matcher.add(str(i), list(nlp.tokenizer.pipe(forms)))
        register_extensions()

    # ---- the pass over a document ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        found = [doc[s:e] for _, s, e in self.title_matcher(doc)]
        # What the token-pattern titles of this document say, by their text (the lexicon's forms stay as loaded).
        matched: dict[str, _Title] = {}
        for match_id, start, end in self._token_pattern_matches(doc):
            span = doc[start:end]
            matched[surface(span).lower()] = self.titles.token_info[int(doc.vocab.strings[match_id])]
            found.append(span)
        titles = _joined([self._with_suffix(doc, t) for t in filter_spans(found)])
        info_of = {title.start: self._info(title, matched) for title in titles}
        # Tokens no name may take: title words, and regions and places ("the city of Nur-Sultan, the minister").
        not_names = {i for title in titles for i in range(title.start, title.end)}
        not_names |= {
            i
            for span in doc.spans.get(SPANS_KEY, [])
            if span.label_ in ("REGION", "PLACE")
            for i in range(span.start, span.end)
        }
        people: list[_Person] = []
        taken: set[int] = set()  # tokens already part of a name

        def add(
            name: Span, title: Span | None, canonical: dict[str, Any] | None = None, role: _Title | None = None
        ) -> None:
            if any(i in taken for i in range(name.start, name.end)):
                return
            given, surname, patronymic = _parts(name, canonical)
            if not surname:  # given name and patronymic: "Aidarbek Seypellovich", someone already found
                person = next((p for p in people if p.known_as(given, patronymic)), None)
                if person is not None:
                    person.mentions.append(name)
                    taken.update(range(name.start, name.end))
                return
            person = next((p for p in people if p.matches(given, surname)), None)
            if person is None:
                person = _Person(surname=surname)
                people.append(person)
            person.given_name = person.given_name or (None if given and _INITIAL.fullmatch(given) else given)
            person.patronymic = person.patronymic or patronymic
            person.canonical = person.canonical or canonical or self._known(person)
            if title is not None:
                person.titles.append(title)
                if person.info is None:
                    person.info = info_of[title.start]
            person.info = person.info or role
            person.mentions.append(name)
            taken.update(range(name.start, name.end))

        # "Minister X" binds tighter than an apposition "X, Minister" or an appointment "X was appointed Minister",
        # which bind tighter than "the Minister, X" (in "A, Minister of ..., B, Minister of ..." each title
        # belongs to the name before it); "By decree of the Head of State, X was appointed ..." is no "Title, X".
        bound: set[int] = set()
        for title in titles:
            for name in (_name_after(doc, title, not_names, comma=False), _name_before(doc, title, not_names)):
                if name is not None and not any(i in taken for i in range(name.start, name.end)):
                    add(name, title)
                    bound.add(title.start)
                    break
        for at, role in self._plural_titles(doc):
            for name in _names_listed(doc, at, not_names):
                add(name, None, role=role)
        for title in titles:
            name = _name_after(doc, title, not_names)
            if title.start in bound or info_of[title.start].reference or name is None:
                continue
            if not any(i in taken for i in range(name.start, name.end)):
                add(name, title)
        for match_id, start, end in sorted(self.name_matcher(doc), key=lambda m: (m[1], -m[2])):
            add(doc[start:end], None, self.officials[int(doc.vocab.strings[match_id])])
        if people:  # the surname alone, after a first mention: a capitalised word, compared folded
            surnames = [fold(person.surname) for person in people]
            rows = doc.to_array([IS_TITLE, IS_ALPHA, ORTH])
            orths = rows[:, 2].tolist()
            words = doc.vocab.strings
            capitalised = (rows[:, 0] & rows[:, 1]).nonzero()[0].tolist()
            following = set(capitalised)
            for i in capitalised:
                if i in taken:
                    continue
                if i + 1 in following and i + 1 not in taken and _RUSSIAN_PATRONYMIC.fullmatch(words[orths[i + 1]]):
                    add(doc[i : i + 2], None)  # "Aidarbek Seypellovich"
                    if i in taken:
                        continue
                best = process.extractOne(fold(words[orths[i]]), surnames, scorer=fuzz.ratio, score_cutoff=SAME_NAME)
                if best is not None:
                    person = people[best[2]]
                    # with the given name before it when written so: "Yermek Kosherbayev" after "Kosherbayev
                    # Yermek Bedelbayevich"
                    given = i - 1 if i > 0 and i - 1 in following and i - 1 not in taken else i
                    if given < i and person.given_name is None:
                        person.given_name = words[orths[given]]  # first met by surname alone
                    elif given < i and not same_name(words[orths[given]], person.given_name or ""):
                        given = i
                    person.mentions.append(doc[given : i + 1])
                    taken.update(range(given, i + 1))
        self._references(doc, titles, info_of, people, taken, not_names)
        group = doc.spans.setdefault(SPANS_KEY, [])
        for person in people:
            for span in self._spans(doc, person):
                group.append(span)
        return doc

    def _plural_titles(self, doc: Doc) -> list[tuple[int, _Title]]:
        """Where a plural title names several people at once ("the akims of Ulytau and Karaganda regions, Berik
        Abdygaliuly and Zhenis Kassymbek"): the token index of the title word and what it says."""
        found = []
        for i in self._tokens_in(doc, self.plural_words):
            two_words = f"{doc[i - 1].lower_} {doc[i].lower_}" if i > 0 else ""  # "vice ministers"
            found.append((i, self.titles.plurals.get(two_words) or self.titles.plurals[doc[i].lower_]))
        return found

    def _token_pattern_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The token patterns' matches, the Matcher run only on a window after each pattern's first word: over
        the whole text its open-ended patterns cost more than the rest of the component."""
        matches: list[tuple[int, int, int]] = []
        for i in self._tokens_in(doc, self.pattern_heads):
            window = doc[i : i + _PATTERN_WINDOW]
            matches += [(m, window.start + s, window.start + e) for m, s, e in self.pattern_matcher(window) if s == 0]
        return matches

    @staticmethod
    def _tokens_in(doc: Doc, words: np.ndarray) -> list[int]:
        """Indices of the tokens whose lower-case form is one of ``words`` (their string hashes)."""
        return np.flatnonzero(np.isin(doc.to_array(LOWER), words)).tolist()

    def _with_suffix(self, doc: Doc, title: Span) -> Span:
        """The title with a qualifier that may follow any title (Minister of Healthcare of Kazakhstan), an
        adjective that may precede it (Kazakhstan's Minister of Foreign Affairs) and the region that owns it
        (Mangistau region's governor)."""
        preceding = doc[title.start - 1].lower_ if title.start > 0 else ""
        for words in self.titles.prefixes:
            start = title.start - len(words)
            if preceding == words[-1] and start >= 0 and [t.lower_ for t in doc[start : title.start]] == words:
                title = doc[start : title.end]
                break
        if title.start >= 2 and doc[title.start - 1].lower_ == "'s" and doc[title.start - 2].lower_ in _REGION_WORDS:
            owner = title.start - 2
            while owner > 0 and doc[owner - 1].text[:1].isupper():
                owner -= 1
            title = doc[owner : title.end]
        title = _continued(doc, title)
        following = doc[title.end].lower_ if title.end < len(doc) else ""
        for words in self.titles.suffixes:
            end = title.end + len(words)
            if following == words[0] and end <= len(doc) and [t.lower_ for t in doc[title.end : end]] == words:
                return doc[title.start : end]
        return title

    def _info(self, title: Span, matched: dict[str, _Title]) -> _Title:
        """What a title says: the entry of the lexicon or of this document's token-pattern ``matched`` for its
        longest known part, the whole title first (a suffix, an owning region or a second title joined by a
        dash may stand around it)."""
        parts = (title[a:b] for n in range(len(title), 0, -1) for a in range(len(title) - n + 1) for b in [a + n])
        for part in parts:
            key = surface(part).lower()
            info = self.titles.forms.get(key) or matched.get(key)
            if info is not None:
                return info
        raise KeyError(title.text)

    def _references(
        self,
        doc: Doc,
        titles: list[Span],
        info_of: dict[int, _Title],
        people: list[_Person],
        taken: set[int],
        not_names: Set[int],
    ) -> None:
        """A title with no name beside it that stands for a person: "the minister" for the minister the document
        names (the nearest, the one before preferred), "the Head of State" for whoever held the office on the
        document's date."""
        published = doc._.published
        for title in titles:
            info = info_of[title.start]
            if any(i in taken for i in range(title.start, title.end)) or any(title in p.titles for p in people):
                continue
            after_the = title.start > 0 and doc[title.start - 1].lower_ == "the"
            # "the minister"; a title that stands for its holder may also go without "the" ("President said")
            # "By decree of the Head of State, X was appointed": after a comma, a name ends no reference
            named_after = _name_after(doc, title, not_names, comma=not info.reference)
            if named_after is not None or not (after_the or (info.reference and title[0].is_title)):
                continue
            if [t.lower_ for t in doc[title.end : title.end + 3]] == ["and", "the", "government"]:
                continue  # the institution: "the events of the Prime Minister and the Government"
            roles = {id(p): self._role(p, published) for p in people}
            named = [p for p in people if roles[id(p)] == info.role and p.mentions]
            if info.region_iso is not None:
                named = [p for p in named if p.info is None or p.info.region_iso in (None, info.region_iso)]
            if named:
                nearest = min(
                    named, key=lambda p: (p.mentions[0].start > title.start, abs(p.mentions[0].start - title.start))
                )
                nearest.references.append(title)
                continue
            holder = self._holder(info.role, published) if info.reference and published is not None else None
            if holder is None:
                continue
            person = next((p for p in people if p.canonical is holder), None) or next(
                (p for p in people if p.matches(holder["given_name"], holder["surname"])), None
            )
            if person is None:
                person = _Person(surname=holder["surname"], given_name=holder["given_name"], canonical=holder)
                person.info = info
                people.append(person)
            person.references.append(title)

    def _role(self, person: _Person, on: date | None) -> Role | None:
        """The person's role by their title, else by the gazetteer's office held on the document's date."""
        if person.info is not None:
            return person.info.role
        for office in (person.canonical or {}).get("offices", []):
            if on is not None and _held(office, on):
                return Role(office["role"])
        return None

    def _holder(self, role: Role, on: date) -> dict[str, Any] | None:
        for official in self.officials:
            for office in official["offices"]:
                if office["role"] == role.value and _held(office, on):
                    return official
        return None

    def _known(self, person: _Person) -> dict[str, Any] | None:
        """The gazetteer's entry for a person: their surname found among the folded surnames, then the given name."""
        hits = process.extract(
            fold(person.surname), self.surnames, scorer=fuzz.ratio, score_cutoff=SAME_NAME, limit=None
        )
        for _, _, i in hits:
            official = self.officials[i]
            if person.matches(official["given_name"], official["surname"]):
                return official
        return None

    def _spans(self, doc: Doc, person: _Person) -> list[Span]:
        fullest = (
            max(person.mentions, key=lambda m: m.end_char - m.start_char) if person.mentions else person.references[0]
        )
        canonical = person.canonical
        info = person.info
        record = Official(
            name=surface(fullest) if person.mentions else (canonical or {}).get("canonical_name", surface(fullest)),
            canonical_name=canonical["canonical_name"] if canonical else None,
            surname=canonical["surname"] if canonical else person.surname,
            given_name=canonical["given_name"] if canonical else person.given_name,
            patronymic=(canonical or {}).get("patronymic") or person.patronymic,
            title=_title_text(person),
            role=info.role if info else Role.other,
            organization=info.organization if info else None,
            region_iso=info.region_iso if info else None,
            mentions=[mention_of(fullest)],
        )
        mentions = sorted(person.mentions + person.references, key=lambda m: m.start)
        spans = [linked_span(mention, "OFFICIAL", record) for mention in mentions]
        for written in person.titles:
            title = Span(doc, written.start, written.end, label="TITLE")
            set_value(title, mention_of(written))
            spans.append(title)
        return spans


def _continued(doc: Doc, title: Span) -> Span:
    """A title with the capitalised name of its field after "for" ("Assistant to the President for International
    Affairs"), or of its body after "of" or "on" when the title ends in a body's kind ("head of the capital's
    Department of Architecture, Urban Planning and Land Relations", "Chairman of the Mazhilis Committee on
    Foreign Affairs, Defence and Security"). The run must end the phrase: capitalised words before
    another word may be the person's name."""
    end = title.end
    if end + 1 >= len(doc) or not doc[end + 1].is_title:
        return title
    if not (doc[end].lower_ == "for" or (doc[end].lower_ in ("of", "on") and doc[end - 1].lower_ in _BODY_KINDS)):
        return title
    stop = end + 1
    while stop < len(doc) and (
        doc[stop].is_title or (doc[stop].lower_ in ("and", ",") and stop + 1 < len(doc) and doc[stop + 1].is_title)
    ):
        stop += 1
    ends_phrase = stop == len(doc) or not doc[stop].is_alpha or doc[stop].is_lower
    return doc[title.start : stop] if ends_phrase and stop - end <= 8 else title


def _joined(titles: list[Span]) -> list[Span]:
    """Titles written as one with a dash between them ("Vice Minister of Healthcare – Chief State Sanitary
    Doctor") become one title."""
    joined: list[Span] = []
    for title in titles:
        if joined and title.start == joined[-1].end + 1 and title.doc[title.start - 1].text in ("-", "–", "—"):
            joined[-1] = title.doc[joined[-1].start : title.end]
        else:
            joined.append(title)
    return joined


def _title_text(person: _Person) -> str | None:
    """As written next to the person; for a person only referred to ("the Head of State"), the reference."""
    if person.titles:
        fullest = max(person.mentions, key=lambda m: m.end_char - m.start_char, default=None)
        first_full = min(
            (m for m in person.mentions if fullest is not None and surface(m) == surface(fullest)),
            key=lambda m: m.start,
            default=person.titles[0],
        )
        return surface(min(person.titles, key=lambda t: abs(t.start - first_full.start)))
    return surface(person.references[0]) if person.references and not person.mentions else None


def _held(office: dict[str, Any], on: date) -> bool:
    start = date.fromisoformat(office["from"]) if office.get("from") else date.min
    end = date.fromisoformat(office["to"]) if office.get("to") else date.max
    return start <= on < end and not (office.get("ended") and office.get("to") is None)


def _is_name_token(token: Token, not_names: Set[int]) -> bool:
    if token.i in not_names:  # "Head of State, Prime Minister Olzhas Bektenov": title words are no name
        return False
    if token.is_upper and len(token) > 2:  # a dateline or an acronym: "ASTANA. KAZINFORM –"
        return False
    text = token.text
    if text in _NOT_NAMES or not text[:1].isupper():
        return False
    return token.is_alpha or bool(_INITIAL.fullmatch(text)) or bool(_GLUED_INITIAL.fullmatch(text))


def _name_at(doc: Doc, start: int, step: int, not_names: Set[int]) -> Span | None:
    """The longest run of name tokens (words, initials, hyphen-joined parts) from ``start`` going ``step``."""
    end = start
    i = start
    while 0 <= i < len(doc) and (end - start) * step < 6:  # "Kassym - Jomart Kemelevich Tokayev"
        if _is_name_token(doc[i], not_names):
            end = i + step
            i += step
        elif (
            doc[i].text in ("-", "–")
            and not doc[i].whitespace_  # "Kassym-Jomart", not "KAZINFORM – Nurlan"
            and 0 <= i + step < len(doc)
            and _is_name_token(doc[i + step], not_names)
            and end != start
        ):
            i += step
        else:
            break
    if end == start:
        return None
    low, high = (start, end) if step > 0 else (end + 1, start + 1)
    return doc[low:high]


def _names_listed(doc: Doc, at: int, not_names: Set[int]) -> list[Span]:
    """The names listed right after a plural title at ``at`` ("Vice Ministers X, Y and Z") or after the comma
    that closes it ("the akims of A and B regions, X and Y")."""
    comma = next((i for i in range(at + 1, min(at + 10, len(doc))) if doc[i].text == ","), None)
    names: list[Span] = []
    i = at + 1 if _name_at(doc, at + 1, 1, not_names) is not None else comma + 1 if comma is not None else len(doc)
    while i < len(doc) and (name := _name_at(doc, i, 1, not_names)) is not None:
        names.append(name)
        i = name.end
        if i < len(doc) and doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ == "and":
            i += 2
        elif i < len(doc) and doc[i].lower_ in ("and", ","):
            i += 1
        else:
            break
    return names if len(names) > 1 else []


def _name_after(doc: Doc, title: Span, not_names: Set[int], comma: bool = True) -> Span | None:
    """The name right after a title (Minister of Healthcare Aleksey Tsoy); with ``comma``, also after a comma
    (the Head of the Presidential Administration, Murat Nurtleu)."""
    start = title.end + 1 if comma and title.end < len(doc) and doc[title.end].text == "," else title.end
    return _name_at(doc, start, 1, not_names) if start < len(doc) else None


# Words between a name and the title it takes: "Darkhan Satybaldy was appointed akim of Turkestan region",
# "Yerlan Koshanov re-elected Chairman of the Mazhilis".
_APPOINTED = {
    "was",
    "has",
    "been",
    "is",
    "then",
    "appointed",
    "as",
    "became",
    "named",
    "elected",
    "the",
    "new",
    "re",
    "-",
}
_APPOINTED |= {"to", "post", "position", "of", "relieved", "dismissed", "from"}  # "appointed to the post of"
_APPOINTING = {"appointed", "became", "named", "elected", "relieved", "dismissed"}
# Words between an apposition's comma (or dash) and its title: "X, who previously served as Minister of ...",
# "X, until now Minister of ...", "X, a former Mazhilis deputy", "X – akim of Mangistau region –".
_APPOSITION = {"who", "previously", "served", "as", "until", "now", "a", "former", "the", "currently", "since"}
_APPOSITION |= _APPOINTED  # "X, who has been relieved of the post of Minister of ..."
_SEPARATORS = {",", "-", "–", "—", "("}  # "(": "Aleksey Tsoy (Minister of Healthcare) said"


def _name_before(doc: Doc, title: Span, not_names: Set[int]) -> Span | None:
    """The name before a title: an apposition (Aleksey Tsoy, Minister of Healthcare) or an appointment
    (Darkhan Satybaldy was appointed akim of Turkestan region)."""
    start = title.start
    while start > 0 and doc[start - 1].lower_ in _APPOSITION and title.start - start < 8:
        start -= 1
    if start >= 2 and doc[start - 1].text in _SEPARATORS:
        return _name_at(doc, start - 2, -1, not_names)  # "U. Shukeyev, the governor of Turkestan region"
    start = title.start
    while start > 0 and doc[start - 1].lower_ in _APPOINTED:
        start -= 1
    if 0 < start < title.start and _APPOINTING & {t.lower_ for t in doc[start : title.start]}:
        return _name_at(doc, start - 1, -1, not_names)
    return None


def _parts(name: Span, canonical: dict[str, Any] | None) -> tuple[str | None, str, str | None]:
    """Given name, surname and patronymic of a written name."""
    # Hyphen-joined parts are one word: "Kassym-Jomart".
    words = re.sub(r"\s*[-–]\s*", "-", surface(name)).split()
    if len(words) == 1 and (glued := _GLUED_INITIAL.fullmatch(words[0])):
        return glued[1], glued[2], None
    if canonical is not None and len(words) > 1:
        surname = next((w for w in words if same_name(w, canonical["surname"])), words[-1])
        given = next((w for w in words if w != surname), None)
        return given, surname, None
    if len(words) == 1:
        return None, words[0], None
    # "-uly"/"-kyzy" end Kazakh patronymics and surnames alike: "Berik Abdygaliuly" is given name and surname,
    # so a two-word name takes only a Russian-style patronymic ("Aidarbek Seypellovich").
    patronymic = next(
        (w for w in words[1:] if _PATRONYMIC.fullmatch(w) and (len(words) > 2 or _RUSSIAN_PATRONYMIC.fullmatch(w))),
        None,
    )
    rest = [w for w in words if w != patronymic]
    if len(rest) == 1 and patronymic:  # "Aidarbek Seypellovich": no surname written
        return rest[0], "", patronymic
    # Surname first ("Nurzhigitov Nurzhan") when only the first word looks like a surname.
    if len(rest) == 2 and SURNAME.fullmatch(rest[0]) and not SURNAME.fullmatch(rest[1]):
        return rest[1], rest[0], patronymic
    return " ".join(rest[:-1]) or None, rest[-1], patronymic


@Language.factory("govextract_officials", default_config={"patterns": None})
def make_officials(nlp: Language, name: str, patterns: str | None) -> OfficialRecognizer:
    """``patterns``: a folder of pattern files merged over the defaults (docs/pipeline.md), or None."""
    return OfficialRecognizer(nlp, name, load_patterns(patterns))
