"""The email-check lock is a cool-down, counted per order across conversations.

Three wrong emails for one order within ``SUPPORT_VERIFY_COOLDOWN_MINUTES`` lock
that order's check (also for a new conversation or "Start over"); once the oldest
of them is older than the window, the customer can try again.
"""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

from rasa_sdk.executor import CollectingDispatcher

from actions import orders
from actions.common import store
from tests.actions.conftest import make_tracker


def fail(order_id: str, minutes_ago: int, conversation: str) -> None:
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    store().record_verification(order_id, False, conversation, when)


def test_three_failures_lock_the_order_for_every_conversation():
    for i in range(3):
        fail("ORD-1001", 5, f"conv-{i}")
    updates = asyncio.run(orders.verify_anonymous(make_tracker(sender="brand-new"), "ORD-1001", "an@example.com"))
    assert updates["failed_verifications"] == 3 and "verified_order" not in updates


def test_the_lock_lifts_after_the_cool_down(monkeypatch):
    for _ in range(3):
        fail("ORD-1001", 61, "conv-old")
    assert asyncio.run(orders.order_failures("ORD-1001")) == 0  # default 60 minutes
    monkeypatch.setenv("SUPPORT_VERIFY_COOLDOWN_MINUTES", "120")
    assert asyncio.run(orders.order_failures("ORD-1001")) == 3


def test_the_locked_message_says_how_long(monkeypatch):
    from actions.common import Reply

    monkeypatch.setenv("SUPPORT_VERIFY_COOLDOWN_MINUTES", "45")
    for lang, words in (("en", "for 45 minutes"), ("vi", "trong 45 phút")):
        dispatcher = CollectingDispatcher()
        orders.say_locked(Reply(dispatcher, lang))
        text = dispatcher.messages[0]["text"]
        assert words in text and "3" in text
