"""ORM rows -> the plain dataclasses of ``bot.rules.models``.

Actions and rules never hold a database row (no lazy loads after the session closed,
no accidental writes). Instants come back aware, in the zone they were recorded in.
"""
from __future__ import annotations

from datetime import datetime

from bot.data.document import in_zone
from bot.data.schema import (
    ChargeRow,
    CustomerRow,
    OrderItemRow,
    OrderRow,
    PartnerPurchaseRow,
    RefundRequestRow,
    SubscriptionRow,
)
from bot.rules.models import (
    BillingPeriod,
    Charge,
    ChargeStatus,
    Customer,
    Order,
    OrderItem,
    OrderKind,
    PartnerPurchase,
    RefundKind,
    RefundRequest,
    RefundStatus,
    Subscription,
    SubscriptionStatus,
)


def _required(value: datetime | None) -> datetime:
    """A NOT NULL instant column: None here would be a schema bug, not bad data."""
    if value is None:
        raise ValueError("a required instant is missing from the database row")
    return value


def to_customer(c: CustomerRow) -> Customer:
    return Customer(id=c.id, name=c.name, email=c.email, preferred_language=c.preferred_language,
                    first_purchase_on=c.first_purchase_on, partner_id=c.partner_id,
                    tax_exempt=bool(c.tax_exempt))


def to_item(i: OrderItemRow) -> OrderItem:
    return OrderItem(id=i.id, product=i.product, quantity=i.quantity, unit_price=i.unit_price,
                     currency=i.currency, digital=bool(i.digital),
                     charged_at=in_zone(i.charged_at, i.charged_at_zone),
                     shipped_at=in_zone(i.shipped_at, i.shipped_at_zone),
                     cancelled_at=in_zone(i.cancelled_at, i.cancelled_at_zone))


def to_order(o: OrderRow) -> Order:
    return Order(id=o.id, customer_id=o.customer_id,
                 placed_at=_required(in_zone(o.placed_at, o.placed_at_zone)), kind=OrderKind(o.kind),
                 items=tuple(to_item(i) for i in o.items))


def to_purchase(p: PartnerPurchaseRow) -> PartnerPurchase:
    return PartnerPurchase(id=p.id, customer_id=p.customer_id, benefit=p.benefit,
                           purchased_on=p.purchased_on, amount=p.amount, tax_amount=p.tax_amount,
                           currency=p.currency, benefits_activated=bool(p.benefits_activated),
                           product_keys_viewed=bool(p.product_keys_viewed))


def to_charge(c: ChargeRow) -> Charge:
    return Charge(id=c.id, billed_on=c.billed_on, service_from=c.service_from,
                  service_to=c.service_to, amount=c.amount, status=ChargeStatus(c.status))


def to_subscription(s: SubscriptionRow) -> Subscription:
    return Subscription(id=s.id, customer_id=s.customer_id, product=s.product,
                        billing_period=BillingPeriod(s.billing_period), started_on=s.started_on, price=s.price,
                        currency=s.currency, status=SubscriptionStatus(s.status),
                        new_billing_since=s.new_billing_since,
                        charges=tuple(to_charge(c) for c in s.charges))


def to_refund(r: RefundRequestRow) -> RefundRequest:
    return RefundRequest(id=r.id, customer_id=r.customer_id, subject_id=r.subject_id, kind=RefundKind(r.kind),
                         amount=r.amount, currency=r.currency,
                         created_at=_required(in_zone(r.created_at, r.created_at_zone)), status=RefundStatus(r.status))
