"""Shared fixtures: the trained model and a live stack of real servers.

The stack is expensive (Rasa loads a TensorFlow model), so it is started once
per session and shared; tests that change data reload the demo data first.
"""
from __future__ import annotations

import os

import pytest

from bot.stack import latest_model
from tests.stack import SECRET, TODAY, LiveStack

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def trained_model() -> str:
    model = latest_model()
    if model is None:
        if IN_CI:
            pytest.fail("no trained model in models/: make test trains one before pytest")
        pytest.skip("no trained model in models/ (run make train)")
    return str(model)


@pytest.fixture(scope="session")
def live_stack(trained_model, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("stack")
    env = {"SUPPORT_DB_URL": f"sqlite:///{workdir / 'support.db'}", "SUPPORT_TODAY": TODAY,
           "SUPPORT_TOKEN_SECRET": SECRET}
    stack = LiveStack(workdir=workdir, model=trained_model, env=env)
    try:
        yield stack.start()
    finally:
        stack.stop()


@pytest.fixture
def fresh_stack(live_stack):
    """The live stack with the demo data reloaded, for tests that change data."""
    from tests.stack import DEMO_DATA

    live_stack.load(DEMO_DATA)
    return live_stack


SLOW_FIXTURES = {"live_stack", "fresh_stack", "trained_model"}


def pytest_collection_modifyitems(config, items):
    """Mark by what a test needs, so ``make test-fast`` can leave out the expensive ones.

    A test that uses a real browser is ``browser``; one that needs a trained model or
    the live servers is ``slow`` (whether or not its module says so).
    """
    for item in items:
        needs = set(getattr(item, "fixturenames", ()))
        if "browser" in needs:
            item.add_marker(pytest.mark.browser)
        if needs & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
