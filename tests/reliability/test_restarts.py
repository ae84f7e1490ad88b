"""A conversation survives a kill -9 of the Rasa server: the SQL tracker store keeps its slots."""
from __future__ import annotations

import signal

import pytest

from tests.reliability.helpers import conv
from tests.stack import texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def find_item(doc: dict, item_id: str) -> dict:
    return next(i for o in doc["orders"] for i in o["items"] if i["id"] == item_id)


def test_cancel_flow_continues_after_kill_9(fresh_stack):
    stack, sender = fresh_stack, conv("kill9")
    token = stack.token("CUST-1001")
    # ORD-1001's only item that can still go is confirmed at once (round 15); a question at the
    # confirmation keeps it open
    first = stack.send(sender, "I want to cancel order ORD-1001", token=token, language="en")
    assert "confirm" in texts(first).lower(), texts(first)
    confirm = texts(stack.send(sender, "which ones can still be cancelled?", token=token, language="en"))
    assert "confirm" in confirm.lower() and "ORD-1001" in confirm

    old_pid = stack.services["rasa"].proc.pid
    stack.restart("rasa", signal.SIGKILL)
    assert stack.services["rasa"].proc.pid != old_pid

    # Only "yes" is sent: the order and the item must come from the stored slots.
    done = texts(stack.send(sender, "yes please", token=token, language="en"))
    assert "canceled" in done.lower() and "ORD-1001" in done, done
    doc = stack.export()
    assert find_item(doc, "ITM-1")["cancelled_at"] is not None
    assert find_item(doc, "ITM-2")["cancelled_at"] is None
