"""Shared test helpers. ../shared (the seeds and the conformance specs) sits beside the repo in CI; a bare
checkout has none of it, and the tests that need it skip."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

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


POSTGRES_URL = "GOVEXTRACT_TEST_POSTGRES_URL"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server .ci/with-postgres started, dropped afterwards.

    Outside CI a test skips when there is no server; under CI=true it fails, so a broken server set-up cannot
    pass as a skipped test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    def unavailable(reason: str) -> NoReturn:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)

    server = os.environ.get(POSTGRES_URL)
    if not server:
        unavailable(f"no {POSTGRES_URL}: run the tests as .ci/with-postgres python -m pytest")
    admin = create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    name = f"test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except OperationalError as err:
        admin.dispose()
        unavailable(f"the PostgreSQL server at {server} cannot be reached: {err}")
    yield server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="session")
def examples() -> list[dict[str, Any]]:
    """The bundled example releases (corpus/examples.jsonl): id, title, published, text."""
    path = Path(__file__).resolve().parents[1] / "corpus" / "examples.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
