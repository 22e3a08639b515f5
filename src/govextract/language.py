"""Which texts govextract reads: English. Russian and Kazakh releases, common in the same archives, are told
apart from English so they become ``unsupported_language`` errors instead of junk records.

The deciding is lingua's (a statistical detector, offline, its models shipped in the wheel), restricted to the
three languages of these archives and run on the text's first ``PREFIX`` characters. Russian and Kazakh are written
in Cyrillic, so a prefix without a Cyrillic letter cannot be either and skips the detector: English releases,
nearly all the work, pay for one regex search (lingua itself costs ~0.2 ms per 300 characters, 5% of the pipeline).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

PREFIX = 1000
"""Characters read: enough for lingua to be sure, and a release's language does not change halfway."""
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


@cache
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    # Low-accuracy mode uses trigrams only: a thousand characters are far more than it needs, and it loads in
    # a twentieth of the time and memory of the full models.
    return (
        LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.RUSSIAN, Language.KAZAKH)
        .with_low_accuracy_mode()
        .build()
    )


def unsupported_language(text: str) -> str | None:
    """The name of the language of ``text`` when it is Russian or Kazakh (``"Russian"``), else None.

    >>> unsupported_language("Coverage reached 34.8% this year.") is None
    True
    >>> unsupported_language("Правительство выделило 58,1 млрд тенге на строительство дорог.")
    'Russian'
    """
    prefix = text[:PREFIX]
    if CYRILLIC.search(prefix) is None:
        return None
    from lingua import Language

    found = _detector().detect_language_of(prefix)
    return None if found in (None, Language.ENGLISH) else found.name.title()
