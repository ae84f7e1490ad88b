"""Reading typed answers in actions: the latest text and intent, options built
from the customer's own data, and whether a form is resuming after a digression.

The meaning of a typed answer is decided by ``bot.answers`` (pure); this module
only adapts trackers and data objects to it.
"""
from __future__ import annotations

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
# Actions that are part of a form's own turn (not a digression).
_FORM_PLUMBING = ("action_listen", "action_extract_slots", "action_ask_", "validate_", "_form",
                  "action_session_start")


def latest_text(tracker: Tracker) -> str:
    """The latest user text; button payloads ("/intent{…}") count as no text."""
    text = str((tracker.latest_message or {}).get("text") or "").strip()
    return "" if text.startswith("/") else text


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def requested(tracker: Tracker, slot: str) -> bool:
    """True when the active form is asking for ``slot`` right now."""
    return tracker.get_slot("requested_slot") == slot


def item_options(order: Order) -> List[Option]:
    return [Option(i.id, (i.product,), order.placed_at.date()) for i in order.items]


def order_options(orders: Sequence[Order]) -> List[Option]:
    return [Option(o.id, tuple(i.product for i in o.items), o.placed_at.date()) for o in orders]


def purchase_options(purchases: Sequence[PartnerPurchase]) -> List[Option]:
    return [Option(p.id, (p.benefit,), p.purchased_on) for p in purchases]


def resuming(tracker: Tracker) -> bool:
    """True when something other than the form itself answered since the user spoke.

    That is a digression ("why two bills?" in the middle of a cancellation):
    the form's next question then starts with one line saying where we are.
    """
    names: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "action":
            names.append(str(event.get("name") or ""))
    return any(not any(p in n for p in _FORM_PLUMBING) for n in names)


def slot_set_since_user(tracker: Tracker, slot: str) -> bool:
    """True when ``slot`` was set after the latest user message (this turn)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") == slot:
            return True
    return False


def sets_slot(events: List[Dict[str, Any]], slot: str) -> bool:
    return any(e.get("event") == "slot" and e.get("name") == slot for e in events)
