"""govextract: typed, checkable facts from Kazakhstan government press releases.

>>> import govextract
>>> release = govextract.extract("58.1 billion tenge was allocated for 2020-2022.", published="2020-09-11")
>>> [(a.text, a.value, a.currency) for a in release.amounts]
[('58.1 billion tenge', Decimal('5.81E+10'), 'KZT')]
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("govextract")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

from govextract.pipeline import load, to_record
from govextract.records import ExtractionError, PressRelease
from govextract.runner import ExtractionFailed, InputDoc, extract, extract_many

__all__ = [
    "ExtractionError",
    "ExtractionFailed",
    "InputDoc",
    "PressRelease",
    "__version__",
    "extract",
    "extract_many",
    "load",
    "to_record",
]
