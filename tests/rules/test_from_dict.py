from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from bot.rules import Charge, OrderItem, Subscription, dataset_from_dict, model_from_dict

CHARGE = {"id": "C1", "billed_on": "2026-03-05", "service_from": "2026-02-20",
          "service_to": "2026-03-20", "amount": "9.99", "status": "paid"}


def test_converts_dates_money_instants_and_nested_tuples():
    sub = model_from_dict(Subscription, {
        "id": "S", "customer_id": "C", "product": "P", "billing_period": "monthly",
        "started_on": "2026-01-20", "price": "9.99", "currency": "USD", "status": "active",
        "new_billing_since": None, "charges": [CHARGE]})
    assert sub.started_on == date(2026, 1, 20) and sub.price == Decimal("9.99")
    assert sub.new_billing_since is None
    assert sub.charges == (Charge("C1", date(2026, 3, 5), date(2026, 2, 20), date(2026, 3, 20),
                                  Decimal("9.99"), "paid"),)
    item = model_from_dict(OrderItem, {"id": "I", "product": "P", "quantity": 1, "unit_price": "1.00",
                                       "currency": "USD", "charged_at": "2026-11-21T03:00:00Z"})
    assert item.charged_at == datetime(2026, 11, 21, 3, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"colour": "red"}, "$.colour"),
        ({"amount": 9.99}, "$.amount"),          # money is never a float
        ({"billed_on": "5 March"}, "$.billed_on"),
        ({"status": 1}, "$.status"),
    ],
)
def test_rejects_bad_values_naming_the_path(change, path):
    with pytest.raises(ValueError, match=rf"^{path.replace('$', '[$]')}"):
        model_from_dict(Charge, {**CHARGE, **change})


def test_rejects_missing_keys_and_unknown_collections():
    bad = dict(CHARGE)
    del bad["amount"]
    with pytest.raises(ValueError, match="amount"):
        model_from_dict(Charge, bad)
    with pytest.raises(ValueError, match="invoices"):
        dataset_from_dict({"invoices": []})


def test_rejects_instant_without_zone():
    with pytest.raises(ValueError, match="charged_at"):
        model_from_dict(OrderItem, {"id": "I", "product": "P", "quantity": 1, "unit_price": "1",
                                    "currency": "USD", "charged_at": "2026-11-21T03:00:00"})
