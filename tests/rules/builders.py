"""Small builders so each test states only the facts it is about."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from bot.rules import Charge, Customer, OrderItem, PartnerPurchase, RefundRequest, Subscription
from tests.rules.schedule import ScheduledCharge

WHEN = datetime(2026, 11, 21, 3, 0, tzinfo=timezone.utc)


def customer(cid: str = "C-1", first_purchase_on: date = date(2026, 1, 5), tax_exempt: bool = True) -> Customer:
    return Customer(cid, "Test", "t@example.com", "en", first_purchase_on, "P-1", tax_exempt)


def purchase(purchased_on: date = date(2026, 11, 2), *, activated: bool = False, viewed: bool = False,
             amount: str = "475.00", tax: str = "47.50", pid: str = "PPB-1") -> PartnerPurchase:
    return PartnerPurchase(pid, "C-1", "Action Pack", purchased_on, Decimal(amount), Decimal(tax), "USD",
                           benefits_activated=activated, product_keys_viewed=viewed)


def refund(kind: str, status: str = "submitted", subject_id: str = "PPB-1") -> RefundRequest:
    return RefundRequest("RFD-1", "C-1", subject_id, kind, Decimal("1.00"), "USD", WHEN, status)


def item(*, charged: bool = False, shipped: bool = False, cancelled: bool = False, iid: str = "ITM-1") -> OrderItem:
    return OrderItem(iid, "Surface Pen", 2, Decimal("99.99"), "USD",
                     charged_at=WHEN if charged else None,
                     shipped_at=WHEN if shipped else None,
                     cancelled_at=WHEN if cancelled else None)


def subscription(started_on: date, period: str = "monthly", moved: date | None = None,
                 charges: tuple[Charge, ...] = (), cid: str = "C-1") -> Subscription:
    return Subscription("SUB-1", cid, "Office 365 Home", period, started_on, Decimal("9.99"), "USD",
                        "active", moved, charges)


def ledger(schedule: list[ScheduledCharge]) -> tuple[Charge, ...]:
    """The charges the schedule predicts, as a ledger would record them."""
    return tuple(Charge(f"CHG-{i:03d}", s.charged_on, s.service_from, s.service_to, Decimal("9.99"), "paid")
                 for i, s in enumerate(sorted(schedule, key=lambda s: s.renewal_on), start=1))
