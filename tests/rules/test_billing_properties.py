"""Property tests: the billing calendar's invariants over random accounts and moves.

The legacy charge date is checked against an independent oracle (walk day by
day to the first billing day, clamped with ``calendar.monthrange``) rather than
against the code's own ``relativedelta`` arithmetic.
"""
import calendar
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rules import explain_two_bills
from bot.rules.billing import first_new_billing_renewal, period_months
from tests.rules.schedule import billing_schedule, renewal_dates

from .builders import ledger, subscription

PROPS = settings(max_examples=150, derandomize=True, deadline=None)


@st.composite
def accounts(draw):
    """(first purchase, subscription, schedule end): moves before, during or after the schedule."""
    first = draw(st.dates(date(2019, 1, 1), date(2030, 12, 31)))
    started = first + timedelta(days=draw(st.integers(0, 900)))
    period = draw(st.sampled_from(["monthly", "yearly"]))
    moved = draw(st.none() | st.integers(-30, 1500).map(lambda d: started + timedelta(days=d)))
    years = 3 if period == "monthly" else 8
    return first, subscription(started, period, moved), started + relativedelta(years=years)


def _is_billing_day(d: date, day: int) -> bool:
    return d.day == min(day, calendar.monthrange(d.year, d.month)[1])


@PROPS
@given(accounts())
def test_each_renewal_is_charged_exactly_once(account):
    first, sub, end = account
    schedule = billing_schedule(first, sub, sub.started_on, end)
    renewals = [s.renewal_on for s in schedule]
    assert renewals == sorted(set(renewals))  # no renewal charged twice
    settled = end - relativedelta(months=2)   # charges of later renewals may fall past ``end``
    expected = [sub.started_on, *renewal_dates(sub, sub.started_on, settled)]
    assert renewals[: len(expected)] == expected  # none skipped
    assert [s.initial for s in schedule].count(True) == 1 and schedule[0].charged_on == sub.started_on


@PROPS
@given(accounts())
def test_legacy_charge_is_the_next_billing_day_less_than_one_period_later(account):
    first, sub, end = account
    for s in billing_schedule(first, sub, sub.started_on, end):
        if s.regime != "legacy" or s.initial:
            continue
        assert s.renewal_on <= s.charged_on <= s.service_to
        assert _is_billing_day(s.charged_on, first.day)
        walk = s.renewal_on
        while walk < s.charged_on:  # oracle: no earlier billing day was skipped
            assert not _is_billing_day(walk, first.day)
            walk += timedelta(days=1)
        # Strictly inside the period, except when month-end clamping folds the
        # billing day and the next renewal onto the same last day of a month.
        if s.charged_on == s.service_to:
            assert s.service_to.day < sub.started_on.day
            assert s.charged_on == s.charged_on + relativedelta(day=31)


@PROPS
@given(accounts())
def test_after_the_move_at_most_one_charge_per_period(account):
    first, sub, end = account
    schedule = billing_schedule(first, sub, sub.started_on, end)
    catch_up = first_new_billing_renewal(sub)
    charged = [s.charged_on for s in schedule]
    settled = end - relativedelta(months=period_months(sub) + 1)
    for s in schedule:
        if s.regime != "new":
            continue
        assert s.charged_on == s.renewal_on
        if s.service_to > settled:
            continue
        in_period = [c for c in charged if s.service_from <= c < s.service_to]
        if s.renewal_on == catch_up:
            # the catch-up period can also hold the last legacy charge only on its very first day
            assert set(in_period) == {s.renewal_on} and len(in_period) <= 2
        else:
            assert len(in_period) == 1


@PROPS
@given(accounts())
def test_service_periods_tile_time(account):
    first, sub, end = account
    schedule = sorted(billing_schedule(first, sub, sub.started_on, end), key=lambda s: s.renewal_on)
    assert schedule[0].service_from == sub.started_on
    for s in schedule:
        assert s.service_from == s.renewal_on < s.service_to
    for a, b in zip(schedule, schedule[1:]):
        assert a.service_to == b.service_from


@PROPS
@given(accounts())
def test_explainer_finds_exactly_the_close_or_same_month_pairs(account):
    first, sub, end = account
    schedule = billing_schedule(first, sub, sub.started_on, end)
    sub = subscription(sub.started_on, sub.billing_period, sub.new_billing_since, ledger(schedule))
    e = explain_two_bills(first, sub, end)
    dates = sorted(s.charged_on for s in schedule)
    step = relativedelta(months=period_months(sub))
    expected = [(a, b) for a, b in zip(dates, dates[1:])
                if (a.year, a.month) == (b.year, b.month) or b < a + step]
    assert [(p.first.billed_on, p.second.billed_on) for p in e.pairs] == expected
    assert not e.needs_review  # everything the rules produce, the rules can explain
    if first.day == sub.started_on.day:
        assert not e.doubled  # billing day equal to the renewal day never gives two bills
    for p in e.pairs:
        if p.second_reason == "catch_up":
            assert p.first_reason == "deferred_legacy"
            assert p.second.billed_on == e.one_charge_per_period_from
