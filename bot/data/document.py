"""Whole data sets in and out: exchange-format document <-> database rows.

``replace_data_set`` and ``export_data_set`` are inverses for every valid document in
canonical form (money with two decimals, instants with seconds and a ``Z`` or ``±HH:MM``
zone, which is what FORMAT.md and the example use); other spellings of the same value
are accepted and written back canonically ("9.9" -> "9.90").
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List, Sequence, Tuple

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from bot.data.schema import (
    DATA_TABLES_DELETE_ORDER,
    AuditLogRow,
    ChargeRow,
    CustomerRow,
    OrderItemRow,
    OrderRow,
    PartnerPurchaseRow,
    RefundRequestRow,
    SubscriptionRow,
)
from bot.data.validate import parse_date, parse_instant, parse_money

Doc = Dict[str, Any]

# --- value conversions ----------------------------------------------------------------


def money_text(value: Decimal) -> str:
    """Decimal -> "475.00" (the column's scale, never scientific notation)."""
    return f"{value.quantize(Decimal('0.01')):f}"


def zone_of(zone: str) -> timezone:
    if zone == "Z":
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))


def zone_text(value: datetime) -> str:
    """The designator for an aware datetime's own offset ("Z" for UTC)."""
    offset = value.utcoffset() or timedelta(0)
    if not offset:
        return "Z"
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def instant_text(value: datetime | None, zone: str | None) -> str | None:
    """UTC instant + the zone it was written in -> ISO 8601 text in that zone."""
    if value is None:
        return None
    zone = zone or "Z"
    local = value.astimezone(zone_of(zone))
    return local.replace(tzinfo=None).isoformat() + zone


def in_zone(value: datetime | None, zone: str | None) -> datetime | None:
    return None if value is None else value.astimezone(zone_of(zone or "Z"))


def _instant(text: str | None) -> Tuple[datetime | None, str | None]:
    return parse_instant(text) if text is not None else (None, None)


def _date(text: str | None) -> date | None:
    return parse_date(text) if text is not None else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- load -----------------------------------------------------------------------------


def replace_data_set(session: Session, doc: Doc, now: datetime) -> Dict[str, int]:
    """Delete the whole data set and insert ``doc`` (already validated) in ``session``'s
    transaction. The audit log is kept (it is history, not data) and gains a
    ``load_data_set`` row. Returns counts for the summary line."""
    for table in DATA_TABLES_DELETE_ORDER:
        session.execute(delete(table))
    rows = _rows(doc)
    for table, values in rows:
        if values:
            session.execute(insert(table), values)
    counts = {table.name: len(values) for table, values in rows}
    session.add(AuditLogRow(at=now, action="load_data_set", details=counts))
    return counts


def _rows(doc: Doc) -> List[Tuple[Any, List[Dict[str, Any]]]]:
    customers = [
        dict(id=c["id"], seq=i, name=c["name"], email=c["email"],
             preferred_language=c["preferred_language"],
             first_purchase_on=parse_date(c["first_purchase_on"]),
             partner_id=c["partner_id"], tax_exempt=c["tax_exempt"])
        for i, c in enumerate(doc["customers"])
    ]
    orders, items = [], []
    for i, o in enumerate(doc["orders"]):
        placed_at, placed_zone = parse_instant(o["placed_at"])
        orders.append(dict(id=o["id"], seq=i, customer_id=o["customer_id"], placed_at=placed_at,
                           placed_at_zone=placed_zone, kind=o["kind"]))
        for j, it in enumerate(o["items"]):
            row = dict(id=it["id"], order_id=o["id"], seq=j, product=it["product"],
                       quantity=it["quantity"], unit_price=parse_money(it["unit_price"]),
                       currency=it["currency"], digital=it["digital"])
            for name in ("charged_at", "shipped_at", "cancelled_at"):
                row[name], row[f"{name}_zone"] = _instant(it[name])
            items.append(row)
    purchases = [
        dict(id=p["id"], seq=i, customer_id=p["customer_id"], benefit=p["benefit"],
             purchased_on=parse_date(p["purchased_on"]), amount=parse_money(p["amount"]),
             tax_amount=parse_money(p["tax_amount"]), currency=p["currency"],
             benefits_activated=p["benefits_activated"],
             product_keys_viewed=p["product_keys_viewed"])
        for i, p in enumerate(doc["partner_purchases"])
    ]
    subscriptions, charges = [], []
    for i, s in enumerate(doc["subscriptions"]):
        subscriptions.append(dict(
            id=s["id"], seq=i, customer_id=s["customer_id"], product=s["product"],
            billing_period=s["billing_period"], started_on=parse_date(s["started_on"]),
            price=parse_money(s["price"]), currency=s["currency"], status=s["status"],
            new_billing_since=_date(s["new_billing_since"])))
        for j, c in enumerate(s["charges"]):
            charges.append(dict(
                id=c["id"], subscription_id=s["id"], seq=j, billed_on=parse_date(c["billed_on"]),
                service_from=parse_date(c["service_from"]), service_to=parse_date(c["service_to"]),
                amount=parse_money(c["amount"]), status=c["status"]))
    refunds = []
    for i, r in enumerate(doc["refund_requests"]):
        created_at, created_zone = parse_instant(r["created_at"])
        refunds.append(dict(
            id=r["id"], seq=i, customer_id=r["customer_id"], subject_id=r["subject_id"],
            kind=r["kind"], amount=parse_money(r["amount"]), currency=r["currency"],
            created_at=created_at, created_at_zone=created_zone, status=r["status"]))
    return [
        (CustomerRow.__table__, customers), (OrderRow.__table__, orders),
        (OrderItemRow.__table__, items), (PartnerPurchaseRow.__table__, purchases),
        (SubscriptionRow.__table__, subscriptions), (ChargeRow.__table__, charges),
        (RefundRequestRow.__table__, refunds),
    ]


# --- export ---------------------------------------------------------------------------


def export_data_set(session: Session) -> Doc:
    """The current data set as an exchange-format document, in document order."""
    def all_of(model: Any) -> Sequence[Any]:
        return list(session.execute(select(model).order_by(model.seq, model.id)).scalars().all())

    return {
        "customers": [customer_doc(c) for c in all_of(CustomerRow)],
        "orders": [order_doc(o) for o in all_of(OrderRow)],
        "partner_purchases": [purchase_doc(p) for p in all_of(PartnerPurchaseRow)],
        "subscriptions": [subscription_doc(s) for s in all_of(SubscriptionRow)],
        "refund_requests": [refund_doc(r) for r in all_of(RefundRequestRow)],
    }


def customer_doc(c: CustomerRow) -> Doc:
    return {"id": c.id, "name": c.name, "email": c.email,
            "preferred_language": c.preferred_language,
            "first_purchase_on": _iso(c.first_purchase_on), "partner_id": c.partner_id,
            "tax_exempt": bool(c.tax_exempt)}


def order_doc(o: OrderRow) -> Doc:
    return {"id": o.id, "customer_id": o.customer_id,
            "placed_at": instant_text(o.placed_at, o.placed_at_zone), "kind": o.kind,
            "items": [item_doc(i) for i in o.items]}


def item_doc(i: OrderItemRow) -> Doc:
    return {"id": i.id, "product": i.product, "quantity": i.quantity,
            "unit_price": money_text(i.unit_price), "currency": i.currency,
            "digital": bool(i.digital),
            "charged_at": instant_text(i.charged_at, i.charged_at_zone),
            "shipped_at": instant_text(i.shipped_at, i.shipped_at_zone),
            "cancelled_at": instant_text(i.cancelled_at, i.cancelled_at_zone)}


def purchase_doc(p: PartnerPurchaseRow) -> Doc:
    return {"id": p.id, "customer_id": p.customer_id, "benefit": p.benefit,
            "purchased_on": _iso(p.purchased_on), "amount": money_text(p.amount),
            "tax_amount": money_text(p.tax_amount), "currency": p.currency,
            "benefits_activated": bool(p.benefits_activated),
            "product_keys_viewed": bool(p.product_keys_viewed)}


def subscription_doc(s: SubscriptionRow) -> Doc:
    return {"id": s.id, "customer_id": s.customer_id, "product": s.product,
            "billing_period": s.billing_period, "started_on": _iso(s.started_on),
            "price": money_text(s.price), "currency": s.currency, "status": s.status,
            "new_billing_since": _iso(s.new_billing_since),
            "charges": [{"id": c.id, "billed_on": _iso(c.billed_on),
                         "service_from": _iso(c.service_from), "service_to": _iso(c.service_to),
                         "amount": money_text(c.amount), "status": c.status}
                        for c in s.charges]}


def refund_doc(r: RefundRequestRow) -> Doc:
    return {"id": r.id, "customer_id": r.customer_id, "subject_id": r.subject_id,
            "kind": r.kind, "amount": money_text(r.amount), "currency": r.currency,
            "created_at": instant_text(r.created_at, r.created_at_zone), "status": r.status}
