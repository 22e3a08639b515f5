"""A user's pattern folder: merged over patterns/ for one pipeline only, checked on load, in the fingerprint."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govextract
from govextract import resources
from govextract.normalize.dates import find_dates
from govextract.normalize.money import find_money, money_grammar
from govextract.normalize.percent import find_percentages
from govextract.resources import PatternFileError, load_patterns, merge

MONEY_TEXT = "They paid give or take 5 billion tengeh and 3 ounces of gold."
USER_FILES = {
    "currencies.json": {"KZT": {"after": ["tengeh"]}, "XAU": {"after": ["ounces of gold"]}},
    "qualifiers.json": {"approx": ["give or take"]},
    "numbers.json": {"units": {"dozen": 12}},
    "dates.json": {"year_cues": ["circa"]},
}


def write_folder(folder: Path, files: dict[str, Any]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def user_folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "my_patterns", USER_FILES)


def amounts(nlp: Any, text: str = MONEY_TEXT) -> list[tuple[str, str, str]]:
    return [(a.text, a.currency, a.qualifier) for a in govextract.extract(text, nlp=nlp).amounts]


# ---- merge ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("default", "user", "merged"),
    [
        ({"a": 1}, {"b": 2}, {"a": 1, "b": 2}),  # a new key is added
        ({"a": 1, "b": 2}, {"a": 3}, {"a": 3, "b": 2}),  # a known key's value is replaced
        (["x", "y"], ["z", "x", "z"], ["x", "y", "z"]),  # list items appended, duplicates dropped
        (
            {"KZT": {"after": ["tenge"], "glued": ["T"]}},
            {"KZT": {"after": ["tenge", "tg"]}},
            {"KZT": {"after": ["tenge", "tg"], "glued": ["T"]}},
        ),
        ([{"n": "May"}], [{"n": "May"}, {"n": "Jun"}], [{"n": "May"}, {"n": "Jun"}]),
        ({"a": [1]}, {}, {"a": [1]}),  # an empty user file changes nothing
    ],
    ids=["add-key", "replace-value", "append-list", "nested", "list-of-objects", "empty"],
)
def test_merge(default: Any, user: Any, merged: Any) -> None:
    assert merge(default, user) == merged


def test_merge_leaves_its_inputs_alone() -> None:
    default = {"KZT": {"after": ["tenge"]}}
    merge(default, {"KZT": {"after": ["tg"]}, "USD": {"before": ["$"]}})
    assert default == {"KZT": {"after": ["tenge"]}}


def test_user_lexicon_is_merged_over_the_default(user_folder: Path) -> None:
    patterns = load_patterns(user_folder)
    default = load_patterns(None)
    kzt = patterns["currencies.json"]["KZT"]
    assert kzt["after"] == [*default["currencies.json"]["KZT"]["after"], "tengeh"]
    assert kzt["before"] == default["currencies.json"]["KZT"]["before"]
    assert patterns["currencies.json"]["XAU"] == {"after": ["ounces of gold"]}
    assert patterns["numbers.json"]["units"]["dozen"] == 12
    assert patterns["numbers.json"]["tens"] == default["numbers.json"]["tens"]
    assert patterns.sources["currencies.json"] == user_folder / "currencies.json"
    assert default["currencies.json"].get("XAU") is None  # the default lexicon is not mutated


def test_grammars_are_cached_by_content(tmp_path: Path) -> None:
    first = write_folder(tmp_path / "a", {"currencies.json": {"XAU": {"after": ["ounces of gold"]}}})
    second = write_folder(tmp_path / "b", {"currencies.json": {"XAU": {"after": ["ounces of gold"]}}})
    assert money_grammar(load_patterns(first)) is money_grammar(load_patterns(second))
    assert money_grammar(load_patterns(first)) is not money_grammar(load_patterns(None))


# ---- pipelines ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["paths.patterns", "components.govextract_money.patterns"])
def test_user_folder_changes_only_its_own_pipeline(user_folder: Path, key: str) -> None:
    custom = govextract.load(config={key: str(user_folder)})
    default = govextract.load()
    assert amounts(custom) == [("5 billion tengeh", "KZT", "approx"), ("3 ounces of gold", "XAU", "exact")]
    assert amounts(default) == []
    assert amounts(custom) != amounts(default)  # still so after the other pipeline ran
    assert find_money(MONEY_TEXT) == []


def test_paths_patterns_reaches_every_rule_component(user_folder: Path) -> None:
    custom = govextract.load(config={"paths.patterns": str(user_folder)})
    release = govextract.extract("Give or take 5%, a dozen percent, circa 2021.", nlp=custom)
    found = [(p.text, p.value, p.qualifier) for p in release.percentages]
    assert found == [("5%", 5.0, "approx"), ("dozen percent", 12.0, "exact")]
    assert [d.text for d in release.dates] == ["2021"]
    # the defaults read neither the cue, nor the number word, nor the year cue
    assert [(p.text, p.qualifier) for p in find_percentages("Give or take 5%, a dozen percent")] == [("5%", "exact")]
    assert find_dates("circa 2021") == []


def test_one_components_folder_leaves_the_others_on_the_defaults(user_folder: Path) -> None:
    custom = govextract.load(config={"components.govextract_money.patterns": str(user_folder)})
    release = govextract.extract("give or take 5%, give or take 5 billion tengeh", nlp=custom)
    assert [p.qualifier for p in release.percentages] == ["exact"]
    assert [(a.value, a.qualifier) for a in release.amounts] == [(Decimal(5 * 10**9), "approx")]


def test_fingerprint_covers_the_user_folders_files(user_folder: Path) -> None:
    def fingerprint() -> str:
        nlp = govextract.load(config={"paths.patterns": str(user_folder)})
        return govextract.extract("5 billion tengeh", nlp=nlp).extractor.fingerprint

    default = govextract.extract("5 billion tenge", nlp=govextract.load()).extractor.fingerprint
    before = fingerprint()
    assert before != default
    write_folder(user_folder, {"currencies.json": {"KZT": {"after": ["tengeh", "tenga"]}}})
    assert fingerprint() != before  # same folder, same config, other content


# ---- checked on load ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("currencies.json", '{"KZT": {"after": ["tengeh"],}}', "currencies.json:1: invalid JSON"),
        ("numbers.json", '{\n  "units": {\n    "dozen": 12\n  \n', "numbers.json:5: invalid JSON"),
        ("currencies.json", ["KZT"], "expected an object, got list"),
        ("currencies.json", {"KZT": ["tengeh"]}, "currencies.json/KZT: expected an object, got list"),
        ("currencies.json", {"kzt": {"after": ["tengeh"]}}, "'kzt' is not an ISO 4217 code"),
        ("currencies.json", {"KZTT": {"after": ["tengeh"]}}, "'KZTT' is not an ISO 4217 code"),
        ("currencies.json", {"KZT": {"afterwards": ["tengeh"]}}, "unknown key 'afterwards'"),
        ("currencies.json", {"KZT": {"after": "tengeh"}}, "currencies.json/KZT/after: expected a list"),
        ("currencies.json", {"KZT": {"after": [""]}}, "currencies.json/KZT/after[0]: expected a non-empty string"),
        ("currencies.json", {"CAD": {"before": ["$"]}}, "'$' names USD and CAD"),
        ("numbers.json", {"unit": {"dozen": 12}}, "unknown key 'unit'"),
        ("numbers.json", {"units": {"dozen": "12"}}, "numbers.json/units/dozen: expected an integer"),
        ("numbers.json", {"units": {"a dozen": 12}}, "'a dozen' is not one word of letters"),
        ("numbers.json", {"multipliers": {"k": True}}, "numbers.json/multipliers/k: expected an integer"),
        ("qualifiers.json", {"roughly": ["give or take"]}, "unknown key 'roughly'"),
        ("dates.json", {"months": [{"name": "Smarch", "abbreviations": []}]}, "'months' must list the 12 months"),
        ("dates.json", {"months": [{"name": "Smarch"}]}, "dates.json/months[0]: missing 'abbreviations'"),
        ("currency.json", {"XAU": {"after": ["ounces of gold"]}}, "not a pattern file"),
    ],
)
def test_malformed_user_file_names_the_file(tmp_path: Path, name: str, content: Any, message: str) -> None:
    folder = write_folder(tmp_path / "bad", {name: content})
    with pytest.raises(PatternFileError) as raised:
        govextract.load(config={"paths.patterns": str(folder)})
    assert str(raised.value).startswith(str(folder / name))
    assert message in str(raised.value)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PatternFileError, match="no such pattern folder"):
        govextract.load(config={"paths.patterns": str(tmp_path / "absent")})


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        ("numbers.json", lambda data: data.pop("hundred"), "numbers.json: missing 'hundred'"),
        ("qualifiers.json", lambda data: data.update(approx="about"), "qualifiers.json/approx: expected a list"),
        ("currencies.json", lambda data: data.update(Kzt={}), "'Kzt' is not an ISO 4217 code"),
    ],
)
def test_default_files_are_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, edit: Any, message: str
) -> None:
    defaults = tmp_path / "patterns"
    shutil.copytree(resources.patterns_dir(), defaults)
    data = json.loads((defaults / name).read_text(encoding="utf-8"))
    edit(data)
    (defaults / name).write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(resources, "patterns_dir", lambda: defaults)
    with pytest.raises(PatternFileError) as raised:
        resources._read_patterns(None)  # load_patterns(None) would answer from the cache
    assert str(raised.value).startswith(str(defaults / name))
    assert message in str(raised.value)
