"""Plain, immutable facts the rules reason about.

These mirror the collections of the order-data exchange format
(``../shared/fixtures/FORMAT.md``). The data store converts its rows into these
and the rules never see a database row, so the rules stay pure and testable.
Money is always ``Decimal``; dates are ``date``; instants are aware ``datetime``.
Every closed set of values is a ``str`` enum below: it compares equal to the plain
string the data format uses ("store_item"), so rows, JSON and fixtures need no
conversion to be compared, and the JSON Schema's ``enum`` lists are checked
against these classes by ``tests/data/test_model_sync.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Tuple


class OrderKind(str, Enum):
    """An order ships now; a pre-order charges when it is released."""

    ORDER = "order"
    PREORDER = "preorder"


class ChargeStatus(str, Enum):
    PAID = "paid"
    OVERDUE = "overdue"
    PENDING = "pending"


class BillingPeriod(str, Enum):
    MONTHLY = "monthly"
    YEARLY = "yearly"


class SubscriptionStatus(str, Enum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"


class RefundKind(str, Enum):
    """What a refund request is for: a partner benefit, its tax, or a Store item."""

    PARTNER_BENEFIT = "partner_benefit"
    PARTNER_TAX = "partner_tax"
    STORE_ITEM = "store_item"


class RefundStatus(str, Enum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


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
    kind: OrderKind
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
    status: ChargeStatus


@dataclass(frozen=True)
class Subscription:
    id: str
    customer_id: str
    product: str
    billing_period: BillingPeriod
    started_on: date  # fixes the renewal day
    price: Decimal
    currency: str
    status: SubscriptionStatus
    new_billing_since: date | None = None  # None = never moved
    charges: Tuple[Charge, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RefundRequest:
    id: str
    customer_id: str
    subject_id: str
    kind: RefundKind
    amount: Decimal
    currency: str
    created_at: datetime
    status: RefundStatus
