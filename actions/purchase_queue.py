"""Several partner purchases in one message: one purchase at a time, the others waiting.

"Refund PPB-3001 and PPB-3004 please" asks two questions with two different answers
(one may meet every criterion, the other only qualify for its tax). The first purchase
is checked and, when it qualifies, confirmed now; the others wait in the
``queued_purchases`` slot as ``"request_partner_refund:PPB-3004"`` (the refund kind the
customer asked for, and the purchase). When the first one is settled (submitted, or
shown not to qualify) the next is checked. A no at a confirmation, or a stop, clears
the queue, as it does for orders (``actions/cancel_queue.py``): every purchase gets its
own explicit yes, and a no is never taken as a yes for the next one.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet

from actions.typed import purchase_options
from bot.answers.choices import named_all, still_needed
from bot.language import fold_diacritics
from bot.rules.models import PartnerPurchase

QUEUE_SLOT = "queued_purchases"
FORMS = {"request_partner_refund": "partner_refund_form", "tax_refund": "tax_refund_form"}


def named_purchases(text: str, purchases: Sequence[PartnerPurchase]) -> List[str]:
    """The customer's own purchases a message names, by id or benefit name, in the order named.

    Ids are found where they are written; a purchase named only by its benefit
    ("the Action Pack and the Legacy Gold one") comes after, in the order named.
    """
    if not text or not purchases:
        return []
    at: List[Tuple[int, str]] = []
    for p in purchases:
        hit = re.search(rf"(?<![\w-]){re.escape(p.id)}(?![\w-])", text, re.IGNORECASE)
        if hit:
            at.append((hit.start(), p.id))
    found = [pid for _, pid in sorted(at)]
    words = set(re.findall(r"\w+", fold_diacritics(text).lower()))
    benefit = {p.id: p.benefit for p in purchases}
    for key in named_all(text, purchase_options(purchases)):
        if key not in found and _written_out(benefit[key], words, benefit.values()):
            found.append(key)
    # "charged for both Core and Expanded, but we only need Core. Can the Expanded one be refunded?"
    needed = set(still_needed(text, purchase_options(purchases)))
    return [key for key in found if key not in needed] or found


def _written_out(name: str, words: set, names) -> bool:
    """A word of the benefit's own name that no other benefit has is in the message as typed.

    The name matcher also hears translations ("gói" for "pack"); naming *several* purchases
    at once needs more than that, or "hoàn thuế cho gói Legacy Gold" would queue the Action Pack.
    """
    others = {w for n in names if n != name for w in re.findall(r"\w+", n.lower())}
    own = {w for w in re.findall(r"\w+", name.lower()) if len(w) > 2 and w not in others}
    return bool(own & words)


def checked_now(value: str, text: str, purchases: Sequence[PartnerPurchase], queue: Sequence[str]) -> str:
    """The purchase to check now when a message named several: the form's entity mapping
    fills the slot with the *last* id written, which is waiting in the queue; the one
    named and not waiting is the one announced first."""
    waiting = {decode(e)[1] for e in queue}
    if value not in waiting:
        return value
    named = named_purchases(text, purchases)
    return next((pid for pid in named if pid not in waiting), value) if len(named) > 1 else value


def queued(tracker: Tracker) -> List[str]:
    value = tracker.get_slot(QUEUE_SLOT)
    return [str(v) for v in value] if isinstance(value, list) else []


def encode(intent: str, purchase_id: str) -> str:
    return f"{intent}:{purchase_id}"


def decode(entry: str) -> Tuple[str, str]:
    """``"tax_refund:PPB-3003"`` -> ``("tax_refund", "PPB-3003")``; an unknown kind reads as a benefit refund."""
    intent, _, purchase_id = str(entry).partition(":")
    return (intent if intent in FORMS else "request_partner_refund"), purchase_id


def next_purchase(tracker: Tracker, owned: Sequence[str]) -> Tuple[List[Dict[str, Any]], str | None]:
    """The events that start the next waiting purchase's check, and its id (None: nothing waits).

    A queued id that is not among ``owned`` (the signed-in customer's purchases now) is
    dropped, never checked.
    """
    queue = queued(tracker)
    while queue:
        intent, purchase_id = decode(queue.pop(0))
        if purchase_id in owned:
            return [SlotSet("purchase_id", purchase_id), SlotSet("confirmed", None), SlotSet("topic", intent),
                    SlotSet("form_misses", 0.0), SlotSet(QUEUE_SLOT, queue or None),
                    FollowupAction(FORMS[intent])], purchase_id
    return ([SlotSet(QUEUE_SLOT, None)] if tracker.get_slot(QUEUE_SLOT) else []), None
