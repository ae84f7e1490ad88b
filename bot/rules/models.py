"""Plain, immutable facts the rules reason about.

These mirror the collections of the order-data exchange format
(``../shared/fixtures/FORMAT.md``). The data store converts its rows into these
and the rules never see a database row, so the rules stay pure and testable.
Money is always ``Decimal``; dates are ``date``; instants are aware ``datetime``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Tuple


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    email: str
    preferred_language: str  # "vi" | "en"
    first_purchase_on: date  # fixes the account's billing day
    partner_id: str | None = None
    tax_exempt: bool = False


@dataclass(frozen=True)
class OrderItem:
    id: str
    product: str
    quantity: int
    unit_price: Decimal
    currency: str
    digital: bool = False
    charged_at: datetime | None = None
    shipped_at: datetime | None = None
    cancelled_at: datetime | None = None

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Order:
    id: str
    customer_id: str
    placed_at: datetime
    kind: str  # "order" | "preorder"
    items: Tuple[OrderItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PartnerPurchase:
    id: str
    customer_id: str
    benefit: str
    purchased_on: date
    amount: Decimal
    tax_amount: Decimal
    currency: str
    benefits_activated: bool = False
    product_keys_viewed: bool = False


@dataclass(frozen=True)
class Charge:
    id: str
    billed_on: date
    service_from: date
    service_to: date
    amount: Decimal
    status: str  # "paid" | "overdue" | "pending"


@dataclass(frozen=True)
class Subscription:
    id: str
    customer_id: str
    product: str
    billing_period: str  # "monthly" | "yearly"
    started_on: date  # fixes the renewal day
    price: Decimal
    currency: str
    status: str  # "active" | "cancelled" | "suspended"
    new_billing_since: date | None = None  # None = never moved
    charges: Tuple[Charge, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RefundRequest:
    id: str
    customer_id: str
    subject_id: str
    kind: str  # "partner_benefit" | "partner_tax" | "store_item"
    amount: Decimal
    currency: str
    created_at: datetime
    status: str  # "submitted" | "approved" | "rejected"
