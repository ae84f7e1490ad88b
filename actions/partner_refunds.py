"""AI Cloud Partner Program: benefit refunds and tax refunds.

Both are forms: choose a purchase, see every criterion with its facts, and
confirm before a refund request is created (idempotently) in the store.
"""
from __future__ import annotations

import abc
import re
from abc import abstractmethod
from datetime import datetime, timezone
from typing import Any, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import choosing, purchase_queue
from actions.billing import cannot_remove
from actions.common import Reply, SupportAction, button, in_thread, language, store
from actions.identity import identify
from actions.orders import PARTNER_TOPICS, latest_entity
from actions.typed import (
    DIGRESSION_INTENTS,
    action_before_message,
    is_payload,
    latest_intent,
    latest_text,
    purchase_options,
    requested,
    resuming,
    weak_in_digression,
)
from bot import config, replies
from bot.answers import resolve, yes_or_no
from bot.answers.refund_talk import (
    asks_about_full_refund,
    asks_about_the_deadline,
    asks_for_a_refund,
    asks_for_criteria,
    asks_what_failed,
    asks_which_refundable,
    disputes_a_criterion,
    names_the_tax,
)
from bot.answers.yesno import has_correction, has_negation, is_question, says_send_it, yes_or_no_with
from bot.i18n import format_date, format_money
from bot.language import fold_diacritics
from bot.rules.models import Customer, PartnerPurchase, RefundKind
from bot.rules.partner_refund import benefit_refund_outcome, evaluate_partner_refund, evaluate_tax_refund

PARTNER_FORM = "partner_refund_form"
TAX_FORM = "tax_refund_form"


async def load_partner(customer_id: str) -> Tuple[Customer | None, List[PartnerPurchase], list]:
    s = store()
    customer = await in_thread(s.get_customer, customer_id)
    purchases = await in_thread(s.list_partner_purchases, customer_id)
    refunds = await in_thread(s.list_refund_requests, customer_id)
    return customer, purchases, refunds


def purchase_buttons(purchases: List[PartnerPurchase], intent: str) -> List[Dict[str, str]]:
    return [button(f"{p.benefit} ({p.id})", f'/{intent}{{"purchase_id":"{p.id}"}}') for p in purchases[:8]]


class PartnerEntry(SupportAction):
    """Entry point shared by both refund kinds: identify, then start the form."""

    form = ""
    guide_key = ""
    intent = ""
    step_words: frozenset = frozenset()  # this task's words, allowed after a yes

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        removal = cannot_remove(reply, tracker)  # "xóa khoản 475 đô đó khỏi hóa đơn giúp mình"
        if removal is not None:
            return removal
        identity = identify(tracker)
        reset = [SlotSet("confirmed", None), SlotSet("topic", self.intent)]
        if not identity.signed_in:
            if tracker.get_slot("topic") != self.intent or asks_for_criteria(latest_text(tracker)):
                reply.say(self.guide_key)  # once; again only when the rules are asked for
            reply.say("identity.bad_token" if identity.rejected_token else "identity.sign_in_hint_partner")
            return reset
        customer, purchases, _ = await load_partner(identity.customer_id)
        if customer is None or not purchases:
            reply.say(self.guide_key)
            reply.say("partner.no_purchases")
            return reset
        several = [] if is_payload(tracker) else purchase_queue.named_purchases(latest_text(tracker), purchases)
        if len(several) > 1:  # "refund PPB-3001 and PPB-3004": one purchase at a time, the others wait
            reply.say("partner.one_at_a_time", first=several[0], rest=", ".join(several[1:]))
            waiting = [purchase_queue.encode(self.intent, pid) for pid in several[1:]]
            return reset + [SlotSet("purchase_id", several[0]), SlotSet("form_misses", 0.0),
                            SlotSet(purchase_queue.QUEUE_SLOT, waiting), FollowupAction(self.form)]
        explicit = latest_entity(tracker, "purchase_id") or self.offered(tracker) or (several[0] if several else None)
        if explicit is None and self.intent == "request_partner_refund" and len(purchases) > 1 \
                and asks_which_refundable(latest_text(tracker)):
            # "cho mình xem các gói nào còn hoàn tiền được": an answer about all of them; one is chosen next
            list_refundable(reply, purchases, (await load_partner(identity.customer_id))[2])
            return reset
        purchase_id = explicit or named_purchase(latest_text(tracker), purchases) \
            or self.in_play(tracker, purchases) or (purchases[0].id if len(purchases) == 1 else None) \
            or asked_why(tracker, purchases)
        if purchase_id is None and asks_for_criteria(latest_text(tracker)):
            reply.say(self.guide_key)  # "tiêu chí để được hoàn tiền là gì?": the rules, then which purchase
            if just_checked(tracker, purchases):
                return reset  # right after a purchase's check: the rules are the whole answer
        if purchase_id is not None and purchase_id == self.offered(tracker) \
                and says_send_it(latest_text(tracker), self.step_words):
            # "thôi vậy hoàn thuế cũng được, đồng ý gửi đi" to the offer: the check is shown and it is sent
            reset = [SlotSet("confirmed", True), SlotSet("topic", self.intent)]
        return reset + [SlotSet("purchase_id", purchase_id), SlotSet("form_misses", 0.0),
                        FollowupAction(self.form)]

    def in_play(self, tracker: Tracker, purchases: List[PartnerPurchase]) -> str | None:
        return in_play(tracker, purchases, self.intent)

    def offered(self, tracker: Tracker) -> str | None:
        """The purchase of an open offer for this same task ("yes please refund the tax then")."""
        kind, _, subject = str(tracker.get_slot("offer") or "").partition(":")
        return (subject or None) if kind == self.intent else None


def list_refundable(reply: Reply, purchases: List[PartnerPurchase], refunds: list) -> None:
    """Each purchase and whether a full refund can still be requested today, by the same rule."""
    reply.say("partner.refundable_intro")
    lines, example = [], None
    for p in purchases:
        decision = evaluate_partner_refund(p, config.today(), refunds)
        amount = format_money(decision.refund_amount, decision.currency, reply.lang)
        if decision.eligible:
            example = example or p.id
            lines.append(reply.t("partner.refundable_yes", purchase_id=p.id, benefit=p.benefit, amount=amount))
        else:
            failed = sum(1 for c in decision.criteria if not c.passed)
            lines.append(reply.t("partner.refundable_no", purchase_id=p.id, benefit=p.benefit, count=failed))
    reply.text("\n".join(lines))
    reply.say("partner.refundable_ask" if example else "guide.more_help", purchase_id=example or "")


def in_play(tracker: Tracker, purchases: List[PartnerPurchase], intent: str) -> str | None:
    """The purchase just discussed, for the other refund kind asked right after
    ("and the tax?" after a benefit refund, "a full refund then?" after a tax refund)."""
    last = tracker.get_slot("last_purchase")
    topic = tracker.get_slot("topic")
    other_kind = topic in PARTNER_TOPICS and topic != intent
    if not (intent == "tax_refund" or other_kind) or not last or not any(p.id == last for p in purchases):
        return None
    return last


def just_checked(tracker: Tracker, purchases: List[PartnerPurchase]) -> bool:
    """A partner purchase was checked just before ("vậy tiêu chí đầy đủ là gì?" follows its
    decision): asking which purchase again would drop the offer made with that decision."""
    last = tracker.get_slot("last_purchase")
    return bool(last) and tracker.get_slot("topic") in PARTNER_TOPICS and any(p.id == last for p in purchases)


def named_purchase(text: str, purchases: List[PartnerPurchase]) -> str | None:
    """The one purchase a first message names by id, benefit name or date; else None."""
    if not text:
        return None
    found = resolve(text, purchase_options(purchases), today=config.today(), allow_all=False,
                    positions=False)
    return found.unique if found.how in ("id", "name", "date") else None


class ActionPartnerRefund(PartnerEntry):
    action_name = "action_partner_refund"
    form = PARTNER_FORM
    guide_key = "guide.partner_refund_criteria"
    intent = "request_partner_refund"
    step_words = frozenset({"refund", "hoan", "benefit", "loi", "ich"})

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        # "refund the tax on my action pack" names the tax: that is the tax-refund
        # rule, whichever of the two refund intents the classifier heard.
        if asks_for_tax(latest_text(tracker)):
            return await ActionTaxRefund().perform(reply, tracker, domain)
        if tracker.get_slot("topic") in ("why_two_bills", "overdue", "pending") \
                and not latest_entity(tracker, "purchase_id") and not _PARTNER_WORDS.search(fold_diacritics(latest_text(tracker)).lower()):
            from actions.follow_ups import answer_follow_up

            # "can you just refund that one then" right after two bills: that charge, not a partner purchase
            follow = await answer_follow_up(reply, tracker, domain)
            if follow is not None:
                return follow
        return await super().perform(reply, tracker, domain)


_PARTNER_WORDS = re.compile(r"\b(?:partner|doi tac|benefits?|loi ich|action pack|solutions|legacy|competency|ppb)\b")


def asks_for_tax(text: str) -> bool:
    """The tax itself is asked about, not merely quoted in a price (see :func:`names_the_tax`)."""
    return names_the_tax(text or "")


def asks_for_the_whole_purchase(tracker: Tracker) -> bool:
    """"bought it for $475 (+$47.50 tax), can we get a refund?" heard as ``tax_refund``:
    the tax is only part of the price quoted, and the refund asked for is the benefit's."""
    text = latest_text(tracker)
    return bool(text) and not is_payload(tracker) and asks_for_a_refund(text) and not names_the_tax(text)


class ActionTaxRefund(PartnerEntry):
    action_name = "action_tax_refund"
    form = TAX_FORM
    guide_key = "guide.tax_refund"
    intent = "tax_refund"
    step_words = frozenset({"tax", "taxes", "thue", "vat", "refund", "hoan"})

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if asks_about_tax_at_refund_confirmation(tracker):
            # "does that include the tax?" at "Shall I submit a refund request?": an answer,
            # not a switch to a tax refund; the benefit refund's confirmation is asked again.
            reply.say("partner.refund_includes_tax")
            return [FollowupAction(PARTNER_FORM)]
        if asks_for_the_whole_purchase(tracker):
            return await ActionPartnerRefund().perform(reply, tracker, domain)
        return await super().perform(reply, tracker, domain)


def asks_about_tax_at_refund_confirmation(tracker: Tracker) -> bool:
    """A question heard as ``tax_refund`` while a benefit refund waits for its confirmation."""
    return ((tracker.active_loop or {}).get("name") == PARTNER_FORM
            and tracker.get_slot("requested_slot") == "confirmed" and is_question(latest_text(tracker)))


class ActionAskPurchaseId(SupportAction):
    action_name = "action_ask_purchase_id"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        identity = identify(tracker)
        purchases = (await load_partner(identity.customer_id))[1] if identity.signed_in else []
        if resuming(tracker):
            loop = (tracker.active_loop or {}).get("name")
            reply.say("form.resume.tax_refund" if loop == TAX_FORM else "form.resume.partner_refund")
        reply.text(replies.purchase_choices(purchases, reply.lang), buttons=purchase_buttons(purchases, "inform"))
        return []


class ValidatePurchaseForm(choosing.TypedFormValidation, abc.ABC):
    """Checks the chosen purchase belongs to the caller and evaluates it.

    Abstract (``evaluate``) so rasa_sdk's auto-registration skips it: it has no name.
    """

    @abstractmethod
    def name(self) -> str:
        """Each concrete form validator names its form's validation action."""

    async def extract_purchase_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[str, Any]:
        """A purchase by benefit name, part of it, position or date; a yes when only one fits."""
        text = latest_text(tracker)
        identity = identify(tracker)
        if not requested(tracker, "purchase_id") or not text or latest_entity(tracker, "purchase_id") \
                or not identity.signed_in:
            return {}
        reply = Reply(dispatcher, language(tracker))
        if choosing.is_stop(text):
            return choosing.stop(reply)
        _, purchases, refunds = await load_partner(identity.customer_id)
        if self.name() == "validate_partner_refund_form" and asks_which_refundable(text) and len(purchases) > 1:
            # "ừm gói nào còn hoàn được vậy?" at "which purchase?": each one's answer; the choice comes next
            list_refundable(reply, purchases, refunds)
            return {"purchase_id": None, "requested_slot": None}
        found = resolve(text, purchase_options(purchases), today=config.today(), allow_all=False)
        if weak_in_digression(found, latest_intent(tracker)):
            return {}
        if found.unique:
            return {"purchase_id": found.unique}
        if found.ambiguous:
            labels = [f"{p.benefit} ({p.id})" for p in purchases if p.id in found.chosen]
            return choosing.ambiguous(reply, "purchase_id", labels)
        answer = yes_or_no(text)
        if answer is False:
            return choosing.stop(reply)
        if answer is True:
            if len(purchases) == 1:
                return {"purchase_id": purchases[0].id}
            return choosing.ambiguous(reply, "purchase_id", [p.benefit for p in purchases])
        if latest_intent(tracker) in DIGRESSION_INTENTS:
            return {}
        return choosing.missed(reply, tracker, "purchase_id", text, [p.benefit for p in purchases])

    async def validate_purchase_id(self, value: Any, dispatcher: CollectingDispatcher,
                                   tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        reply = Reply(dispatcher, language(tracker))
        identity = identify(tracker)
        if not identity.signed_in:
            return {"purchase_id": None, "requested_slot": None}
        if not isinstance(value, str):
            # no purchase chosen yet (the form restarted without one): ask, never end silently
            return {"purchase_id": None}
        customer, purchases, refunds = await load_partner(identity.customer_id)
        value = purchase_queue.checked_now(value.strip(), latest_text(tracker), purchases, purchase_queue.queued(tracker))
        purchase = next((p for p in purchases if p.id.lower() == value.lower()), None)
        if purchase is None or customer is None:
            reply.say("partner.not_found", purchase_id=value[:64])
            return {"purchase_id": None}
        return {**self.evaluate(reply, customer, purchase, refunds), "form_misses": 0.0,
                "last_purchase": purchase.id}

    @abc.abstractmethod
    def evaluate(self, reply: Reply, customer: Customer, purchase: PartnerPurchase,
                 refunds: list) -> Dict[str, Any]:
        """The partner-refund or tax-refund decision for one purchase."""

    # Words naming this form's step, allowed after a yes ("ok thì submit tax refund đi").
    step_words: frozenset = frozenset()

    async def confirmation_by_text(self, tracker: Tracker, text: str) -> Dict[str, Any] | None:
        """Naming another purchase switches to it (its check is shown, then asked again);
        a yes followed by this step's own words ("submit the tax refund") is a yes."""
        other = await self._named_purchase(tracker, text)
        if other is not None:
            return {"purchase_id": other, "confirmed": None}
        if is_question(text) or has_negation(text) or has_correction(text):
            return None
        return {"confirmed": True} if yes_or_no_with(text, self.step_words) is True else None

    async def _named_purchase(self, tracker: Tracker, text: str) -> str | None:
        """A purchase the text names by id, benefit or date ("the Legacy Gold one"), if exactly one."""
        identity = identify(tracker)
        if not identity.signed_in or has_negation(text):
            return None
        purchases = (await load_partner(identity.customer_id))[1]
        found = resolve(text, purchase_options(purchases), today=config.today(), allow_all=False,
                        positions=False)
        return found.unique if found.how in ("id", "name") else None


def asked_why(tracker: Tracker, purchases: List[PartnerPurchase]) -> str | None:
    """"tai sao khong duoc?" right after a decision: the purchase just discussed, shown again."""
    from bot.answers.text import asks_why, doubts_the_answer

    last = tracker.get_slot("last_purchase")
    if not last or not any(p.id == last for p in purchases):
        return None
    text = latest_text(tracker)
    return last if asks_why(text) or disputes_a_criterion(text) or asks_what_failed(text) \
        or doubts_the_answer(text) else None


class ValidatePartnerRefundForm(ValidatePurchaseForm):
    step_words = frozenset({"refund", "hoan", "benefit", "loi", "ich"})

    def name(self) -> str:
        return "validate_partner_refund_form"

    def evaluate(self, reply, customer, purchase, refunds):
        outcome = benefit_refund_outcome(customer, purchase, config.today(), refunds)
        reply.text(replies.partner_refund(purchase, outcome.refund, reply.lang))
        if outcome.refund.eligible:
            return {"purchase_id": purchase.id}
        tax = outcome.tax_offer
        if tax is not None:
            reply.say("partner.offer_tax", amount=format_money(tax.amount, tax.currency, reply.lang),
                      buttons=[button(reply.t("partner.tax_button"), f'/tax_refund{{"purchase_id":"{purchase.id}"}}')])
            return {"purchase_id": None, "confirmed": None, "requested_slot": None,
                    "offer": f"tax_refund:{purchase.id}"}
        reply.say("guide.more_help")
        return {"purchase_id": None, "confirmed": None, "requested_slot": None}


class ValidateTaxRefundForm(ValidatePurchaseForm):
    step_words = frozenset({"tax", "taxes", "thue", "vat", "refund", "hoan"})

    def name(self) -> str:
        return "validate_tax_refund_form"

    async def extract_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[str, Any]:
        """"Would a full refund give the tax back too?" at the tax confirmation: answered, then asked again."""
        text = latest_text(tracker)
        if requested(tracker, "confirmed") and asks_about_full_refund(text):
            reply = Reply(dispatcher, language(tracker))
            if names_the_tax(text) or not await self._full_refund(reply, tracker):
                reply.say("partner.refund_includes_tax")  # "would a full refund give the tax back too?"
            return {}
        if requested(tracker, "confirmed") and asks_about_the_deadline(text):
            # "hoàn thuế có thời hạn ko, bao lâu?": the date from the same rule, then asked again
            deadline = await self._deadline(tracker)
            if deadline is not None:
                reply = Reply(dispatcher, language(tracker))
                reply.say("tax.deadline", deadline=format_date(deadline, reply.lang))
                return {}
        return await super().extract_confirmed(dispatcher, tracker, domain)

    @staticmethod
    async def _purchase_in_form(tracker: Tracker):
        """(customer, purchase, refunds) for the purchase this form holds, or None."""
        identity = identify(tracker)
        if not identity.signed_in:
            return None
        customer, purchases, refunds = await load_partner(identity.customer_id)
        purchase = next((p for p in purchases if p.id == tracker.get_slot("purchase_id")), None)
        return None if purchase is None or customer is None else (customer, purchase, refunds)

    async def _full_refund(self, reply: Reply, tracker: Tracker) -> bool:
        """"khoan, thế hoàn cả gói luôn thì sao?" at the tax confirmation: the full refund's check
        for the same purchase, by the same rule (then the tax question is asked again)."""
        found = await self._purchase_in_form(tracker)
        if found is None:
            return False
        customer, purchase, refunds = found
        outcome = benefit_refund_outcome(customer, purchase, config.today(), refunds)
        reply.text(replies.partner_refund(purchase, outcome.refund, reply.lang))
        return True

    async def _deadline(self, tracker: Tracker):
        found = await self._purchase_in_form(tracker)
        return None if found is None else evaluate_tax_refund(*found[:2], config.today(), found[2]).deadline

    def evaluate(self, reply, customer, purchase, refunds):
        decision = evaluate_tax_refund(customer, purchase, config.today(), refunds)
        reply.text(replies.tax_refund(purchase, decision, reply.lang))
        if decision.eligible:
            return {"purchase_id": purchase.id}
        reply.say("guide.tax_refund")
        return {"purchase_id": None, "confirmed": None, "requested_slot": None}


class SubmitRefund(SupportAction):
    """Re-evaluates with fresh data and creates the refund request once."""

    kind = ""

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        done = [SlotSet("purchase_id", None), SlotSet("confirmed", None)]
        confirmed = tracker.get_slot("confirmed")
        purchase_id = tracker.get_slot("purchase_id")
        if confirmed is False:
            reply.say("refund.kept")
            return done + [SlotSet(purchase_queue.QUEUE_SLOT, None)]  # a no stops the waiting ones too
        identity = identify(tracker)
        if confirmed is not True or not purchase_id or not identity.signed_in:
            # the form ended without a request (the purchase did not qualify): the next waiting one
            return done + await next_queued_purchase(reply, tracker)
        customer, purchases, refunds = await load_partner(identity.customer_id)
        purchase = next((p for p in purchases if p.id == purchase_id), None)
        if purchase is None or customer is None:
            reply.say("partner.not_found", purchase_id=purchase_id)
            return done + await next_queued_purchase(reply, tracker)
        decision = self.decide(customer, purchase, refunds)
        if not decision.eligible:
            reply.say("refund.no_longer_eligible")
            return done + await next_queued_purchase(reply, tracker)
        amount = decision.refund_amount if self.kind == RefundKind.PARTNER_BENEFIT else decision.amount
        request, created = await in_thread(
            store().create_refund_request, identity.customer_id, purchase.id, self.kind, amount,
            decision.currency, tracker.sender_id, datetime.now(timezone.utc))
        reply.say("refund.created" if created else "refund.exists", reference=request.id,
                  amount=format_money(request.amount, request.currency, reply.lang), benefit=purchase.benefit)
        return done + await next_queued_purchase(reply, tracker)

    def decide(self, customer, purchase, refunds):
        raise NotImplementedError


async def next_queued_purchase(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]]:
    """After one purchase is settled, the next waiting purchase's check (actions/purchase_queue.py)."""
    if not purchase_queue.queued(tracker):
        return []
    identity = identify(tracker)
    owned = [p.id for p in (await load_partner(identity.customer_id))[1]] if identity.signed_in else []
    events, purchase_id = purchase_queue.next_purchase(tracker, owned)
    if purchase_id:
        reply.say("partner.next_purchase", purchase_id=purchase_id)
    return events


class ActionSubmitPartnerRefund(SubmitRefund):
    action_name = "action_submit_partner_refund"
    kind = RefundKind.PARTNER_BENEFIT.value

    def decide(self, customer, purchase, refunds):
        return evaluate_partner_refund(purchase, config.today(), refunds)


class ActionSubmitTaxRefund(SubmitRefund):
    action_name = "action_submit_tax_refund"
    kind = RefundKind.PARTNER_TAX.value

    def decide(self, customer, purchase, refunds):
        return evaluate_tax_refund(customer, purchase, config.today(), refunds)


SUBMIT_ACTIONS = {"action_submit_partner_refund": RefundKind.PARTNER_BENEFIT,
                  "action_submit_tax_refund": RefundKind.PARTNER_TAX}


def just_submitted(tracker: Tracker) -> RefundKind | None:
    """The kind of refund request the bot's last answer submitted, if it did (before this message)."""
    return SUBMIT_ACTIONS.get(action_before_message(tracker) or "")


async def remind_submitted(reply: Reply, tracker: Tracker, kind: RefundKind) -> List[Dict[str, Any]] | None:
    """"Có" right after the request was sent: it is sent already; its reference again, nothing new."""
    identity = identify(tracker)
    purchase_id = tracker.get_slot("last_purchase")
    if not identity.signed_in or not purchase_id:
        return None
    _, purchases, refunds = await load_partner(identity.customer_id)
    request = next((r for r in reversed(refunds) if r.subject_id == purchase_id and r.kind == kind), None)
    purchase = next((p for p in purchases if p.id == purchase_id), None)
    if request is None or purchase is None:
        return None
    reply.say("refund.exists", reference=request.id, benefit=purchase.benefit,
              amount=format_money(request.amount, request.currency, reply.lang))
    return []
