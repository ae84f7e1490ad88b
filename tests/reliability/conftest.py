"""Fixtures of the fault tests."""
from __future__ import annotations

import pytest

from tests.reliability.helpers import PageClient


@pytest.fixture
def page(live_stack):
    def open_tab(customer_id: str | None = None) -> PageClient:
        return PageClient(live_stack, customer_id)

    return open_tab
