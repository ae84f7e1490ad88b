"""The order database is locked mid-task: apology with a reference id, no partial write, retry works.

Another process holds SQLite's write lock (``BEGIN EXCLUSIVE``) for longer than
the store's busy timeout while the customer confirms a cancellation.
"""
from __future__ import annotations

import sqlite3
import time

import pytest

from bot.data.engine import SQLITE_BUSY_TIMEOUT_MS
from tests.reliability.helpers import REF_ID, apology_prefix, conv
from tests.stack import texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def find_item(doc: dict, item_id: str) -> dict:
    return next(i for o in doc["orders"] for i in o["items"] if i["id"] == item_id)


def db_path(stack) -> str:
    return stack.env["SUPPORT_DB_URL"].removeprefix("sqlite:///")


def start_cancel(stack, sender: str, token: str) -> None:
    # the keyboard is ORD-1001's only item that can still go: its confirmation comes at once
    # (round 15); a question at it keeps the confirmation open, as a second message of the form
    first = stack.send(sender, "I want to cancel order ORD-1001", token=token, language="en")
    assert "confirm" in texts(first).lower(), texts(first)
    confirm = texts(stack.send(sender, "which ones can still be cancelled?", token=token, language="en"))
    assert "confirm" in confirm.lower(), confirm


def test_locked_database_apologises_without_partial_writes_and_retry_works(fresh_stack):
    stack, sender = fresh_stack, conv("lock")
    token = stack.token("CUST-1001")
    start_cancel(stack, sender, token)
    before = stack.export()

    lock = sqlite3.connect(db_path(stack), isolation_level=None, timeout=30)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        reply = texts(stack.send(sender, "yes please", token=token, language="en", timeout=120))
        waited = time.monotonic() - started
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    assert reply.startswith(apology_prefix("en")), reply
    assert REF_ID.search(reply.removeprefix(apology_prefix("en"))), reply
    assert waited >= SQLITE_BUSY_TIMEOUT_MS / 1000 * 0.9, "the store waited for the lock before giving up"
    after = stack.export()
    assert after == before, "a failed cancellation left no trace in the order data"
    assert find_item(after, "ITM-1")["cancelled_at"] is None

    # The customer simply tries again: the cancellation now goes through, once.
    retry = texts(stack.send(sender, "yes please", token=token, language="en"))
    if "canceled" not in retry.lower():  # the failed turn ended the form: start over
        start_cancel(stack, sender, token)
        retry = texts(stack.send(sender, "yes please", token=token, language="en"))
    assert "canceled" in retry.lower() and "ORD-1001" in retry, retry
    doc = stack.export()
    assert find_item(doc, "ITM-1")["cancelled_at"] is not None
    assert find_item(doc, "ITM-2")["cancelled_at"] is None
