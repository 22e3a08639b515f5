"""Which texts are refused as not English: Russian and Kazakh (Cyrillic), told apart from English with Cyrillic
names or quotes in it."""

from __future__ import annotations

import pytest

import govextract
from govextract.language import PREFIX, unsupported_language
from govextract.records import ErrorKind
from govextract.runner import ExtractionFailed

RUSSIAN = "Премьер-министр провёл заседание Правительства. На строительство дорог выделено 58,1 млрд тенге."
KAZAKH = "Қазақстан Республикасының Премьер-Министрі Үкімет отырысын өткізді. Жолдарға 58,1 млрд теңге бөлінді."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (RUSSIAN, "Russian"),
        (KAZAKH, "Kazakh"),
        ("Coverage reached 34.8% this year.", None),
        ("5%", None),
        # English with a name and a title quoted in Cyrillic is English
        (
            "Akim of Almaty Yerbolat Dossayev (Ерболат Досаев) said that 58.1 billion tenge was allocated in 2023 "
            "to the programme «Нурлы жол» for the repair of 1,200 km of roads in the region.",
            None,
        ),
        # Only the beginning is read: a Russian translation appended after it does not count
        ("Coverage reached 34.8% this year. " * (PREFIX // 30) + RUSSIAN * 20, None),
    ],
)
def test_language_of(text: str, language: str | None) -> None:
    assert unsupported_language(text) == language


def test_extract_refuses_russian_text() -> None:
    with pytest.raises(ExtractionFailed) as info:
        govextract.extract(RUSSIAN, doc_id="ru-1", source="ru.txt")
    error = info.value.error
    assert (error.kind, error.doc_id, error.source) == (ErrorKind.unsupported_language, "ru-1", "ru.txt")
    assert "Russian" in error.message
