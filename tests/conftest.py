"""Shared test helpers. ../shared (the seeds and the conformance specs) sits beside the repo in CI; a bare
checkout has none of it, and the tests that need it skip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture
def read_seed() -> Callable[[str], str]:
    """Read one seed release by file name, skipping the test when the seeds are absent."""

    def read(name: str) -> str:
        if not (SEEDS / name).is_file():
            pytest.skip(f"no {SEEDS / name}")
        return (SEEDS / name).read_text(encoding="utf-8")

    return read
