"""How-to intents answered with the steps from the source articles."""
from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions.billing import answer_charge_question, cannot_remove
from actions.common import Reply, SupportAction, button
from actions.orders import answer_as, item_cancellation, named_order_item
from bot import replies
from bot.answers.billing_talk import asks_why_suspended, names_a_charge, says_already_cancelled
from bot.answers.text import fold, speaks_of_a_subscription
from bot.answers.topics import TOPIC_WORDS, other_topics
from bot.answers.yesno import is_question

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
        text = tracker.latest_message.get("text") or ""
        removal = cannot_remove(reply, tracker)  # "just remove the two $19.99 charges, I don't want to pay them"
        if removal is not None:
            return removal
        if intent == "subscription_expiry":
            from actions.conversation import billing_follow_up

            if billing_follow_up(tracker):  # "vậy từ giờ mình bị trừ vào ngày nào?" right after two bills
                return await answer_as("action_why_two_bills", reply, tracker, domain)
        if intent in ("cancel_subscription", "change_payment_method") and asks_why_suspended(text):
            return await answer_as("action_overdue_balance", reply, tracker, domain)  # "sao gói OneDrive bị tạm ngưng?"
        if intent == "cancel_subscription" and says_already_cancelled(text) and names_a_charge(text):
            return await answer_charge_question(reply, tracker)  # "đã hủy rồi mà vẫn bị trừ tiền"
        if intent == "cancel_subscription" and not speaks_of_a_subscription(text):
            from actions.conversation import why_not_action

            why = why_not_action(tracker, text)
            if why is not None:  # "sao không hủy luôn cho tôi?" right after an item's return path
                return await answer_as(why, reply, tracker, domain)
        if intent == "cancel_subscription":
            item = await named_order_item(tracker)
            if item is not None and item[1].cancellable:
                return item_cancellation(reply, *item)  # an order item not charged yet: cancel it
            if item is not None:
                # "Microsoft 365 Personal" bought in an order: that item's state, then the steps
                # that stop a subscription renewing.
                reply.text(replies.item_not_cancellable(item[1], reply.lang))
        for also in other_topics(text, intent, set(GUIDES) - {"cancel_subscription"}):
            reply.say(GUIDES[also])  # "...nhập mật khẩu? Với lại ... xin phép bố mẹ?": both answers
        reply.say(key, buttons=[button(reply.t("topic.human"), "/human_handoff")])
        return [SlotSet("topic", intent)]


# "what's the difference between that and cancelling it?", "vậy là sao?", "còn trên Xbox thì
# sao?": a question about the steps just given, which the classifier often hears as out of scope.
_ABOUT_THAT = re.compile(r"\b(?:that|difference|differ|khac gi|khac nhau|nghia la|vay la sao|la sao"
                         r"|con tren \w+(?: \w+)? thi sao|(?:what|how) about on)\b")


def unsure_guides(tracker: Tracker, ranked: List[str]) -> List[str]:
    """How-to topics a message names by their words while the classifier is unsure between
    them ("làm sao để nó phải xin phép tôi trước? Với lại đặt mật khẩu được không?"), in the
    order named; [] unless one of them is among the classifier's top three."""
    text = tracker.latest_message.get("text") or ""
    folded = fold(text)
    named = [(m.start(), topic) for topic, pattern in TOPIC_WORDS.items()
             if topic in GUIDES and (m := pattern.search(folded))]
    topics = [topic for _, topic in sorted(named)]
    return topics if set(topics) & set(ranked[:3]) else []


async def answer_guides(reply: Reply, topics: List[str]) -> List[Dict[str, Any]]:
    """Each named guide in turn; the last one named is the topic a follow-up refers to."""
    for n, topic in enumerate(topics):
        last = n == len(topics) - 1
        reply.say(GUIDES[topic], buttons=[button(reply.t("topic.human"), "/human_handoff")] if last else None)
    return [SlotSet("topic", topics[-1])]


def follows_up_guidance(tracker: Tracker) -> str | None:
    """The guide to give again when an unsure question refers to the one just given; else None."""
    text = tracker.latest_message.get("text") or ""
    topic = tracker.get_slot("topic")
    if topic not in GUIDES or not is_question(text) or not _ABOUT_THAT.search(fold(text)):
        return None
    return GUIDES[topic]

