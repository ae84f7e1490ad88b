"""Hand-off to a person: queue the conversation, say honestly whether somebody is there.

The queue and the "is anybody there" rule live in ``bot.handoff``; this adapter only
gathers what the assistant knew (for the agent), records the hand-off, and phrases
the answer. The answer carries ``custom.handoff`` (queue id, reason, status) so the
page, or a company's own help desk over REST, can take the conversation.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict

from rasa_sdk import Tracker

from actions.common import Reply, in_thread, store
from actions.identity import Identity, identify
from bot import config
from bot.handoff.rules import Reason, reason_from_offer, someone_there
from bot.handoff.store import HandoffStore
from bot.rules.cancellation import evaluate_order_cancellation
from bot.rules.partner_refund import benefit_refund_outcome

CONTEXT_SLOTS = ("topic", "order_id", "item_ids", "purchase_id", "last_purchase", "failed_verifications",
                 "requested_slot")
RECENT_INTENTS = 6


def queue() -> HandoffStore:
    """The hand-off queue in ``SUPPORT_DB_URL`` (cheap: engine and tables are per process)."""
    return HandoffStore(config.db_url())


def assistant_context(tracker: Tracker, customer_id: str | None) -> Dict[str, Any]:
    """What the assistant knew, for the agent: recent intents, the task and its subject."""
    intents = []
    for event in tracker.events:
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            if intent.get("name"):
                intents.append({"name": intent["name"], "confidence": round(float(intent.get("confidence") or 0), 2)})
    slots = {name: tracker.get_slot(name) for name in CONTEXT_SLOTS if tracker.get_slot(name) not in (None, [], "")}
    return {"customer_id": customer_id, "signed_in": customer_id is not None,
            "verified_order": bool(tracker.get_slot("verified_order")), "intents": intents[-RECENT_INTENTS:],
            "active_form": (tracker.active_loop or {}).get("name"), "slots": slots}


async def decisions(tracker: Tracker, identity: Identity) -> Dict[str, Any]:
    """The rule decisions about what is in play, as the agent should see them.

    The same pure rules the assistant used (nothing is decided a second way), run on
    data this conversation may see: an order it owns or verified, a purchase of the
    signed-in partner.
    """
    from actions.orders import owned_order

    found: Dict[str, Any] = {}
    order = await owned_order(tracker, identity, tracker.get_slot("order_id"))
    if order is not None:
        found["order"] = {"order_id": order.id, "items": [
            {"item_id": d.item_id, "product": d.product, "cancellable": d.cancellable, "reason": d.reason}
            for d in evaluate_order_cancellation(order).items]}
    purchase_id = tracker.get_slot("purchase_id") or tracker.get_slot("last_purchase")
    if identity.signed_in and purchase_id:
        s = store()
        customer = await in_thread(s.get_customer, identity.customer_id)
        purchase = await in_thread(s.get_partner_purchase, identity.customer_id, purchase_id)
        if customer and purchase:
            refunds = await in_thread(s.list_refund_requests, identity.customer_id)
            outcome = benefit_refund_outcome(customer, purchase, config.today(), refunds)
            found["purchase"] = {
                "purchase_id": purchase.id, "refund_eligible": outcome.refund.eligible,
                "criteria": {c.code: c.passed for c in outcome.refund.criteria},
                "tax_refund_offered": outcome.tax_offer is not None}
    return found


async def hand_off(reply: Reply, tracker: Tracker, reason: Reason | None = None) -> None:
    identity = identify(tracker)
    now = datetime.now(timezone.utc)
    reason = reason or reason_from_offer(tracker.get_slot("offer"))
    await in_thread(store().record_handoff, identity.customer_id, tracker.sender_id, now)
    present = await in_thread(queue().agents_online, now)
    there = someone_there(present, config.agent_hours(), now)
    context = {**assistant_context(tracker, identity.customer_id), "decisions": await decisions(tracker, identity)}
    handoff = await in_thread(queue().open, tracker.sender_id, identity.customer_id, reply.lang, reason,
                              context, there, now)
    custom = {"handoff": {"queue_id": handoff.id, "reason": handoff.reason.value, "status": handoff.status.value}}
    key = "handoff" if handoff.active else "handoff.nobody"
    reply.dispatcher.utter_message(text=reply.t(key, queue_id=handoff.id), json_message=custom)

