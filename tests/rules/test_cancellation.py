from datetime import datetime, timezone
from decimal import Decimal

import pytest

from bot.rules import Order, evaluate_item_cancellation, evaluate_order_cancellation, evaluate_store_refund

from .builders import item, refund

AFTER = ("exchange", "refund")


@pytest.mark.parametrize(
    ("charged", "shipped", "cancelled", "cancellable", "reason", "alternatives"),
    [
        (False, False, False, True, "not_charged", ()),
        (True, False, False, False, "charged", AFTER),
        (False, True, False, False, "shipped", AFTER),
        (True, True, False, False, "shipped", AFTER),
        (False, False, True, False, "already_cancelled", ()),
        (True, True, True, False, "already_cancelled", ()),
    ],
)
def test_item_cancellation(charged, shipped, cancelled, cancellable, reason, alternatives):
    d = evaluate_item_cancellation(item(charged=charged, shipped=shipped, cancelled=cancelled))
    assert (d.cancellable, d.reason, d.alternatives) == (cancellable, reason, alternatives)
    assert (d.item_id, d.product) == ("ITM-1", "Surface Pen")
    assert (d.failed == ()) is cancellable


def test_order_splits_items_into_cancellable_and_blocked():
    order = Order("ORD-1", "C-1", datetime(2026, 11, 20, tzinfo=timezone.utc), "preorder",
                  (item(iid="A"), item(iid="B", shipped=True), item(iid="C", cancelled=True)))
    d = evaluate_order_cancellation(order)
    assert (d.order_id, d.kind) == ("ORD-1", "preorder")
    assert [i.item_id for i in d.cancellable_items] == ["A"]
    assert [(i.item_id, i.reason) for i in d.blocked_items] == [("B", "shipped"), ("C", "already_cancelled")]
    assert d.any_cancellable and not d.all_cancellable


def test_order_with_nothing_cancellable():
    order = Order("ORD-2", "C-1", datetime(2026, 11, 20, tzinfo=timezone.utc), "order", (item(charged=True),))
    d = evaluate_order_cancellation(order)
    assert not d.any_cancellable and d.cancellable_items == ()


@pytest.mark.parametrize(
    ("charged", "shipped", "cancelled", "eligible", "reason", "alternatives"),
    [
        (True, False, False, True, "charged", AFTER),
        (True, True, False, True, "shipped", AFTER),
        (False, True, False, True, "shipped", AFTER),
        (False, False, False, False, "not_charged", ("cancel",)),
        (True, False, True, False, "already_cancelled", ()),
    ],
)
def test_store_refund(charged, shipped, cancelled, eligible, reason, alternatives):
    d = evaluate_store_refund(item(charged=charged, shipped=shipped, cancelled=cancelled))
    assert (d.eligible, d.reason, d.alternatives) == (eligible, reason, alternatives)
    assert (d.amount, d.currency) == (Decimal("199.98"), "USD")


@pytest.mark.parametrize(("status", "eligible"), [("submitted", False), ("approved", False), ("rejected", True)])
def test_store_refund_not_requested_twice(status, eligible):
    existing = (refund("store_item", status, subject_id="ITM-1"),)
    d = evaluate_store_refund(item(charged=True), existing)
    assert d.eligible is eligible
    assert d.reason == ("charged" if eligible else "already_requested")

