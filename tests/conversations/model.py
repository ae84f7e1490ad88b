"""Which trained model the typed conversations and the fuzzer run against.

By default the newest model in models/ (what ``make train`` produced), exactly as tests/conftest.py
chooses it. ``SUPPORT_TEST_MODEL=/path/to/model.tar.gz`` runs them against another model, e.g. one
trained from a work in progress without touching models/.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.stack import latest_model


def chosen_model() -> Path | None:
    override = os.environ.get("SUPPORT_TEST_MODEL")
    if override:
        path = Path(override)
        if not path.is_file():
            pytest.fail(f"SUPPORT_TEST_MODEL={override} is not a file")
        return path
    return latest_model()


@pytest.fixture(scope="session")
def trained_model() -> str:
    model = chosen_model()
    if model is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("no trained model in models/: make test trains one before pytest")
        pytest.skip("no trained model in models/ (run make train)")
    return str(model)
