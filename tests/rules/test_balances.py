"""Which balance a quoted amount belongs to: the amount decides, not the word the customer used."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.rules import Charge
from bot.rules.balances import status_of_amount
from tests.rules.builders import subscription

D = date(2026, 11, 1)


def charge(cid: str, amount: str, status: str) -> Charge:
    return Charge(cid, D, D, date(2026, 12, 1), Decimal(amount), status)


SUBS = [subscription(date(2026, 1, 5), charges=(charge("C1", "19.99", "overdue"), charge("C2", "69.99", "pending"),
                                                charge("C3", "9.99", "paid"), charge("C4", "5.00", "overdue"),
                                                charge("C5", "5.00", "pending")))]


@pytest.mark.parametrize("amount, expected", [
    ("69.99", "pending"),
    ("19.99", "overdue"),
    ("9.99", None),   # paid: no open balance
    ("5.00", None),   # one overdue and one pending: the amount does not decide
    ("1.00", None),
])
def test_the_status_of_a_quoted_amount(amount, expected):
    assert status_of_amount(SUBS, Decimal(amount)) == expected
