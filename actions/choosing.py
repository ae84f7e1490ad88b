"""What a form does with a typed answer that is not a clean value.

Shared by the cancel and refund forms: a miss says what did not match and
lists the choices again; the second miss in a row stops the form (nothing
changed) and offers a person, so no question is ever asked three times.
A typed "no"/"stop" ends the form, whatever intent the classifier heard.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.common import Reply
from bot.answers import yes_or_no

MAX_MISSES = 2
STOP_WORDS_EXTRA = ("stop", "never mind", "khong huy nua", "thoi khong")


def misses(tracker: Tracker) -> int:
    try:
        return int(tracker.get_slot("form_misses") or 0)
    except (TypeError, ValueError):
        return 0


def missed(reply: Reply, tracker: Tracker, slot: str, text: str, labels: Sequence[str]) -> Dict[str, Any]:
    """Count a miss: say so and ask again, or stop and offer a person on the second one."""
    count = misses(tracker) + 1
    if count >= MAX_MISSES:
        reply.say("choice.give_up")
        return {slot: None, "requested_slot": None, "form_misses": 0.0, "offer": "handoff"}
    reply.say("choice.no_match", text=text[:80], example=labels[0] if labels else "")
    return {slot: None, "form_misses": float(count)}


def ambiguous(reply: Reply, slot: str, labels: Sequence[str]) -> Dict[str, Any]:
    """Several options fit ("the Surface one"): name them; not a miss."""
    reply.say("choice.which_one", options=", ".join(labels))
    return {slot: None}


def stop(reply: Reply) -> Dict[str, Any]:
    """The customer typed a no / stop at a question: end the form, change nothing."""
    reply.say("form.stopped")
    return {"requested_slot": None, "item_id": None, "purchase_id": None, "confirmed": None,
            "form_misses": 0.0}


def is_stop(text: str) -> bool:
    return yes_or_no(text) is False


def form_ended_now(tracker: Tracker) -> bool:
    """True when this validation run set requested_slot to None (the form must end).

    rasa_sdk would otherwise pick the next missing slot for forms with dynamic
    required slots and keep asking.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "action":
            return False
        if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value") is None:
            return True
    return False


def as_events(updates: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [SlotSet(k, v) for k, v in updates.items()]
