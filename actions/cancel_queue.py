"""Several items to cancel across orders: one order at a time, the others waiting.

The cancel form works on one order. When a customer names items of two orders
("hủy Surface Go 4 với con Xbox Series X đặt trước"), says "both"/"hủy hết" to the
order question, or adds another order's item with "too" at a confirmation, the
first order's items are confirmed now and the others wait in the ``queued_items``
slot as ``"ORD-1202:ITM-8"`` (``"ORD-1002:all"`` for every item that can still go).
After each confirmed cancellation the next order is asked about: every order gets
its own explicit yes, and a no or a stop clears the queue.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Sequence, Tuple

from rasa_sdk import Tracker

from actions.typed import item_options
from bot.answers.choices import kept_all, named_all
from bot.rules.cancellation import ItemCancellation, evaluate_order_cancellation
from bot.rules.models import Order

QUEUE_SLOT = "queued_items"
ALL = "all"


def encode(order_id: str, item_ids: Sequence[str]) -> str:
    return f"{order_id}:{','.join(item_ids) or ALL}"


def decode(entry: str) -> Tuple[str, List[str]]:
    """``"ORD-1202:ITM-8,ITM-9"`` -> ``("ORD-1202", ["ITM-8", "ITM-9"])``; ``[]`` means every item."""
    order_id, _, items = str(entry).partition(":")
    ids = [i for i in items.split(",") if i and i != ALL]
    return order_id, ids


def queued(tracker: Tracker) -> List[str]:
    value = tracker.get_slot(QUEUE_SLOT)
    return [str(v) for v in value] if isinstance(value, list) else []


def add(queue: Sequence[str], order_id: str, item_ids: Sequence[str]) -> List[str]:
    """The queue with these items added to their order's entry (or a new entry at the end)."""
    out = list(queue)
    for n, entry in enumerate(out):
        queued_order, ids = decode(entry)
        if queued_order == order_id:
            if ids:  # an "all" entry already holds them
                out[n] = encode(order_id, list(dict.fromkeys([*ids, *item_ids])))
            return out
    return out + [encode(order_id, item_ids)]


def named_items(text: str, orders: Sequence[Order]) -> List[Tuple[Order, ItemCancellation]] | None:
    """The items a message names when it names more than one, in the order named, those it
    asks to keep left out ("cancel the Elite, keep the headphones"); None for one or none."""
    if not text or not orders:
        return None
    options = [opt for o in orders for opt in item_options(o)]
    named, kept = named_all(text, options), kept_all(text, options)
    if len(set(named) | set(kept)) < 2:
        return None
    owner = {i.id: o for o in orders for i in o.items}
    wanted = []
    for key in (k for k in named if k not in kept):
        decisions = evaluate_order_cancellation(owner[key]).items
        wanted.append((owner[key], next(d for d in decisions if d.item_id == key)))
    return wanted or None


@dataclass
class Plan:
    """What to do with the items a message names: confirm ``items`` of ``order`` now,
    queue the rest, and say why the ``refused`` ones cannot go."""

    order: Order | None = None
    items: List[str] = field(default_factory=list)
    queue: List[str] = field(default_factory=list)
    refused: List[ItemCancellation] = field(default_factory=list)


def plan(wanted: Sequence[Tuple[Order, ItemCancellation]]) -> Plan:
    """Group the named items by order, in the order they were named."""
    out = Plan()
    for order, decision in wanted:
        if not decision.cancellable:
            out.refused.append(decision)
        elif out.order is None or out.order.id == order.id:
            out.order = order
            out.items.append(decision.item_id)
        else:
            out.queue = add(out.queue, order.id, [decision.item_id])
    return out


def pending_items(order: Order, ids: Sequence[str], decisions: Sequence[ItemCancellation]) -> List[str]:
    """The queued ids (all when none are listed) of ``order`` that can still be cancelled now."""
    cancellable = [d.item_id for d in decisions if d.cancellable]
    return [i for i in cancellable if not ids or i in ids]


def without_first(queue: Sequence[str]) -> Any:
    rest = list(queue[1:])
    return rest or None
