"""Subscription billing: why two bills, overdue and pending balances."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions.common import Reply, SupportAction, button, in_thread, store
from actions.identity import identify
from actions.typed import latest_text
from bot import config, replies
from bot.answers import find_time
from bot.rules.balances import balance_facts
from bot.rules.billing import charges_in_month, explain_customer_charges
from bot.rules.models import ChargeStatus


def follow_up_buttons(reply: Reply) -> List[Dict[str, str]]:
    return [button(reply.t("topic.overdue_balance"), "/overdue_balance"),
            button(reply.t("topic.cancel_subscription"), "/cancel_subscription"),
            button(reply.t("topic.human"), "/human_handoff")]


def anonymous_guidance(reply: Reply, tracker: Tracker, guide_key: str) -> List[Dict[str, Any]]:
    """Signed-out callers get the article's general answer and a sign-in hint."""
    identity = identify(tracker)
    reply.say("identity.bad_token" if identity.rejected_token else "identity.sign_in_hint")
    reply.say(guide_key, buttons=follow_up_buttons(reply))
    return []


class ActionWhyTwoBills(SupportAction):
    action_name = "action_why_two_bills"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        identity = identify(tracker)
        if not identity.signed_in:
            return anonymous_guidance(reply, tracker, "guide.two_bills")
        customer = await in_thread(store().get_customer, identity.customer_id)
        subs = await in_thread(store().list_subscriptions, identity.customer_id)
        if customer is None or not subs:
            reply.say("bills.no_subscriptions")
            reply.say("guide.two_bills", buttons=follow_up_buttons(reply))
            return [SlotSet("topic", "why_two_bills")]
        today = config.today()
        when = find_time(latest_text(tracker), today)
        if when is not None:
            return self.for_month(reply, customer, subs, date(when.year, when.month, 1), today)
        explanations = explain_customer_charges(customer, subs, today)
        doubled = [e for e in explanations if e.doubled]
        for expl in doubled:
            reply.text(replies.two_bills(expl, reply.lang))
        if doubled:
            reply.say("guide.two_bills_short", buttons=follow_up_buttons(reply))
        else:
            reply.say("bills.none_doubled")
            for expl in explanations:
                if expl.recent_charges:
                    reply.text(replies.recent_charges(expl, reply.lang))
            reply.say("guide.two_bills", buttons=follow_up_buttons(reply))
        return [SlotSet("topic", "why_two_bills")]


    def for_month(self, reply: Reply, customer, subs, month: date, today: date) -> List[Dict[str, Any]]:
        """"Why two bills this month / in March": about that month, then the latest double if another."""
        summary = charges_in_month(customer, subs, month, today)
        for expl in summary.doubled:
            reply.text(replies.two_bills(expl, reply.lang))
        if not summary.is_doubled:
            reply.text(replies.month_charges(summary, reply.lang))
            if summary.latest_doubled is not None:
                reply.say("bills.latest_doubled")
                reply.text(replies.two_bills(summary.latest_doubled, reply.lang))
        reply.say("guide.two_bills_short", buttons=follow_up_buttons(reply))
        return [SlotSet("topic", "why_two_bills")]


class BalanceAction(SupportAction):
    """Shared shape of the overdue and pending answers."""

    status = ""
    guide_key = ""

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        identity = identify(tracker)
        if not identity.signed_in:
            return anonymous_guidance(reply, tracker, self.guide_key)
        subs = await in_thread(store().list_subscriptions, identity.customer_id)
        facts = balance_facts(subs, self.status)
        if facts:
            reply.say(f"balance.{self.status}_intro", count=len(facts))
            reply.text(replies.balances(facts, reply.lang))
        else:
            reply.say(f"balance.no_{self.status}")
        reply.say(self.guide_key, buttons=[button(reply.t("topic.human"), "/human_handoff")])
        return [SlotSet("topic", self.status)]


class ActionOverdueBalance(BalanceAction):
    action_name = "action_overdue_balance"
    status = ChargeStatus.OVERDUE.value
    guide_key = "guide.overdue"


class ActionPendingBalance(BalanceAction):
    action_name = "action_pending_balance"
    status = ChargeStatus.PENDING.value
    guide_key = "guide.pending"
