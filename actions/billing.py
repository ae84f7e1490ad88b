"""Subscription billing: why two bills, overdue and pending balances."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.types import DomainDict

from actions.common import Reply, SupportAction, button, in_thread, store
from actions.identity import identify
from actions.orders import previous_text
from actions.typed import latest_text, requested
from bot import config, replies
from bot.answers import find_time
from bot.answers.billing_talk import (
    asks_if_again,
    asks_if_paid_double,
    asks_to_remove_a_charge,
    asks_what_to_do,
    asks_which_extra,
    names_a_charge,
    says_already_cancelled,
    says_twice,
    status_asked,
    vague_bill_problem,
)
from bot.answers.money import amounts_in
from bot.answers.refund_talk import asks_about_full_refund
from bot.answers.text import asks_about_money_back_or_fees, speaks_of_the_account
from bot.answers.timewords import find_day
from bot.answers.topics import other_topics
from bot.i18n import format_money
from bot.rules.balances import balance_facts, status_of_amount
from bot.rules.billing import charges_in_month, explain_customer_charges, extra_charge
from bot.rules.charges import ChargeQuery, doubled_month, find_charges
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


def billing_buttons(reply: Reply) -> List[Dict[str, str]]:
    """The billing topics, offered when a billing question is still vague."""
    return [button(reply.t("topic.why_two_bills"), "/why_two_bills"),
            button(reply.t("topic.overdue_balance"), "/overdue_balance"),
            button(reply.t("topic.pending_balance"), "/pending_balance"),
            button(reply.t("topic.change_payment_method"), "/change_payment_method"),
            button(reply.t("topic.human"), "/human_handoff")]


def asks_about_one_charge(text: str) -> bool:
    """"what's this $19.99?", "đã hủy rồi mà vẫn bị trừ": one charge, not the two-bills question."""
    amounts = amounts_in(text)
    if says_twice(text) or len(amounts) > 1:
        return False
    return bool(amounts) or (says_already_cancelled(text) and names_a_charge(text))


def charge_query(tracker: Tracker, today: date) -> ChargeQuery:
    """What the message quotes from the statement: amount, day or month, product."""
    text = latest_text(tracker)
    money = next(iter(amounts_in(text)), None)
    when = find_day(text, today)
    product = next(tracker.get_latest_entity_values("product"), None)
    return ChargeQuery(
        amount=money.amount if money else None, currency=money.currency if money else None,
        month=date(when.year, when.month, 1) if when else None, day=when.day if when else None,
        product=product if isinstance(product, str) else None)


async def answer_charge_question(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]]:
    """Find the charge the customer quotes and say what it paid for (signed-in only)."""
    identity = identify(tracker)
    if not identity.signed_in:
        return anonymous_guidance(reply, tracker, "guide.two_bills")
    subs = await in_thread(store().list_subscriptions, identity.customer_id)
    today = config.today()
    lookup = find_charges(identity.customer_id, subs, charge_query(tracker, today), today)
    reply.text(replies.charge_lookup(lookup, reply.lang))
    month = doubled_month(lookup)
    customer = await in_thread(store().get_customer, identity.customer_id) if month else None
    if month and customer is not None:
        for expl in charges_in_month(customer, subs, month, today).doubled:
            reply.text(replies.two_bills(expl, reply.lang))  # two of one subscription in a month: why
    reply.say("charges.review", buttons=[button(reply.t("topic.why_two_bills"), "/why_two_bills"),
                                         button(reply.t("topic.human"), "/human_handoff")])
    return [SlotSet("topic", "why_two_bills")]


def cannot_remove(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]] | None:
    """"Please just remove the two $19.99 charges", "xóa giúp mình khoản ngày 20/3": no action can,
    so say so and offer a person (a typed yes accepts); None when not asked."""
    text = latest_text(tracker)
    if (tracker.active_loop or {}).get("name") or not asks_to_remove_a_charge(text):
        return None
    return offer_a_person_for_a_charge(reply, text)


def offer_a_person_for_a_charge(reply: Reply, text: str) -> List[Dict[str, Any]]:
    """Removing or refunding a charge is a person's job: say so, with the amounts quoted, and offer one."""
    said = ", ".join(dict.fromkeys(format_money(m.amount, m.currency, reply.lang) if m.currency else str(m.amount)
                                   for m in amounts_in(text)))
    reply.say("billing.cannot_remove", amounts=f" ({said})" if said else "",
              buttons=[button(reply.t("topic.human"), "/human_handoff")])
    return [SlotSet("offer", "handoff:asked")]


class ActionWhyTwoBills(SupportAction):
    action_name = "action_why_two_bills"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        from actions.follow_ups import money_after_a_cancellation

        after_cancel = await money_after_a_cancellation(reply, tracker)  # "có bị charge tiền gì không?"
        if after_cancel is not None:
            return after_cancel
        identity = identify(tracker)
        if not identity.signed_in:
            return anonymous_guidance(reply, tracker, "guide.two_bills")
        customer = await in_thread(store().get_customer, identity.customer_id)
        subs = await in_thread(store().list_subscriptions, identity.customer_id)
        if customer is None or not subs:
            reply.say("bills.no_subscriptions")
            reply.say("guide.two_bills", buttons=follow_up_buttons(reply))
            return [SlotSet("topic", "why_two_bills")]
        text = latest_text(tracker)
        removal = cannot_remove(reply, tracker)
        if removal is not None:
            return removal
        if vague_bill_problem(text) and not says_twice(text) and tracker.get_slot("topic") != "why_two_bills":
            reply.say("billing.which_problem", buttons=billing_buttons(reply))  # "có vấn đề với hóa đơn"
            return []
        if asks_which_extra(text) or (tracker.get_slot("topic") == "why_two_bills" and asks_if_paid_double(text)
                                      and find_time(text, config.today()) is None):
            return self.which_extra(reply, tracker, customer, subs)  # "so I paid twice?" after two bills
        if tracker.get_slot("topic") == "why_two_bills" and asks_about_months_ahead(text):
            ahead = self.once_a_month_ahead(reply, customer, subs)  # "từ giờ có còn bị tính hai lần nữa không?"
            if ahead is not None:
                return ahead
        status = status_asked(text)
        if status is not None:  # "… 18/10 và 18/11, sao lại ghi overdue vậy?": the status is the question
            action = ActionOverdueBalance() if status == "overdue_balance" else ActionPendingBalance()
            return await action.perform(reply, tracker, domain)
        if asks_about_one_charge(text):
            return await answer_charge_question(reply, tracker)
        today = config.today()
        when = find_time(latest_text(tracker), today)
        if when is not None:
            return self.for_month(reply, customer, subs, date(when.year, when.month, 1), today,
                                  explained_before=tracker.get_slot("topic") == "why_two_bills")
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


    @staticmethod
    def which_extra(reply: Reply, tracker: Tracker, customer, subs) -> List[Dict[str, Any]]:
        """"Which one is the extra one?" after two bills: the later bill of the month asked about
        before (or of the latest month with two), from the same rule that explained them."""
        today = config.today()
        said = find_time(latest_text(tracker), today) or find_time(previous_text(tracker), today)
        month = date(said.year, said.month, 1) if said else None
        explanations = explain_customer_charges(customer, subs, today)
        extra = extra_charge(explanations, month) or extra_charge(explanations)
        if extra is None:
            reply.say("bills.none_doubled")
        else:
            reply.text(replies.extra_charge(extra, reply.lang))
        return [SlotSet("topic", "why_two_bills")]

    @staticmethod
    def once_a_month_ahead(reply: Reply, customer, subs) -> List[Dict[str, Any]] | None:
        """The months to come, for each subscription that was billed twice: once a month from then on.
        None when none was, or one needs a person's review (the full answer says so)."""
        briefs = [replies.once_a_month_ahead(e, reply.lang)
                  for e in explain_customer_charges(customer, subs, config.today()) if e.doubled]
        if not briefs or None in briefs:
            return None
        for brief in briefs:
            reply.text(brief)
        return [SlotSet("topic", "why_two_bills")]

    def for_month(self, reply: Reply, customer, subs, month: date, today: date,
                  explained_before: bool = False) -> List[Dict[str, Any]]:
        """"Why two bills this month / in March": about that month, then the latest double if another
        (named only, when two bills were explained just before: "and this month, twice again?")."""
        summary = charges_in_month(customer, subs, month, today)
        for expl in summary.doubled:
            reply.text(replies.two_bills(expl, reply.lang))
        if not summary.is_doubled:
            reply.text(replies.month_charges(summary, reply.lang))
            if summary.latest_doubled is not None and explained_before:
                reply.text(replies.latest_doubled_brief(summary.latest_doubled, reply.lang))
            elif summary.latest_doubled is not None:
                reply.say("bills.latest_doubled")
                reply.text(replies.two_bills(summary.latest_doubled, reply.lang))
            else:
                # never billed twice: the catch-up explanation would answer a question not asked
                reply.say("bills.never_doubled", buttons=[button(reply.t("topic.human"), "/human_handoff")])
                return [SlotSet("topic", "why_two_bills")]
        reply.say("guide.two_bills_short", buttons=follow_up_buttons(reply))
        return [SlotSet("topic", "why_two_bills")]


def asks_about_months_ahead(text: str) -> bool:
    """"will I keep getting two bills?", "tháng sau có bị nữa không": the months to come, not a month
    gone by ("thế tháng này thì sao, có bị 2 lần nữa ko" is about this month's charges)."""
    if not asks_if_again(text):
        return False
    today = config.today()
    when = find_time(text, today)
    return when is None or (when.year, when.month) > (today.year, today.month)


class BalanceAction(SupportAction):
    """Shared shape of the overdue and pending answers."""

    status = ""

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        removal = cannot_remove(reply, tracker)
        if removal is not None:
            return removal
        from actions.follow_ups import consequence_of_not_paying, money_after_a_cancellation

        for follow_up in (consequence_of_not_paying, money_after_a_cancellation):
            answered = await follow_up(reply, tracker)  # "what happens if I don't pay it right away?"
            if answered is not None:
                return answered
        if (tracker.active_loop or {}).get("name") == "cancel_order_form" and requested(tracker, "confirmed") \
                and asks_about_money_back_or_fees(latest_text(tracker)) and not speaks_of_the_account(latest_text(tracker)):
            return []  # "khoan, bị trừ tiền chưa vậy?" at a cancel confirmation: about the item; the form answers
        if (tracker.active_loop or {}).get("name") == "tax_refund_form" and requested(tracker, "confirmed") \
                and asks_about_full_refund(latest_text(tracker)):
            return []  # "khoan, thế hoàn cả gói luôn thì sao?" heard as a balance question: the tax form answers
        if tracker.get_slot("topic") == "why_two_bills" and asks_which_extra(latest_text(tracker)):
            # "vậy khoản nào là khoản bị dư?" heard as a balance question: about the two bills just shown
            return await ActionWhyTwoBills().perform(reply, tracker, domain)
        # "an overdue charge AND something pending, can you explain both?", "quá hạn với đang chờ
        # khác nhau thế nào?": each, in turn.
        also = other_topics(latest_text(tracker), f"{self.status}_balance", BALANCE_TOPICS)
        statuses = [self.status] + [t.removesuffix("_balance") for t in also]
        identity = identify(tracker)
        if not identity.signed_in:
            events = anonymous_guidance(reply, tracker, f"guide.{self.status}")
            for status in statuses[1:]:
                reply.say(f"guide.{status}")
            return events
        if tracker.get_slot("topic") == self.status and asks_what_to_do(latest_text(tracker)):
            reply.say(f"guide.{self.status}")  # "làm sao để trả hết mấy khoản này" right after them: the steps
            return [SlotSet("topic", self.status)]
        subs = await in_thread(store().list_subscriptions, identity.customer_id)
        quoted = amounts_in(latest_text(tracker))
        actual = status_of_amount(subs, quoted[0].amount) if len(quoted) == 1 else None
        if actual is not None and actual != self.status and not also:
            statuses = [actual]  # "and the 69.99 for office, is that overdue too?": it is pending
        only = quoted[0].amount if len(quoted) == 1 and actual is not None else None
        # "my gamepass says overdue and whats this pending 69.99 thing?": both balances, the
        # quoted amount narrowing only the one it belongs to
        for i, status in enumerate(statuses):
            self.explain(reply, subs, status, last=i == len(statuses) - 1, amount=only if status == actual else None)
        # the balance explained, not the one the classifier heard: "vậy giờ em phải làm gì?" next
        # is about the overdue 19.99 even when "còn khoản 19,99 thì sao, cũng đang chờ à?" was heard as pending
        return [SlotSet("topic", statuses[0])]

    @staticmethod
    def explain(reply: Reply, subs, status: str, last: bool, amount=None) -> None:
        facts = balance_facts(subs, status)
        asked = [f for f in facts if f.amount == amount] if amount is not None else []
        if asked:  # "thế còn khoản 1,99 là gì vậy?": that charge, not every charge of the balance again
            reply.say(f"balance.{status}_these", count=len(asked))
            reply.text(replies.balances(asked, reply.lang))
        elif facts:
            reply.say(f"balance.{status}_intro", count=len(facts))
            reply.text(replies.balances(facts, reply.lang))
        else:
            reply.say(f"balance.no_{status}")
        reply.say(f"guide.{status}", buttons=[button(reply.t("topic.human"), "/human_handoff")] if last else None)


BALANCE_TOPICS = frozenset({"overdue_balance", "pending_balance"})


class ActionOverdueBalance(BalanceAction):
    action_name = "action_overdue_balance"
    status = ChargeStatus.OVERDUE.value


class ActionPendingBalance(BalanceAction):
    action_name = "action_pending_balance"
    status = ChargeStatus.PENDING.value
