"""The repository API on both backends: scoped reads, verification, mutations, audit."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.data.store import CancelResult, NotFound, Store
from bot.rules.models import Customer, Order, OrderItem, PartnerPurchase, RefundRequest, Subscription

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)
HOSTILE = [
    "ORD-1001' OR '1'='1", 'ORD-1001"; DROP TABLE orders; --', "%", "_", "*", "ORD-100%",
    "ORD-1001\x00", "\ud800", "Đơn hàng số một 🧾", "x" * 10_000, "", " ORD-1001", "ORD-1001 ",
    "ord-1001", None, 1001, ["ORD-1001"], {"id": "ORD-1001"},
]


# --- reads -------------------------------------------------------------------------------


def test_reads_return_plain_dataclasses_with_exact_types(store: Store):
    customer = store.get_customer("CUST-1001")
    assert isinstance(customer, Customer)
    assert customer.first_purchase_on == date(2026, 1, 5) and customer.preferred_language == "vi"
    order = store.get_order("CUST-1001", "ORD-1001")
    assert isinstance(order, Order) and [i.id for i in order.items] == ["ITM-1", "ITM-2"]
    item = order.items[1]
    assert isinstance(item, OrderItem)
    assert item.unit_price == Decimal("59.99") and isinstance(item.unit_price, Decimal)
    assert item.charged_at == datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)
    assert item.charged_at.tzinfo is not None and order.items[0].charged_at is None
    purchase = store.get_partner_purchase("CUST-2001", "PPB-3001")
    assert isinstance(purchase, PartnerPurchase) and purchase.tax_amount == Decimal("47.50")
    subs = store.list_subscriptions("CUST-1001")
    assert [type(s) for s in subs] == [Subscription] and len(subs[0].charges) == 11
    assert subs[0].charges[1].billed_on == date(2026, 3, 5)
    assert [o.id for o in store.list_orders("CUST-1001")] == ["ORD-1001", "ORD-1002"]
    assert [p.id for p in store.list_partner_purchases("CUST-2002")] == ["PPB-3101"]
    assert store.list_refund_requests("CUST-2001") == []


@pytest.mark.parametrize("call", [
    lambda s: s.get_order("CUST-1002", "ORD-1001"),
    lambda s: s.get_partner_purchase("CUST-2002", "PPB-3001"),
    lambda s: s.get_partner_purchase("CUST-1001", "PPB-3001"),
])
def test_another_customers_records_are_invisible(store: Store, call):
    assert call(store) is None


def test_lists_are_scoped_to_the_customer(store: Store):
    assert {o.customer_id for o in store.list_orders("CUST-1002")} == {"CUST-1002"}
    assert [s.id for s in store.list_subscriptions("CUST-1002")] == ["SUB-5101", "SUB-5102"]
    assert store.list_subscriptions("CUST-2001") == []
    assert store.list_partner_purchases("CUST-1001") == []


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_ids_find_nothing_and_raise_nothing(store: Store, bad):
    assert store.get_customer(bad) is None
    assert store.get_order("CUST-1001", bad) is None
    assert store.get_order(bad, "ORD-1001") is None
    assert store.list_orders(bad) == []
    assert store.get_partner_purchase("CUST-2001", bad) is None
    assert store.list_partner_purchases(bad) == []
    assert store.list_subscriptions(bad) == []
    assert store.list_refund_requests(bad) == []
    assert store.verify_order_owner(bad, "minhanh.nguyen@example.com") is None
    assert store.verify_order_owner("ORD-1001", bad) is None
    result = store.cancel_items("CUST-1001", bad, ["ITM-1"], "conv-x", NOW)
    assert result.cancelled == () and result.not_found == ("ITM-1",)
    with pytest.raises(NotFound):
        store.create_refund_request("CUST-2001", bad, "partner_benefit", Decimal("1.00"), "USD", "c", NOW)
    assert store.get_order("CUST-1001", "ORD-1001").items[0].cancelled_at is None  # untouched


# --- anonymous verification --------------------------------------------------------------


@pytest.mark.parametrize("order_id, email, expected", [
    ("ORD-1001", "minhanh.nguyen@example.com", "CUST-1001"),
    ("ORD-1001", "  MinhAnh.Nguyen@EXAMPLE.com\n", "CUST-1001"),
    ("ORD-1002", "MINHANH.NGUYEN@EXAMPLE.COM", "CUST-1001"),
    ("ORD-1101", "john.carter@example.com", "CUST-1002"),
    ("ORD-1001", "john.carter@example.com", None),      # someone else's email
    ("ORD-1001", "minhanh.nguyen@example.co", None),
    ("ORD-9999", "minhanh.nguyen@example.com", None),   # no such order
    ("ORD-1001", "", None),
    ("", "", None),
])
def test_verify_order_owner(store: Store, order_id, email, expected):
    assert store.verify_order_owner(order_id, email) == expected


# --- cancel ------------------------------------------------------------------------------


def test_cancel_reports_each_item_and_writes_only_cancellable_ones(store: Store):
    result = store.cancel_items("CUST-1001", "ORD-1001", ["ITM-1", "ITM-2", "ITM-3", "NOPE"], "conv-1", NOW)
    assert result == CancelResult(cancelled=("ITM-1",), already_cancelled=(),
                                  refused=(("ITM-2", "shipped"),), not_found=("ITM-3", "NOPE"))
    items = {i.id: i for i in store.get_order("CUST-1001", "ORD-1001").items}
    assert items["ITM-1"].cancelled_at == NOW and items["ITM-2"].cancelled_at is None
    charged = store.cancel_items("CUST-1002", "ORD-1101", ["ITM-4"], "conv-1", NOW)
    assert charged.refused == (("ITM-4", "charged"),)


def test_cancel_is_idempotent_and_keeps_the_first_instant(store: Store):
    first = store.cancel_items("CUST-1001", "ORD-1002", ["ITM-3"], "conv-1", NOW)
    second = store.cancel_items("CUST-1001", "ORD-1002", ["ITM-3", "ITM-3"], "conv-2",
                                NOW + timedelta(hours=1))
    assert first.cancelled == ("ITM-3",)
    assert second == CancelResult(already_cancelled=("ITM-3",))
    assert store.get_order("CUST-1001", "ORD-1002").items[0].cancelled_at == NOW
    assert [a["conversation_id"] for a in store.audit_log("CUST-1001")] == ["conv-1"]


def test_preloaded_cancellation_counts_as_already_cancelled(store: Store):
    result = store.cancel_items("CUST-1002", "ORD-1101", ["ITM-5"], "conv-1", NOW)
    assert result == CancelResult(already_cancelled=("ITM-5",))
    assert store.audit_log("CUST-1002") == []


def test_cannot_cancel_another_customers_order(store: Store):
    result = store.cancel_items("CUST-1002", "ORD-1001", ["ITM-1"], "conv-evil", NOW)
    assert result == CancelResult(not_found=("ITM-1",))
    # an item id from another order of the same customer is not in *this* order
    assert store.cancel_items("CUST-1001", "ORD-1001", ["ITM-3"], "c", NOW).not_found == ("ITM-3",)
    assert store.get_order("CUST-1001", "ORD-1001").items[0].cancelled_at is None
    assert store.audit_log() == [a for a in store.audit_log() if a["action"] == "load_data_set"]


def test_cancel_keeps_the_zone_of_now(store: Store):
    hanoi = timezone(timedelta(hours=7))
    store.cancel_items("CUST-1001", "ORD-1001", ["ITM-1"], "conv-1", NOW.astimezone(hanoi))
    cancelled_at = store.get_order("CUST-1001", "ORD-1001").items[0].cancelled_at
    assert cancelled_at == NOW and cancelled_at.utcoffset() == timedelta(hours=7)


def test_naive_now_is_refused(store: Store):
    with pytest.raises(ValueError):
        store.cancel_items("CUST-1001", "ORD-1001", ["ITM-1"], "c", datetime(2026, 11, 22))


def test_cancel_audit_rows_carry_the_conversation(store: Store):
    store.cancel_items("CUST-1001", "ORD-1001", ["ITM-1"], "conv-audit-7", NOW)
    rows = store.audit_log("CUST-1001")
    assert len(rows) == 1
    row = rows[0]
    assert (row["action"], row["subject_id"], row["conversation_id"]) == ("cancel_item", "ITM-1", "conv-audit-7")
    assert row["at"] == NOW and row["details"]["order_id"] == "ORD-1001"


# --- refund requests ---------------------------------------------------------------------


def test_refund_request_created_once_per_subject_and_kind(store: Store):
    first, created = store.create_refund_request("CUST-2001", "PPB-3001", "partner_benefit",
                                                 Decimal("475.00"), "USD", "conv-r1", NOW)
    again, created_again = store.create_refund_request("CUST-2001", "PPB-3001", "partner_benefit",
                                                       Decimal("475.00"), "USD", "conv-r2", NOW)
    tax, tax_created = store.create_refund_request("CUST-2001", "PPB-3001", "partner_tax",
                                                   Decimal("47.50"), "USD", "conv-r3", NOW)
    assert created and not created_again and tax_created
    assert isinstance(first, RefundRequest) and again == first and tax.id != first.id
    assert first.id.startswith("RFD-") and len(first.id) == 12 and first.status == "submitted"
    assert first.amount == Decimal("475.00") and first.created_at == NOW
    assert store.list_refund_requests("CUST-2001") == [first, tax]
    audit = [(a["action"], a["subject_id"], a["conversation_id"]) for a in store.audit_log("CUST-2001")]
    assert audit == [("create_refund_request", "PPB-3001", "conv-r1"),
                     ("create_refund_request", "PPB-3001", "conv-r3")]


def test_store_item_refund_needs_the_customers_own_item(store: Store):
    request, created = store.create_refund_request("CUST-1001", "ITM-2", "store_item",
                                                   Decimal("119.98"), "USD", "c", NOW)
    assert created and request.subject_id == "ITM-2"
    with pytest.raises(NotFound):
        store.create_refund_request("CUST-1002", "ITM-2", "store_item", Decimal("1.00"), "USD", "c", NOW)
    with pytest.raises(NotFound):  # a partner purchase id is not an order item
        store.create_refund_request("CUST-2001", "PPB-3001", "store_item", Decimal("1.00"), "USD", "c", NOW)


@pytest.mark.parametrize("customer, subject", [
    ("CUST-2002", "PPB-3001"), ("CUST-1001", "PPB-3101"), ("CUST-2001", "PPB-0000"),
])
def test_refund_for_someone_elses_purchase_is_not_found(store: Store, customer, subject):
    with pytest.raises(NotFound):
        store.create_refund_request(customer, subject, "partner_benefit", Decimal("475.00"), "USD", "c", NOW)
    assert store.list_refund_requests(customer) == [] and store.audit_log(customer) == []


@pytest.mark.parametrize("kind, amount, currency", [
    ("cash", Decimal("1.00"), "USD"), ("partner_tax", 1.0, "USD"), ("partner_tax", Decimal("1.001"), "USD"),
    ("partner_tax", Decimal("-1"), "USD"), ("partner_tax", Decimal("NaN"), "USD"),
    ("partner_tax", Decimal("1.00"), "usd"), ("partner_tax", Decimal("1.00"), None),
])
def test_refund_values_are_checked(store: Store, kind, amount, currency):
    with pytest.raises(ValueError):
        store.create_refund_request("CUST-2001", "PPB-3002", kind, amount, currency, "c", NOW)
    assert store.list_refund_requests("CUST-2001") == []


def test_unknown_order_and_wrong_email_do_the_same_database_work(store: Store):
    """Timing parity by construction: the same statements run whichever way it fails."""
    from sqlalchemy import event

    statements: list = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        shapes = []
        for order_id, email in [("ORD-1001", "wrong@example.com"), ("ORD-0000", "wrong@example.com"),
                                ("x" * 10_000, "wrong@example.com"), ("ORD-1001", "minhanh.nguyen@example.com")]:
            statements.clear()
            store.verify_order_owner(order_id, email)
            shapes.append(list(statements))
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    assert shapes[0] == shapes[1] == shapes[2] == shapes[3] and len(shapes[0]) >= 1


def test_failed_verifications_count_per_order_until_a_success(store: Store):
    """The email-attempt limit is per order in the database: a new conversation does not reset it."""
    t0 = datetime(2026, 11, 22, 10, 0, tzinfo=timezone.utc)
    since = t0 - timedelta(hours=24)
    assert store.failed_verifications("ORD-1001", since) == 0
    store.record_verification("ORD-1001", False, "conv-a", t0)
    store.record_verification("ORD-1001", False, "conv-b", t0 + timedelta(minutes=1))
    store.record_verification("ORD-1002", False, "conv-b", t0 + timedelta(minutes=2))
    assert store.failed_verifications("ORD-1001", since) == 2
    assert store.failed_verifications("ORD-1002", since) == 1
    assert store.failed_verifications("ORD-1001", t0 + timedelta(seconds=30)) == 1  # window
    store.record_verification("ORD-1001", True, "conv-c", t0 + timedelta(minutes=3))
    assert store.failed_verifications("ORD-1001", since) == 0
    hostile = "'; DROP TABLE orders; --"
    store.record_verification(hostile, False, "conv-d", t0)  # stored as data, counted on its own
    assert store.failed_verifications(hostile, since) == 1
    assert store.failed_verifications("ORD-1001", since) == 0
    assert store.get_order("CUST-1001", "ORD-1001") is not None
