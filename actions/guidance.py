"""How-to intents answered with the steps from the source articles."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, SupportAction, button

GUIDES = {
    "cancel_subscription": "guide.cancel_subscription",
    "change_payment_method": "guide.change_payment_method",
    "subscription_expiry": "guide.subscription_expiry",
    "require_purchase_password": "guide.require_purchase_password",
    "ask_a_parent": "guide.ask_a_parent",
}


class ActionGuidance(SupportAction):
    action_name = "action_guidance"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        key = GUIDES.get(intent)
        if key is None:
            reply.say("fallback.rephrase")
            return []
        reply.say(key, buttons=[button(reply.t("topic.human"), "/human_handoff")])
        return []
