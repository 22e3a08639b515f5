"""Where the data files in ``patterns/`` are found, loading them with errors that name file and line, checking
their structure, and merging a user's pattern folder over them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from govextract.records import Qualifier, TargetAction


class PatternFileError(ValueError):
    """A pattern or gazetteer file that cannot be used; the message names the file and line."""


@cache
def patterns_dir() -> Path:
    """The packaged ``patterns/`` folder.

    A wheel carries it as ``govextract/patterns``; an editable install or a source checkout reads the repo's
    top-level ``patterns/`` directly, so there is one copy of the data either way.
    """
    packaged = Path(__file__).parent / "patterns"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "patterns"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"no patterns folder at {packaged} or {checkout}")


def load_json(path: Path | str) -> Any:
    """Load a JSON data file; a name without a folder is looked up in :func:`patterns_dir`."""
    path = Path(path)
    if not path.is_absolute() and path.parent == Path("."):
        path = patterns_dir() / path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise PatternFileError(f"{path}: cannot read: {err}") from err
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise PatternFileError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from err


# ---- structure -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Keys:
    """Schema of an object whose keys are data (a currency code, a number word), each mapping to ``value``."""

    value: Schema
    pattern: str
    what: str


@dataclass(frozen=True, slots=True)
class Maybe:
    """Schema of a value that may be null (a region formed recently has no legacy ISO code)."""

    value: Schema


Schema = type | list | dict | Keys | Maybe
"""``str`` or ``int``: that type; ``[s]``: a list of ``s``; ``{"key": s}``: an object with exactly those keys, where
``"key?"`` may be left out; :class:`Keys`: an object with free keys; :class:`Maybe`: null or ``s``. A key starting
with ``_`` is a note for readers and is not checked."""

_WORD = Keys(int, r"\S.*", "a word")
# Number words are read back word by word ("twenty-two"), so each is one word of letters.
_NUMBER_WORD = Keys(int, r"[^\W\d_]+", "one word of letters")
_MARKERS = [str]
# The shape of each file under patterns/. A user's file is checked against the same schema, with every key
# optional: it only names what it adds.
SCHEMAS: dict[str, Schema] = {
    "numbers.json": {
        "units": _NUMBER_WORD,
        "tens": _NUMBER_WORD,
        "hundred": str,
        "multipliers": _WORD,
        "spaced_multipliers": _WORD,
        "negative": _MARKERS,
        "percent": {
            "after": {"percent": _MARKERS, "points": _MARKERS},
            "before": {"percent": _MARKERS, "points": _MARKERS},
        },
    },
    "currencies.json": Keys(
        {"before": _MARKERS, "glued": _MARKERS, "after": _MARKERS}, r"[A-Z]{3}", "an ISO 4217 code (3 capitals)"
    ),
    "qualifiers.json": {q.value: _MARKERS for q in Qualifier if q is not Qualifier.exact},
    "regions.json": {
        "as_of": str,
        "regions": [
            {
                "name": str,
                "iso_code": str,
                "iso_code_legacy": Maybe(str),
                "kind": str,
                "names": [str],
                # "approximate": the dates are known to the month or year only
                "former_names": [{"name": str, "from": Maybe(str), "to": Maybe(str), "approximate?": bool}],
                "centre": Maybe(str),
                "formed": Maybe(str),
            }
        ],
    },
    "places.json": {
        "places": [{"name": str, "kind": str, "region_iso": str, "names": [str]}],
        # Capitalised words after or before a name that make it part of another name ("Astana Opera", "Air
        # Astana"), and the words after dash-joined names that make them a road ("Karaganda-Almaty highway").
        "organisation_words": [str],
        "organisation_words_before": [str],
        "road_words": [str],
    },
    "titles.json": {
        "titles": [{"pattern": str, "role": str, "organization": Maybe(str), "reference?": bool}],
        "suffixes": [str],
        "prefixes": [str],
        "foreign_prefixes": [str],  # a foreign official's nationality: "Turkish Minister of Trade"
        "countries": [str],
        # spaCy Matcher token patterns, checked by the Matcher itself when the component is built
        "token_patterns": [{"tokens": [dict], "role": str, "organization": Maybe(str)}],
        "plural_titles": Keys(str, r"\S+(?: \S+)?", "a plural title of one or two words"),
        "organizations": [
            {
                "name": str,
                "kind?": str,
                "minister_of?": [str],
                "short?": [str],
                "aliases?": [str],
                "former?": bool,
            }
        ],
    },
    "officials.json": {
        "as_of": str,
        "officials": [
            {
                "canonical_name": str,
                "given_name": Maybe(str),
                "surname": str,
                "patronymic": Maybe(str),
                "variants": [str],
                "offices": [
                    {
                        "role": str,
                        "title": str,
                        "organization": Maybe(str),
                        "region_iso": Maybe(str),
                        "from": Maybe(str),
                        "to": Maybe(str),
                        # known to the month or year only; ended without a known date; latest evidence in office
                        "approximate?": bool,
                        "ended?": bool,
                        "last_seen?": str,
                    }
                ],
            }
        ],
    },
    "targets.json": {
        "plan_cues": [str],
        "not_plan_cues": [str],
        "deadline_words": [str],
        "relative_deadlines": Keys(int, r"\S.*", "a phrase"),
        "actions": {a.value: [str] for a in TargetAction if a is not TargetAction.other},
        "durations": [str],
        "unit_stops": [str],
        "indicator_starts": [str],
        "money_words": [str],
        "before_non_counts": [str],
        "other_actors": [str],
        "back_references": [str],
        "past_plans": [str],
        "open_periods": [str],
        "year_indicators": [str],
    },
    "dates.json": {
        "months": [{"name": str, "abbreviations": [str]}],
        "ordinals": _WORD,
        "relative_years": _WORD,
        "year_cues": [str],
        "year_cue_prefixes": [str],
        "year_words": [str],
        "quantity_words": [str],
        "duration_units": [str],
        "number_words": [str],
    },
}
# Objects of the default files whose keys may be left out: no percent marker before the number names points.
_PARTIAL = {"numbers.json/percent/before"}


def _problem(data: Any, schema: Schema, where: str, complete: bool) -> str | None:
    """What is wrong with ``data`` at ``where``, or None.

    ``complete``: every key an object's schema lists must be present (a default file; a user's lists only what
    it adds). The values of :class:`Keys` objects are never complete: not every currency has a glued marker.
    """
    if isinstance(schema, Maybe):
        return None if data is None else _problem(data, schema.value, where, complete)
    if isinstance(schema, type):
        # bool is an int to Python, never to a lexicon; an empty marker would match everywhere
        if not isinstance(data, schema) or (isinstance(data, bool) and schema is not bool) or data == "":
            expected = {str: "a non-empty string", int: "an integer", bool: "true or false"}[schema]
            return f"{where}: expected {expected}, got {json.dumps(data)}"
        return None
    if isinstance(schema, list):
        if not isinstance(data, list):
            return f"{where}: expected a list, got {type(data).__name__}"
        return next((p for i, item in enumerate(data) if (p := _problem(item, schema[0], f"{where}[{i}]", True))), None)
    if not isinstance(data, dict):
        return f"{where}: expected an object, got {type(data).__name__}"
    entries = {key: value for key, value in data.items() if not key.startswith("_")}
    if isinstance(schema, Keys):
        for key, value in entries.items():
            if not re.fullmatch(schema.pattern, key):
                return f"{where}: {key!r} is not {schema.what}"
            if problem := _problem(value, schema.value, f"{where}/{key}", False):
                return problem
        return None
    for key, value in entries.items():
        expected = schema.get(key, schema.get(f"{key}?"))
        if expected is None:
            return f"{where}: unknown key {key!r} (known: {', '.join(k.rstrip('?') for k in schema)})"
        if problem := _problem(value, expected, f"{where}/{key}", complete):
            return problem
    missing = [key for key in schema if key not in entries and not key.endswith("?")]
    if complete and missing and where not in _PARTIAL:
        return f"{where}: missing {', '.join(map(repr, missing))}"
    return None


def merge(default: Any, user: Any) -> Any:
    """``user`` merged over ``default``: objects key by key (user entries add or replace), lists appended with
    duplicates dropped, anything else replaced."""
    if isinstance(default, dict) and isinstance(user, dict):
        merged = dict(default)
        for key, value in user.items():
            merged[key] = merge(default[key], value) if key in default else value
        return merged
    if isinstance(default, list) and isinstance(user, list):
        return default + [item for i, item in enumerate(user) if item not in default and item not in user[:i]]
    return user


# ---- the lexicons ------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Patterns:
    """The lexicons of :data:`SCHEMAS`, each the default file with the user's file of the same name merged over
    it. Equal (and hashed) by content, so grammars built from it are cached by content."""

    lexicons: Mapping[str, Any]
    sources: Mapping[str, Path]
    """The file last merged into each lexicon: the one to blame when the merged lexicon is unusable."""
    digest: str

    def __getitem__(self, name: str) -> Any:
        return self.lexicons[name]

    def error(self, name: str, message: str) -> PatternFileError:
        return PatternFileError(f"{self.sources[name]}: {message}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Patterns) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)


def _checked(path: Path, name: str, complete: bool) -> Any:
    data = load_json(path)
    if problem := _problem(data, SCHEMAS[name], name, complete):
        raise PatternFileError(f"{path}: {problem}")
    return data


@cache
def default_patterns() -> Patterns:
    """The lexicons of ``patterns/`` alone, read and checked once."""
    return _read_patterns(None)


def load_patterns(folder: Path | str | None) -> Patterns:
    """The default lexicons with those of ``folder`` (a user's pattern folder; None for none) merged over them.

    Every file is checked: a syntax error, a wrong structure, an unknown key or an unknown ``*.json`` file in
    ``folder`` raises :class:`PatternFileError` naming the file. A user's folder is read again on each call, so
    a pipeline built after an edit sees it.
    """
    return default_patterns() if folder is None else _read_patterns(Path(folder))


def _read_patterns(folder: Path | None) -> Patterns:
    lexicons = {name: _checked(patterns_dir() / name, name, complete=True) for name in SCHEMAS}
    sources = {name: patterns_dir() / name for name in SCHEMAS}
    if folder is not None:
        if not folder.is_dir():
            raise PatternFileError(f"{folder}: no such pattern folder")
        for path in sorted(folder.glob("*.json")):
            if path.name not in SCHEMAS:
                raise PatternFileError(f"{path}: not a pattern file (known: {', '.join(SCHEMAS)})")
            lexicons[path.name] = merge(lexicons[path.name], _checked(path, path.name, complete=False))
            sources[path.name] = path
    digest = hashlib.sha256(json.dumps(lexicons, sort_keys=True).encode()).hexdigest()
    return Patterns(lexicons, sources, digest)
