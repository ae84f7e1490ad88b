"""Overdue and pending subscription balances, as facts for the actions to phrase.

Source: the "why two bills" article's balance section. *Overdue*: a charge was
attempted and failed; it will be retried, and if it keeps failing the
subscription is eventually cancelled, so the customer should pay now (Services
& subscriptions, Pay now). *Pending*: the subscription renewed under its terms
but the payment option has not been charged yet, so nothing is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import List, Sequence

from .models import ChargeStatus, Subscription

OVERDUE = ChargeStatus.OVERDUE
PENDING = ChargeStatus.PENDING
BALANCE_STATUSES = (OVERDUE, PENDING)

# The steps the article gives for paying an overdue balance, as codes to phrase.


@dataclass(frozen=True)
class BalanceFact:
    subscription_id: str
    product: str
    charge_id: str
    amount: Decimal
    currency: str
    billed_on: date
    service_from: date
    service_to: date
    status: ChargeStatus  # OVERDUE or PENDING


def balance_facts(subs: Sequence[Subscription], status: str) -> List[BalanceFact]:
    """Every charge in ``status`` across the subscriptions, oldest first."""
    if status not in BALANCE_STATUSES:
        raise ValueError(f"status must be one of {BALANCE_STATUSES}, not {status!r}")
    facts = [
        BalanceFact(s.id, s.product, c.id, c.amount, s.currency,
                    c.billed_on, c.service_from, c.service_to, c.status)
        for s in subs for c in s.charges if c.status == status
    ]
    return sorted(facts, key=lambda f: (f.billed_on, f.subscription_id, f.charge_id))


def status_of_amount(subs: Sequence[Subscription], amount: Decimal) -> str | None:
    """The balance status ("overdue" or "pending") of the open charges of exactly ``amount``,
    when they share one; None when no open charge has that amount or they differ.

    "And the 69.99 for Office, is that overdue too?": the quoted amount decides which
    balance the customer is asking about, not the word they used.
    """
    statuses = {f.status for status in BALANCE_STATUSES for f in balance_facts(subs, status) if f.amount == amount}
    if len(statuses) != 1:
        return None
    status = next(iter(statuses))
    return getattr(status, "value", status)
