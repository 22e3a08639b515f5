"""ruff is part of the test run, so the README's one test command also keeps the code clean."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is a dev dependency: pip install -e '.[dev]'")
@pytest.mark.parametrize("command", [["ruff", "check"], ["ruff", "format", "--check"]])
def test_ruff(command: list[str]) -> None:
    run = subprocess.run([*command, "src", "tests", "benchmarks"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
