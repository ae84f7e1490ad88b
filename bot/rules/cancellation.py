"""Cancelling Microsoft Store orders and pre-orders, item by item.

Source: the support article "Cancel an order or pre-order from Microsoft
Store". An item can be cancelled until it is charged or shipped. After that
the Cancel option is gone, but the customer can request an exchange or a
refund instead. Decisions are per item because the Store cancels per item.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence, Tuple

from .decision import Criterion, ExplainedMixin, all_passed
from .models import Order, OrderItem, OrderKind, RefundKind, RefundRequest, RefundStatus

NOT_CHARGED = "not_charged"
ALREADY_CANCELLED = "already_cancelled"
SHIPPED = "shipped"
CHARGED = "charged"
ALREADY_REQUESTED = "already_requested"

AFTER_CHARGE_ALTERNATIVES = ("exchange", "refund")


def item_state(item: OrderItem) -> str:
    """The one fact that decides what can happen to an item, most final first.

    A cancelled item is done; a shipped item is physically gone (whether or not
    it was charged); a charged item has been paid for.
    """
    if item.cancelled_at is not None:
        return ALREADY_CANCELLED
    if item.shipped_at is not None:
        return SHIPPED
    if item.charged_at is not None:
        return CHARGED
    return NOT_CHARGED


def _item_criteria(item: OrderItem) -> Tuple[Criterion, ...]:
    return (
        Criterion("not_cancelled", item.cancelled_at is None, {"cancelled_at": item.cancelled_at}),
        Criterion("not_shipped", item.shipped_at is None, {"shipped_at": item.shipped_at}),
        Criterion("not_charged", item.charged_at is None, {"charged_at": item.charged_at}),
    )


@dataclass(frozen=True)
class ItemCancellation(ExplainedMixin):
    item_id: str
    product: str
    cancellable: bool
    reason: str  # "not_charged" | "already_cancelled" | "shipped" | "charged"
    alternatives: Tuple[str, ...]  # ("exchange", "refund") once charged or shipped
    criteria: Tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class OrderCancellation:
    order_id: str
    kind: OrderKind
    items: Tuple[ItemCancellation, ...]

    @property
    def cancellable_items(self) -> Tuple[ItemCancellation, ...]:
        return tuple(i for i in self.items if i.cancellable)

    @property
    def blocked_items(self) -> Tuple[ItemCancellation, ...]:
        return tuple(i for i in self.items if not i.cancellable)

    @property
    def any_cancellable(self) -> bool:
        return bool(self.cancellable_items)

    @property
    def all_cancellable(self) -> bool:
        return bool(self.items) and not self.blocked_items


@dataclass(frozen=True)
class StoreRefundDecision(ExplainedMixin):
    """The "request an exchange or refund" path for items that can no longer be cancelled."""

    item_id: str
    product: str
    eligible: bool
    # eligible: "charged" | "shipped"; not: "not_charged" (cancel it instead),
    # "already_cancelled", "already_requested"
    reason: str
    amount: Decimal
    currency: str
    alternatives: Tuple[str, ...]  # what the customer can ask for: exchange/refund, or ("cancel",)
    criteria: Tuple[Criterion, ...] = ()


def evaluate_item_cancellation(item: OrderItem) -> ItemCancellation:
    """Can this item still be cancelled, and if not, why and what instead."""
    state = item_state(item)
    return ItemCancellation(
        item_id=item.id,
        product=item.product,
        cancellable=state == NOT_CHARGED,
        reason=state,
        alternatives=AFTER_CHARGE_ALTERNATIVES if state in (SHIPPED, CHARGED) else (),
        criteria=_item_criteria(item),
    )


def evaluate_order_cancellation(order: Order) -> OrderCancellation:
    """Per-item cancellation decisions for a whole order or pre-order."""
    return OrderCancellation(
        order_id=order.id,
        kind=order.kind,
        items=tuple(evaluate_item_cancellation(i) for i in order.items),
    )


def evaluate_store_refund(
    item: OrderItem, existing_refunds: Sequence[RefundRequest] = ()
) -> StoreRefundDecision:
    """Can the customer request an exchange or refund for this item.

    Only items already charged or shipped qualify: an uncharged item should
    simply be cancelled, and a cancelled one needs nothing. A standing
    (not rejected) store-item refund request blocks a duplicate.
    """
    state = item_state(item)
    standing = [
        r for r in existing_refunds
        if r.subject_id == item.id and r.kind == RefundKind.STORE_ITEM and r.status != RefundStatus.REJECTED
    ]
    criteria = [
        Criterion("charged_or_shipped", state in (SHIPPED, CHARGED),
                  {"charged_at": item.charged_at, "shipped_at": item.shipped_at}),
        Criterion("not_cancelled", item.cancelled_at is None, {"cancelled_at": item.cancelled_at}),
    ]
    if standing:
        criteria.append(Criterion("not_already_requested", False,
                                  {"refund_id": standing[0].id, "status": standing[0].status}))
    eligible = all_passed(criteria)
    reason = ALREADY_REQUESTED if standing and state in (SHIPPED, CHARGED) else state
    return StoreRefundDecision(
        item_id=item.id,
        product=item.product,
        eligible=eligible,
        reason=reason,
        amount=item.total,
        currency=item.currency,
        alternatives=_refund_alternatives(state, eligible),
        criteria=tuple(criteria),
    )


def _refund_alternatives(state: str, eligible: bool) -> Tuple[str, ...]:
    if eligible:
        return AFTER_CHARGE_ALTERNATIVES
    return ("cancel",) if state == NOT_CHARGED else ()
