"""Table-driven tests for the billing calendar and the two-bills explainer."""
from datetime import date
from decimal import Decimal

import pytest

from bot.rules import (
    Charge,
    billing_day,
    charge_date,
    explain_customer_charges,
    explain_two_bills,
)
from tests.rules.schedule import ScheduledCharge, billing_schedule, renewal_dates

from .builders import customer, ledger, subscription

D = date


def test_billing_day_is_the_day_of_the_first_purchase():
    assert billing_day(D(2026, 1, 5)) == 5
    assert billing_day(D(2024, 2, 29)) == 29


@pytest.mark.parametrize(
    ("renewal", "day", "moved", "expected"),
    [
        (D(2026, 2, 20), 5, None, D(2026, 3, 5)),      # billing day before renewal day: next month
        (D(2026, 2, 20), 25, None, D(2026, 2, 25)),    # billing day after renewal day: same month
        (D(2026, 2, 20), 20, None, D(2026, 2, 20)),    # equal: charged on the renewal day
        (D(2026, 12, 20), 5, None, D(2027, 1, 5)),     # across the year end
        (D(2026, 2, 10), 29, None, D(2026, 2, 28)),    # billing days 29/30/31 in a short month
        (D(2026, 2, 10), 30, None, D(2026, 2, 28)),
        (D(2026, 2, 10), 31, None, D(2026, 2, 28)),
        (D(2028, 2, 10), 29, None, D(2028, 2, 29)),    # leap February has a 29th
        (D(2028, 2, 10), 31, None, D(2028, 2, 29)),
        (D(2026, 4, 5), 31, None, D(2026, 4, 30)),     # 30-day month
        (D(2026, 1, 31), 31, None, D(2026, 1, 31)),
        (D(2026, 1, 31), 30, None, D(2026, 2, 28)),    # 30th already passed in January
        (D(2026, 2, 28), 30, None, D(2026, 2, 28)),    # clamped billing day equals the renewal
        (D(2026, 2, 20), 5, D(2026, 3, 1), D(2026, 3, 5)),   # renewal before the move: legacy
        (D(2026, 3, 20), 5, D(2026, 3, 1), D(2026, 3, 20)),  # after the move: the renewal day
        (D(2026, 3, 1), 5, D(2026, 3, 1), D(2026, 3, 1)),    # on the day of the move: new billing
    ],
)
def test_charge_date(renewal, day, moved, expected):
    assert charge_date(renewal, day, moved) == expected


@pytest.mark.parametrize(
    ("started", "period", "start", "end", "expected"),
    [
        (D(2026, 1, 31), "monthly", D(2026, 1, 1), D(2026, 5, 31),
         [D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31)]),   # anchored, no drift
        (D(2028, 1, 31), "monthly", D(2028, 2, 1), D(2028, 3, 31), [D(2028, 2, 29), D(2028, 3, 31)]),
        (D(2026, 1, 20), "monthly", D(2026, 3, 20), D(2026, 4, 20), [D(2026, 3, 20), D(2026, 4, 20)]),
        (D(2026, 1, 20), "monthly", D(2026, 1, 20), D(2026, 2, 19), []),      # purchase is not a renewal
        (D(2024, 2, 29), "yearly", D(2024, 1, 1), D(2028, 12, 31),
         [D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]),
        (D(2025, 11, 21), "yearly", D(2026, 1, 1), D(2027, 12, 31), [D(2026, 11, 21), D(2027, 11, 21)]),
    ],
)
def test_renewal_dates(started, period, start, end, expected):
    assert renewal_dates(subscription(started, period), start, end) == expected


def test_unknown_period_is_an_error():
    with pytest.raises(ValueError, match="fortnightly"):
        renewal_dates(subscription(D(2026, 1, 1), "fortnightly"), D(2026, 1, 1), D(2027, 1, 1))


# --- the seed article's worked example ------------------------------------------------

SEED_FIRST_PURCHASE = D(2026, 1, 5)
SEED_SUB = subscription(D(2026, 1, 20), "monthly", moved=D(2026, 3, 1))


def test_golden_seed_schedule():
    schedule = billing_schedule(SEED_FIRST_PURCHASE, SEED_SUB, D(2026, 1, 1), D(2026, 4, 30))
    assert schedule == [
        ScheduledCharge(D(2026, 1, 20), D(2026, 1, 20), D(2026, 1, 20), D(2026, 2, 20), "legacy", initial=True),
        ScheduledCharge(D(2026, 2, 20), D(2026, 3, 5), D(2026, 2, 20), D(2026, 3, 20), "legacy"),
        ScheduledCharge(D(2026, 3, 20), D(2026, 3, 20), D(2026, 3, 20), D(2026, 4, 20), "new"),
        ScheduledCharge(D(2026, 4, 20), D(2026, 4, 20), D(2026, 4, 20), D(2026, 5, 20), "new"),
    ]
    march = billing_schedule(SEED_FIRST_PURCHASE, SEED_SUB, D(2026, 3, 1), D(2026, 3, 31))
    assert [(s.charged_on, s.service_from, s.service_to) for s in march] == [
        (D(2026, 3, 5), D(2026, 2, 20), D(2026, 3, 20)),
        (D(2026, 3, 20), D(2026, 3, 20), D(2026, 4, 20)),
    ]


def test_golden_seed_explanation():
    schedule = billing_schedule(SEED_FIRST_PURCHASE, SEED_SUB, D(2026, 1, 1), D(2026, 6, 30))
    sub = subscription(D(2026, 1, 20), "monthly", moved=D(2026, 3, 1), charges=ledger(schedule))
    e = explain_two_bills(SEED_FIRST_PURCHASE, sub, D(2026, 6, 30))
    assert (e.billing_day, e.renewal_day, e.new_billing_since) == (5, 20, D(2026, 3, 1))
    assert e.doubled and len(e.pairs) == 1
    pair = e.pairs[0]
    assert pair.month == D(2026, 3, 1)
    assert (pair.first.billed_on, pair.first.service_from, pair.first.service_to) == (
        D(2026, 3, 5), D(2026, 2, 20), D(2026, 3, 20))
    assert (pair.second.billed_on, pair.second.service_from, pair.second.service_to) == (
        D(2026, 3, 20), D(2026, 3, 20), D(2026, 4, 20))
    assert (pair.first_reason, pair.second_reason) == ("deferred_legacy", "catch_up")
    assert e.one_charge_per_period_from == D(2026, 3, 20)
    assert not e.needs_review


# --- explainer over ledgers the schedule predicts ----------------------------------------

@pytest.mark.parametrize(
    ("first_purchase", "started", "period", "moved", "today", "pairs"),
    [
        # billing day == renewal day: never two bills, moved or not
        (D(2026, 1, 20), D(2026, 1, 20), "monthly", D(2026, 3, 1), D(2026, 12, 31), []),
        (D(2026, 1, 20), D(2026, 1, 20), "monthly", None, D(2026, 12, 31), []),
        (D(2025, 1, 31), D(2026, 1, 31), "monthly", D(2026, 3, 15), D(2026, 12, 31), []),
        # billing day before the renewal day: the seed's case, two bills in one month
        (D(2026, 1, 5), D(2026, 1, 20), "monthly", D(2026, 3, 1), D(2026, 12, 31),
         [(D(2026, 3, 1), D(2026, 3, 5), D(2026, 3, 20), "deferred_legacy", "catch_up")]),
        # billing day after the renewal day: 25 Feb then 20 Mar, less than a month apart
        (D(2026, 1, 25), D(2026, 1, 20), "monthly", D(2026, 3, 1), D(2026, 12, 31),
         [(None, D(2026, 2, 25), D(2026, 3, 20), "deferred_legacy", "catch_up")]),
        # never moved: always deferred, one charge a month, never doubled
        (D(2026, 1, 5), D(2026, 1, 20), "monthly", None, D(2027, 12, 31), []),
        (D(2026, 1, 25), D(2026, 1, 20), "monthly", None, D(2027, 12, 31), []),
        # yearly: deferred 25 Jun 2025, catch-up 10 Jun 2026, under a year apart
        (D(2024, 1, 25), D(2024, 6, 10), "yearly", D(2025, 7, 1), D(2027, 12, 31),
         [(None, D(2025, 6, 25), D(2026, 6, 10), "deferred_legacy", "catch_up")]),
        # yearly moved before its first renewal: nothing deferred, nothing doubled
        (D(2025, 7, 25), D(2025, 11, 21), "yearly", D(2026, 3, 1), D(2027, 12, 31), []),
        # the move lands after the renewal day in that month: catch-up a month later
        (D(2026, 1, 5), D(2026, 1, 20), "monthly", D(2026, 3, 25), D(2026, 12, 31),
         [(D(2026, 4, 1), D(2026, 4, 5), D(2026, 4, 20), "deferred_legacy", "catch_up")]),
        # renewal day 31 with billing day 30, never moved: the literal rule charges two periods on 30 Apr
        (D(2025, 1, 30), D(2026, 1, 31), "monthly", None, D(2026, 4, 30),
         [(D(2026, 4, 1), D(2026, 4, 30), D(2026, 4, 30), "deferred_legacy", "on_renewal")]),
    ],
)
def test_explainer_on_scheduled_ledgers(first_purchase, started, period, moved, today, pairs):
    schedule = billing_schedule(first_purchase, subscription(started, period, moved), started, today)
    sub = subscription(started, period, moved, ledger(schedule))
    e = explain_two_bills(first_purchase, sub, today)
    got = [(p.month, p.first.billed_on, p.second.billed_on, p.first_reason, p.second_reason) for p in e.pairs]
    assert got == pairs
    assert e.doubled is bool(pairs)
    assert not e.needs_review


def test_nothing_doubled_summarises_the_last_three_charges_up_to_today():
    schedule = billing_schedule(D(2026, 1, 20), subscription(D(2026, 1, 20)), D(2026, 1, 1), D(2026, 12, 31))
    sub = subscription(D(2026, 1, 20), charges=ledger(schedule))
    e = explain_two_bills(D(2026, 1, 20), sub, D(2026, 6, 25))
    assert not e.doubled and e.pairs == ()
    assert [c.billed_on for c in e.recent_charges] == [D(2026, 4, 20), D(2026, 5, 20), D(2026, 6, 20)]
    assert e.recent_charges[-1].amount == Decimal("9.99") and e.currency == "USD"
    assert e.one_charge_per_period_from is None


def test_a_real_duplicate_is_flagged_for_review_not_explained_away():
    charges = (
        Charge("A", D(2026, 3, 20), D(2026, 3, 20), D(2026, 4, 20), Decimal("9.99"), "paid"),
        Charge("B", D(2026, 3, 21), D(2026, 3, 20), D(2026, 4, 20), Decimal("9.99"), "paid"),
    )
    e = explain_two_bills(D(2026, 1, 20), subscription(D(2026, 1, 20), charges=charges), D(2026, 4, 1))
    assert e.doubled and e.pairs[0].second_reason == "same_period"
    assert e.needs_review


def test_customer_explanations_put_doubled_first_and_skip_other_customers():
    plain = subscription(D(2026, 1, 5))
    seed_schedule = billing_schedule(SEED_FIRST_PURCHASE, SEED_SUB, D(2026, 1, 1), D(2026, 6, 30))
    doubled = subscription(D(2026, 1, 20), moved=D(2026, 3, 1), charges=ledger(seed_schedule))
    stranger = subscription(D(2026, 1, 20), moved=D(2026, 3, 1), charges=ledger(seed_schedule), cid="C-2")
    got = explain_customer_charges(customer(first_purchase_on=SEED_FIRST_PURCHASE),
                                   [plain, doubled, stranger], D(2026, 6, 30))
    assert [e.doubled for e in got] == [True, False]
