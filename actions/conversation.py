"""Small talk, language switching, fallback and hand-off."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.types import DomainDict

from actions import handoff
from actions.billing import answer_charge_question, asks_about_one_charge, billing_buttons, cannot_remove
from actions.common import Reply, SupportAction, button, in_thread, store, topic_buttons
from actions.follow_ups import answer_follow_up
from actions.guidance import answer_guides, follows_up_guidance, unsure_guides
from actions.identity import identify
from actions.orders import (
    answer_as,
    item_cancellation,
    latest_entity,
    named_order_item,
    names_another_item,
    partner_follow_up,
    remind_cancelled,
    report_verification,
    verify_anonymous,
)
from actions.partner_refunds import ActionTaxRefund, just_submitted, remind_submitted
from actions.typed import action_before_message, latest_text, with_slots
from bot import config
from bot.answers import find_time, yes_or_no
from bot.answers.billing_talk import (
    asks_about_a_charge,
    asks_about_debt,
    asks_charge_day,
    asks_which_extra,
    mentions_billing,
    status_asked,
    vague_bill_problem,
)
from bot.answers.money import amounts_in
from bot.answers.refund_talk import (
    asks_about_the_amount,
    asks_for_a_refund,
    disputes_a_criterion,
    names_the_tax,
)
from bot.answers.text import (
    asks_for_person,
    asks_item_status,
    asks_why,
    fold,
    mentions_cancelling,
    refers_back,
)
from bot.answers.yesno import is_question, says_send_it
from bot.handoff.rules import reason_from_offer
from bot.i18n import LANGUAGES, t

log = logging.getLogger(__name__)
FALLBACK_INTENT = "nlu_fallback"
MISSES_BEFORE_HUMAN = 2


class ActionGreet(SupportAction):
    action_name = "action_greet"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        identity = identify(tracker)
        customer = await in_thread(store().get_customer, identity.customer_id) if identity.signed_in else None
        if customer:
            reply.say("greet.named", name=customer.name)
        text = tracker.latest_message.get("text") or ""
        if asks_about_a_charge(text) and asks_about_one_charge(text):
            return await answer_charge_question(reply, tracker)  # "hi, what's this $19.99 charge?"
        if mentions_billing(text):
            reply.say("billing.which_problem", buttons=billing_buttons(reply))  # "hi, a question about a charge"
            return []
        reply.say("greet.intro", buttons=topic_buttons(reply.lang))
        return []


class SimpleReply(SupportAction):
    key = ""

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        reply.say(self.key)
        return []


class ActionGoodbye(SimpleReply):
    action_name = "action_goodbye"
    key = "goodbye"


class ActionThank(SimpleReply):
    action_name = "action_thank"
    key = "thank"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        from bot.answers.text import says_goodbye

        if says_goodbye(latest_text(tracker)):
            reply.say("goodbye")  # "Thanks, that's all. Bye!": a goodbye, not "anything else?"
            return []
        return await super().perform(reply, tracker, domain)


class ActionBotChallenge(SimpleReply):
    """"Am I talking to a bot?" — which names a bot, a machine or a person. A bare "ha?" or
    "huh?" the classifier files here is puzzlement: the fallback's rephrase answers it."""

    action_name = "action_bot_challenge"
    key = "bot_challenge"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if names_no_one(latest_text(tracker)):
            return await ActionFallback().perform(reply, tracker, domain)
        return await super().perform(reply, tracker, domain)


_SOMEONE = re.compile(r"\b(?:bot|robot|chatbot|ai|a\.i|machine|may|human|person|people|real|nguoi|that|tu dong|auto"
                      r"|ao|automated|computer|program|nhan vien|staff|agent|ad)\b")


def names_no_one(text: str) -> bool:
    """A message of one or two words that names no bot, machine or person ("ha?", "huh??")."""
    from bot.answers.text import fold

    folded = fold(text or "")
    return 0 < len(folded.split()) <= 2 and _SOMEONE.search(folded) is None


class ActionOutOfScope(SupportAction):
    action_name = "action_out_of_scope"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        top = (tracker.latest_message.get("intent") or {}).get("confidence") or 0
        text = tracker.latest_message.get("text") or ""
        if repeat_guidance(reply, tracker):  # "what's the difference?": the articles hold no more than the steps
            return []
        follow = await answer_follow_up(reply, tracker, domain)
        if follow is not None:
            return follow
        if billing_follow_up(tracker):
            return await answer_as("action_why_two_bills", reply, tracker, domain)
        if vague_bill_problem(text) and not (tracker.active_loop or {}).get("name"):
            reply.say("billing.which_problem", buttons=billing_buttons(reply))  # "there's a problem with my bill"
            return []
        removal = cannot_remove(reply, tracker)
        if removal is not None:
            return removal
        if asks_about_refund_amount(tracker, text):
            reply.say("partner.refund_includes_tax")  # "what's included in that amount?"; the form asks again
            return []
        if (top < UNSURE_OUT_OF_SCOPE and refund_follow_up(tracker)) or refund_of_the_same(tracker, text) \
                or (partner_follow_up(tracker) and disputes_a_criterion(text)):  # "ủa, tôi chưa kích hoạt key nào mà??"
            return await answer_as("action_partner_refund", reply, tracker, domain)
        if not (tracker.active_loop or {}).get("name"):
            if top < UNSURE_DEBT and asks_about_debt(text):
                return await answer_as("action_overdue_balance", reply, tracker, domain)  # "tôi còn nợ bao nhiêu?"
            item = await named_order_item(tracker) if is_question(text) else None
            if item is not None and not item[1].cancellable:
                return item_cancellation(reply, *item)  # "so what can I do instead for the laptop?"
        reply.say("out_of_scope", buttons=topic_buttons(reply.lang))
        return []


class ActionHandoff(SupportAction):
    """Hand the conversation to a person, and record that it happened."""

    action_name = "action_handoff"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        text = latest_text(tracker)
        if text and not asks_for_person(text):
            # "Will I get an email confirming that?" after a cancellation, heard as a hand-off:
            # the answer just given is what it asks about; a person only when one is asked for
            follow = await answer_follow_up(reply, tracker, domain)
            if follow is not None:
                return follow
        await handoff.hand_off(reply, tracker)
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("offer", None)]


class ActionChangeLanguage(SupportAction):
    """Switch language on request; the widget follows via a custom payload."""

    action_name = "action_change_language"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        target = latest_entity(tracker, "language")
        if target not in LANGUAGES:
            target = "en" if reply.lang == "vi" else "vi"
        reply.dispatcher.utter_message(text=t("language.switched", target), json_message={"set_language": target})
        switched = [SlotSet("language", target)]
        task = task_asked_with_it(tracker)
        if task is None:
            return switched
        # "can you reply in English please? how do I pay them now?": the request, in the new language
        return switched + await answer_as(task, Reply(reply.dispatcher, target),
                                          with_slots(tracker, {"language": target}), domain)


# Tasks a language request may carry in the same message, and the actions that answer them.
TASK_ACTIONS = {"order_status": "action_order_status", "cancel_order": "action_cancel_order",
                "request_store_refund": "action_store_refund", "request_partner_refund": "action_partner_refund",
                "tax_refund": "action_tax_refund", "why_two_bills": "action_why_two_bills",
                "overdue_balance": "action_overdue_balance", "pending_balance": "action_pending_balance"}
TASK_WITH_LANGUAGE_MIN = 0.1
WORDS_FOR_TWO_REQUESTS = 7


def task_asked_with_it(tracker: Tracker) -> str | None:
    """The task a long language request also asks for ("let's continue in English. Then cancel
    the Xbox Elite controller instead."), from the classifier's runner-up; None if none."""
    text = tracker.latest_message.get("text") or ""
    if len(text.split()) < WORDS_FOR_TWO_REQUESTS or (tracker.active_loop or {}).get("name"):
        return None
    for entry in ranked_intents(tracker, skip=(FALLBACK_INTENT, "change_language"))[:2]:
        if entry.get("name") in TASK_ACTIONS and (entry.get("confidence") or 0) >= TASK_WITH_LANGUAGE_MIN:
            return TASK_ACTIONS[entry["name"]]
    # "… in English please? how do I pay them now?": a question about the topic just answered
    if text.count("?") >= 2 or (text.count("?") == 1 and not text.rstrip().endswith("?")) \
            or len(re.split(r"[?.!]+\s*", text.strip().rstrip("?.!"))) >= 2:
        return TOPIC_AGAIN.get(tracker.get_slot("topic") or "")
    return None


TOPIC_AGAIN = {"overdue": "action_overdue_balance", "pending": "action_pending_balance",
               "why_two_bills": "action_why_two_bills", "order_status": "action_order_status"}


def consecutive_misses(tracker: Tracker) -> int:
    """How many of the latest user messages in a row fell back."""
    misses = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != FALLBACK_INTENT:
            break
        misses += 1
    return misses


class ActionFallback(SupportAction):
    action_name = "action_fallback"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if answers_the_form(tracker):
            return []  # "vâng, gửi yêu cầu giúp tôi": the form reads the yes; no "I didn't understand"
        if wants_a_person(tracker):
            # "I tried Pay now twice and it failed. Get me a human agent.": torn between the
            # complaint and the request, but the request for a person is safe to honour.
            await handoff.hand_off(reply, tracker)
            return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("offer", None)]
        follow = await answer_follow_up(reply, tracker, domain)
        if follow is not None:
            return follow
        why = why_not_action(tracker, tracker.latest_message.get("text") or "")
        if why is not None:  # "sao không hủy luôn cho tôi?" after a return path, heard as nothing
            return await answer_as(why, reply, tracker, domain)
        item = await torn_over_an_item(tracker) or await another_item_asked_about(tracker)
        if item is not None:
            return item_cancellation(reply, *item)
        if billing_follow_up(tracker):  # "ok so which one is the extra one?"
            return await answer_as("action_why_two_bills", reply, tracker, domain)
        removal = cannot_remove(reply, tracker)
        if removal is not None:
            return removal
        if not (tracker.active_loop or {}).get("name") and only_friendly_emoji(tracker.latest_message.get("text") or "") \
                and after_an_answer(tracker):
            reply.say("thank")  # "😊" after an answer: no request, but no "I didn't understand" either
            return []
        guides = [] if (tracker.active_loop or {}).get("name") else \
            unsure_guides(tracker, [r.get("name") for r in ranked_intents(tracker)])
        if guides:  # torn between two how-to questions asked together: both answers
            return await answer_guides(reply, guides)
        if not (tracker.active_loop or {}).get("name"):
            text = tracker.latest_message.get("text") or ""
            if asks_about_a_charge(text) and asks_about_one_charge(text):
                return await answer_charge_question(reply, tracker)  # "bị trừ 1.490.000đ là khoản gì"
            if asks_about_debt(text):
                return await answer_as("action_overdue_balance", reply, tracker, domain)  # "còn nợ bao nhiêu?"
            status = status_asked(text)
            if status is not None:  # "ủa mà sao lại ghi quá hạn?", "pending là gì"
                return await answer_as(f"action_{status}", reply, tracker, domain)
            if asks_item_status(text) and await named_order_item(tracker) is not None:
                return await answer_as("action_order_status", reply, tracker, domain)  # "…Xbox bị trừ tiền chưa?"
            torn = [r.get("name") for r in ranked_intents(tracker)[:2]]
            if len(torn) == 2 and set(torn) <= set(PARTNER_ACTIONS):
                # torn between the benefit refund and the tax refund: the tax named decides
                from actions.partner_refunds import asks_for_tax

                chosen = "tax_refund" if asks_for_tax(text) else "request_partner_refund"
                return await answer_as(PARTNER_ACTIONS[chosen], reply, tracker, domain)
            if refund_follow_up(tracker) or latest_entity(tracker, "purchase_id") \
                    or (partner_follow_up(tracker) and disputes_a_criterion(text)):
                # "can't you just check PPB-3302?": unsure of the intent, sure of the subject
                return await answer_as("action_partner_refund", reply, tracker, domain)
            if latest_entity(tracker, "order_id"):
                # "… ORD-1001 … bàn phím tôi không cần nữa, bạn hủy giúp tôi được không?" (a long story
                # the classifier is unsure of): the words for the task decide, else the order's status
                task = "action_cancel_order" if said_topic(tracker) == "cancel_order" else "action_order_status"
                return await answer_as(task, reply, tracker, domain)
            if mentions_billing(text) and consecutive_misses(tracker) < MISSES_BEFORE_HUMAN:
                reply.say("billing.which_problem", buttons=billing_buttons(reply))  # "a problem with my bill"
                return []
        if repeat_guidance(reply, tracker):  # "khác gì với hủy gói?" right after the how-to steps
            return []
        if consecutive_misses(tracker) >= MISSES_BEFORE_HUMAN:
            reply.say("fallback.offer_human", buttons=[button(reply.t("topic.human"), "/human_handoff")]
                      + topic_buttons(reply.lang)[:3])
            return [SlotSet("offer", "handoff:misunderstood")]  # a typed "yes" accepts it
        reply.say("fallback.rephrase", buttons=topic_buttons(reply.lang))
        return []


def asks_about_refund_amount(tracker: Tracker, text: str) -> bool:
    """A question about the amount at the benefit refund's confirmation (it includes the tax)."""
    at_confirmation = ((tracker.active_loop or {}).get("name") == "partner_refund_form"
                       and tracker.get_slot("requested_slot") == "confirmed")
    return at_confirmation and asks_about_the_amount(text)


def ranked_intents(tracker: Tracker, skip: tuple = (FALLBACK_INTENT,)) -> List[Dict[str, Any]]:
    """The classifier's ranking of the latest message, without the fallback (and ``skip``)."""
    return [r for r in (tracker.latest_message.get("intent_ranking") or []) if r.get("name") not in skip]


PARTNER_ACTIONS = {"request_partner_refund": "action_partner_refund", "tax_refund": "action_tax_refund"}
HANDOFF_RUNNER_UP = 0.4


def wants_a_person(tracker: Tracker) -> bool:
    """The unsure message asks for a person: its words say so, or the classifier's first
    guess was the hand-off."""
    text = tracker.latest_message.get("text") or ""
    ranking = ranked_intents(tracker)
    top = ranking[0] if ranking else {}
    return asks_for_person(text) or (top.get("name") == "human_handoff"
                                     and (top.get("confidence") or 0) >= HANDOFF_RUNNER_UP)


REFUND_INTENTS = frozenset({"request_partner_refund", "request_store_refund", "tax_refund"})
FOLLOW_UP_MIN = 0.2
# "Out of scope" barely above the fallback threshold is a guess, not an answer.
UNSURE_OUT_OF_SCOPE = 0.7
UNSURE_DEBT = 0.8  # "tôi còn nợ bao nhiêu?" heard as out of scope (a bank loan would be surer)


def refund_follow_up(tracker: Tracker) -> bool:
    """"dieu kien hoan tien ntn" right after a partner answer: the classifier is unsure
    (a fallback, or a weak out of scope) but leans to a refund, and the conversation is
    about a partner purchase."""
    if not partner_follow_up(tracker):
        return False
    ranking = ranked_intents(tracker, skip=(FALLBACK_INTENT, "out_of_scope"))[:2]
    return any(r.get("name") in REFUND_INTENTS and (r.get("confidence") or 0) >= FOLLOW_UP_MIN
               for r in ranking)


def why_not_action(tracker: Tracker, text: str) -> str | None:
    """The action that explains the refusal just given, for a "why not?" outside any form."""
    if (tracker.active_loop or {}).get("name") or not (asks_why(text) or disputes_a_criterion(text)):
        return None
    topic = tracker.get_slot("topic")
    if topic == "store_refund":
        return "action_cancel_order"  # why the item named before cannot be cancelled
    if topic in ("request_partner_refund", "tax_refund"):
        return "action_partner_refund" if topic == "request_partner_refund" else "action_tax_refund"
    return None


_FRIENDLY = frozenset("😊🙂😀😁😄😃😆👍🙏❤♥💯👌🥰😍🤗✅🎉👏😘💕🌹☺")


def after_an_answer(tracker: Tracker) -> bool:
    """The customer's previous message was understood (so a "😊" now reacts to an answer)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return False
    previous = ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name")
    return previous not in (None, FALLBACK_INTENT)


def only_friendly_emoji(text: str) -> bool:
    """"😊", "👍👍", "🙏❤️": a friendly reaction (the fallback by the junk rule, answered kindly)."""
    symbols = [c for c in text if not c.isspace() and c not in "\ufe0f\u200d" and not 0x1F3FB <= ord(c) <= 0x1F3FF]
    return bool(symbols) and all(c in _FRIENDLY for c in symbols)


def billing_follow_up(tracker: Tracker) -> bool:
    """"which one is the extra one?", "and last month?" right after two bills were explained:
    the same question, about that answer, whatever the classifier heard."""
    if tracker.get_slot("topic") != "why_two_bills" or (tracker.active_loop or {}).get("name"):
        return False
    if latest_entity(tracker, "order_id") or latest_entity(tracker, "purchase_id"):
        return False
    text = tracker.latest_message.get("text") or ""
    return asks_which_extra(text) or asks_charge_day(text) or find_time(text, config.today()) is not None


def repeat_guidance(reply: Reply, tracker: Tracker) -> bool:
    """A question about the how-to steps just given: the same steps again, with a note that the
    articles say no more (and a person to ask); False when the message is about something else."""
    again = follows_up_guidance(tracker)
    if again is None:
        return False
    reply.say("guide.again")
    reply.say(again, buttons=[button(reply.t("topic.human"), "/human_handoff")])
    return True


def refund_of_the_same(tracker: Tracker, text: str) -> bool:
    """"what about a full refund for it instead" right after a partner answer: the words say
    refund and point back at the purchase just discussed, whatever the classifier heard."""
    return partner_follow_up(tracker) and asks_for_a_refund(text) and (
        refers_back(text) or re.search(r"\b(?:full|instead|toan bo|thay vao|thay vi)\b", fold(text)) is not None)


def answers_the_form(tracker: Tracker) -> bool:
    """A typed yes or no the classifier did not recognise, while a form waits for an answer,
    or a question at the cancel confirmation (the form answers questions about other items).

    The rule after ``action_fallback`` runs the form, whose own reading of the
    text (``yes_or_no``) decides; saying "I didn't understand" first would be wrong.
    """
    loop = (tracker.active_loop or {}).get("name")
    if not loop or not tracker.get_slot("requested_slot"):
        return False
    text = tracker.latest_message.get("text") or ""
    if loop == "cancel_order_form" and tracker.get_slot("requested_slot") == "confirmed" and is_question(text):
        return True  # "wait, what about the controller?": the form answers about that item
    return yes_or_no(text) is not None


# Tasks whose answer for one named order item is the same: that item's state.
ITEM_TASKS = frozenset({"cancel_order", "request_store_refund", "cancel_subscription"})


async def torn_over_an_item(tracker: Tracker):
    """"huy cai surface pro keyboard giup minh": the classifier is torn between cancel and
    refund (a fallback), but the customer says cancel and names one of their items.

    Cancel or refund, the answer is that item's state: the cancel form if it can
    still be cancelled (which asks before changing anything), else why not and
    the refund path. None when outside that case.
    """
    if (tracker.active_loop or {}).get("name"):
        return None
    ranking = [r.get("name") for r in ranked_intents(tracker)[:2]]
    text = tracker.latest_message.get("text") or ""
    if not ranking or not set(ranking) <= ITEM_TASKS or not mentions_cancelling(text):
        return None
    return await named_order_item(tracker)


_ABOUT_ANOTHER = re.compile(r"^\W*(?:and|what about|how about|also|con|the con|vay con|con cai)\b")


async def another_item_asked_about(tracker: Tracker):
    """"and the arc mouse from the same order?" right after an item's cancel or refund answer: the
    same question about the item now named (its state: the cancel form, or why not and the refund
    path). None outside that case."""
    if (tracker.active_loop or {}).get("name") or tracker.get_slot("topic") not in ("store_refund", "cancel_order"):
        return None
    from bot.answers.text import fold

    if _ABOUT_ANOTHER.search(fold(tracker.latest_message.get("text") or "")) is None:
        return None
    return await named_order_item(tracker)


class ActionAcknowledge(SupportAction):
    """Yes/no outside any form question: accept or decline the open offer, else acknowledge."""

    action_name = "action_acknowledge"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        offer = tracker.get_slot("offer")
        text = tracker.latest_message.get("text") or ""
        if not tracker.active_loop.get("name") and is_question(text) and asks_about_debt(text):
            return await answer_as("action_overdue_balance", reply, tracker, domain)  # "wait, do I owe anything?"
        why = why_not_action(tracker, text)
        if why is not None:  # "sao không hủy được?" heard as a no: why the answer just given was no
            return await answer_as(why, reply, tracker, domain)
        if tracker.active_loop.get("name") and not offer:
            return []  # a yes the form could not use: the form asks its question again
        if intent == "deny" and await names_another_item(tracker):
            # "no wait, not that one, I meant the controller" after a cancel answer: that item
            return await answer_as("action_cancel_order", reply, tracker, domain)
        if billing_follow_up(tracker):  # "ok but which one is the extra one" heard as a yes
            return await answer_as("action_why_two_bills", reply, tracker, domain)
        if yes_or_no(text) is None:  # not a plain yes or no: maybe a question about the answer just given
            follow = await answer_follow_up(reply, tracker, domain)
            if follow is not None:
                return follow
        if asks_why(text) and tracker.get_slot("topic") in PARTNER_ACTIONS and tracker.get_slot("last_purchase"):
            # "tai sao khong duoc?" after a partner decision (heard as a no): the decision again
            return await answer_as(PARTNER_ACTIONS[tracker.get_slot("topic")], reply, tracker, domain)
        if offer and intent == "affirm":
            return await accept_offer(reply, tracker, domain, offer)
        submitted = just_submitted(tracker) if intent == "affirm" else None
        if submitted is not None:  # "Có" right after the request was sent: sent already, its reference
            reminded = await remind_submitted(reply, tracker, submitted)
            if reminded is not None:
                return reminded
        if intent == "affirm" and action_before_message(tracker) == "action_submit_cancel_order":
            reminded = await remind_cancelled(reply, tracker)  # "yes do it" once it is done: what was done
            if reminded is not None:
                return reminded
        reply.say("ack.deny" if intent == "deny" else "ack.affirm", buttons=topic_buttons(reply.lang))
        return [SlotSet("offer", None)] if offer else []


async def accept_offer(reply: Reply, tracker: Tracker, domain: DomainDict, offer: str) -> List[Dict[str, Any]]:
    """Do what the latest answer offered ("tax_refund:PPB-…", "handoff")."""
    kind, _, subject = offer.partition(":")
    done = [SlotSet("offer", None)]
    if kind == "handoff":
        await handoff.hand_off(reply, tracker, reason_from_offer(offer))
        return done + [ActiveLoop(None), SlotSet("requested_slot", None)]
    if kind == "tax_refund" and subject:
        # "ok, đồng ý gửi đi" tells it to send: the check is shown and the request sent
        send = says_send_it(latest_text(tracker), ActionTaxRefund.step_words) or None
        return done + [SlotSet("purchase_id", subject), SlotSet("confirmed", send),
                       SlotSet("topic", "tax_refund"), FollowupAction("tax_refund_form")]
    reply.say("ack.affirm", buttons=topic_buttons(reply.lang))
    return done


class ActionStopForm(SupportAction):
    """The customer said no in the middle of a task: stop without changing anything."""

    action_name = "action_stop_form"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        reply.say("form.stopped", buttons=topic_buttons(reply.lang))
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("item_id", None),
                SlotSet("confirmed", None), SlotSet("purchase_id", None), SlotSet("queued_items", None),
                SlotSet("queued_purchases", None)]


TOPIC_ACTIONS = {
    "cancel_order": "action_cancel_order",
    "order_status": "action_order_status",
    "store_refund": "action_store_refund",
    "request_partner_refund": "action_partner_refund",
    "tax_refund": "action_tax_refund",
}


class ActionHandleInform(SupportAction):
    """A value given outside a form: verify it if needed, then resume the topic."""

    action_name = "action_handle_inform"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if tracker.active_loop.get("name"):
            return []  # inside a form the form itself asks again (data/digressions.yml)
        topic = tracker.get_slot("topic")
        identity = identify(tracker)
        order_id = tracker.get_slot("order_id")
        email = latest_entity(tracker, "email") or tracker.get_slot("email")
        events: List[Dict[str, Any]] = []
        if not identity.signed_in and order_id and email:
            updates = await verify_anonymous(tracker, order_id, email)
            events = [SlotSet(k, v) for k, v in updates.items()]
            if report_verification(reply, order_id, updates):
                return events + [SlotSet("topic", None), SlotSet("offer", "handoff:verification_locked")]
            if "verified_order" not in updates:
                # "hủy Surface Go 4 trong đơn ORD-1201, email …" with a mistyped email: the
                # task is kept, so the corrected email resumes it rather than a status list
                task = said_topic(tracker) or (topic if topic in TOPIC_ACTIONS else runner_up_topic(tracker))
                return events + ([SlotSet("topic", task)] if task else [])
        if charge_quoted(tracker):
            return events + await answer_charge_question(reply, tracker)  # "what's this $19.99 charge?"
        if billing_follow_up(tracker):  # "and last month?" after two bills
            return events + await answer_as("action_why_two_bills", reply, tracker, domain)
        status = status_asked(tracker.latest_message.get("text") or "")
        if status is not None and not latest_entity(tracker, "order_id") and not latest_entity(tracker, "purchase_id"):
            # "con cai onedrive 1,99 la j, qua han ha" (an amount and a product, heard as a value)
            return events + await answer_as(f"action_{status}", reply, tracker, domain)
        if latest_entity(tracker, "purchase_id") and topic not in ("tax_refund",):
            topic = "request_partner_refund"
        topic = said_topic(tracker) or (topic if topic in TOPIC_ACTIONS else runner_up_topic(tracker))
        if topic in TOPIC_ACTIONS:
            return events + await run_topic(TOPIC_ACTIONS[topic], reply, tracker, domain, events)
        if latest_entity(tracker, "order_id"):
            return events + await run_topic("action_order_status", reply, tracker, domain, events)
        if email and not identity.signed_in and not order_id:
            reply.say("verify.ask_order")  # an email alone: the order number completes the check
            return events + [SlotSet("topic", topic or "order_status")]
        reply.say("inform.what_next", buttons=topic_buttons(reply.lang))
        return events


def charge_quoted(tracker: Tracker) -> bool:
    """An amount or a time with a charge question, and no order or purchase: a statement
    line asked about ("what's this $19.99?", "mấy cái charge last month là gì")."""
    text = tracker.latest_message.get("text") or ""
    if latest_entity(tracker, "order_id") or latest_entity(tracker, "purchase_id"):
        return False
    return bool(amounts_in(text) or latest_entity(tracker, "date")) and asks_about_a_charge(text)


# Intents whose task a value-bearing message may carry ("cancel my pre-order
# ORD-1002, my email is …" is often heard as inform).
RUNNER_UP_TOPICS = {"cancel_order": "cancel_order", "order_status": "order_status",
                    "request_store_refund": "store_refund", "request_partner_refund": "request_partner_refund",
                    "tax_refund": "tax_refund"}
RUNNER_UP_MIN = 0.1


def said_topic(tracker: Tracker) -> str | None:
    """"mk mun huy don ORD-1201, mail mk la …": the values come with the word for the task;
    "the Legacy Gold one - could we get the $250 tax back?" names the tax refund."""
    text = tracker.latest_message.get("text") or ""
    if mentions_cancelling(text):
        return "cancel_order"
    if names_the_tax(text) and (asks_for_a_refund(text) or re.search(r"\b(?:back|lai)\b", fold(text))):
        return "tax_refund"
    return None


def runner_up_topic(tracker: Tracker) -> str | None:
    """The task the classifier ranked next after inform, if it is confident enough."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    for entry in ranking[:3]:
        name = entry.get("name")
        if name in RUNNER_UP_TOPICS and (entry.get("confidence") or 0) >= RUNNER_UP_MIN:
            return RUNNER_UP_TOPICS[name]
    return None


async def run_topic(name: str, reply: Reply, tracker: Tracker, domain: DomainDict,
                    events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Continue the topic inside this action rather than with a FollowupAction.

    A FollowupAction to a plain action leaves the policies with a state no
    rule covers; they then predicted the fallback again and again until Rasa's
    circuit breaker tripped. Running the topic's logic here ends the turn
    cleanly (forms are still started with FollowupAction; rules cover those).
    """
    updated = with_slots(tracker, {e["name"]: e["value"] for e in events if e.get("event") == "slot"})
    return await answer_as(name, reply, updated, domain)
