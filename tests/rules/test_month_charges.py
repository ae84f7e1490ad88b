"""'Why two bills this month?': the month asked about decides the answer."""
from datetime import date as D

import pytest

from bot.rules.billing import charges_in_month
from tests.rules.schedule import billing_schedule

from .builders import customer, ledger, subscription

FIRST = D(2026, 1, 5)


def seeded_sub():
    """The article's example: bills on the 5th, renews on the 20th, moved in March."""
    sub = subscription(D(2026, 1, 20), "monthly", moved=D(2026, 3, 1))
    return subscription(D(2026, 1, 20), "monthly", moved=D(2026, 3, 1),
                        charges=ledger(billing_schedule(FIRST, sub, D(2026, 1, 1), D(2026, 11, 30))))


@pytest.mark.parametrize(("month", "doubled", "charges", "latest"), [
    (D(2026, 3, 1), True, 2, False),    # the catch-up month
    (D(2026, 3, 17), True, 2, False),   # any day names its month
    (D(2026, 11, 1), False, 1, True),   # this month: one charge, then the March double
    (D(2026, 2, 1), False, 0, True),    # legacy billing moved the Feb 20 renewal to March 5
    (D(2025, 6, 1), False, 0, True),    # before the subscription: nothing billed
])
def test_month(month, doubled, charges, latest):
    summary = charges_in_month(customer(first_purchase_on=FIRST), [seeded_sub()], month, D(2026, 11, 22))
    assert summary.is_doubled is doubled
    assert len(summary.charges) == charges
    assert (summary.latest_doubled is not None) is latest
    assert summary.month == month.replace(day=1)
    if doubled:
        assert all(p.month == D(2026, 3, 1) for e in summary.doubled for p in e.pairs)


def test_charges_after_today_do_not_count():
    summary = charges_in_month(customer(first_purchase_on=FIRST), [seeded_sub()], D(2026, 11, 1), D(2026, 11, 10))
    assert summary.charges == ()


def test_other_customers_are_skipped():
    other = seeded_sub().__class__(**{**seeded_sub().__dict__, "customer_id": "C-2"})
    summary = charges_in_month(customer(first_purchase_on=FIRST), [other], D(2026, 3, 1), D(2026, 11, 22))
    assert not summary.is_doubled and summary.charges == () and summary.latest_doubled is None
