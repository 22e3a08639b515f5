"""govextract: typed, checkable facts from Kazakhstan government press releases."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("govextract")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
