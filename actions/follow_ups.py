"""A follow-up to the answer just given, whatever the classifier heard.

After an answer, people ask about *that answer* in words the classifier files under
another intent, or none: "so what exactly is wrong with it" (affirm) after a partner
decision, "what happens if I just don't" (deny) after an overdue balance, "can you just
refund that one then" (a store refund) after two bills, "có mail xác nhận ko" (out of
scope) after a cancellation, "ok để mai tôi nạp tiền rồi trả, cảm ơn em" (unsure). The
topic slot says which answer was just given; the readers in ``bot.answers`` say whether
the message is about it. The fallback, out-of-scope, acknowledge and store-refund actions
ask here first; None means "not a follow-up", and they answer as before.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply
from actions.typed import latest_text
from bot import config
from bot.answers import find_time
from bot.answers.billing_talk import (
    asks_if_paid_double,
    asks_to_refund_that_charge,
    asks_what_if_unpaid,
    asks_what_to_do,
    says_twice,
)
from bot.answers.refund_talk import asks_what_failed
from bot.answers.text import (
    asks_about_money_back_or_fees,
    asks_about_the_email,
    asks_why,
    closes_with_thanks,
    doubts_the_answer,
    fold,
    mentions_cancelling,
    says_goodbye,
)
from bot.answers.topics import TOPIC_WORDS
from bot.answers.yesno import has_negation, wants_to_stop

PARTNER_ACTIONS = {"request_partner_refund": "action_partner_refund", "tax_refund": "action_tax_refund"}
# The answer a topic was given by, to give again when it is questioned ("are you sure?").
ANSWERS = {**PARTNER_ACTIONS, "why_two_bills": "action_why_two_bills", "overdue": "action_overdue_balance",
           "pending": "action_pending_balance"}


async def answer_follow_up(reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]] | None:
    """Answer a follow-up to the latest answer, or None when the message is not one."""
    if (tracker.active_loop or {}).get("name"):
        return None  # a form's question is open: the form reads the message
    text = latest_text(tracker)
    if not text:
        return None
    topic = tracker.get_slot("topic")
    if topic == "why_two_bills" and asks_to_refund_that_charge(text):
        from actions.billing import offer_a_person_for_a_charge

        return offer_a_person_for_a_charge(reply, text)  # a charge is refunded by a person, not here
    if topic == "why_two_bills" and asks_if_paid_double(text):
        return await the_later_bill(reply, tracker)  # "vậy là em bị trả tiền trùng hả?"
    if topic == "why_two_bills" and _asks_about_months_ahead(text):
        ahead = await the_months_ahead(reply, tracker)  # "z tu gio tro di co bi nhu v nua hk"
        if ahead is not None:
            return ahead
    unpaid = await consequence_of_not_paying(reply, tracker)
    if unpaid is not None:
        return unpaid
    if topic in ("overdue", "pending") and TOPIC_WORDS["change_payment_method"].search(fold(text)):
        from actions.guidance import answer_guides

        # "thẻ vẫn còn tiền mà, sao lại không trừ được? làm sao đổi thẻ khác" after an overdue balance
        return await answer_guides(reply, ["change_payment_method"])
    if topic in ("overdue", "pending") and asks_what_to_do(text):
        reply.say(f"guide.{topic}")  # "vậy giờ em phải làm gì ạ": the article's steps for that balance
        return []
    if topic in PARTNER_ACTIONS and _asks_for_tax(text) and not wants_to_stop(text) and not has_negation(text):
        from actions.orders import answer_as

        # "what about getting the tax back at least?" after a partner refund decision
        return await answer_as("action_tax_refund", reply, tracker, domain)
    if topic in PARTNER_ACTIONS and tracker.get_slot("last_purchase") \
            and (asks_what_failed(text) or asks_why(text) or doubts_the_answer(text)):
        from actions.orders import answer_as

        return await answer_as(PARTNER_ACTIONS[topic], reply, tracker, domain)  # the decision, criterion by criterion
    if topic in ANSWERS and topic not in PARTNER_ACTIONS and doubts_the_answer(text):
        from actions.orders import answer_as

        reply.say("answer.checked_again")  # checked again against the account: the same facts
        return await answer_as(ANSWERS[topic], reply, tracker, domain)
    if topic == "cancel_order" and asks_about_the_email(text):
        reply.say("cancel.email_answer")
        return []
    after_cancel = await money_after_a_cancellation(reply, tracker)
    if after_cancel is not None:
        return after_cancel
    if closes_with_thanks(text):
        reply.say("goodbye" if says_goodbye(text) else "thank")  # "cam on, tam biet" closes the chat
        return []
    return None


def _names_a_balance(text: str) -> bool:
    folded = fold(text)
    return any(TOPIC_WORDS[t].search(folded) for t in ("pending_balance", "overdue_balance"))


def _asks_about_months_ahead(text: str) -> bool:
    from actions.billing import asks_about_months_ahead

    return asks_about_months_ahead(text)


def _asks_for_tax(text: str) -> bool:
    from actions.partner_refunds import asks_for_tax

    return asks_for_tax(text)


async def money_after_a_cancellation(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]] | None:
    """"có bị charge tiền gì không vậy?" right after a cancellation (heard as a billing question):
    only items not charged yet can be cancelled, so nothing was paid and nothing is refunded."""
    if (tracker.active_loop or {}).get("name") or tracker.get_slot("topic") != "cancel_order":
        return None
    text = latest_text(tracker)
    if not text or not asks_about_money_back_or_fees(text) or len(text.split()) > 10 or says_twice(text) \
            or find_time(text, config.today()) is not None or _names_a_balance(text):
        return None  # "why was I charged twice in March?", "any pending charges?" are billing questions of their own
    from actions.identity import identify
    from actions.orders import owned_order

    order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
    gone = [i.product for i in (order.items if order else ()) if i.cancelled_at and not i.charged_at]
    if not gone:
        return None
    reply.say("cancel.nothing_charged", products=", ".join(gone))
    return []


async def consequence_of_not_paying(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]] | None:
    """"what happens if I don't pay it right away?" right after an overdue balance, whatever was heard."""
    if tracker.get_slot("topic") not in ("overdue", "overdue_balance"):
        return None
    text = latest_text(tracker)
    if not text or not asks_what_if_unpaid(text) or mentions_cancelling(text):
        return None
    reply.say("overdue.if_unpaid")
    return []


async def _billing_account(reply: Reply, tracker: Tracker):
    """(customer, subscriptions) of the signed-in customer; None after the article's short answer
    to an anonymous one (two-bills follow-ups need the account)."""
    from actions.common import in_thread, store
    from actions.identity import identify

    identity = identify(tracker)
    if not identity.signed_in:
        reply.say("guide.two_bills_short")
        return None
    customer = await in_thread(store().get_customer, identity.customer_id)
    return customer, await in_thread(store().list_subscriptions, identity.customer_id)


async def the_later_bill(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]]:
    """"So I paid twice?" after two bills: which bill is the later one and the period it pays for."""
    from actions.billing import ActionWhyTwoBills

    account = await _billing_account(reply, tracker)
    return [] if account is None else ActionWhyTwoBills.which_extra(reply, tracker, *account)


async def the_months_ahead(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]] | None:
    """"Will I keep getting two bills?" after two bills: once a month from when on (signed in), the
    article's short answer otherwise; None when the charges need a person's review."""
    from actions.billing import ActionWhyTwoBills

    account = await _billing_account(reply, tracker)
    return [] if account is None else ActionWhyTwoBills.once_a_month_ahead(reply, *account)
