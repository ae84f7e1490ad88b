"""The demo data set: valid, loadable, and every scenario exists in both languages
(checked with the real rules against data read back through the Store)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from bot.data.store import Store
from bot.data.validate import validate_document
from bot.rules.balances import balance_facts
from bot.rules.billing import explain_customer_charges
from bot.rules.cancellation import evaluate_item_cancellation
from bot.rules.partner_refund import evaluate_partner_refund, evaluate_tax_refund
from tests.data.conftest import ROOT, load

TODAY = date(2026, 11, 22)
DEMO = ROOT / "data" / "demo" / "orders.json"


@pytest.fixture(scope="module")
def demo_doc() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


@pytest.fixture
def demo(tmp_path, demo_doc) -> Store:
    url = f"sqlite:///{tmp_path}/demo.db"
    load(url, demo_doc)
    return Store(url)


def test_demo_keeps_the_shared_example(demo_doc, example_doc):
    for key, records in example_doc.items():
        by_id = {r["id"]: r for r in demo_doc[key]}
        assert all(by_id.get(r["id"]) == r for r in records), key


def test_demo_is_valid(demo_doc):
    validate_document(demo_doc)


@pytest.mark.parametrize("customer_id, language", [("CUST-1001", "vi"), ("CUST-1003", "en"), ("CUST-1005", "vi")])
def test_two_bills_in_a_month(demo: Store, customer_id, language):
    customer = demo.get_customer(customer_id)
    assert customer.preferred_language == language
    explained = explain_customer_charges(customer, demo.list_subscriptions(customer_id), TODAY)
    assert explained[0].doubled


@pytest.mark.parametrize("customer_id, status", [
    ("CUST-1002", "overdue"), ("CUST-1002", "pending"), ("CUST-1004", "overdue"), ("CUST-1004", "pending"),
])
def test_balances(demo: Store, customer_id, status):
    assert balance_facts(demo.list_subscriptions(customer_id), status)


@pytest.mark.parametrize("customer_id, order_id, cancellable, blocked", [
    ("CUST-1001", "ORD-1001", {"ITM-1"}, {"ITM-2"}),
    ("CUST-1005", "ORD-1201", {"ITM-6"}, {"ITM-7"}),
    ("CUST-1005", "ORD-1202", {"ITM-8"}, set()),
    ("CUST-1006", "ORD-1301", {"ITM-10"}, {"ITM-9", "ITM-11"}),
])
def test_cancellation_scenarios(demo: Store, customer_id, order_id, cancellable, blocked):
    verdicts = {i.id: evaluate_item_cancellation(i) for i in demo.get_order(customer_id, order_id).items}
    assert {k for k, v in verdicts.items() if v.cancellable} == cancellable
    assert {k for k, v in verdicts.items() if not v.cancellable} == blocked


@pytest.mark.parametrize("order_id, email, owner", [
    ("ORD-1201", "thuha.le@example.vn", "CUST-1005"), ("ORD-1301", " emily.nguyen@example.com ", "CUST-1006"),
])
def test_anonymous_verification_orders(demo: Store, order_id, email, owner):
    assert demo.verify_order_owner(order_id, email) == owner


@pytest.mark.parametrize("customer_id, purchase_id, refundable, tax_refundable", [
    ("CUST-2001", "PPB-3001", True, True), ("CUST-2001", "PPB-3002", False, True),
    ("CUST-2001", "PPB-3005", False, False), ("CUST-2003", "PPB-3201", True, False),
    ("CUST-2003", "PPB-3202", False, True), ("CUST-2003", "PPB-3203", False, True),
    ("CUST-2002", "PPB-3101", False, False), ("CUST-2004", "PPB-3301", False, False),
])
def test_partner_refund_scenarios(demo: Store, customer_id, purchase_id, refundable, tax_refundable):
    customer = demo.get_customer(customer_id)
    purchase = demo.get_partner_purchase(customer_id, purchase_id)
    assert evaluate_partner_refund(purchase, TODAY).eligible is refundable
    assert evaluate_tax_refund(customer, purchase, TODAY).eligible is tax_refundable
