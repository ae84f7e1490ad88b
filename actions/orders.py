"""Store orders: status, cancellation (a form with confirmation) and refunds.

Thin adapters: they fetch the caller's own data through the scoped store, ask
``bot.rules.cancellation`` what is possible, and phrase it with ``bot.replies``.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import cancel_queue, choosing
from actions.cancel_queue import QUEUE_SLOT, named_items
from actions.common import Reply, SupportAction, button, in_thread, language, store
from actions.identity import Identity, identify, order_owner
from actions.typed import (
    DIGRESSION_INTENTS,
    action_before_message,
    form_request_text,
    is_payload,
    item_options,
    latest_intent,
    latest_text,
    order_options,
    requested,
    resuming,
    slot_before_message,
    slot_set_since_user,
    weak_in_digression,
    with_slots,
)
from bot import config, replies
from bot.answers import ALL as ALL_CHOICE
from bot.answers import Option, is_deictic, resolve, yes_or_no
from bot.answers.billing_talk import asks_to_remove_a_charge, says_already_cancelled, vague_bill_problem
from bot.answers.choices import NOTHING, by_price_rank, kept_all, named_all, without_kept_others
from bot.answers.text import (
    adds_another,
    asks_about_money_back_or_fees,
    asks_about_the_email,
    asks_cancel_policy,
    asks_item_status,
    asks_which_cancellable,
    asks_why,
    fold,
    lone_order_number,
    mentions_cancelling,
    refers_back,
    speaks_of_a_subscription,
    speaks_of_the_account,
    switches_instead,
)
from bot.answers.yesno import clause_yes_or_no, has_correction, has_negation, is_question, names_the_other_one
from bot.auth.grants import issue_grant
from bot.rules.cancellation import evaluate_order_cancellation, evaluate_store_refund
from bot.rules.models import Order

MAX_VERIFICATION_ATTEMPTS = 3
ALL_ITEMS = "all"
CANCEL_FORM = "cancel_order_form"


def latest_entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def open_orders(orders: List[Order]) -> List[Order]:
    return [o for o in orders if evaluate_order_cancellation(o).any_cancellable]


async def owned_order(tracker: Tracker, identity: Identity, order_id: str | None) -> Order | None:
    """The order if this conversation may see it, else None (never another customer's)."""
    owner = order_owner(tracker, identity, order_id)
    if not owner or not order_id:
        return None
    return await in_thread(store().get_order, owner, order_id)


def order_buttons(orders: List[Order], intent: str) -> List[Dict[str, str]]:
    return [button(o.id, f'/{intent}{{"order_id":"{o.id}"}}') for o in orders[:8]]


async def answer_as(name: str, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
    """Answer this turn with another action's logic (the registry is imported late: it imports
    this module)."""
    from actions import registry

    return await registry.action(name).perform(reply, tracker, domain)


# Answers about a subscription: "cancel that plan" right after one is about the subscription.
SUBSCRIPTION_TOPICS = frozenset({"subscription_expiry", "change_payment_method", "cancel_subscription",
                                 "why_two_bills", "overdue", "pending"})


class ActionOrderStatus(SupportAction):
    action_name = "action_order_status"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if vague_bill_problem(latest_text(tracker)) and not (tracker.active_loop or {}).get("name"):
            from actions.billing import billing_buttons

            reply.say("billing.which_problem", buttons=billing_buttons(reply))  # "hóa đơn của tôi có vấn đề"
            return []
        if tracker.get_slot("topic") == "store_refund" and asks_why(latest_text(tracker)):
            back = await why_not_cancelled(tracker)  # "why not?? they only arrived yesterday" after a return path
            if back is not None:
                return item_cancellation(reply, *back)
        if tracker.get_slot("topic") == "cancel_order" and asks_about_the_email(latest_text(tracker)) \
                and not latest_entity(tracker, "order_id"):
            reply.say("cancel.email_answer")  # "khi nào mình nhận được email xác nhận?" after a cancellation
            return []
        if tracker.get_slot("topic") == "cancel_order" and adds_another(latest_text(tracker)) \
                and not asks_item_status(latest_text(tracker)):
            item = await named_order_item(tracker)  # "oh and the two controllers in that order too" after a cancel
            if item is not None:
                return item_cancellation(reply, *item)
        if latest_entity(tracker, "purchase_id") and not latest_entity(tracker, "order_id"):
            # "can you check PPB-3302?": a partner purchase, not a Store order
            return await answer_as("action_partner_refund", reply, tracker, domain)
        identity = identify(tracker)
        order_id = latest_entity(tracker, "order_id") or tracker.get_slot("order_id")
        if identity.signed_in:
            orders = await in_thread(store().list_orders, identity.customer_id)
            named = [] if latest_entity(tracker, "order_id") else orders_named(latest_text(tracker), orders)
            if named:
                reply.text(replies.order_status(named, reply.lang))  # "đơn đặt hôm 21/11", "the Forza pre-order"
                return [SlotSet("topic", "order_status")]
            if order_id:
                named = [o for o in orders if o.id == order_id]
                if not named:
                    reply.say("orders.not_found", order_id=order_id)  # never another customer's
                orders = named or orders
            if not orders:
                reply.say("orders.none")
                return [SlotSet("topic", "order_status")]
            reply.text(replies.order_status(orders, reply.lang))
            return [SlotSet("topic", "order_status")]
        events, stop, tracker = await verify_if_given(reply, tracker, order_id)
        if stop:
            return events
        order = await owned_order(tracker, identity, order_id)
        if order:
            reply.text(replies.order_status([order], reply.lang))
            return events + [SlotSet("topic", "order_status")]
        return events + await ask_anonymous_verification(reply, tracker, identity, "order_status", order_id)


def previous_text(tracker: Tracker) -> str:
    """The customer's message before the latest one ("" if none)."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return texts[-2] if len(texts) >= 2 else ""


async def names_a_subscription(customer_id: str, text: str) -> bool:
    """The message names one of the customer's subscriptions (not an order item)."""
    subs = await in_thread(store().list_subscriptions, customer_id)
    found = resolve(text, [Option(s.id, (s.product,)) for s in subs], allow_all=False, positions=False)
    return found.how == "name" and bool(found.chosen)


def item_by_price(text: str, orders: List[Order]):
    """"The cheaper one" / "cái đắt hơn" among the items of ``orders`` that can still be cancelled."""
    decisions = {d.item_id: (o, d) for o in orders for d in evaluate_order_cancellation(o).cancellable_items}
    options = [opt for o in orders for opt in item_options(o) if opt.key in decisions]
    found = by_price_rank(text, options)
    return decisions[found.unique] if found.unique else None


async def why_not_cancelled(tracker: Tracker):
    """The item the return path just answered about, when the customer asks why it could not be cancelled."""
    identity = identify(tracker)
    if not identity.signed_in:
        return None
    orders = await in_thread(store().list_orders, identity.customer_id)
    if named_item(latest_text(tracker), orders) is not None:
        return None
    return named_item(previous_text(tracker), orders)


def someone_elses_order(text: str, orders: List[Order]) -> str | None:
    """An order number ``text`` quotes that is shaped like the customer's own but is not one of them."""
    prefixes = {o.id.split("-")[0].upper() for o in orders}
    for quoted in re.findall(r"\b([A-Za-z]{2,4})-?(\d{3,8})\b", text or ""):
        order_id = f"{quoted[0].upper()}-{quoted[1]}"
        if quoted[0].upper() in prefixes and all(o.id != order_id for o in orders):
            return order_id
    return None


def orders_named(text: str, orders: List[Order]) -> List[Order]:
    """The orders a status question names by product, date or position-free id; [] if none or all."""
    if not text or len(orders) < 2:
        return []
    found = resolve(text, order_options(orders), today=config.today(), allow_all=False, positions=False)
    if found.how not in ("id", "name", "date") or len(found.chosen) >= len(orders):
        return []
    return [o for o in orders if o.id in found.chosen]


async def verify_if_given(reply: Reply, tracker: Tracker,
                          order_id: str | None) -> tuple[List[Dict[str, Any]], bool, Tracker]:
    """Verify now when the message (or an earlier one) already gave the number and the email.

    Returns the slot events, whether to stop (wrong email or locked), and the tracker
    as it will be once the events apply (a copy holding the grant), so the caller
    can answer in this same turn.
    """
    email = latest_entity(tracker, "email") or tracker.get_slot("email")
    if not order_id or not email or is_payload(tracker) or order_owner(tracker, identify(tracker), order_id):
        return [], False, tracker
    updates = await verify_anonymous(tracker, order_id, email)
    events = [SlotSet(k, v) for k, v in updates.items()]
    locked = report_verification(reply, order_id, updates)
    if "verified_order" not in updates:
        locked_events = [SlotSet("topic", None), SlotSet("offer", "handoff:verification_locked")] if locked else []
        return events + locked_events, True, tracker
    return events, False, with_slots(tracker, {"verified_order": updates["verified_order"]})


async def ask_anonymous_verification(reply: Reply, tracker: Tracker, identity: Identity,
                                     topic: str, order_id: str | None) -> List[Dict[str, Any]]:
    """Anonymous callers prove an order is theirs with its number plus its email."""
    if identity.rejected_token:
        reply.say("identity.bad_token")
    if await order_failures(order_id) >= MAX_VERIFICATION_ATTEMPTS:
        say_locked(reply)
        return [SlotSet("topic", None), SlotSet("offer", "handoff:verification_locked")]
    if order_id:
        reply.say("verify.ask_email", order_id=order_id)
    else:
        reply.say("verify.ask_order")
    return [SlotSet("topic", topic)]


def failed_attempts(tracker: Tracker) -> int:
    try:
        return int(tracker.get_slot("failed_verifications") or 0)
    except (TypeError, ValueError):
        return 0


def lock_window() -> timedelta:
    """The cool-down: failures older than this no longer count (``SUPPORT_VERIFY_COOLDOWN_MINUTES``)."""
    return timedelta(minutes=config.get("SUPPORT_VERIFY_COOLDOWN_MINUTES"))


async def order_failures(order_id: str | None) -> int:
    """Failed email checks for this order inside the cool-down window, from the database.

    Counted per order across conversations, so "Start over" cannot reset them; the
    lock lifts by itself once the oldest counted failure is older than the window.
    """
    if not order_id:
        return 0
    since = datetime.now(timezone.utc) - lock_window()
    return await in_thread(store().failed_verifications, order_id, since)


async def verify_anonymous(tracker: Tracker, order_id: str, email: str) -> Dict[str, Any]:
    """Check order number plus email; return the slot updates for either outcome.

    A locked order is not checked at all (even a right email waits out the window).
    """
    if await order_failures(order_id) >= MAX_VERIFICATION_ATTEMPTS:
        return {"failed_verifications": float(MAX_VERIFICATION_ATTEMPTS), "email": None, "order_id": None}
    owner = await in_thread(store().verify_order_owner, order_id, email)
    now = datetime.now(timezone.utc)
    await in_thread(store().record_verification, order_id, bool(owner), tracker.sender_id, now)
    if owner:
        return {"verified_order": issue_grant(order_id, owner, tracker.sender_id), "email": None}
    failures = max(await order_failures(order_id), failed_attempts(tracker) + 1)
    return {"failed_verifications": float(failures), "email": None, "order_id": None}


def say_locked(reply: Reply) -> None:
    """Locked: say so and offer a person (callers also set the "handoff" offer for a typed yes)."""
    minutes = int(lock_window().total_seconds() // 60)
    reply.say("verify.locked", attempts=MAX_VERIFICATION_ATTEMPTS, minutes=minutes,
              buttons=[button(reply.t("topic.human"), "/human_handoff")])


def report_verification(reply: Reply, order_id: str, updates: Dict[str, Any]) -> bool:
    """Tell the customer how verification went; True when they are now locked out."""
    if "verified_order" in updates:
        reply.say("verify.ok", order_id=order_id)
        return False
    attempts = int(updates["failed_verifications"])
    if attempts >= MAX_VERIFICATION_ATTEMPTS:
        say_locked(reply)
        return True
    remaining = MAX_VERIFICATION_ATTEMPTS - attempts
    reply.say("verify.failed_last" if remaining == 1 else "verify.failed", remaining=remaining)
    return False


class ActionCancelOrder(SupportAction):
    """Entry point of the cancel flow: find the order (and item) named, then run the form.

    A first message that names its target goes straight to it: an order id,
    a product ("cancel the keyboard"), or a date ("the order from October").
    A named item that can no longer be cancelled gets its reason and the
    exchange or refund path, never another order.
    """

    action_name = "action_cancel_order"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if asks_item_status(latest_text(tracker)):
            # "con Forza dat truoc bi tru tien chua bn" heard as cancel: it asks for the state
            return await answer_as("action_order_status", reply, tracker, domain)
        identity = identify(tracker)
        order_id = latest_entity(tracker, "order_id")
        if not order_id and tracker.get_slot("topic") in SUBSCRIPTION_TOPICS \
                and speaks_of_a_subscription(latest_text(tracker)) and not says_already_cancelled(latest_text(tracker)):
            # "thế muốn hủy gói đó luôn thì làm thế nào?" after when Office 365 expires: the subscription
            from actions.guidance import answer_guides

            return await answer_guides(reply, ["cancel_subscription"])
        if not order_id and asks_to_remove_a_charge(latest_text(tracker)):
            # "vậy thì xóa khoản 475 đô đó khỏi hóa đơn giúp mình" heard as cancel: a charge, not an item
            orders = await in_thread(store().list_orders, identity.customer_id) if identity.signed_in else []
            if named_item(latest_text(tracker), orders) is None:
                from actions.billing import cannot_remove

                removal = cannot_remove(reply, tracker)
                if removal is not None:
                    return removal
        reset = [SlotSet("item_id", None), SlotSet("confirmed", None), SlotSet("topic", "cancel_order"),
                 SlotSet("form_misses", 0.0), SlotSet(QUEUE_SLOT, None)]
        if identity.signed_in:
            return reset + await self._signed_in(reply, tracker, identity, order_id)
        order_id = order_id or tracker.get_slot("order_id")
        if identity.rejected_token:
            reply.say("identity.bad_token")
        if not order_id and tracker.get_slot("topic") != "cancel_order":
            # Not signed in and no number yet: the article's steps (once), then
            # offer to do it here after verifying the order (number and email).
            reply.say("guide.cancel_order")
        return reset + [SlotSet("order_id", order_id), FollowupAction(CANCEL_FORM)]

    async def _signed_in(self, reply: Reply, tracker: Tracker, identity: Identity,
                         order_id: str | None) -> List[Dict[str, Any]]:
        orders = await in_thread(store().list_orders, identity.customer_id)
        text = latest_text(tracker)
        foreign = not order_id and refers_back(text) and named_item(text, orders) is None \
            and someone_elses_order(previous_text(tracker), orders)
        if foreign:  # "đơn đó của chồng tôi mà, hủy giúp tôi đi" right after "I can't find ORD-1101"
            reply.say("orders.not_found", order_id=foreign)
            reply.say("orders.only_yours")
            return [SlotSet("order_id", None)]
        if not order_id and (refers_back(text) or asks_why(text)) and tracker.get_slot("topic") == "store_refund" \
                and named_item(text, orders) is None:
            # "sao không hủy luôn cho tôi?" after the return path of a named item: why that item cannot go
            back = named_item(previous_text(tracker), orders)
            if back is not None:
                return item_cancellation(reply, *back)
        if not order_id and refers_back(text) and tracker.get_slot("topic") == "order_status":
            # "Can you cancel it?" right after one order's status: the order that answer named
            shown = orders_named(previous_text(tracker), orders)
            back = shown[0] if len(shown) == 1 else None
            order_id = back.id if back else None
            cancellable = evaluate_order_cancellation(back).cancellable_items if back else []
            if back is not None and len(cancellable) == 1 and named_item(text, [back]) is None:
                return item_cancellation(reply, back, cancellable[0])
        if not order_id and text:
            by_order = resolve(text, order_options(orders), today=config.today(), allow_all=False)
            order_id = by_order.unique if by_order.how in ("id", "date") else None
        scope = [o for o in orders if o.id == order_id] if order_id else orders
        several = named_items(text, scope)
        if several:
            return several_items_cancellation(reply, several)
        item = named_item(text, scope) or self._by_price_after_a_list(tracker, text, scope)
        if item is not None:
            return item_cancellation(reply, *item)
        if not order_id and await names_a_subscription(identity.customer_id, text):
            # "hủy cái onedrive giùm tôi luôn": a subscription, cancelled from the account page
            from actions.guidance import answer_guides

            return await answer_guides(reply, ["cancel_subscription"])
        candidates = open_orders(orders)
        if not order_id and not candidates:
            reply.say("cancel.no_open_orders")
            reply.say("guide.cancel_order")
            return []
        if not order_id and len(candidates) == 1:
            order_id = candidates[0].id
        return [SlotSet("order_id", order_id), FollowupAction(CANCEL_FORM)]


    @staticmethod
    def _by_price_after_a_list(tracker: Tracker, text: str, orders: List[Order]):
        """"ok cancel cái rẻ hơn đi" right after the items that can still go were listed."""
        if tracker.get_slot("topic") not in ("order_status", "cancel_order"):
            return None
        return item_by_price(text, orders)


def item_cancellation(reply: Reply, order: Order, decision: Any) -> List[Dict[str, Any]]:
    """A named item: start the cancel form for it, or say why it cannot be cancelled."""
    if not decision.cancellable:
        reply.text(replies.item_not_cancellable(decision, reply.lang))
        if decision.alternatives:
            reply.say("guide.store_refund")
        return [SlotSet("order_id", order.id), SlotSet("topic", "store_refund")]
    return [SlotSet("order_id", order.id), SlotSet("item_id", decision.item_id),
            SlotSet("confirmed", None), SlotSet("topic", "cancel_order"), SlotSet("form_misses", 0.0),
            FollowupAction(CANCEL_FORM)]


def several_items_cancellation(reply: Reply, wanted) -> List[Dict[str, Any]]:
    """Items named together ("the keyboard and the two controllers", "Surface Go 4 với con Xbox
    Series X"): why each blocked one cannot go, then the first order's cancellable ones to
    confirm, the other orders queued (actions/cancel_queue.py)."""
    if len(wanted) == 1:
        return item_cancellation(reply, *wanted[0])
    plan = cancel_queue.plan(wanted)
    for decision in plan.refused:
        reply.text(replies.item_not_cancellable(decision, reply.lang))
    if plan.order is None:
        return [SlotSet("order_id", wanted[0][0].id), SlotSet("topic", "store_refund")]
    if plan.queue:
        reply.say("cancel.one_order_at_a_time", order_id=plan.order.id)
    return [SlotSet("order_id", plan.order.id), SlotSet("item_id", ",".join(plan.items)),
            SlotSet("confirmed", None), SlotSet("topic", "cancel_order"), SlotSet("form_misses", 0.0),
            SlotSet(QUEUE_SLOT, plan.queue or None), FollowupAction(CANCEL_FORM)]


def cancel_named_item(reply: Reply, tracker: Tracker, orders: List[Order]) -> List[Dict[str, Any]] | None:
    """"Hủy cái bàn phím" heard as a refund or subscription question: the item decides.

    Only when the text says cancel and names one item of ``orders`` (the
    customer's own, or the verified one); otherwise None and the caller answers
    its own question.
    """
    text = latest_text(tracker)
    if not mentions_cancelling(text):
        return None
    item = named_item(text, orders)
    return item_cancellation(reply, *item) if item is not None else None


def anonymous_order_answer(reply: Reply, tracker: Tracker, text: str) -> Dict[str, Any]:
    """What a signed-out customer typed at "What's your order number?" (no id shape found).

    A lone 4-8 digit number is the order number ("1001", "it's 1001"). An email
    fills its own slot and another question gets its own answer; anything else
    counts as a miss, so the question is not repeated forever.
    """
    number = lone_order_number(text)
    if number:
        return {"order_id": number}
    if latest_entity(tracker, "email") or latest_intent(tracker) in DIGRESSION_INTENTS:
        return {}
    return choosing.missed(reply, tracker, "order_id", text, ["ORD-1001"],
                           message="verify.not_an_order_number")


async def named_order_item(tracker: Tracker):
    """The signed-in customer's order item the message names, with its cancellation decision."""
    identity = identify(tracker)
    text = latest_text(tracker)
    if not identity.signed_in or not text:
        return None
    orders = await in_thread(store().list_orders, identity.customer_id)
    return named_item(text, orders)


def named_item(text: str, orders: List[Order]):
    """The one item the text names by product (no positions: nothing was listed yet)."""
    if not text or not orders:
        return None
    items = {i.id: (o, i) for o in orders for i in o.items}
    options = [opt for o in orders for opt in item_options(o)]
    kept = set(kept_all(text, options, asked=False))  # "cancel the game one, keyboard thì giữ lại"
    found = resolve(text, [o for o in options if o.key not in kept], allow_all=False, positions=False)
    if found.how not in ("name", "amount") or not found.unique:  # "the $179.99 one"
        return None
    order, item = items[found.unique]
    decision = next(d for d in evaluate_order_cancellation(order).items if d.item_id == item.id)
    return order, decision


async def names_another_item(tracker: Tracker) -> bool:
    """"oh wait no, not that one, I meant the controller" right after a cancel answer: heard as
    a no, it is a correction naming the item meant (the signed-in customer's orders, or the
    order an anonymous customer verified)."""
    if action_before_message(tracker) != "action_cancel_order" \
            or tracker.get_slot("topic") not in ("store_refund", "cancel_order"):
        return False
    identity = identify(tracker)
    if identity.signed_in:
        orders = await in_thread(store().list_orders, identity.customer_id)
    else:
        order = await owned_order(tracker, identity, tracker.get_slot("order_id"))
        orders = [order] if order else []
    return named_item(latest_text(tracker), orders) is not None


def chosen_ids(tracker: Tracker) -> List[str]:
    """The item ids the cancel form holds ("ITM-1,ITM-3")."""
    return [i for i in (tracker.get_slot("item_id") or "").split(",") if i]


async def chosen_names(tracker: Tracker) -> str:
    """The product names of the items being confirmed."""
    chosen = chosen_ids(tracker)
    order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
    names = {i.id: i.product for i in (order.items if order else ())}
    return ", ".join(names.get(i, i) for i in chosen)


class ValidateCancelOrderForm(choosing.TypedFormValidation):
    """Reads each answer of the cancel form, typed or clicked, against the caller's own data."""

    def name(self) -> str:
        return "validate_cancel_order_form"

    async def required_slots(self, domain_slots: List[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[str]:
        identity = identify(tracker)
        order_id = tracker.get_slot("order_id")
        if identity.signed_in or (order_id and order_owner(tracker, identity, order_id)):
            return domain_slots
        return ["order_id", "email"] + [s for s in domain_slots if s != "order_id"]

    # --- typed answers ------------------------------------------------------
    async def extract_order_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[str, Any]:
        """Signed-in customers may name the order by product, date or position."""
        text = latest_text(tracker)
        if not requested(tracker, "order_id") or not text or latest_entity(tracker, "order_id"):
            return {}
        reply = Reply(dispatcher, language(tracker))
        if choosing.is_stop(text):
            return choosing.stop(reply)
        identity = identify(tracker)
        if not identity.signed_in:
            return anonymous_order_answer(reply, tracker, text)
        every = await in_thread(store().list_orders, identity.customer_id)
        orders = open_orders(every)
        found = resolve(text, order_options(orders), today=config.today(), allow_all=False)
        if found.how == "price":
            found = NOTHING  # "cái rẻ hơn" is about the items listed, not the orders' totals (below)
        if weak_in_digression(found, latest_intent(tracker)):
            return {}
        blocked = named_item(text, every) if not found.chosen else None
        if blocked is not None and not blocked[1].cancellable:
            # "ok then cancel my surface laptop" (charged): its reason and the return path, and the form ends
            reply.text(replies.item_not_cancellable(blocked[1], reply.lang))
            if blocked[1].alternatives:
                reply.say("guide.store_refund")
            return {"order_id": blocked[0].id, "requested_slot": None, "topic": "store_refund", "form_misses": 0.0}
        if not found.chosen and orders and resolve(text, order_options(orders), allow_all=True).how == ALL_CHOICE:
            # "hủy hết", "both": one order at a time, every item that can still go in the first
            reply.say("cancel.one_order_at_a_time", order_id=orders[0].id)
            later = [cancel_queue.encode(o.id, []) for o in orders[1:]]
            return {"order_id": orders[0].id, "item_id": ALL_ITEMS, QUEUE_SLOT: later or None}
        if found.unique:
            # "cái đơn có bàn phím Surface Pro Keyboard ấy": the order, and the item it names
            item = named_item(text, [o for o in orders if o.id == found.unique])
            if item is not None and item[1].cancellable:
                return {"order_id": found.unique, "item_id": item[1].item_id}
            return {"order_id": found.unique}
        if found.ambiguous:
            return choosing.ambiguous(reply, "order_id", list(found.chosen))
        cheaper = item_by_price(text, orders)  # "ok cancel cái rẻ hơn đi" at the order question
        if cheaper is not None:
            return {"order_id": cheaper[0].id, "item_id": cheaper[1].item_id}
        if latest_intent(tracker) in DIGRESSION_INTENTS:
            return {}
        return choosing.missed(reply, tracker, "order_id", text, [o.id for o in orders])

    async def extract_item_id(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[str, Any]:
        """An item by name, part of a name, position, "all", or a yes when only one fits."""
        text = latest_text(tracker)
        if not requested(tracker, "item_id") or not text or latest_entity(tracker, "item_id"):
            return {}
        reply = Reply(dispatcher, language(tracker))
        order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
        if order is None:
            return {}
        named = named_item(text, [order])  # the item asked for, items in a keep clause left out
        if choosing.is_stop(text) and not (named is not None and named[1].cancellable):
            # "never mind, keep it … after all" is no choice of "all"; "cancel the Elite only,
            # keep the headphones" is a choice of the Elite
            return choosing.stop(reply)
        if named is not None and named[1].cancellable and kept_all(text, item_options(order), asked=False):
            return {"item_id": named[1].item_id}  # the keep clause's item is no second choice
        decision = evaluate_order_cancellation(order)
        shown = list(decision.items)
        found = resolve(text, item_options(order), allow_all=True)
        if weak_in_digression(found, latest_intent(tracker)):
            return {}
        if not found.chosen and identify(tracker).signed_in:
            elsewhere = await named_order_item(tracker)  # an item of another of the customer's orders
            if elsewhere is not None and elsewhere[0].id != order.id and elsewhere[1].cancellable:
                return {"order_id": elsewhere[0].id, "item_id": elsewhere[1].item_id}
        if found.how == ALL_CHOICE:
            return {"item_id": ALL_ITEMS}
        if found.unique:
            picked = next((d for d in shown if d.item_id == found.unique), None)
            if picked is not None and picked.cancellable and asks_about_money_back_or_fees(text):
                # "huy Surface Go 4 thi co bi mat phi gi ko?": not charged yet, so nothing to pay;
                # the item is taken and its confirmation asked next
                reply.say("cancel.nothing_charged", products=picked.product)
            return {"item_id": found.unique}
        if found.ambiguous:
            names = [d.product for d in shown if d.item_id in found.chosen]
            return choosing.ambiguous(reply, "item_id", names)
        answer = yes_or_no(text)
        if answer is False:
            return choosing.stop(reply)
        if answer is True or is_deictic(text) or clause_yes_or_no(text) is True:
            cancellable = decision.cancellable_items
            if len(cancellable) == 1:
                return {"item_id": cancellable[0].item_id}
            return choosing.ambiguous(reply, "item_id", [d.product for d in cancellable])
        if latest_intent(tracker) in DIGRESSION_INTENTS:
            return {}
        return choosing.missed(reply, tracker, "item_id", text, [d.product for d in decision.cancellable_items])

    async def focus(self, tracker: Tracker, text: str) -> str:
        """"Chỉ hủy Forza thôi, bàn phím giữ lại" at Forza's confirmation: the keyboard clause
        takes nothing back about Forza."""
        orders = await self._orders_in_reach(tracker)
        chosen = chosen_ids(tracker)
        options = [opt for o in orders for opt in item_options(o)]
        return without_kept_others(text, options, chosen) if options and chosen else text

    async def extract_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[str, Any]:
        """Another item at the confirmation: a question about it is answered and the
        confirmation asked again; one added with "too" joins this order's confirmation or
        waits for its own; anything else is read by the shared confirmation reading."""
        text = latest_text(tracker)
        if requested(tracker, "confirmed") and text and not is_payload(tracker):
            if asks_cancel_policy(text):
                Reply(dispatcher, language(tracker)).say("cancel.alternatives")
                return {}  # the rule in general, then the confirmation again
            if asks_which_cancellable(text):
                # "which ones can still be cancelled?": the order's items with their reasons, then the question
                order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
                if order is not None:
                    reply = Reply(dispatcher, language(tracker))
                    reply.text(replies.order_items(order, evaluate_order_cancellation(order), reply.lang))
                return {}
            if asks_about_the_email(text):
                Reply(dispatcher, language(tracker)).say("cancel.email_answer")
                return {}
            if asks_about_money_back_or_fees(text) and not switches_instead(text) \
                    and not speaks_of_the_account(text):
                # only items not charged yet are ever confirmed here: nothing to pay, nothing to refund
                Reply(dispatcher, language(tracker)).say("cancel.nothing_charged", products=await chosen_names(tracker))
                return {}
            handled = await self._another_item(Reply(dispatcher, language(tracker)), tracker, text)
            if handled is not None:
                return handled
        return await super().extract_confirmed(dispatcher, tracker, domain)

    async def _another_item(self, reply: Reply, tracker: Tracker, text: str) -> Dict[str, Any] | None:
        chosen = chosen_ids(tracker)
        orders = await self._orders_in_reach(tracker)
        options = [opt for o in orders for opt in item_options(o)]
        if set(kept_all(text, options)) & set(chosen) and not set(named_all(text, options)) - set(chosen):
            return {"confirmed": False}  # "no, actually keep the Forza pre-order" at Forza's confirmation
        others = [k for k in named_all(text, options) if k not in chosen]
        if len(others) != 1 or switches_instead(text) or names_the_other_one(text):
            return None  # none, several, or "nhầm, cái kia cơ" / "not that one, the other one": the switch decides
        order = next(o for o in orders if any(i.id == others[0] for i in o.items))
        decision = next(d for d in evaluate_order_cancellation(order).items if d.item_id == others[0])
        if adds_another(text) and not has_negation(text):
            return self._add(reply, tracker, chosen, order, decision)
        if is_question(text) or asks_why(text):
            # "còn cái bàn phím thì có hủy được ko? mình hỏi trước thôi", "sao tay cầm ko hủy dc?"
            if decision.cancellable:
                reply.text(replies.cancellation_line(decision, reply.lang))
                reply.say("cancel.add_hint", product=decision.product)
            else:
                reply.text(replies.item_not_cancellable(decision, reply.lang))
            return {}
        return None

    @staticmethod
    def _add(reply: Reply, tracker: Tracker, chosen: List[str], order: Order, decision: Any) -> Dict[str, Any]:
        """"And the Forza pre-order too": this order's confirmation grows; another order waits."""
        if not decision.cancellable:
            reply.text(replies.item_not_cancellable(decision, reply.lang))
            return {}
        if order.id == tracker.get_slot("order_id"):
            return {"item_id": ",".join([*chosen, decision.item_id]), "confirmed": None}
        reply.say("cancel.queued", products=decision.product, order_id=order.id)
        return {QUEUE_SLOT: cancel_queue.add(cancel_queue.queued(tracker), order.id, [decision.item_id])}

    async def _orders_in_reach(self, tracker: Tracker) -> List[Order]:
        """The signed-in customer's orders, or the one order an anonymous customer verified."""
        identity = identify(tracker)
        if identity.signed_in:
            return await in_thread(store().list_orders, identity.customer_id)
        order = await owned_order(tracker, identity, tracker.get_slot("order_id"))
        return [order] if order else []

    async def confirmation_by_text(self, tracker: Tracker, text: str) -> Dict[str, Any] | None:
        """Naming the chosen item is a yes; naming another item of the order switches to it."""
        named = await self._named_item(tracker, text)
        if not named:
            return await self._switch_to_another_order(tracker, text)
        chosen = chosen_ids(tracker)
        if chosen == [named]:
            return {"confirmed": True}  # "the keyboard" at "cancel Surface Pro Keyboard?"
        return {"item_id": named, "confirmed": None}  # another item: validated, then re-asked

    async def _switch_to_another_order(self, tracker: Tracker, text: str) -> Dict[str, Any] | None:
        """"À khoan, nhầm, mình muốn hủy cái bàn phím cơ" at another order's confirmation.

        The named item of another of the customer's orders replaces the one being
        confirmed: nothing is cancelled now, and the form asks to confirm the new item
        (validate_order_id resets the item, validate_item_id then sets the named one).
        """
        if has_negation(text) and not has_correction(text):
            return None  # "không hủy Forza": no switch; "nhầm, không phải cái đó, hủy Forza": a switch
        item = await named_order_item(tracker)
        if item is None or item[0].id == tracker.get_slot("order_id"):
            return None
        order, decision = item
        return {"order_id": order.id, "item_id": decision.item_id, "confirmed": None}

    async def _named_item(self, tracker: Tracker, text: str) -> str | None:
        """The item of this order the text names by name or id, if exactly one (and not negated)."""
        order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
        if order is None or (has_negation(text) and not has_correction(text)):
            return None
        found = resolve(text, item_options(order), allow_all=False)
        # a position counts too: the order's items were listed, each with its reason, before this
        # confirmation ("the second one" at "cancel Surface Pro Keyboard?" is the controller)
        return found.unique if found.how in ("name", "id", "position") else None

    async def extract_email(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[str, Any]:
        """An email given before it was asked ("my email is …" at the order question) is kept."""
        email = latest_entity(tracker, "email")
        if not email or requested(tracker, "email") or identify(tracker).signed_in or is_payload(tracker):
            return {}  # a verification factor is typed, never carried in a button payload
        return {"email": email}

    # --- validation ---------------------------------------------------------
    async def validate_order_id(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        reply = Reply(dispatcher, language(tracker))
        identity = identify(tracker)
        order_id = str(value).strip()[:64] if value else None
        if not order_id:
            return {"order_id": None}
        before = slot_before_message(tracker, "order_id")
        if before and before != order_id and not slot_set_since_user(tracker, "item_id"):
            if latest_intent(tracker) in DIGRESSION_INTENTS:
                # "where is ORD-1201?" asked mid-form: answer it here (the id made the form
                # run, so the rules cannot), then keep working on the form's own order.
                asked = await owned_order(tracker, identity, order_id)
                if asked is not None and latest_intent(tracker) == "order_status":
                    reply.text(replies.order_status([asked], reply.lang))
                elif asked is None:
                    reply.say("orders.not_found", order_id=order_id)
                return {"order_id": before}
            reset = {"item_id": None, "confirmed": None}  # "cancel ORD-1201 instead": start that order
        else:
            reset = {}
        if not identity.signed_in:
            if await order_failures(order_id) >= MAX_VERIFICATION_ATTEMPTS:
                say_locked(reply)
                return {"order_id": None, "requested_slot": None, "offer": "handoff:verification_locked"}
            if not order_owner(tracker, identity, order_id):
                email = tracker.get_slot("email")
                if email and not is_payload(tracker):  # typed first: "my email is …, order ORD-1002"
                    return await self._verify(reply, tracker, order_id, email)
                return {"order_id": order_id}  # the email is asked next
        order = await owned_order(tracker, identity, order_id)
        if order is None:
            reply.say("orders.not_found", order_id=order_id)
            return {"order_id": None}
        tracker.slots.update(reset)
        return {"order_id": order_id, "form_misses": 0.0, **reset, **after_order_chosen(reply, tracker, order)}

    async def validate_email(self, value: Any, dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        reply = Reply(dispatcher, language(tracker))
        order_id = tracker.get_slot("order_id")
        if not isinstance(value, str):
            return {"email": None}
        if not order_id:
            return {"email": value}  # kept until the order number arrives
        if order_owner(tracker, identify(tracker), order_id):
            return {"email": None}  # verified already in this turn (number and email in one message)
        return await self._verify(reply, tracker, order_id, value)

    async def _verify(self, reply: Reply, tracker: Tracker, order_id: str, email: str) -> Dict[str, Any]:
        updates = await verify_anonymous(tracker, order_id, email)
        if report_verification(reply, order_id, updates):
            return {**updates, "requested_slot": None, "offer": "handoff:verification_locked"}
        if "verified_order" not in updates:
            return updates
        verified = {**updates, "order_id": order_id}
        tracker = with_slots(tracker, {"verified_order": updates["verified_order"]})
        order = await owned_order(tracker, identify(tracker), order_id)
        if order is None:
            return verified
        return {**verified, **after_order_chosen(reply, tracker, order)}

    async def validate_item_id(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        reply = Reply(dispatcher, language(tracker))
        order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
        if order is None or not isinstance(value, str):
            return {"item_id": None}
        decision = evaluate_order_cancellation(order)
        cancellable = [i.item_id for i in decision.cancellable_items]
        if value.strip().lower() == ALL_ITEMS:
            return {"item_id": ",".join(cancellable), "form_misses": 0.0}
        asked = [v.strip().lower() for v in value.split(",") if v.strip()]
        if len(asked) > 1:  # "ITM-1,ITM-3": the one being confirmed and one added with "too"
            kept = [i for i in cancellable if i.lower() in asked]
            return {"item_id": ",".join(kept) or None, "form_misses": 0.0}
        chosen = [i for i in decision.items if i.item_id.lower() == value.strip().lower()]
        if not chosen:
            reply.say("cancel.unknown_item")
            return {"item_id": None}
        if not chosen[0].cancellable:
            reply.text(replies.item_not_cancellable(chosen[0], reply.lang))
            return {"item_id": None}
        return {"item_id": chosen[0].item_id, "form_misses": 0.0}


def after_order_chosen(reply: Reply, tracker: Tracker, order: Order) -> Dict[str, Any]:
    """Once the order is known: stop if nothing can go; preselect the item when one is named
    or only one can go.

    A single candidate goes straight to the confirmation, after the order's items with
    their reasons. An order with several items that can go asks which.
    """
    stop = stop_if_nothing_cancellable(reply, order)
    if stop or tracker.get_slot("item_id"):
        return stop
    # "hủy Surface Go 4 trong đơn ORD-1201, email …": the item named with the number or just before;
    # several named ("tay cầm đã giao rồi, bàn phím thì hủy giúp"): the ones that can still go
    # and an anonymous customer's request, made before the email question and its slips
    texts = (latest_text(tracker), previous_text(tracker), form_request_text(tracker, "cancel_order_form"))
    named = [n for n in (named_item(t, [order]) for t in texts) if n is not None]
    by_position = item_by_position_in_order(latest_text(tracker), order)
    if by_position is not None:
        named.insert(0, by_position)  # "hủy món thứ hai trong đơn ORD-1201": that order's second item
    if any(not decision.cancellable for _, decision in named):
        return {}  # "cancel the Microsoft 365 Personal in it" (shipped): its reason at the item question, no other
    for text in texts:
        ready = [d.item_id for _, d in (named_items(text, [order]) or []) if d.cancellable]
        if ready:
            return {"item_id": ",".join(ready)}
    if named:
        return {"item_id": named[0][1].item_id}
    decision = evaluate_order_cancellation(order)
    if len(decision.cancellable_items) != 1:
        return {}  # several can go: the item question shows each one with its reason
    # one can go (the only item, or the only one not charged or shipped): the list with each
    # reason, and the confirmation of that one is asked next, not "which item?" with one answer
    reply.text(replies.order_items(order, decision, reply.lang))
    return {"item_id": decision.cancellable_items[0].item_id}


_ITEM_WORDS = re.compile(r"\b(?:items?|products?|things?|mon(?: hang)?|mat hang|san pham)\b")


def item_by_position_in_order(text: str | None, order: Order):
    """The item a message names by its place in the order it names too: "cancel the second item
    in ORD-1201", "huy mon thu hai trong don ORD-1201". The order's items are in the order the
    customer sees them in their order history; without the order's number in the same message a
    position is not an item's ("the 2nd" may be a date or an order)."""
    folded = fold(text or "")
    number = re.compile(rf"\b(?:{re.escape(order.id.lower())}|{re.escape(order.id.split('-')[-1])})\b")
    if number.search(folded) is None or _ITEM_WORDS.search(folded) is None:
        return None
    found = resolve(number.sub(" ", folded), item_options(order), allow_all=False)
    if found.how != "position" or not found.unique:
        return None
    return order, next(d for d in evaluate_order_cancellation(order).items if d.item_id == found.unique)


def stop_if_nothing_cancellable(reply: Reply, order: Order) -> Dict[str, Any]:
    """End the form early, with the reasons, when no item can be cancelled."""
    decision = evaluate_order_cancellation(order)
    if decision.any_cancellable:
        return {}
    reply.text(replies.order_items(order, decision, reply.lang))
    reply.say("cancel.nothing_cancellable")
    return {"item_id": None, "confirmed": None, "requested_slot": None}


class ActionAskOrderId(SupportAction):
    action_name = "action_ask_order_id"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        identity = identify(tracker)
        if identity.signed_in:
            orders = open_orders(await in_thread(store().list_orders, identity.customer_id))
            if orders:
                if resuming(tracker):
                    reply.say("form.resume.cancel_any")
                reply.text(replies.order_choices(orders, reply.lang), buttons=order_buttons(orders, "inform"))
                return []
        reply.say("verify.ask_order")
        return []


class ActionAskEmail(SupportAction):
    action_name = "action_ask_email"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        reply.say("verify.ask_email", order_id=tracker.get_slot("order_id") or "")
        return []


class ActionAskItemId(SupportAction):
    action_name = "action_ask_item_id"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
        if order is None:
            reply.say("verify.ask_order")
            return [SlotSet("order_id", None)]
        decision = evaluate_order_cancellation(order)
        if resuming(tracker):
            reply.say("form.resume.cancel_order", order_id=order.id)
        buttons = [button(i.product, f'/inform{{"item_id":"{i.item_id}"}}') for i in decision.cancellable_items]
        if len(buttons) > 1:
            buttons.append(button(reply.t("cancel.all_button"), f'/inform{{"item_id":"{ALL_ITEMS}"}}'))
        reply.text(replies.order_items(order, decision, reply.lang))
        text = latest_text(tracker)
        named = named_item(text, [order]) or item_by_position_in_order(text, order)
        if named is not None and not named[1].cancellable and named[1].alternatives:
            reply.say("cancel.alternatives")  # the item asked for can't go: what can be done with it instead
        reply.say("cancel.choose_item", buttons=buttons)
        return []


class ActionSubmitCancelOrder(SupportAction):
    """Runs after the form: cancels the confirmed items in one transaction."""

    action_name = "action_submit_cancel_order"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        done = [SlotSet("item_id", None), SlotSet("confirmed", None)]
        item_ids = chosen_ids(tracker)
        confirmed = tracker.get_slot("confirmed")
        if confirmed is False:
            reply.say("cancel.kept")
            return done + [SlotSet(QUEUE_SLOT, None)]  # a no stops the orders still waiting too
        order_id = tracker.get_slot("order_id")
        owner = order_owner(tracker, identify(tracker), order_id)
        if confirmed is not True or not item_ids or not owner:
            return done
        result = await in_thread(store().cancel_items, owner, order_id, item_ids,
                                 tracker.sender_id, datetime.now(timezone.utc))
        order = await in_thread(store().get_order, owner, order_id)
        reply.text(replies.cancel_result(result, order, reply.lang))
        # the cancellation is the answer just given, whatever was asked in between ("will I get an email?")
        return done + [SlotSet("topic", "cancel_order"), SlotSet("last_cancelled", item_ids)] \
            + await next_queued_order(reply, tracker)


async def remind_cancelled(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]] | None:
    """"Có" typed right after a cancellation: it is done already; what was cancelled, again."""
    order = await owned_order(tracker, identify(tracker), tracker.get_slot("order_id"))
    ids = set(tracker.get_slot("last_cancelled") or [])
    gone = [i.product for i in (order.items if order else ()) if i.id in ids and i.cancelled_at]
    if not gone:
        return None
    reply.say("cancel.already_done", products=", ".join(gone), order_id=order.id)
    return []


async def next_queued_order(reply: Reply, tracker: Tracker) -> List[Dict[str, Any]]:
    """After a confirmed cancellation, the next waiting order's items, asked about afresh."""
    queue = cancel_queue.queued(tracker)
    identity = identify(tracker)
    while queue:
        order_id, ids = cancel_queue.decode(queue.pop(0))
        order = await owned_order(tracker, identity, order_id)
        if order is None:
            continue
        decisions = evaluate_order_cancellation(order).items
        pending = cancel_queue.pending_items(order, ids, decisions)
        if not pending:  # shipped or charged meanwhile: say so and go on
            for decision in (d for d in decisions if d.item_id in ids or not ids):
                reply.text(replies.item_not_cancellable(decision, reply.lang))
            continue
        reply.say("cancel.next_order", order_id=order.id)
        return [SlotSet("order_id", order.id), SlotSet("item_id", ",".join(pending)), SlotSet("confirmed", None),
                SlotSet("form_misses", 0.0), SlotSet(QUEUE_SLOT, queue or None), FollowupAction(CANCEL_FORM)]
    return [SlotSet(QUEUE_SLOT, None)]


PARTNER_TOPICS = frozenset({"tax_refund", "request_partner_refund"})


def partner_follow_up(tracker: Tracker) -> bool:
    """"vậy hoàn tiền toàn bộ được không?" right after a partner tax or benefit refund
    answer: the same partner purchase, not a Store item (no order or product named)."""
    return (tracker.get_slot("topic") in PARTNER_TOPICS and not latest_entity(tracker, "order_id")
            and not latest_entity(tracker, "product"))


class ActionStoreRefund(SupportAction):
    """Charged or shipped items: the exchange and refund path, with the steps."""

    action_name = "action_store_refund"

    async def perform(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> List[Dict[str, Any]]:
        if partner_follow_up(tracker):
            return await answer_as("action_partner_refund", reply, tracker, domain)
        if tracker.get_slot("topic") in ("why_two_bills", "overdue", "pending") \
                and not latest_entity(tracker, "order_id"):
            from actions.follow_ups import answer_follow_up

            # "can you just refund that one then" after two bills; "ok để mai tôi nạp tiền vô thẻ rồi
            # trả, cảm ơn em" after a balance ("trả" is also "return")
            follow = await answer_follow_up(reply, tracker, domain)
            if follow is not None:
                return follow
        identity = identify(tracker)
        order_id = latest_entity(tracker, "order_id") or tracker.get_slot("order_id")
        verified: List[Dict[str, Any]] = []
        if identity.signed_in:
            orders = await in_thread(store().list_orders, identity.customer_id)
            refunds = await in_thread(store().list_refund_requests, identity.customer_id)
            if order_id:
                orders = [o for o in orders if o.id == order_id] or orders
        else:
            verified, stop, tracker = await verify_if_given(reply, tracker, order_id)
            if stop:
                return verified
            order = await owned_order(tracker, identity, order_id)
            if order is None and order_id:
                return verified + await ask_anonymous_verification(reply, tracker, identity, "store_refund",
                                                                   order_id)
            orders, refunds = ([order] if order else []), []
        cancel = cancel_named_item(reply, tracker, orders)
        if cancel is not None:
            return verified + cancel
        decisions = [(o, evaluate_store_refund(i, refunds)) for o in orders for i in o.items]
        named = named_item(latest_text(tracker), orders)
        if named is not None:  # "trả lại 2 tay cầm Xbox": that item's path, not every item's
            decisions = [(o, d) for o, d in decisions if d.item_id == named[1].item_id] or decisions
        if decisions:
            reply.text(replies.store_refund_items(decisions, reply.lang))
        reply.say("guide.store_refund")
        if not identity.signed_in and not decisions:
            reply.say("identity.sign_in_hint")
        return verified + [SlotSet("topic", "store_refund")]
