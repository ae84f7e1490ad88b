"""'What is this $19.99 charge from the 10th?': which ledger entries fit what the customer quotes."""
from dataclasses import replace
from datetime import date as D
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import Charge
from bot.rules.charges import (
    MATCHED,
    MAX_SHOWN,
    NO_MATCH,
    NOTHING_SAID,
    OTHER_CURRENCY,
    SAME_AMOUNT_OTHER_TIME,
    SAME_TIME_OTHER_AMOUNT,
    ChargeQuery,
    find_charges,
)

from .builders import subscription

TODAY = D(2026, 11, 22)


def monthly(product: str, day: int, amount: str, sid: str, cid: str = "C-1", status: str = "active",
            months: range = range(6, 12)):
    charges = tuple(Charge(f"{sid}-{m:02d}", D(2026, m, day), D(2026, m, day), D(2026, m + 1, day) if m < 12
                           else D(2027, 1, day), Decimal(amount), "overdue" if m == 11 else "paid") for m in months)
    return replace(subscription(D(2026, months[0], day), charges=charges, cid=cid), id=sid, product=product,
                   price=Decimal(amount), status=status)


GAME = monthly("Xbox Game Pass Ultimate", 10, "19.99", "SUB-G")
DRIVE = monthly("OneDrive Standalone 100 GB", 8, "1.99", "SUB-D")
CORE = monthly("Xbox Game Pass Core", 3, "9.99", "SUB-C", status="cancelled", months=range(3, 10))
SUBS = [GAME, DRIVE, CORE]


def q(amount=None, currency=None, month=None, day=None, product=None) -> ChargeQuery:
    return ChargeQuery(Decimal(amount) if amount else None, currency,
                       D(2026, month, 1) if month else None, day, product)


@pytest.mark.parametrize(("query", "outcome", "charge_ids"), [
    (q("19.99", "USD", 10, 10), MATCHED, ["SUB-G-10"]),                 # amount and day as said
    (q("19.99", None, 10, 10), MATCHED, ["SUB-G-10"]),                  # "19.99" without a unit
    (q("19.99", "USD"), MATCHED, ["SUB-G-11"]),                         # no time: the latest only
    (q("19.99", "USD", 10, 12), SAME_AMOUNT_OTHER_TIME, ["SUB-G-10"]),  # nearest to the 12th first
    (q("5.00", "USD", 10, None), SAME_TIME_OTHER_AMOUNT, ["SUB-G-10", "SUB-D-10"]),
    (q("5.00", "USD"), NO_MATCH, ["SUB-G-11", "SUB-D-11", "SUB-C-09"]),  # the latest of each instead
    (q("1490000", "VND", 10), OTHER_CURRENCY, ["SUB-G-10", "SUB-D-10"]),  # a bank's conversion
    (q("1490000", "VND"), OTHER_CURRENCY, ["SUB-G-11", "SUB-D-11", "SUB-C-09"]),
    (q(month=9, day=3), MATCHED, ["SUB-C-09"]),                           # a day alone
    (q(month=9), MATCHED, ["SUB-G-09", "SUB-D-09", "SUB-C-09"]),          # a month alone: all of it
    (q(month=1), NO_MATCH, ["SUB-G-11", "SUB-D-11", "SUB-C-09"]),
    (q(), NOTHING_SAID, ["SUB-G-11", "SUB-D-11", "SUB-C-09"]),
    (q("9.99", "USD", 9, product="Xbox Game Pass Core"), MATCHED, ["SUB-C-09"]),
    (q(product="game pass ultimate"), NOTHING_SAID, ["SUB-G-11"]),        # a product narrows the search
])
def test_lookup(query, outcome, charge_ids):
    lookup = find_charges("C-1", SUBS, query, TODAY)
    assert lookup.outcome == outcome
    assert [f.charge.id for f in lookup.found] == charge_ids


def test_a_cancelled_subscriptions_charge_is_flagged():
    lookup = find_charges("C-1", SUBS, q("9.99", "USD", 9), TODAY)
    assert [f.product for f in lookup.cancelled] == ["Xbox Game Pass Core"]
    assert find_charges("C-1", SUBS, q("19.99", "USD", 10, 10), TODAY).cancelled == ()


def test_charges_after_today_are_not_found():
    lookup = find_charges("C-1", SUBS, q("19.99", "USD", 11, 10), D(2026, 11, 9))
    assert lookup.outcome == SAME_AMOUNT_OTHER_TIME and lookup.found[0].charge.id == "SUB-G-10"


def test_another_customers_charges_are_never_searched():
    theirs = replace(GAME, customer_id="C-2")
    assert find_charges("C-1", [theirs], q("19.99", "USD"), TODAY).found == ()
    assert find_charges("C-1", [], q(), TODAY).outcome == NO_MATCH


@settings(max_examples=150, deadline=None, derandomize=True)
@given(amount=st.one_of(st.none(), st.sampled_from(["19.99", "1.99", "9.99", "3.00"])),
       currency=st.sampled_from([None, "USD", "VND"]),
       month=st.one_of(st.none(), st.integers(1, 12)), day=st.one_of(st.none(), st.integers(1, 28)),
       today_day=st.integers(1, 30))
def test_every_answer_is_the_customers_own_billed_charges(amount, currency, month, day, today_day):
    """Whatever is quoted: at most MAX_SHOWN charges, all billed by today, newest first when not by distance."""
    today = D(2026, 11, today_day)
    lookup = find_charges("C-1", SUBS + [replace(DRIVE, customer_id="C-2", id="SUB-X")],
                          q(amount, currency, month, day if month else None), today)
    assert len(lookup.found) <= MAX_SHOWN
    assert all(f.charge.billed_on <= today and f.subscription_id != "SUB-X" for f in lookup.found)
    if lookup.outcome == MATCHED and amount is not None:
        assert all(f.charge.amount == Decimal(amount) for f in lookup.found)


def test_a_month_with_two_charges_of_one_subscription_is_named():
    from bot.rules.charges import doubled_month

    twice = replace(GAME, charges=GAME.charges + (Charge("SUB-G-X", D(2026, 10, 25), D(2026, 11, 10),
                                                         D(2026, 12, 10), Decimal("19.99"), "paid"),))
    assert doubled_month(find_charges("C-1", [twice], q("19.99", "USD", 10), TODAY)) == D(2026, 10, 1)
    assert doubled_month(find_charges("C-1", SUBS, q(month=10), TODAY)) is None  # one each
