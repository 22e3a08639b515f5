"""govextract_places: (text, the mention, what it is) for every rule of docs/annotation.md's places layer."""

from __future__ import annotations

import pytest

import govextract
from govextract.pipeline import to_record


@pytest.fixture(scope="module")
def nlp():
    return govextract.load()


def mentions(nlp, text: str) -> list[tuple[str, str, str]]:
    """(label, mention text, ISO code or place name) of every region and place mention, in text order."""
    release = to_record(nlp(text))
    found = [("REGION", m.text, r.iso_code, m.start) for r in release.regions for m in r.mentions]
    found += [("PLACE", m.text, p.name, m.start) for p in release.places for m in p.mentions]
    return [item[:3] for item in sorted(found, key=lambda item: item[3])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Akim of Zhambyl region Berdibek Saparbayev", [("REGION", "Zhambyl region", "KZ-31")], id="x-region"
        ),
        pytest.param("in Almaty oblast today", [("REGION", "Almaty oblast", "KZ-19")], id="x-oblast"),
        pytest.param("Mangistau region's governor", [("REGION", "Mangistau region", "KZ-47")], id="possessive"),
        pytest.param("in Mangystau region", [("REGION", "Mangystau region", "KZ-47")], id="spelling"),
        pytest.param(
            "the regions of Abai, Zhetysu and Ulytau",
            [("REGION", "Abai", "KZ-10"), ("REGION", "Zhetysu", "KZ-33"), ("REGION", "Ulytau", "KZ-62")],
            id="regions-of-list",
        ),
        pytest.param(
            "in Almaty, Aktobe, Atyrau, East Kazakhstan and Zhambyl regions",
            [
                ("REGION", "Almaty", "KZ-19"),
                ("REGION", "Aktobe", "KZ-15"),
                ("REGION", "Atyrau", "KZ-23"),
                ("REGION", "East Kazakhstan", "KZ-63"),
                ("REGION", "Zhambyl", "KZ-31"),
            ],
            id="bare-list-almaty-is-the-region",
        ),
        pytest.param(
            "cases in Almaty, Aktobe, East Kazakhstan.",
            [("REGION", "Almaty", "KZ-19"), ("REGION", "Aktobe", "KZ-15"), ("REGION", "East Kazakhstan", "KZ-63")],
            id="list-with-a-region-only-name",
        ),
        pytest.param("The forum opened in Almaty.", [("REGION", "Almaty", "KZ-75")], id="almaty-alone-is-the-city"),
        pytest.param(
            "the cities of Nur-Sultan, Kostanay, Zhezkazgan",
            [
                ("REGION", "Nur-Sultan", "KZ-71"),
                ("PLACE", "Kostanay", "Kostanay"),
                ("PLACE", "Zhezkazgan", "Zhezkazgan"),
            ],
            id="cities-of",
        ),
        pytest.param("ASTANA. KAZINFORM – The Head of State", [("REGION", "ASTANA", "KZ-71")], id="dateline"),
        pytest.param("NUR-SULTAN. The Government", [("REGION", "NUR-SULTAN", "KZ-71")], id="dateline-old-name"),
        pytest.param(
            "in South Kazakhstan region", [("REGION", "South Kazakhstan region", "KZ-61")], id="former-region-name"
        ),
        pytest.param("Akim of Shymkent Murat Aitenov", [("REGION", "Shymkent", "KZ-79")], id="city-before-a-name"),
        pytest.param("the Karaganda-Almaty highway", [], id="road"),
        pytest.param("the second string of the Beineu–Bozoi–Shymkent gas main", [], id="gas-main"),
        pytest.param("96 kilometres of the Astrakhan–Mangyshlak water main", [], id="water-main"),
        pytest.param(
            "six schools in Zhalagash district",
            [("PLACE", "Zhalagash district", "Zhalagash district")],
            id="district-of-kyzylorda-region",
        ),
        pytest.param("Karaganda Medical University", [], id="organisation"),
        pytest.param("a hospital in Semey", [("PLACE", "Semey", "Semey")], id="town"),
        pytest.param(
            "in Uralsk and Oral", [("PLACE", "Uralsk", "Oral"), ("PLACE", "Oral", "Oral")], id="old-town-name"
        ),
        pytest.param("in Ordabasy district", [("PLACE", "Ordabasy district", "Ordabasy district")], id="district"),
        pytest.param("in Kostanay", [("PLACE", "Kostanay", "Kostanay")], id="region-centre-alone-is-the-city"),
        pytest.param("Kazakhstan and its people", [], id="country"),
    ],
)
def test_places(nlp, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert mentions(nlp, text) == expected


def test_one_record_per_region_with_every_mention(nlp) -> None:
    release = to_record(nlp("In Zhambyl region and in Jambyl oblast, and again Zhambyl region."))
    (region,) = release.regions
    assert (region.iso_code, region.kind.value) == ("KZ-31", "region")
    assert [m.text for m in region.mentions] == ["Zhambyl region", "Jambyl oblast", "Zhambyl region"]


def test_region_record_carries_both_codes(nlp) -> None:
    (region,) = to_record(nlp("in Almaty")).regions
    assert (region.iso_code, region.iso_code_legacy, region.kind.value) == ("KZ-75", "KZ-ALA", "city")
