"""``govextract_officials``: people in public office (OFFICIAL spans) and their titles (TITLE spans).

A person is an official when a title of ``patterns/titles.json`` stands next to their name, before it ("Minister
of Healthcare Aleksey Tsoy") or after it as an apposition ("Aleksey Tsoy, Minister of Healthcare"), or when the
name is in the officials gazetteer ``patterns/officials.json``. Their later mentions are linked to them: the
surname alone ("Tsoy noted"), initials ("A. Tsoy") and spellings ("Tsoi"), by :func:`same_name`. A title that
stands for its holder ("the Head of State") is a mention of whoever held it on the document's date, when the
gazetteer knows. Doctors, patients and business people have no title of the lexicon and are left alone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy
from rapidfuzz import fuzz, process
from spacy.attrs import IDX, IS_ALPHA, IS_TITLE, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from govextract.components.spans import (
    add_spans,
    facts,
    linked_span,
    longest_first,
    mention_of,
    model_hints,
    phrase_matcher,
    register_extensions,
    set_value,
    text_of,
)
from govextract.records import Mention, Official, Role
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
_BODY_KINDS = {"department", "directorate", "division", "administration", "office", "committee", "service", "board"}
# Capitalised words that never start or continue a name next to a title.
_NOT_NAMES = {"The", "In", "On", "By", "Government", "Ministry", "Republic"}
# Days and months are capitalised too: "On Monday, the President ...", "In April, Health Minister ..."
_NOT_NAMES |= {*calendar.day_name, *calendar.month_name[1:]}
# The keys of the component's PhraseMatcher besides the officials' names.
_TITLE, _PATTERN_START, _PLURAL = "TITLE", "PATTERN_START", "PLURAL"
_MAX_WORDS = 1 << 16  # strings whose attributes the component keeps (~250 bytes each)
_PLACEHOLDER = Mention(text="", start=0, end=0)  # a record's mention until linked_span gives it a span's


Range = tuple[int, int]
"""Token indices [start, end) of a title or a name: spaCy Spans are built only for what the component emits."""


def _extent(token_range: Range) -> Range:
    return token_range


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """A name lower-cased with the spellings transliteration varies folded together ("Alexei" ~ "aleksei")."""
    folded = name.lower()
    for variant, common in _FOLDS:
        folded = folded.replace(variant, common)
    return folded


@lru_cache(maxsize=1 << 16)
def same_name(a: str, b: str) -> bool:
    return fuzz.ratio(fold(a), fold(b)) >= SAME_NAME


@dataclass
class _Title:
    role: Role
    organization: str | None
    region_iso: str | None
    reference: bool


_UNKNOWN_TITLE = _Title(Role.other, None, None, False)


@dataclass
class _Person:
    """One official of the document, as the mentions found so far describe them."""

    surname: str
    given_name: str | None = None
    patronymic: str | None = None
    canonical: dict[str, Any] | None = None
    titles: list[Range] = field(default_factory=list)  # every title written next to the person
    info: _Title | None = None  # what the first of them says
    mentions: list[Range] = field(default_factory=list)  # written names
    references: list[Range] = field(default_factory=list)  # titles standing for the person: "the Head of State"

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
        # by their first word, in the lexicon's order (the first that fits is taken)
        self.suffixes: dict[str, list[list[str]]] = {}
        for suffix in lexicon["suffixes"]:  # "of {COUNTRY}": a foreign official's "Minister of Trade of Türkiye"
            for filled in (
                [suffix.replace("{COUNTRY}", c) for c in fills["{COUNTRY}"]] if "{COUNTRY}" in suffix else [suffix]
            ):
                words = filled.lower().split()
                self.suffixes.setdefault(words[0], []).append(words)
        self.token_patterns: list[dict[str, Any]] = lexicon["token_patterns"]
        self.plurals = {
            word.lower(): _Title(Role(role), None, None, False) for word, role in lexicon["plural_titles"].items()
        }
        self.token_info = [
            _Title(Role(entry["role"]), entry.get("organization"), None, False) for entry in self.token_patterns
        ]
        # by their last word, in the lexicon's order; spaCy splits the possessive: "Kazakhstan's" is two tokens
        self.prefixes: dict[str, list[list[str]]] = {}
        self.foreign = {prefix.lower() for prefix in lexicon["foreign_prefixes"]}
        for prefix in [*lexicon["prefixes"], *lexicon["foreign_prefixes"]]:
            words = prefix.lower().replace("'s", " 's").split()
            self.prefixes.setdefault(words[-1], []).append(words)


@dataclass(slots=True)
class Word:
    """What the rules read of a token's string, worked out once per string (spaCy's lexeme attributes)."""

    text: str
    lower: str
    is_title: bool
    is_alpha: bool
    is_lower: bool
    name_like: bool  # may be part of a name: a capitalised word, an initial ("A.") or one glued to a name ("A.Tsoy")
    folded: str  # ``fold(text)``: compared with the people's surnames
    patronymic: bool  # a Russian-style patronymic ("Seypellovich")


class Lexicon(dict[int, Word]):
    """The ``Word`` of each string by its hash, made when first met."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, orth: int) -> Word:
        if len(self) > _MAX_WORDS:  # it would grow with spaCy's vocabulary over a long stream
            self.clear()
        lexeme = self.vocab[orth]
        text = lexeme.orth_
        name_like = (
            text[:1].isupper()
            and text not in _NOT_NAMES
            and not (lexeme.is_upper and len(text) > 2)  # a dateline or an acronym: "ASTANA. KAZINFORM –"
            and (lexeme.is_alpha or bool(_INITIAL.fullmatch(text)) or bool(_GLUED_INITIAL.fullmatch(text)))
        )
        word = self[orth] = Word(
            text,
            lexeme.lower_,
            lexeme.is_title,
            lexeme.is_alpha,
            lexeme.is_lower,
            name_like,
            fold(text),
            bool(_RUSSIAN_PATRONYMIC.fullmatch(text)),
        )
        return word


class _Tokens:
    """A document's tokens as plain lists, read from spaCy once; ``tokens[i]`` is the ``Word`` of token ``i``.

    The rules look at a few hundred tokens per document, and a spaCy Token (or Span) object built for each look
    cost more than the rules themselves. What looks at every token runs in spaCy's ``to_array``; a ``Word`` is
    looked up only when a rule reads it (a pass in Python over every token cost more than it saved)."""

    def __init__(self, doc: Doc, lexicon: Lexicon, capitalised_flag: int) -> None:
        self.doc = doc
        self.text = text_of(doc)
        if doc.vocab is lexicon.vocab:
            self.lexicon = lexicon
            rows = doc.to_array([ORTH, IDX, capitalised_flag])
            capitalised = rows[:, 2]
        else:  # a Doc of another vocabulary: neither the flag nor the cached strings are its own
            self.lexicon = Lexicon(doc.vocab)
            rows = doc.to_array([ORTH, IDX, IS_TITLE, IS_ALPHA])
            capitalised = rows[:, 2] & rows[:, 3]
        self.orths: list[int] = rows[:, 0].tolist()
        self.starts: list[int] = rows[:, 1].tolist()  # character offsets
        # capitalised words of letters, which may be a surname standing alone
        self.capitalised: list[int] = capitalised.nonzero()[0].tolist()

    def __len__(self) -> int:
        return len(self.orths)

    def __getitem__(self, i: int) -> Word:
        return self.lexicon[self.orths[i]]

    def end_char(self, i: int) -> int:
        return self.starts[i] + len(self[i].text)

    def surface(self, tokens: Range) -> str:
        return self.text[self.starts[tokens[0]] : self.end_char(tokens[1] - 1)]

    def width(self, tokens: Range) -> int:
        """Length in characters."""
        return self.end_char(tokens[1] - 1) - self.starts[tokens[0]]

    def words(self, indices: list[int]) -> list[Word]:
        lexicon = self.lexicon
        orths = self.orths
        return [lexicon[orths[i]] for i in indices]

    def lowers(self, start: int, end: int) -> list[str]:
        lexicon = self.lexicon
        return [lexicon[orth].lower for orth in self.orths[start:end]]

    def spaced(self, i: int) -> bool:
        """Whitespace follows token ``i`` (spaCy's ``whitespace_``: the text between two tokens is exactly it)."""
        following = self.starts[i + 1] if i + 1 < len(self.orths) else len(self.text)
        return self.end_char(i) < following

    def span(self, tokens: Range, label: str = "") -> Span:
        return Span(self.doc, tokens[0], tokens[1], label=label)


class OfficialRecognizer:
    def __init__(self, nlp: Language, name: str, patterns: Patterns) -> None:
        self.name = name
        self.titles = TitleLexicon(patterns)
        strings = nlp.vocab.strings
        self.officials: list[dict[str, Any]] = patterns["officials.json"]["officials"]
        self.surnames = [fold(official["surname"]) for official in self.officials]
        # One PhraseMatcher pass finds the titles, the fixed first words of the token patterns, the plural
        # titles' words and the gazetteer's names: each pass over a document's tokens costs about as much as another.
        self.matcher = phrase_matcher(nlp, self.titles.forms, key=_TITLE)
        starts = {_fixed_start(entry["tokens"]) for entry in self.titles.token_patterns}
        self.matcher.add(_PATTERN_START, [Doc(nlp.vocab, words=list(words)) for words in sorted(starts)])
        plural_words = {words.split()[-1] for words in self.titles.plurals}
        self.matcher.add(_PLURAL, [Doc(nlp.vocab, words=[word]) for word in sorted(plural_words)])
        self.official_of: dict[int, dict[str, Any]] = {}
        for i, official in enumerate(self.officials):
            # A bare surname finds nobody on its own ("Omarov" may be a doctor): it only links to a person
            # already found with a title or a full name.
            forms = {f for f in (official["canonical_name"], *official["variants"]) if " " in f or "." in f}
            self.matcher.add(f"official {i}", list(nlp.tokenizer.pipe(forms)))
            self.official_of[strings[f"official {i}"]] = official
        self.title_key, self.pattern_key, self.plural_key = (strings[k] for k in (_TITLE, _PATTERN_START, _PLURAL))
        # Titles that name a body in free words ("head of the regional health department"): token patterns.
        self.pattern_matcher = Matcher(nlp.vocab)
        self.required = [_required(entry["tokens"]) for entry in self.titles.token_patterns]
        self.token_info: dict[int, _Title] = {}
        for i, (entry, info) in enumerate(zip(self.titles.token_patterns, self.titles.token_info, strict=True)):
            self.pattern_matcher.add(str(i), [entry["tokens"]])
            self.token_info[strings[str(i)]] = info
        self.place_labels = {strings.add(label) for label in ("REGION", "PLACE")}
        self.region_label = strings.add("REGION")
        self.lexicon = Lexicon(nlp.vocab)
        # spaCy's is_title and is_alpha in one lexeme flag: to_array reads each attribute of every token
        self.capitalised_flag = nlp.vocab.add_flag(lambda string: string.istitle() and string.isalpha())
        self.known = lru_cache(maxsize=1 << 12)(self._known)
        register_extensions()

    # ---- the pass over a document ------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        tokens = _Tokens(doc, self.lexicon, self.capitalised_flag)
        hints = model_hints(doc)
        # The model's names and titles go through the same linking, title attachment and gazetteer as the rules'
        # own. "model" mode: its names and titles alone; a model OFFICIAL that is a title of the lexicon stands for
        # its holder ("the Head of State") and is resolved as the rules resolve such titles. "combined": the rules'
        # people and titles, and the model's mentions of those people (its own titles lowered the dev split's
        # value F1 from 0.920 to 0.893: a title cut short, a foreign consul; docs/transformer.md).
        rules = hints is None or hints.mode == "combined"
        model_names: list[Range] = []
        model_references: list[Range] = []
        for name in [] if hints is None else hints.ranges("OFFICIAL"):
            (model_references if tokens.surface(name).lower() in self.titles.forms else model_names).append(name)
        model_titles = [*model_references, *([] if hints is None else hints.ranges("TITLE"))]
        found: list[Range] = []
        pattern_starts: list[int] = []
        plurals: list[int] = []
        named: list[tuple[int, int, dict[str, Any]]] = []
        for key, start, end in self.matcher(doc) if rules else ():
            if key == self.title_key:
                found.append((start, end))
            elif key == self.pattern_key:
                pattern_starts.append(start)
            elif key == self.plural_key:
                plurals.append(start)
            else:
                named.append((start, end, self.official_of[key]))
        # What the token-pattern titles of this document say, by their text (the lexicon's forms stay as loaded).
        matched: dict[str, _Title] = {}
        for key, start, end in self._token_pattern_matches(doc, tokens, sorted(set(pattern_starts))):
            matched[tokens.surface((start, end)).lower()] = self.token_info[key]
            found.append((start, end))
        regions = {fact.start: fact.end for fact in facts(doc) if fact.label == self.region_label}
        if not rules:
            found += model_titles
        titles = _joined(
            tokens, [self._with_suffix(tokens, start, end, regions) for start, end in longest_first(found, _extent)]
        )
        info_of = {title[0]: self._info(tokens, title, matched) for title in titles}
        # Tokens no name may take: title words, and regions and places ("the city of Nur-Sultan, the minister").
        not_names = {i for start, end in titles for i in range(start, end)}
        not_names |= {i for fact in facts(doc) if fact.label in self.place_labels for i in range(fact.start, fact.end)}
        names_after = {title: _names_after(tokens, title, not_names) for title in titles}
        people: list[_Person] = []
        taken: set[int] = set()  # tokens already part of a name

        def free(name: Range) -> bool:
            return taken.isdisjoint(range(*name))

        def candidate(name: Range | None) -> Range | None:
            """The name the rules read beside a title; in "model" mode, the model's name there, if it has one."""
            if rules or name is None:
                return name
            return next((m for m in model_names if m[0] < name[1] and name[0] < m[1]), None)

        def add(
            name: Range, title: Range | None, canonical: dict[str, Any] | None = None, role: _Title | None = None
        ) -> None:
            if not free(name):
                return
            given, surname, patronymic = _parts(
                tokens.surface(name), None if canonical is None else canonical["surname"]
            )
            if not surname:  # given name and patronymic: "Aidarbek Seypellovich", someone already found
                person = next((p for p in people if p.known_as(given, patronymic)), None)
                if person is not None:
                    person.mentions.append(name)
                    taken.update(range(*name))
                return
            person = next((p for p in people if p.matches(given, surname)), None)
            if person is None:
                person = _Person(surname=surname)
                people.append(person)
            person.given_name = person.given_name or (None if given and _INITIAL.fullmatch(given) else given)
            person.patronymic = person.patronymic or patronymic
            person.canonical = person.canonical or canonical or self.known(person.surname, person.given_name)
            if title is not None:
                person.titles.append(title)
                if person.info is None:
                    person.info = info_of[title[0]]
            person.info = person.info or role
            person.mentions.append(name)
            taken.update(range(*name))

        # "Minister X" binds tighter than an apposition "X, Minister" or an appointment "X was appointed Minister",
        # which bind tighter than "the Minister, X" (in "A, Minister of ..., B, Minister of ..." each title
        # belongs to the name before it); "By decree of the Head of State, X was appointed ..." is no "Title, X".
        bound: set[int] = set()
        for title in titles:
            for name in map(candidate, (names_after[title][0], _name_before(tokens, title, not_names))):
                if name is not None and free(name):
                    add(name, title)
                    bound.add(title[0])
                    break
        for at, role in [(at, self._plural_title(tokens, at)) for at in plurals]:
            for name in _names_listed(tokens, at, not_names):
                add(name, None, role=role)
        for title in titles:
            name = candidate(names_after[title][1])
            if title[0] in bound or info_of[title[0]].reference or name is None:
                continue
            if free(name):
                add(name, title)
        for start, end, official in sorted(named, key=lambda m: (m[0], -m[1])):
            add((start, end), None, official)
        for name in model_names:  # beside no title: a mention of a person found already; in "model" mode, or a new one
            if not rules or self._of_someone(tokens.surface(name), people):
                add(name, None)
        if people and rules:
            _surnames_alone(tokens, people, taken, add)
        # In "model" mode a title stands for a person only where the model says so.
        references = titles if rules else [t for t in titles if any(t[0] <= r[0] < t[1] for r in model_references)]
        self._references(tokens, references, info_of, names_after, people, taken, doc._.published)
        add_spans(doc, [span for person in people for span in self._spans(tokens, person)])
        return doc

    @staticmethod
    def _of_someone(name: str, people: list[_Person]) -> bool:
        """The name is one of these people's. In combined mode the model's other names are left out: an official
        is named with their office somewhere in the document, and with them a first, shorter-trained model cut the
        dev split's distinct-person F1 from 0.97 to 0.66."""
        given, surname, patronymic = _parts(name, None)
        return any(p.matches(given, surname) if surname else p.known_as(given, patronymic) for p in people)

    def _plural_title(self, tokens: _Tokens, at: int) -> _Title:
        """What the plural title whose last word is at ``at`` says ("the akims of Ulytau and Karaganda regions,
        Berik Abdygaliuly and Zhenis Kassymbek"): "vice ministers" before "ministers"."""
        word = tokens[at].lower
        two_words = f"{tokens[at - 1].lower} {word}" if at > 0 else ""
        return self.titles.plurals.get(two_words) or self.titles.plurals[word]

    def _token_pattern_matches(
        self, doc: Doc, tokens: _Tokens, pattern_starts: list[int]
    ) -> list[tuple[int, int, int]]:
        """The token patterns' matches, the Matcher run only on a window after each pattern's fixed first words
        at ``pattern_starts``: over the whole text its open-ended patterns cost more than the rest of the component.
        A window that lacks a word every match of a pattern has (``_required``) cannot match it: most windows,
        which the Matcher would cost more to reject."""
        matches: list[tuple[int, int, int]] = []
        for i in pattern_starts:
            end = min(i + _PATTERN_WINDOW, len(tokens))
            words = set(tokens.lowers(i, end))
            if not any(all(not words.isdisjoint(need) for need in required) for required in self.required):
                continue
            matches += [(m, i + s, i + e) for m, s, e in self.pattern_matcher(Span(doc, i, end)) if s == 0]
        return matches

    def _with_suffix(self, tokens: _Tokens, start: int, end: int, regions: dict[int, int]) -> Range:
        """The title with a qualifier that may follow any title (Minister of Healthcare of Kazakhstan), an
        adjective that may precede it (Kazakhstan's Minister of Foreign Affairs) and the region that owns it
        (Mangistau region's governor; head of the Department of Emergency Situations of Kostanay region; senator
        from North Kazakhstan region): ``regions``, the end of each REGION fact by its first token."""
        preceding = tokens[start - 1].lower if start > 0 else ""
        for prefix in self.titles.prefixes.get(preceding, ()):
            before = start - len(prefix)
            if before >= 0 and tokens.lowers(before, start) == prefix:
                start = before
                break
        if start >= 2 and tokens[start - 1].lower == "'s" and tokens[start - 2].lower in _REGION_WORDS:
            start -= 2
            while start > 0 and tokens[start - 1].text[:1].isupper():
                start -= 1
        start, end = _continued(tokens, start, end)
        following = tokens[end].lower if end < len(tokens) else ""
        if following in ("of", "from") and end + 1 in regions:
            return start, regions[end + 1]
        for suffix in self.titles.suffixes.get(following, ()):
            after = end + len(suffix)
            if after <= len(tokens) and tokens.lowers(end, after) == suffix:
                return start, after
        return start, end

    def _info(self, tokens: _Tokens, title: Range, matched: dict[str, _Title]) -> _Title:
        """What a title says: the entry of the lexicon or of this document's token-pattern ``matched`` for its
        longest known part, the whole title first (a suffix, an owning region or a second title joined by a
        dash may stand around it)."""
        start, end = title
        for n in range(end - start, 0, -1):
            for a in range(start, end - n + 1):
                key = tokens.surface((a, a + n)).lower()
                info = self.titles.forms.get(key) or matched.get(key)
                if info is not None:
                    return info
        return _UNKNOWN_TITLE  # a title only the model found

    def _references(
        self,
        tokens: _Tokens,
        titles: list[Range],
        info_of: dict[int, _Title],
        names_after: dict[Range, tuple[Range | None, Range | None]],
        people: list[_Person],
        taken: set[int],
        published: date | None,
    ) -> None:
        """A title with no name beside it that stands for a person: "the minister" for the minister the document
        names (the nearest, the one before preferred), "the Head of State" for whoever held the office on the
        document's date."""
        written_by = {title for person in people for title in person.titles}
        for title in titles:
            start, end = title
            info = info_of[start]
            if not taken.isdisjoint(range(start, end)) or title in written_by:
                continue
            after_the = start > 0 and tokens[start - 1].lower == "the"
            # "the minister"; a title that stands for its holder may also go without "the" ("President said")
            # "By decree of the Head of State, X was appointed": after a comma, a name ends no reference
            right_after, after_comma = names_after[title]
            named_after = right_after if info.reference else after_comma
            if named_after is not None or not (after_the or (info.reference and tokens[start].is_title)):
                continue
            if tokens.lowers(end, end + 3) == ["and", "the", "government"]:
                continue  # the institution: "the events of the Prime Minister and the Government"
            if tokens[start].lower in self.titles.foreign:
                continue  # "the Uzbek minister": no Kazakh official the document names
            named = [p for p in people if self._role(p, published) == info.role and p.mentions]
            if info.region_iso is not None:
                named = [p for p in named if p.info is None or p.info.region_iso in (None, info.region_iso)]
            if named:
                # "the Head of State" after a foreign president is named: the holder of the office, when named
                holder = self._holder(info.role, published) if info.reference and published is not None else None
                named = [p for p in named if p.canonical is holder and holder is not None] or named
                nearest = min(named, key=lambda p: _distance(p, start))
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

    def _known(self, surname: str, given_name: str | None) -> dict[str, Any] | None:
        """The gazetteer's entry for a person: their surname found among the folded surnames, then the given name.
        Called as ``self.known``, which remembers the answer per name."""
        person = _Person(surname=surname, given_name=given_name)
        hits = process.extract(fold(surname), self.surnames, scorer=fuzz.ratio, score_cutoff=SAME_NAME, limit=None)
        for _, _, i in hits:
            official = self.officials[i]
            if person.matches(official["given_name"], official["surname"]):
                return official
        return None

    def _spans(self, tokens: _Tokens, person: _Person) -> list[Span]:
        fullest = max(person.mentions, key=tokens.width, default=None)
        written = tokens.surface(fullest or person.references[0])
        canonical = person.canonical
        info = person.info
        # The record each of the person's spans carries a copy of, with the span's mention (linked_span).
        record = Official(
            name=written if fullest else (canonical or {}).get("canonical_name", written),
            canonical_name=canonical["canonical_name"] if canonical else None,
            surname=canonical["surname"] if canonical else person.surname,
            given_name=canonical["given_name"] if canonical else person.given_name,
            patronymic=(canonical or {}).get("patronymic") or person.patronymic,
            title=_title_text(tokens, person, fullest),
            role=info.role if info else Role.other,
            organization=info.organization if info else None,
            region_iso=info.region_iso if info else None,
            mentions=[_PLACEHOLDER],
        )
        mentions = sorted(person.mentions + person.references, key=lambda m: m[0])
        spans = [linked_span(tokens.span(mention), "OFFICIAL", record) for mention in mentions]
        for written_title in person.titles:
            title = tokens.span(written_title, label="TITLE")
            set_value(title, mention_of(title))
            spans.append(title)
        return spans


def _fixed_start(pattern: list[dict[str, Any]]) -> tuple[str, ...]:
    """The words every match of a token pattern starts with: its first token's, and those of the plain
    ``{"LOWER": word}`` tokens right after it ("head of the ...")."""
    words = [pattern[0]["LOWER"]]
    if pattern[0].keys() == {"LOWER"}:
        for token in pattern[1:]:
            if token.keys() != {"LOWER"} or not isinstance(token["LOWER"], str):
                break
            words.append(token["LOWER"])
    return tuple(words)


def _required(pattern: list[dict[str, Any]]) -> list[frozenset[str]]:
    """The words a match of a token pattern has: of each of its tokens that is no operator's and whose lower-case
    form is given, one of the words given."""
    needed = []
    for token in pattern:
        lower = token.get("LOWER")
        if "OP" in token or lower is None:
            continue
        if isinstance(lower, str):
            needed.append(frozenset([lower]))
        elif lower.keys() == {"IN"}:
            needed.append(frozenset(lower["IN"]))
    return needed


def _surnames_alone(tokens: _Tokens, people: list[_Person], taken: set[int], add: Callable[..., None]) -> None:
    """Later mentions by the surname alone ("Tsoy noted"): a capitalised word, compared folded with the people
    found so far; and by given name and patronymic ("Aidarbek Seypellovich"), through ``add``."""
    capitalised = tokens.capitalised
    following = set(capitalised)
    words = tokens.words(capitalised)
    # The person whose surname each capitalised word is, as process.extractOne would choose (the first
    # best): all the people's surnames against all the words in one call (scores below SAME_NAME are 0).
    scores = process.cdist(
        [fold(person.surname) for person in people],
        [word.folded for word in words],
        scorer=fuzz.ratio,
        score_cutoff=SAME_NAME,
        dtype=numpy.float64,
    )
    similar: dict[int, int] = {}  # person by word
    people_of, words_of = scores.nonzero()  # a few pairs, the people in order
    for j, k in zip(people_of.tolist(), words_of.tolist(), strict=True):
        if k not in similar or scores[j, k] > scores[similar[k], k]:
            similar[k] = j
    before_patronymic = {  # "Aidarbek Seypellovich"
        k for k in range(len(capitalised) - 1) if capitalised[k + 1] == capitalised[k] + 1 and words[k + 1].patronymic
    }
    for k in sorted(similar.keys() | before_patronymic):  # the words where something may happen, in order
        i = capitalised[k]
        if i in taken:
            continue
        if k in before_patronymic and i + 1 not in taken:
            add((i, i + 2), None)
            if i in taken:
                continue
        if k in similar:
            person = people[similar[k]]
            # with the given name before it when written so: "Yermek Kosherbayev" after "Kosherbayev
            # Yermek Bedelbayevich"; or with its initial: "A. Tsoy"
            given = i - 1 if i > 0 and i - 1 in following and i - 1 not in taken else i
            if i > 0 and i - 1 not in taken and _initial_of(tokens[i - 1].text, person.given_name):
                given = i - 1
            elif given < i and person.given_name is None:
                person.given_name = tokens[given].text  # first met by surname alone
            elif given < i and not same_name(tokens[given].text, person.given_name or ""):
                given = i
            person.mentions.append((given, i + 1))
            taken.update(range(given, i + 1))


def _distance(person: _Person, at: int) -> tuple[bool, int]:
    """How far token ``at`` is from the person's nearest mention before it ("instructed A. Saparov ... and the
    minister"), else from their first mention after it."""
    before = [m[0] for m in person.mentions if m[0] < at]
    return (False, at - max(before)) if before else (True, min(m[0] for m in person.mentions) - at)


def _initial_of(text: str, given_name: str | None) -> bool:
    """``text`` is an initial ("A.", "Zh.") that may stand for ``given_name`` (any, when it is not known)."""
    return bool(_INITIAL.fullmatch(text)) and (given_name is None or given_name.startswith(text.split(".")[0]))


def _continued(tokens: _Tokens, start: int, end: int) -> Range:
    """A title with the capitalised name of its field after "for" ("Assistant to the President for International
    Affairs"), or of its body after "of" or "on" when the title ends in a body's kind ("head of the capital's
    Department of Architecture, Urban Planning and Land Relations", "Chairman of the Mazhilis Committee on
    Foreign Affairs, Defence and Security"). The run must end the phrase: capitalised words before
    another word may be the person's name."""
    n = len(tokens)
    if end + 1 >= n:
        return start, end
    if not (tokens[end].lower == "for" or (tokens[end].lower in ("of", "on") and tokens[end - 1].lower in _BODY_KINDS)):
        return start, end
    # "Chairman of the Management Board of the Food Contract Corporation": a board's company may take "the"
    stop = end + 2 if tokens[end - 1].lower == "board" and tokens[end + 1].lower == "the" else end + 1
    if stop >= n or not _capitalised(tokens[stop]):
        return start, end
    while stop < n and (
        _capitalised(tokens[stop])
        or (tokens[stop].lower in ("and", ",") and stop + 1 < n and _capitalised(tokens[stop + 1]))
    ):
        stop += 1
    if tokens[end - 1].lower == "board" and tokens.lowers(stop, stop + 2) == ["national", "company"]:
        stop += 2  # "of the KazAvtoZhol national company"
    ends_phrase = stop == n or not tokens[stop].is_alpha or tokens[stop].is_lower
    return (start, stop) if ends_phrase and stop - end <= 8 else (start, end)


def _capitalised(word: Word) -> bool:
    """A word of a body's name, also one written with capitals inside ("KazAgroFinance")."""
    return word.is_title or (word.is_alpha and word.text[:1].isupper())


def _joined(tokens: _Tokens, titles: list[Range]) -> list[Range]:
    """Titles written as one with a dash between them ("Vice Minister of Healthcare – Chief State Sanitary
    Doctor") become one title."""
    joined: list[Range] = []
    for start, end in titles:
        if joined and start == joined[-1][1] + 1 and tokens[start - 1].text in ("-", "–", "—"):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _title_text(tokens: _Tokens, person: _Person, fullest: Range | None) -> str | None:
    """As written next to the person (nearest the first mention written as ``fullest``, the longest); for a
    person only referred to ("the Head of State"), the reference."""
    if len(person.titles) == 1:
        return tokens.surface(person.titles[0])
    if person.titles:
        written = fullest and tokens.surface(fullest)
        first_full = min(
            (m for m in person.mentions if tokens.surface(m) == written),
            key=lambda m: m[0],
            default=person.titles[0],
        )
        return tokens.surface(min(person.titles, key=lambda t: abs(t[0] - first_full[0])))
    return tokens.surface(person.references[0]) if person.references and not person.mentions else None


def _held(office: dict[str, Any], on: date) -> bool:
    start = date.fromisoformat(office["from"]) if office.get("from") else date.min
    end = date.fromisoformat(office["to"]) if office.get("to") else date.max
    return start <= on < end and not (office.get("ended") and office.get("to") is None)


def _name_at(tokens: _Tokens, start: int, step: int, not_names: Set[int]) -> Range | None:
    """The longest run of name tokens (words, initials, hyphen-joined parts) from ``start`` going ``step``."""
    n = len(tokens)

    def is_name(i: int) -> bool:  # "Head of State, Prime Minister Olzhas Bektenov": title words are no name
        return tokens[i].name_like and i not in not_names

    end = start
    i = start
    while 0 <= i < n and (end - start) * step < 6:  # "Kassym - Jomart Kemelevich Tokayev"
        if is_name(i):
            end = i + step
            i += step
        elif (
            tokens[i].text in ("-", "–")
            and not tokens.spaced(i)  # "Kassym-Jomart", not "KAZINFORM – Nurlan"
            and 0 <= i + step < n
            and is_name(i + step)
            and end != start
        ):
            i += step
        else:
            break
    if end == start:
        return None
    return (start, end) if step > 0 else (end + 1, start + 1)


def _names_listed(tokens: _Tokens, at: int, not_names: Set[int]) -> list[Range]:
    """The names listed right after a plural title at ``at`` ("Vice Ministers X, Y and Z") or after the comma
    that closes it ("the akims of A and B regions, X and Y")."""
    n = len(tokens)
    comma = next((i for i in range(at + 1, min(at + 10, n)) if tokens[i].text == ","), None)
    names: list[Range] = []
    i = at + 1 if _name_at(tokens, at + 1, 1, not_names) is not None else comma + 1 if comma is not None else n
    while i < n and (name := _name_at(tokens, i, 1, not_names)) is not None:
        names.append(name)
        i = name[1]
        if i < n and tokens[i].text == "," and i + 1 < n and tokens[i + 1].lower == "and":
            i += 2
        elif i < n and tokens[i].lower in ("and", ","):
            i += 1
        else:
            break
    return names if len(names) > 1 else []


def _names_after(tokens: _Tokens, title: Range, not_names: Set[int]) -> tuple[Range | None, Range | None]:
    """The name right after a title (Minister of Healthcare Aleksey Tsoy), and the name after it or after a comma
    that follows it (the Head of the Presidential Administration, Murat Nurtleu)."""
    end = title[1]
    right_after = _name_at(tokens, end, 1, not_names) if end < len(tokens) else None
    if end < len(tokens) and tokens[end].text == ",":
        return right_after, _name_at(tokens, end + 1, 1, not_names) if end + 1 < len(tokens) else None
    return right_after, right_after


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
_APPOINTING = {"appointed", "appointing", "became", "becomes", "named", "elected", "relieved", "dismissed", "also"}
_APPOINTED |= {"becomes", "also"}  # "X becomes akim of ...", "Kiyasov is also Chief State Sanitary Doctor"
# Words between the object of an appointing verb and its title: "appointed Aleksey Tsoy Minister of Healthcare",
# "relieved Abylkair Skakov of his duties as akim of Pavlodar region".
_DUTIES = {"of", "his", "her", "duties", "as", "the", "post", "position", "to"}
_LIST_REACH = 30  # tokens back to the verb of a list of appointments: three names and titles
# Words between an apposition's comma (or dash) and its title: "X, who previously served as Minister of ...",
# "X, until now Minister of ...", "X, a former Mazhilis deputy", "X – akim of Mangistau region –".
_APPOSITION = {"who", "previously", "served", "as", "until", "now", "a", "former", "the", "currently", "since", "had"}
_APPOSITION |= _APPOINTED  # "X, who has been relieved of the post of Minister of ..."
_SEPARATORS = {",", "-", "–", "—", "("}  # "(": "Aleksey Tsoy (Minister of Healthcare) said"


def _name_before(tokens: _Tokens, title: Range, not_names: Set[int]) -> Range | None:
    """The name before a title: an apposition (Aleksey Tsoy, Minister of Healthcare) or an appointment
    (Darkhan Satybaldy was appointed akim of Turkestan region)."""
    start = title[0]
    while start > 0 and tokens[start - 1].lower in _APPOSITION and title[0] - start < 8:
        start -= 1
    if "had" in tokens.lowers(start, title[0]) and "who" not in tokens.lowers(start, title[0]):
        start = title[0]  # "X, who had been akim of Saran"; not "..., a graduate of Y, had been deputy akim"
    if start >= 2 and tokens[start - 1].text in _SEPARATORS:
        return _name_at(tokens, start - 2, -1, not_names)  # "U. Shukeyev, the governor of Turkestan region"
    start = title[0]
    while start > 0 and tokens[start - 1].lower in _APPOINTED:
        start -= 1
    if 0 < start < title[0] and not _APPOINTING.isdisjoint(tokens.lowers(start, title[0])):
        return _name_at(tokens, start - 1, -1, not_names)
    start = title[0]
    while start > 0 and tokens[start - 1].lower in _DUTIES and title[0] - start < 5:
        start -= 1
    name = _name_at(tokens, start - 1, -1, not_names) if start > 0 else None
    if name is None or name[0] == 0:
        return None
    before = tokens[name[0] - 1].lower
    if before in _APPOINTING or (before in (",", "and") and _appointing_before(tokens, name[0] - 1)):
        return name  # "X has been appointed akim of A, Y akim of B and Z akim of C"
    return None


def _appointing_before(tokens: _Tokens, at: int) -> bool:
    """An appointing verb earlier in the sentence, within a list's reach of token ``at``."""
    for i in range(at - 1, max(-1, at - _LIST_REACH), -1):
        word = tokens[i].lower
        if word in _APPOINTING:
            return True
        if word in (".", "!", "?"):
            return False
    return False


@lru_cache(maxsize=1 << 12)
def _parts(name: str, surname_known: str | None) -> tuple[str | None, str, str | None]:
    """Given name, surname and patronymic of a written name; ``surname_known``: the gazetteer's, when the name
    is of its official."""
    # Hyphen-joined parts are one word: "Kassym-Jomart".
    words = re.sub(r"\s*[-–]\s*", "-", name).split()
    if len(words) == 1 and (glued := _GLUED_INITIAL.fullmatch(words[0])):
        return glued[1], glued[2], None
    if surname_known is not None and len(words) > 1:
        surname = next((w for w in words if same_name(w, surname_known)), words[-1])
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
