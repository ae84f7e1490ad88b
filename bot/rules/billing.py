"""Subscription billing: when renewals are charged, and why a month can hold two bills.

Source: the support article "Microsoft subscriptions: why you might see two
bills in one month". The account's billing day is fixed for ever by the day of
the first purchase. A subscription renews on the day it started. Under legacy
billing a renewal waits for the next billing day; under new billing it is
charged on the renewal day itself. When a subscription moves, the last
deferred legacy charge and the first on-renewal ("catch-up") charge can fall
in the same month: that is the second bill. From then on there is one charge
per period, on the renewal day.

All calendar arithmetic goes through ``relativedelta``: renewals are
``started_on + n periods`` (never chained, so 31 Jan gives 28 Feb then 31 Mar)
and ``relativedelta(day=d)`` clamps a billing day past the month's end to the
month's last day.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Iterator, List, Sequence, Tuple

from dateutil.relativedelta import relativedelta

from .models import BillingPeriod, Charge, ChargeStatus, Customer, Subscription

LEGACY = "legacy"
NEW = "new"

# Why a charge in a doubled pair was billed when it was.
INITIAL_PURCHASE = "initial_purchase"  # the first period, paid on the purchase day
DEFERRED_LEGACY = "deferred_legacy"    # renewed earlier, charged later on the billing day
CATCH_UP = "catch_up"                  # first on-renewal charge right after a deferred one
ON_RENEWAL = "on_renewal"              # charged on its renewal day
SAME_PERIOD = "same_period"            # overlaps the other charge's period: not explained, review
UNEXPLAINED = "unexplained"            # billed before its period started: not explained, review

NEEDS_REVIEW = frozenset({SAME_PERIOD, UNEXPLAINED})
RECENT_CHARGES = 3


def period_months(sub: Subscription) -> int:
    """Length of one billing period in months (a year is 12, so 29 Feb clamps)."""
    if sub.billing_period == BillingPeriod.MONTHLY:
        return 1
    if sub.billing_period == BillingPeriod.YEARLY:
        return 12
    raise ValueError(f"unknown billing period {sub.billing_period!r} on {sub.id}")


def nth_renewal(sub: Subscription, n: int) -> date:
    """Start of period ``n`` (0 is the purchase), always counted from ``started_on``."""
    return sub.started_on + relativedelta(months=n * period_months(sub))


def _periods(sub: Subscription) -> Iterator[Tuple[int, date]]:
    n = 0
    while True:
        yield n, nth_renewal(sub, n)
        n += 1


def billing_day(first_purchase_on: date) -> int:
    """The account's billing day: the day of the month of its first purchase."""
    return first_purchase_on.day


def is_legacy(renewal: date, new_billing_since: date | None) -> bool:
    """Legacy billing applies before the move, and for ever if it never moved."""
    return new_billing_since is None or renewal < new_billing_since


def next_billing_day(on_or_after: date, day: int) -> date:
    """The first billing day on or after a date; day 31 means the last day of short months."""
    candidate = on_or_after + relativedelta(day=day)
    if candidate >= on_or_after:
        return candidate
    return on_or_after + relativedelta(months=1, day=day)


def charge_date(renewal: date, billing_day: int, new_billing_since: date | None) -> date:
    """When a renewal is charged: next billing day (legacy) or the renewal day (new)."""
    if is_legacy(renewal, new_billing_since):
        return next_billing_day(renewal, billing_day)
    return renewal


def first_new_billing_renewal(sub: Subscription) -> date | None:
    """The first renewal charged on its own day after the move; None if never moved."""
    if sub.new_billing_since is None:
        return None
    for n, renewal in _periods(sub):
        if n > 0 and renewal >= sub.new_billing_since:
            return renewal
    return None  # pragma: no cover - the generator is infinite


@dataclass(frozen=True)
class ChargeFact:
    charge_id: str
    billed_on: date
    service_from: date
    service_to: date
    amount: Decimal
    currency: str
    status: ChargeStatus = ChargeStatus.PAID

    @property
    def id(self) -> str:
        return self.charge_id


@dataclass(frozen=True)
class DoubledPair:
    month: date | None  # first day of the month both fall in; None if only close together
    first: ChargeFact
    second: ChargeFact
    first_reason: str  # see the reason constants above
    second_reason: str

    @property
    def needs_review(self) -> bool:
        return bool({self.first_reason, self.second_reason} & NEEDS_REVIEW)


@dataclass(frozen=True)
class TwoBillsExplanation:
    subscription_id: str
    product: str
    billing_day: int
    renewal_day: int
    new_billing_since: date | None
    pairs: Tuple[DoubledPair, ...]
    doubled: bool
    recent_charges: Tuple[ChargeFact, ...]
    one_charge_per_period_from: date | None  # None when never moved to new billing
    currency: str

    @property
    def needs_review(self) -> bool:
        """A pair the billing change cannot explain (for example a duplicate): hand to a human."""
        return any(p.needs_review for p in self.pairs)


def _fact(charge: Charge, currency: str) -> ChargeFact:
    return ChargeFact(charge.id, charge.billed_on, charge.service_from, charge.service_to,
                      charge.amount, currency, charge.status)


def _reason(charge: Charge, sub: Subscription) -> str:
    if charge.billed_on == sub.started_on and charge.service_from == sub.started_on:
        return INITIAL_PURCHASE
    if charge.billed_on > charge.service_from:
        return DEFERRED_LEGACY
    if charge.billed_on == charge.service_from:
        return ON_RENEWAL
    return UNEXPLAINED


def _second_reason(first: Charge, second: Charge, first_reason: str, sub: Subscription) -> str:
    if second.service_from < first.service_to:
        return SAME_PERIOD
    reason = _reason(second, sub)
    moved = sub.new_billing_since is not None and second.billed_on >= sub.new_billing_since
    if reason == ON_RENEWAL and first_reason == DEFERRED_LEGACY and moved:
        return CATCH_UP
    return reason


def _month(d: date) -> date:
    return d + relativedelta(day=1)


def _pair(first: Charge, second: Charge, sub: Subscription) -> DoubledPair | None:
    same_month = _month(first.billed_on) == _month(second.billed_on)
    too_close = second.billed_on < first.billed_on + relativedelta(months=period_months(sub))
    if not (same_month or too_close):
        return None
    first_reason = _reason(first, sub)
    return DoubledPair(
        month=_month(first.billed_on) if same_month else None,
        first=_fact(first, sub.currency),
        second=_fact(second, sub.currency),
        first_reason=first_reason,
        second_reason=_second_reason(first, second, first_reason, sub),
    )


def explain_two_bills(
    first_purchase_on: date, sub: Subscription, today: date
) -> TwoBillsExplanation:
    """Find, in the ledger up to ``today``, every pair of bills closer than one period.

    A pair is two consecutive charges in the same calendar month, or less than
    one period apart. Each is labelled (deferred legacy, then catch-up on the
    renewal day after the move, normally) so the assistant can explain it.
    """
    ledger = sorted((c for c in sub.charges if c.billed_on <= today),
                    key=lambda c: (c.billed_on, c.service_from, c.id))
    pairs = tuple(p for p in (_pair(a, b, sub) for a, b in zip(ledger, ledger[1:], strict=False)) if p)
    return TwoBillsExplanation(
        subscription_id=sub.id,
        product=sub.product,
        billing_day=billing_day(first_purchase_on),
        renewal_day=sub.started_on.day,
        new_billing_since=sub.new_billing_since,
        pairs=pairs,
        doubled=bool(pairs),
        recent_charges=tuple(_fact(c, sub.currency) for c in ledger[-RECENT_CHARGES:]),
        one_charge_per_period_from=first_new_billing_renewal(sub),
        currency=sub.currency,
    )


def explain_customer_charges(
    customer: Customer, subs: Sequence[Subscription], today: date
) -> List[TwoBillsExplanation]:
    """Explanations for the customer's own subscriptions, doubled ones first.

    Subscriptions of other customers are skipped: a rule must never explain
    somebody else's bills even if an adapter passes them by mistake.
    """
    own = [s for s in subs if s.customer_id == customer.id]
    explained = [explain_two_bills(customer.first_purchase_on, s, today) for s in own]
    return sorted(explained, key=lambda e: not e.doubled)


@dataclass(frozen=True)
class MonthCharges:
    """What was billed in one calendar month, and which explanations double in it.

    Answers "why was I charged twice *this month*": a month with one charge
    per subscription says so instead of explaining an older double charge.
    """

    month: date  # first day of the month
    charges: Tuple[Tuple[str, ChargeFact], ...]  # (product, charge) billed in the month
    doubled: Tuple[TwoBillsExplanation, ...]  # explanations with a pair in the month
    latest_doubled: TwoBillsExplanation | None  # else the most recent doubled one, if any

    @property
    def is_doubled(self) -> bool:
        return bool(self.doubled)


def _pair_in_month(pair: DoubledPair, month: date) -> bool:
    return _month(pair.first.billed_on) == month or _month(pair.second.billed_on) == month


def _latest_pair_day(expl: TwoBillsExplanation) -> date:
    return max(p.second.billed_on for p in expl.pairs)


def charges_in_month(
    customer: Customer, subs: Sequence[Subscription], month: date, today: date
) -> MonthCharges:
    """The customer's charges billed in ``month`` (any day of it) up to ``today``."""
    first_day = _month(month)
    own = [s for s in subs if s.customer_id == customer.id]
    charges = tuple(
        (s.product, _fact(c, s.currency)) for s in own for c in sorted(s.charges, key=lambda c: c.billed_on)
        if c.billed_on <= today and _month(c.billed_on) == first_day
    )
    explained = [explain_two_bills(customer.first_purchase_on, s, today) for s in own]
    doubled = tuple(
        replace(e, pairs=tuple(p for p in e.pairs if _pair_in_month(p, first_day)))
        for e in explained if any(_pair_in_month(p, first_day) for p in e.pairs)
    )
    others = [e for e in explained if e.doubled]
    latest = max(others, key=_latest_pair_day) if others and not doubled else None
    return MonthCharges(first_day, charges, doubled, latest)


@dataclass(frozen=True)
class ExtraCharge:
    """Which bill of a month with two is "the extra one", and whether it is really extra."""

    product: str
    charge: ChargeFact
    reason: str
    needs_review: bool  # overlapping or unexplained: a person should look, not an explanation


def extra_charge(explanations: Sequence[TwoBillsExplanation], month: date | None = None) -> ExtraCharge | None:
    """The later bill of the doubled pair in ``month`` (any month: the most recent pair).

    The earlier bill is the one the billing date always produced; the later one is the
    catch-up charge (or, when the pair needs review, the overlapping one). None when no
    month had two bills.
    """
    pairs = [(e, p) for e in explanations for p in e.pairs
             if month is None or (p.month is not None and p.month == month)]
    if not pairs:
        return None
    expl, pair = max(pairs, key=lambda ep: ep[1].second.billed_on)
    return ExtraCharge(expl.product, pair.second, pair.second_reason, pair.needs_review)
