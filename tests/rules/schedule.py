"""Test oracle: the billing calendar the rules predict (not production code).

Moved here from ``bot.rules.billing``: production never needs the whole calendar
(it explains the ledger it is given), but the tests use it to generate ledgers
and to check the explainer's properties. Built only from the production rules
(``nth_renewal``, ``charge_date``, ``billing_day``), so it cannot drift from them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import List

from bot.rules.billing import LEGACY, NEW, _periods, billing_day, charge_date, is_legacy, nth_renewal
from bot.rules.models import Subscription


def renewal_dates(sub: Subscription, start: date, end: date) -> List[date]:
    """Renewals (not the initial purchase) falling in ``[start, end]``, inclusive."""
    out: List[date] = []
    for n, renewal in _periods(sub):
        if renewal > end:
            return out
        if n > 0 and renewal >= start:
            out.append(renewal)
    return out  # pragma: no cover - the generator is infinite



@dataclass(frozen=True)
class ScheduledCharge:
    renewal_on: date
    charged_on: date
    service_from: date
    service_to: date
    regime: str  # "legacy" | "new"
    initial: bool = False  # the purchase itself, charged on the purchase day


def _scheduled(sub: Subscription, n: int, day: int) -> ScheduledCharge:
    renewal = nth_renewal(sub, n)
    return ScheduledCharge(
        renewal_on=renewal,
        charged_on=renewal if n == 0 else charge_date(renewal, day, sub.new_billing_since),
        service_from=renewal,
        service_to=nth_renewal(sub, n + 1),
        regime=LEGACY if is_legacy(renewal, sub.new_billing_since) else NEW,
        initial=n == 0,
    )


def billing_schedule(
    first_purchase_on: date, sub: Subscription, start: date, end: date
) -> List[ScheduledCharge]:
    """Charges the rules predict whose charge date falls in ``[start, end]``, inclusive.

    Filtering on the charge date answers "what will I see on my statement in
    this range". The subscription's status is ignored: this is the contract's
    calendar, not a record of what was actually billed (that is the ledger).
    """
    day = billing_day(first_purchase_on)
    out: List[ScheduledCharge] = []
    for n, renewal in _periods(sub):
        if renewal > end:
            return out
        item = _scheduled(sub, n, day)
        if start <= item.charged_on <= end:
            out.append(item)
    return out  # pragma: no cover - the generator is infinite
