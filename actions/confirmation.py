"""The explicit confirmation asked before any change, worded for the active form."""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, SupportAction, button
from actions.orders import CANCEL_FORM, chosen_names
from actions.partner_refunds import TAX_FORM


class ActionAskConfirmed(SupportAction):
    """The explicit confirmation before any change, worded for the active form."""

    action_name = "action_ask_confirmed"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        loop = (tracker.active_loop or {}).get("name")
        yes_no = [button(reply.t("confirm.yes"), "/affirm"), button(reply.t("confirm.no"), "/deny")]
        if loop == CANCEL_FORM:
            reply.say("confirm.cancel", items=await chosen_names(tracker),
                      order_id=tracker.get_slot("order_id") or "", buttons=yes_no)
        elif loop == TAX_FORM:
            reply.say("confirm.tax_refund", purchase_id=tracker.get_slot("purchase_id") or "", buttons=yes_no)
        else:
            reply.say("confirm.partner_refund", purchase_id=tracker.get_slot("purchase_id") or "",
                      buttons=yes_no)
        return []
