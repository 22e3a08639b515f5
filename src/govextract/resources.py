"""Where the data files in ``patterns/`` are found, and loading them with errors that name file and line."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any


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
