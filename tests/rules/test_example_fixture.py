"""Every scenario FORMAT.md lists for example.json, decided as it describes on 2026-11-22.

The fixture is a copy of the shared ``example.json`` kept beside the tests so the
suite does not depend on the shared folder's location.
"""
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.rules import (
    Dataset,
    balance_facts,
    dataset_from_dict,
    evaluate_order_cancellation,
    evaluate_partner_refund,
    evaluate_store_refund,
    evaluate_tax_refund,
    explain_customer_charges,
)

TODAY = date(2026, 11, 22)
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "example.json"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return dataset_from_dict(json.loads(FIXTURE.read_text(encoding="utf-8")))


def test_cust_1001_two_bills_in_march_2026(data):
    cust = data.customer("CUST-1001")
    [e] = explain_customer_charges(cust, data.subscriptions, TODAY)
    assert (e.subscription_id, e.product) == ("SUB-5001", "Microsoft 365 Family")
    assert (e.billing_day, e.renewal_day, e.new_billing_since) == (5, 20, date(2026, 3, 1))
    assert e.doubled
    [pair] = e.pairs
    assert pair.month == date(2026, 3, 1)
    assert (pair.first.charge_id, pair.first.billed_on) == ("SUB-5001-C02", date(2026, 3, 5))
    assert (pair.second.charge_id, pair.second.billed_on) == ("SUB-5001-C03", date(2026, 3, 20))
    assert (pair.first.service_from, pair.first.service_to) == (date(2026, 2, 20), date(2026, 3, 20))
    assert (pair.second.service_from, pair.second.service_to) == (date(2026, 3, 20), date(2026, 4, 20))
    assert (pair.first_reason, pair.second_reason) == ("deferred_legacy", "catch_up")
    assert e.one_charge_per_period_from == date(2026, 3, 20)
    assert [c.charge_id for c in e.recent_charges] == ["SUB-5001-C09", "SUB-5001-C10", "SUB-5001-C11"]


def test_ord_1001_first_item_cancellable_second_shipped(data):
    d = evaluate_order_cancellation(data.order("ORD-1001"))
    by_id = {i.item_id: i for i in d.items}
    assert by_id["ITM-1"].cancellable and by_id["ITM-1"].reason == "not_charged"
    assert not by_id["ITM-2"].cancellable and by_id["ITM-2"].reason == "shipped"
    assert by_id["ITM-2"].alternatives == ("exchange", "refund")
    refund = evaluate_store_refund(data.order("ORD-1001").items[1])
    assert refund.eligible and refund.amount == Decimal("119.98")


def test_ord_1002_preorder_cancellable(data):
    d = evaluate_order_cancellation(data.order("ORD-1002"))
    assert d.kind == "preorder" and d.any_cancellable and not d.blocked_items


def test_ord_1101_charged_and_already_cancelled(data):
    d = evaluate_order_cancellation(data.order("ORD-1101"))
    assert [(i.item_id, i.reason) for i in d.blocked_items] == [("ITM-4", "charged"), ("ITM-5", "already_cancelled")]


def test_cust_1002_overdue_and_pending(data):
    subs = data.subscriptions_of("CUST-1002")
    [overdue] = balance_facts(subs, "overdue")
    [pending] = balance_facts(subs, "pending")
    assert (overdue.subscription_id, overdue.product, overdue.charge_id) == (
        "SUB-5101", "Xbox Game Pass Ultimate", "SUB-5101-C06")
    assert (overdue.amount, overdue.currency, overdue.billed_on) == (Decimal("19.99"), "USD", date(2026, 11, 10))
    assert (pending.subscription_id, pending.product, pending.charge_id) == (
        "SUB-5102", "Microsoft 365 Personal", "SUB-5102-C02")
    assert (pending.service_from, pending.service_to) == (date(2026, 11, 21), date(2027, 11, 21))
    assert balance_facts(data.subscriptions_of("CUST-1001"), "overdue") == []


@pytest.mark.parametrize(
    ("purchase_id", "eligible", "failed", "tax_eligible", "tax_failed"),
    [
        ("PPB-3001", True, (), True, ()),
        ("PPB-3002", False, ("within_30_days", "no_benefit_activated", "no_product_key_viewed"), True, ()),
        ("PPB-3003", False, ("no_product_key_viewed",), True, ()),
        ("PPB-3004", True, (), True, ()),
        ("PPB-3005", False, ("within_30_days", "no_benefit_activated", "no_product_key_viewed"),
         False, ("within_one_year",)),
        ("PPB-3101", False, ("no_benefit_activated",), False, ("tax_exempt", "tax_charged")),
    ],
)
def test_partner_purchases(data, purchase_id, eligible, failed, tax_eligible, tax_failed):
    p = data.partner_purchase(purchase_id)
    d = evaluate_partner_refund(p, TODAY, ())
    assert d.eligible is eligible and tuple(c.code for c in d.failed) == failed
    t = evaluate_tax_refund(data.customer(p.customer_id), p, TODAY, ())
    assert t.eligible is tax_eligible and tuple(c.code for c in t.failed) == tax_failed


def test_ppb_3004_is_exactly_day_30(data):
    d = evaluate_partner_refund(data.partner_purchase("PPB-3004"), TODAY)
    assert d.criterion("within_30_days").facts["days_since"] == 30
    assert d.criterion("within_30_days").facts["deadline"] == TODAY
    assert d.refund_amount == Decimal("522.50")


def test_ppb_3002_tax_refund_amount(data):
    t = evaluate_tax_refund(data.customer("CUST-2001"), data.partner_purchase("PPB-3002"), TODAY)
    assert (t.amount, t.deadline) == (Decimal("120.00"), date(2027, 10, 1))


def test_fixture_copy_matches_shared_when_present():
    shared = Path("/work/shared/fixtures/example.json")
    if not shared.exists():
        pytest.skip("shared folder not present")
    assert json.loads(shared.read_text(encoding="utf-8")) == json.loads(FIXTURE.read_text(encoding="utf-8"))
