"""Reading typed answers in actions: the latest text and intent, options built
from the customer's own data, and whether a form is resuming after a digression.

The meaning of a typed answer is decided by ``bot.answers`` (pure); this module
only adapts trackers and data objects to it.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence

from rasa_sdk import Tracker

from bot.answers import Option
from bot.rules.models import Order, PartnerPurchase

# Intents that, at a form's question, are a different question rather than an
# answer: the form lets the rules answer them and then resumes.
DIGRESSION_INTENTS = frozenset({
    "greet", "goodbye", "bot_challenge", "thank", "out_of_scope", "change_language", "human_handoff",
    "order_status", "why_two_bills", "overdue_balance", "pending_balance", "cancel_subscription",
    "change_payment_method", "subscription_expiry", "require_purchase_password", "ask_a_parent",
    "request_store_refund", "nlu_fallback",
})
# Actions that answer a digression (data/digressions.yml); seeing one since the
# user spoke means the form is resuming.
DIGRESSION_ACTIONS = frozenset({
    "action_greet", "action_bot_challenge", "action_thank", "action_out_of_scope",
    "action_change_language", "action_fallback", "action_order_status", "action_why_two_bills",
    "action_overdue_balance", "action_pending_balance", "action_guidance", "action_store_refund",
    "action_goodbye",
})


def weak_in_digression(found, intent: str | None) -> bool:
    """A date or position found inside another question ("why two bills this month?") is not a choice.

    A product name or an id still is: "the controller" heard as out_of_scope.
    """
    return intent in DIGRESSION_INTENTS and found.how in ("date", "position")


def latest_text(tracker: Tracker) -> str:
    """The latest user text; button payloads ("/intent{…}") count as no text."""
    text = str((tracker.latest_message or {}).get("text") or "").strip()
    return "" if text.startswith("/") else text


def is_payload(tracker: Tracker) -> bool:
    """True when the latest message is a button payload ("/affirm"), not typed text."""
    return str((tracker.latest_message or {}).get("text") or "").strip().startswith("/")


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def requested(tracker: Tracker, slot: str) -> bool:
    """True when the active form is asking for ``slot`` right now."""
    return tracker.get_slot("requested_slot") == slot


# Digital products that are software or a subscription rather than a game.
_NOT_A_GAME = re.compile(r"\b(?:365|office|onedrive|windows|pass|subscription|license|licence|app|gói|goi)\b",
                         re.IGNORECASE)


def item_kinds(item: Any) -> tuple:
    """What a customer may call an item besides its name: a digital product that is not
    software or a subscription is "the game" (the data has no category of its own)."""
    return ("game",) if getattr(item, "digital", False) and not _NOT_A_GAME.search(item.product) else ()


def item_options(order: Order) -> List[Option]:
    return [Option(i.id, (i.product,), order.placed_at.date(), (i.unit_price, i.unit_price * i.quantity),
                   item_kinds(i))
            for i in order.items]


def order_options(orders: Sequence[Order]) -> List[Option]:
    """Orders by id, product, date, or an amount: the total or one item's price ("cái đơn 599.99")."""
    return [Option(o.id, tuple(i.product for i in o.items), o.placed_at.date(), order_amounts(o)) for o in orders]


def order_amounts(order: Order) -> tuple:
    """The prices a customer may quote for an order: each line and the total."""
    lines = [i.unit_price * i.quantity for i in order.items]
    return tuple(dict.fromkeys([*(i.unit_price for i in order.items), *lines, sum(lines)]))


def purchase_options(purchases: Sequence[PartnerPurchase]) -> List[Option]:
    """Purchases by id, benefit, date, or the amount paid with or without tax ("the 475 one")."""
    return [Option(p.id, (p.benefit,), p.purchased_on, (p.amount, p.amount + p.tax_amount)) for p in purchases]


def resuming(tracker: Tracker) -> bool:
    """True when something other than the form itself answered since the user spoke.

    That is a digression ("why two bills?" in the middle of a cancellation):
    the form's next question then starts with one line saying where we are.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") in DIGRESSION_ACTIONS:
            return True
    return False


def slot_set_since_user(tracker: Tracker, slot: str) -> bool:
    """True when ``slot`` was set after the latest user message (this turn)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == slot:
            return True
    return False



def form_request_text(tracker: Tracker, form: str) -> str:
    """The customer's message that started the running ``form`` ("" if none is known).

    An anonymous customer names the item with the order ("cancel the Elite controller in
    ORD-1301"), then answers the email question, perhaps after a slip or two: the item is
    still the one asked for once the order is verified.
    """
    if (tracker.active_loop or {}).get("name") != form:
        return ""
    latest_user, started = "", ""
    for event in tracker.events:
        if event.get("event") == "user":
            latest_user = str(event.get("text") or "")
        elif event.get("event") == "active_loop" and event.get("name") == form:
            started = latest_user
    return "" if started.startswith("/") else started


def action_before_message(tracker: Tracker) -> str | None:
    """The bot's last action before the latest user message (not ``action_listen``)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in ("action_listen", None):
            return event.get("name")
    return None


def slot_before_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (what the form was working on)."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
            continue
        if seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def with_slots(tracker: Tracker, values: Dict[str, Any]) -> Tracker:
    """The tracker as it will be once these slot events apply: a copy, never a mutation.

    An action that sets a slot and keeps working in the same turn (a verification
    followed by the answer) must see the new value; the events still go back to
    Rasa as usual, and the caller's tracker is left as Rasa sent it.
    """
    updated = tracker.copy()
    updated.slots = {**tracker.slots, **values}
    return updated
