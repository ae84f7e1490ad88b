"""Collects every typed conversation's result and writes reports/conversations.json at the end."""
from __future__ import annotations

from typing import List

import pytest

from tests.conversations.model import (
    chosen_model,
    trained_model,  # noqa: F401 - SUPPORT_TEST_MODEL can choose the model
)
from tests.conversations.runner import Result

RESULTS: List[Result] = []


@pytest.fixture(scope="session")
def conversation_results():
    """The results of this session's conversations; the report is written when the session ends."""
    RESULTS.clear()
    yield RESULTS
    if RESULTS:
        from tests.conversations.report import write_report

        write_report(RESULTS, model=str(chosen_model()))
