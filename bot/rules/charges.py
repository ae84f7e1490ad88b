"""Which subscription charge is the customer asking about?

"What's this $19.99 charge from last month, on the 10th?", "tháng trước bị
trừ 1.490.000đ là khoản gì?", "đã hủy rồi mà tháng 9 vẫn bị trừ 9,99 đô?".
The customer quotes what their bank statement shows: an amount, a day or a
month, sometimes a product. This rule finds the ledger entries that fit and
says how well they fit, so the answer can be honest about a near match (same
amount on another day) or a statement in another currency (a card in đồng
paying a dollar subscription shows a converted amount that never equals the
ledger's).

Pure: plain data and an explicit ``today`` in, a decision out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable, List, Sequence, Tuple

from .billing import ChargeFact, _fact
from .models import Subscription, SubscriptionStatus

# How the found charges relate to what the customer said.
MATCHED = "matched"                  # amount and time as said (or all that was said)
SAME_AMOUNT_OTHER_TIME = "amount"    # the amount fits, on another day or month
SAME_TIME_OTHER_AMOUNT = "time"      # charges at that time, none of that amount
OTHER_CURRENCY = "other_currency"    # the amount is in a currency the account is not billed in
NOTHING_SAID = "recent"              # no amount or time given: the latest charges
NO_MATCH = "none"                    # nothing fits at all: the latest charges instead

MAX_SHOWN = 4


@dataclass(frozen=True)
class ChargeQuery:
    """What the customer quoted; every field is optional."""

    amount: Decimal | None = None
    currency: str | None = None  # None: compare the value in any currency
    month: date | None = None    # first day of the month named
    day: int | None = None       # day of that month, when named
    product: str | None = None   # a product named in the message

    @property
    def names_time(self) -> bool:
        return self.month is not None

    @property
    def target_day(self) -> date:
        """The day named, or the middle of the month named (for "nearest" comparisons)."""
        if self.month is None:
            raise ValueError("no time named")
        return self.month.replace(day=self.day or 15)

    def fits_time(self, billed_on: date) -> bool:
        if self.month is None:
            return True
        same_month = (billed_on.year, billed_on.month) == (self.month.year, self.month.month)
        return same_month and self.day in (None, billed_on.day)


@dataclass(frozen=True)
class FoundCharge:
    product: str
    subscription_id: str
    subscription_status: SubscriptionStatus
    charge: ChargeFact
    later_charges: int  # charges billed after this one (0: the latest of its subscription)


@dataclass(frozen=True)
class ChargeLookup:
    outcome: str  # one of the constants above
    found: Tuple[FoundCharge, ...]  # newest first, at most MAX_SHOWN
    query: ChargeQuery

    @property
    def cancelled(self) -> Tuple[FoundCharge, ...]:
        """Found charges of subscriptions that are cancelled now ("I cancelled, why charged?")."""
        return tuple(f for f in self.found if f.subscription_status == SubscriptionStatus.CANCELLED)


def _ledger(customer_id: str, subs: Sequence[Subscription], query: ChargeQuery,
            today: date) -> List[FoundCharge]:
    own = [s for s in subs if s.customer_id == customer_id]
    named = [s for s in own if query.product and _same_product(query.product, s.product)]
    rows = []
    for sub in named or own:
        billed = sorted((c for c in sub.charges if c.billed_on <= today), key=lambda c: (c.billed_on, c.id))
        for i, charge in enumerate(billed):
            rows.append(FoundCharge(sub.product, sub.id, sub.status, _fact(charge, sub.currency),
                                    later_charges=len(billed) - i - 1))
    return sorted(rows, key=lambda f: (f.charge.billed_on, f.charge.id), reverse=True)


def _newest_per_subscription(rows: List[FoundCharge]) -> List[FoundCharge]:
    seen: set[str] = set()
    out = []
    for row in rows:  # newest first
        if row.subscription_id not in seen:
            seen.add(row.subscription_id)
            out.append(row)
    return out


def _same_product(said: str, product: str) -> bool:
    a, b = said.casefold(), product.casefold()
    return a in b or b in a


def find_charges(customer_id: str, subs: Sequence[Subscription], query: ChargeQuery,
                 today: date) -> ChargeLookup:
    """The customer's charges (billed up to ``today``) that fit the query, newest first.

    Another customer's subscriptions are never searched, even if passed in.
    """
    ledger = _ledger(customer_id, subs, query, today)
    billed_in = {f.charge.currency for f in ledger}

    def pick(outcome: str, keep: Callable[[FoundCharge], bool]) -> ChargeLookup | None:
        hits = [f for f in ledger if keep(f)]
        if query.names_time and outcome == SAME_AMOUNT_OTHER_TIME:
            hits.sort(key=lambda f: abs((f.charge.billed_on - query.target_day).days))  # nearest first
        if not (query.names_time and outcome in (MATCHED, SAME_TIME_OTHER_AMOUNT, OTHER_CURRENCY)):
            hits = _newest_per_subscription(hits)  # "this $19.99 charge": the latest, not the history
        return ChargeLookup(outcome, tuple(hits[:MAX_SHOWN]), query) if hits else None

    def amount_fits(f: FoundCharge) -> bool:
        return f.charge.amount == query.amount and query.currency in (None, f.charge.currency)

    def time_fits(f: FoundCharge) -> bool:
        return query.fits_time(f.charge.billed_on)

    if query.amount is None and not query.names_time:
        return pick(NOTHING_SAID, lambda f: True) or ChargeLookup(NO_MATCH, (), query)
    if query.amount is not None and query.currency and billed_in and query.currency not in billed_in:
        found = pick(OTHER_CURRENCY, time_fits) if query.names_time else None
        return found or pick(OTHER_CURRENCY, lambda f: True) or ChargeLookup(OTHER_CURRENCY, (), query)
    if query.amount is None:
        return pick(MATCHED, time_fits) or pick(NO_MATCH, lambda f: True) or ChargeLookup(NO_MATCH, (), query)
    return (pick(MATCHED, lambda f: amount_fits(f) and time_fits(f))
            or pick(SAME_AMOUNT_OTHER_TIME, amount_fits)
            or (pick(SAME_TIME_OTHER_AMOUNT, time_fits) if query.names_time else None)
            or pick(NO_MATCH, lambda f: True)
            or ChargeLookup(NO_MATCH, (), query))


def doubled_month(lookup: ChargeLookup) -> date | None:
    """The first month in which the found charges hold two of one subscription ("9,99 tháng 3"
    in a month with two bills): the two-bills explanation then belongs with the answer."""
    seen: set[tuple[str, date]] = set()
    for found in sorted(lookup.found, key=lambda f: f.charge.billed_on):
        key = (found.subscription_id, found.charge.billed_on.replace(day=1))
        if key in seen:
            return key[1]
        seen.add(key)
    return None
