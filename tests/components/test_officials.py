"""govextract_officials: (text, the people found with their mentions and title) for each pattern family."""

from __future__ import annotations

import pytest
import spacy

import govextract
from govextract.components.officials import Lexicon, _fixed_start, _Tokens, same_name


@pytest.fixture(scope="module")
def nlp():
    return govextract.load()


def people(nlp, text: str, published: str | None = "2021-03-02") -> list[tuple[str, str | None, list[str]]]:
    release = govextract.extract(text, published=published, nlp=nlp)
    return [(o.name, o.title, [m.text for m in o.mentions]) for o in release.officials]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Minister of Healthcare Aleksey Tsoy said. Tsoy noted that A. Tsoy and Tsoi agree.",
            [("Aleksey Tsoy", "Minister of Healthcare", ["Aleksey Tsoy", "Tsoy", "A. Tsoy", "Tsoi"])],
            id="title-before-then-surname-initials-spelling",
        ),
        pytest.param(
            "Vice Minister of Energy Daniyar Kassenov spoke in 2024. D. Kassenov will visit Pavlodar.",
            [("Daniyar Kassenov", "Vice Minister of Energy", ["Daniyar Kassenov", "D. Kassenov"])],
            id="initial-after-a-sentence-end",
        ),
        pytest.param(
            "Vice Minister of Energy Daniyar Kassenov spoke. A. Kassenov, his brother, did not.",
            [("Daniyar Kassenov", "Vice Minister of Energy", ["Daniyar Kassenov", "Kassenov"])],
            id="another-initial-is-not-the-person",
        ),
        pytest.param(
            "Yerlan Sadykov, head of the Department of Emergency Situations of Kostanay region, spoke.",
            [
                (
                    "Yerlan Sadykov",
                    "head of the Department of Emergency Situations of Kostanay region",
                    ["Yerlan Sadykov"],
                )
            ],
            id="title-owned-by-a-region",
        ),
        pytest.param(
            "Aleksey Tsoy, Minister of Healthcare, spoke.",
            [("Aleksey Tsoy", "Minister of Healthcare", ["Aleksey Tsoy"])],
            id="apposition",
        ),
        pytest.param(
            "Health Minister Alexei Tsoi visited.",
            [("Alexei Tsoi", "Health Minister", ["Alexei Tsoi"])],
            id="short-title",
        ),
        pytest.param(
            "Akim of Shymkent Murat Aitenov opened it.",
            [("Murat Aitenov", "Akim of Shymkent", ["Murat Aitenov"])],
            id="akim-of-city",
        ),
        pytest.param(
            "Nurzhigitov Nurzhan, Akim of Zhambyl region, said.",
            [("Nurzhigitov Nurzhan", "Akim of Zhambyl region", ["Nurzhigitov Nurzhan"])],
            id="surname-first",
        ),
        pytest.param(
            "President Kassym-Jomart Tokayev signed it. Tokayev added more.",
            [("Kassym-Jomart Tokayev", "President", ["Kassym-Jomart Tokayev", "Tokayev"])],
            id="hyphenated-given-name",
        ),
        pytest.param(
            "The Head of State instructed the Government.",
            [("Kassym-Jomart Tokayev", "Head of State", ["Head of State"])],
            id="reference-resolved-by-date",
        ),
        pytest.param(
            "Earlier, N.Nazarbayev said so.",
            [("N.Nazarbayev", None, ["N.Nazarbayev"])],
            id="gazetteer-glued-initial",
        ),
        pytest.param(
            "By decree of the Head of State, Issabayev Beibit Oksikbayevich was appointed akim of Zhetysu region.",
            [
                ("Kassym-Jomart Tokayev", "Head of State", ["Head of State"]),
                ("Issabayev Beibit Oksikbayevich", "akim of Zhetysu region", ["Issabayev Beibit Oksikbayevich"]),
            ],
            id="appointment-surname-first-patronymic",
        ),
        pytest.param(
            "Saparov Aidarbek Seypellovich has been appointed akim. Aidarbek Seypellovich thanked the staff.",
            [("Saparov Aidarbek Seypellovich", "akim", ["Saparov Aidarbek Seypellovich", "Aidarbek Seypellovich"])],
            id="given-name-and-patronymic",
        ),
        pytest.param(
            "Mangistau region's akim Nurlan Nogayev said.",
            [("Nurlan Nogayev", "Mangistau region's akim", ["Nurlan Nogayev"])],
            id="possessive-region-title",
        ),
        pytest.param(
            "U. Shukeyev, the governor of Turkestan region, met Umirzak Shukeyev's deputies.",
            [("Umirzak Shukeyev", "governor of Turkestan region", ["U. Shukeyev", "Umirzak Shukeyev"])],
            id="apposition-with-the",
        ),
        pytest.param(
            "Kairbek Uskenbayev, First Vice Minister of Finance, Berik Sholpankulov, Vice Minister of Energy, spoke.",
            [
                ("Kairbek Uskenbayev", "First Vice Minister of Finance", ["Kairbek Uskenbayev"]),
                ("Berik Sholpankulov", "Vice Minister of Energy", ["Berik Sholpankulov"]),
            ],
            id="list-of-appositions",
        ),
        pytest.param(
            "He was met by the akims of Ulytau and Karaganda regions, Berik Abdygaliuly and Zhenis Kassymbek.",
            [("Berik Abdygaliuly", None, ["Berik Abdygaliuly"]), ("Zhenis Kassymbek", None, ["Zhenis Kassymbek"])],
            id="plural-title-list",
        ),
        pytest.param(
            "Vice Ministers Olzhas Abishev, Lyazzat Aktayeva and Marat Shoranov attended.",
            [
                ("Olzhas Abishev", None, ["Olzhas Abishev"]),
                ("Lyazzat Aktayeva", None, ["Lyazzat Aktayeva"]),
                ("Marat Shoranov", None, ["Marat Shoranov"]),
            ],
            id="plural-title-then-names",
        ),
        pytest.param(
            "Aleksey Tsoy (Minister of Healthcare) said so.",
            [("Aleksey Tsoy", "Minister of Healthcare", ["Aleksey Tsoy"])],
            id="title-in-parentheses",
        ),
        pytest.param(
            "Mukhtar Yerman, Chairman of the Mazhilis Committee on Foreign Affairs, Defence and Security, spoke.",
            [
                (
                    "Mukhtar Yerman",
                    "Chairman of the Mazhilis Committee on Foreign Affairs, Defence and Security",
                    ["Mukhtar Yerman"],
                )
            ],
            id="title-continued-by-its-body",
        ),
        pytest.param(
            "Darkhan Satybaldy becomes akim of Turkestan region",
            [("Darkhan Satybaldy", "akim of Turkestan region", ["Darkhan Satybaldy"])],
            id="becomes-title",
        ),
        pytest.param(
            "The President appointed Aleksey Tsoy Minister of Healthcare by decree.",
            [
                ("Kassym-Jomart Tokayev", "President", ["President"]),
                ("Aleksey Tsoy", "Minister of Healthcare", ["Aleksey Tsoy"]),
            ],
            id="appointed-name-title",
        ),
        pytest.param(
            "On Monday, the President relieved Abylkair Skakov of his duties as akim of Pavlodar region.",
            [
                ("Kassym-Jomart Tokayev", "President", ["President"]),
                ("Abylkair Skakov", "akim of Pavlodar region", ["Abylkair Skakov"]),
            ],
            id="relieved-name-of-duties-as-title",
        ),
        pytest.param(
            "Gabit Syzdykbekov, akim (mayor) of Shymkent, reported. "
            "Bolat Abdraliyev, akim of the town of Kurchatov, ran.",
            [
                ("Gabit Syzdykbekov", "akim (mayor) of Shymkent", ["Gabit Syzdykbekov"]),
                ("Bolat Abdraliyev", "akim of the town of Kurchatov", ["Bolat Abdraliyev"]),
            ],
            id="mayor-in-brackets-and-town-akim",
        ),
        pytest.param(
            "He spoke with US President Donald Trump. The President of Kazakhstan said so.",
            [
                ("Donald Trump", "US President", ["Donald Trump"]),
                ("Kassym-Jomart Tokayev", "President of Kazakhstan", ["President of Kazakhstan"]),
            ],
            id="a-foreign-president-is-not-the-president",
        ),
        pytest.param(
            "Nurlan Urankhayev has been appointed akim of Abai region, Shakhanov Beibut akim of Zhetysu region "
            "and Berik Abdygaliuly akim of Ulytau region.",
            [
                ("Nurlan Urankhayev", "akim of Abai region", ["Nurlan Urankhayev"]),
                ("Shakhanov Beibut", "akim of Zhetysu region", ["Shakhanov Beibut"]),
                ("Berik Abdygaliuly", "akim of Ulytau region", ["Berik Abdygaliuly"]),
            ],
            id="list-of-appointments",
        ),
        pytest.param(
            "Deputy Prime Minister and Minister of National Economy Nurlan Baibazarov spoke.",
            [("Nurlan Baibazarov", "Deputy Prime Minister and Minister of National Economy", ["Nurlan Baibazarov"])],
            id="two-titles-joined-by-and",
        ),
        pytest.param(
            "Talks were held with Hakan Fidan, Minister of Foreign Affairs of Türkiye, and Turkish Minister of Trade "
            "Omer Bolat. The Uzbek minister spoke.",
            [
                ("Hakan Fidan", "Minister of Foreign Affairs of Türkiye", ["Hakan Fidan"]),
                ("Omer Bolat", "Turkish Minister of Trade", ["Omer Bolat"]),
            ],
            id="foreign-officials-country-and-nationality",
        ),
        pytest.param(
            "Yerbol Tasbolatov, acting Chairman of the Management Board of KazAgroFinance, spoke. Askar Zhumabekov "
            "was appointed Chairman of the Management Board of the KazAvtoZhol national company.",
            [
                (
                    "Yerbol Tasbolatov",
                    "acting Chairman of the Management Board of KazAgroFinance",
                    ["Yerbol Tasbolatov"],
                ),
                (
                    "Askar Zhumabekov",
                    "Chairman of the Management Board of the KazAvtoZhol national company",
                    ["Askar Zhumabekov"],
                ),
            ],
            id="board-of-a-national-company",
        ),
        pytest.param(
            "Erkin Baulykov, who had been akim of Saran since 2023, was dismissed. Maksat Kaireshov, deputy akim of "
            "the city, and Dinara Zhumabayeva, secretary of the regional maslikhat, spoke.",
            [
                ("Erkin Baulykov", "akim of Saran", ["Erkin Baulykov"]),
                ("Maksat Kaireshov", "deputy akim of the city", ["Maksat Kaireshov"]),
                ("Dinara Zhumabayeva", "secretary of the regional maslikhat", ["Dinara Zhumabayeva"]),
            ],
            id="who-had-been-and-city-titles",
        ),
        pytest.param(
            "Erlan Sagadiyev, a graduate of the Karaganda State University, had been deputy akim since 2021.",
            [],
            id="had-needs-who",
        ),
        pytest.param(
            "Akim of Kostanay region Kumar Aksakalov spoke. Most machinery is ready, the head of the region said.",
            [("Kumar Aksakalov", "Akim of Kostanay region", ["Kumar Aksakalov", "head of the region"])],
            id="head-of-the-region-refers-to-the-akim",
        ),
        pytest.param(
            "Minister of Energy Nurlan Nogayev spoke. Minister of Agriculture Saparkhan Omarov spoke. The Prime "
            "Minister instructed Nogayev and the akims, and the minister to report weekly.",
            [
                ("Nurlan Nogayev", "Minister of Energy", ["Nurlan Nogayev", "Nogayev", "minister"]),
                ("Saparkhan Omarov", "Minister of Agriculture", ["Saparkhan Omarov"]),
                ("Askar Mamin", "Prime Minister", ["Prime Minister"]),
            ],
            id="reference-to-the-nearest-mention-before",
        ),
        pytest.param(
            "President Kassym-Jomart Tokayev met guests. Fidan conveyed greetings from President Recep Tayyip "
            "Erdogan and was later received by the Head of State.",
            [
                ("Kassym-Jomart Tokayev", "President", ["Kassym-Jomart Tokayev", "Head of State"]),
                ("Recep Tayyip Erdogan", "President", ["Recep Tayyip Erdogan"]),
            ],
            id="head-of-state-is-the-holder-of-the-office",
        ),
        pytest.param("The chief physician Dr Omarov treated 20 patients.", [], id="doctor-is-not-an-official"),
        pytest.param("Salamatty Kazakhstan and Telegram reported.", [], id="organisations"),
    ],
)
def test_officials(nlp, text: str, expected: list[tuple[str, str | None, list[str]]]) -> None:
    assert people(nlp, text) == expected


def test_reference_without_a_date_is_left_unresolved(nlp) -> None:
    assert people(nlp, "The Head of State instructed the Government.", published=None) == []


def test_record_fields(nlp) -> None:
    text = "Minister of Healthcare of Kazakhstan Aleksey Tsoy said. Akim of Zhambyl region Berdibek Saparbayev said."
    release = govextract.extract(text, published="2021-03-02", nlp=nlp)
    tsoy, akim = release.officials
    assert (tsoy.canonical_name, tsoy.surname, tsoy.given_name) == ("Aleksey Tsoy", "Tsoy", "Aleksey")
    assert (tsoy.title, tsoy.role.value, tsoy.organization) == (
        "Minister of Healthcare of Kazakhstan",
        "minister",
        "Ministry of Healthcare",
    )
    assert (akim.role.value, akim.region_iso, akim.canonical_name) == ("akim", "KZ-31", None)
    assert [r.iso_code for r in release.regions] == ["KZ-31"]  # the region inside the title is kept


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Tsoy", "Tsoi", True),
        ("Aleksey", "Alexei", True),
        ("Kassym-Jomart", "Kasym-Zhomart", True),
        ("Tokayev", "Tokaev", True),
        ("Tsoy", "Toy", False),
        ("Mamin", "Mamina", False),
        ("Omarov", "Umarov", False),
        ("Aitenov", "Aimenov", False),
    ],
)
def test_same_name_threshold(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


@pytest.mark.parametrize(
    "text",
    [
        "Minister of Healthcare Aleksey Tsoy said. Kassym-Jomart Tokayev and KAZINFORM – Nurlan agree.",
        "  Two  spaces,\nnew lines\n\n and tabs\tafter A.Tsoy (Minister) — 5% of it. ",
    ],
)
def test_token_stream_reads_as_spacy(nlp, text: str) -> None:
    """The component's plain-list view of a Doc says what spaCy's Tokens say."""
    doc = nlp.make_doc(text)
    tokens = _Tokens(doc, Lexicon(nlp.vocab), nlp.get_pipe("govextract_officials").capitalised_flag)
    assert len(tokens) == len(doc)
    for token in doc:
        word = tokens[token.i]
        assert (word.text, word.lower, word.is_title, word.is_alpha, word.is_lower) == (
            token.text,
            token.lower_,
            token.is_title,
            token.is_alpha,
            token.is_lower,
        )
        assert tokens.spaced(token.i) == bool(token.whitespace_)
        assert tokens.surface((token.i, len(doc))) == doc[token.i :].text
    assert tokens.capitalised == [t.i for t in doc if t.is_title and t.is_alpha]


def test_token_patterns_run_where_their_fixed_words_are() -> None:
    assert _fixed_start([{"LOWER": "head"}, {"LOWER": "of"}, {"LOWER": "the"}, {"LOWER": "x", "OP": "?"}]) == (
        "head",
        "of",
        "the",
    )
    assert _fixed_start([{"LOWER": "akim"}, {"LOWER": {"IN": ["of", "for"]}}]) == ("akim",)
    assert _fixed_start([{"LOWER": "head", "OP": "?"}, {"LOWER": "of"}]) == ("head",)


def test_doc_of_another_vocabulary(nlp) -> None:
    """A Doc made by another pipeline: its strings and lexeme flags are not the component's."""
    doc = spacy.blank("en").make_doc("Minister of Healthcare Zhaksylyk Omarbekuly said. Omarbekuly noted it.")
    for _, component in nlp.pipeline:
        doc = component(doc)
    officials = govextract.to_record(doc).officials
    assert [(o.name, o.title, [m.text for m in o.mentions]) for o in officials] == [
        ("Zhaksylyk Omarbekuly", "Minister of Healthcare", ["Zhaksylyk Omarbekuly", "Omarbekuly"])
    ]
