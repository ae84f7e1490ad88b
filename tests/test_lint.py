"""`make lint` holds in `make test` too: ruff everywhere, mypy --strict on bot/rules and bot/data."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# `make lint` itself is the fast path; make test-fast leaves these to it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean():
    result = _run(str(BIN / "ruff"), "check", "bot", "actions", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_rules_and_data_layer_are_strictly_typed():
    result = _run(str(BIN / "mypy"))  # files and strictness: pyproject.toml [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr
