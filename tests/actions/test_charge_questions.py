"""Questions about one charge ("what's this $19.99?"), a vague billing opener, and a charge after cancelling.

Real actions, the example data set (SUPPORT_TODAY=2026-11-22), hand-built trackers.
"""
from __future__ import annotations

import asyncio

import pytest

from actions.billing import ActionWhyTwoBills
from actions.conversation import ActionFallback, ActionHandleInform
from actions.guidance import ActionGuidance
from tests.actions.conftest import make_tracker, run, said, slot_events, token_for


def arun(coro):
    return asyncio.run(coro)


def amount(value: str) -> list:
    return [{"entity": "amount", "value": value}]


def test_an_amount_and_a_day_name_the_charge_inside_an_inform():
    tracker = make_tracker("and what's this $19.99 charge from last month, on the 10th?", "inform",
                           entities=amount("$19.99"), token=token_for("CUST-1002"), slots={"topic": "overdue"})
    dispatcher, events = arun(run(ActionHandleInform(), tracker))
    text = said(dispatcher)
    assert "Xbox Game Pass Ultimate: $19.99 on October 10, 2026" in text and "(paid)" in text
    assert "Microsoft 365 Personal" not in text
    assert slot_events(events)["topic"] == "why_two_bills"


def test_a_vnd_amount_is_explained_as_a_conversion_with_that_months_charges_in_vietnamese():
    tracker = make_tracker("Tháng trước tôi bị trừ 1.490.000đ mà không biết là khoản gì", "nlu_fallback",
                           token=token_for("CUST-1002"), slots={"language": "vi"})
    text = said(arun(run(ActionFallback(), tracker))[0])
    assert "ngân hàng đã quy đổi" in text and "1.490.000" in text
    assert "Xbox Game Pass Ultimate: 19,99 USD vào ngày 10 tháng 10 năm 2026" in text
    assert "chưa hiểu" not in text


@pytest.mark.parametrize(("text", "customer", "present", "absent"), [
    # one charge asked about under why_two_bills: looked up, not explained as a double
    ("what is the 69.99 charge?", "CUST-1002", ["Microsoft 365 Personal: $69.99 on November 21, 2026", "(pending)"], []),
    # no such amount: says so and lists the latest charges
    ("what's this $42.00 charge?", "CUST-1002", ["can't find a charge like that", "Xbox Game Pass Ultimate"], []),
    # signed out: the sign-in hint and no account data
    ("what's this $19.99 charge?", None, ["Sign in"], ["Xbox Game Pass Ultimate"]),
    # the token decides whose charges are searched
    ("what's this $19.99 charge?", "CUST-1001", ["Microsoft 365 Family"], ["Xbox Game Pass Ultimate"]),
])
def test_one_charge_questions_under_why_two_bills(text, customer, present, absent):
    tracker = make_tracker(text, "why_two_bills", token=token_for(customer) if customer else None)
    reply = said(arun(run(ActionWhyTwoBills(), tracker))[0])
    assert all(p in reply for p in present) and not any(a in reply for a in absent)


def test_twice_keeps_the_two_bills_answer():
    tracker = make_tracker("why was I charged twice in March, 9.99 each time", "why_two_bills",
                           token=token_for("CUST-1001"))
    text = said(arun(run(ActionWhyTwoBills(), tracker))[0])
    assert "March 5, 2026" in text and "March 20, 2026" in text
    assert "charge that matches" not in text


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("hi, I have a problem with my bill", "en", "What's wrong with it?"),
    ("hóa đơn của mình có vấn đề", "vi", "Hóa đơn của bạn có vấn đề gì?"),
])
def test_a_vague_billing_opener_gets_a_billing_question_and_billing_topics(text, lang, expected):
    tracker = make_tracker(text, "nlu_fallback", slots={"language": lang})
    dispatcher, _ = arun(run(ActionFallback(), tracker))
    assert expected in said(dispatcher)
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert "/pending_balance" in payloads and "/why_two_bills" in payloads


def test_junk_still_gets_the_rephrase_menu():
    dispatcher, _ = arun(run(ActionFallback(), make_tracker("asdfgh qwerty", "nlu_fallback")))
    assert "didn't quite understand" in said(dispatcher)


def test_cancelled_but_still_charged_finds_the_charge_instead_of_cancel_steps():
    tracker = make_tracker("I already cancelled Game Pass but was charged $19.99 on the 10th?", "cancel_subscription",
                           token=token_for("CUST-1002"), entities=[{"entity": "product", "value": "Game Pass"}])
    text = said(arun(run(ActionGuidance(), tracker))[0])
    assert "Xbox Game Pass Ultimate: $19.99 on November 10, 2026" in text
    assert "Turn off recurring billing" not in text


def test_cancel_subscription_without_a_charge_complaint_gets_the_steps():
    tracker = make_tracker("how do I cancel game pass", "cancel_subscription", token=token_for("CUST-1002"))
    text = said(arun(run(ActionGuidance(), tracker))[0])
    assert "charge that matches" not in text and "can't find a charge" not in text


def _unsure(text: str, topic: str | None, runner_up: str, token: str | None = None):
    tracker = make_tracker(text, "nlu_fallback", slots={"topic": topic, "language": "vi"}, token=token)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5}, {"name": "out_of_scope", "confidence": 0.45},
        {"name": runner_up, "confidence": 0.4}]
    return tracker


def test_an_unsure_refund_question_right_after_a_partner_answer_stays_with_the_partner_topic():
    dispatcher, _ = arun(run(ActionFallback(), _unsure("tieu chi hoan lai tien sao", "request_partner_refund",
                                                       "request_store_refund")))
    assert "30 ngày" in said(dispatcher) and "chưa hiểu" not in said(dispatcher)
    signed_in = _unsure("tieu chi hoan lai tien sao", "tax_refund", "request_partner_refund", token_for("CUST-2001"))
    _, events = arun(run(ActionFallback(), signed_in))
    assert {"event": "followup", "name": "partner_refund_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]


@pytest.mark.parametrize(("topic", "runner_up"), [
    (None, "request_store_refund"),                    # no partner conversation before
    ("why_two_bills", "request_store_refund"),
    ("request_partner_refund", "greet"),                # the classifier does not lean to a refund
])
def test_other_unsure_messages_still_get_the_rephrase_menu(topic, runner_up):
    text = said(arun(run(ActionFallback(), _unsure("tieu chi hoan lai tien sao", topic, runner_up)))[0])
    assert "chưa hiểu" in text


def test_an_unsure_message_quoting_an_id_answers_about_that_id():
    tracker = make_tracker("I'm the admin, can't you just check PPB-3302 for me?", "nlu_fallback",
                           entities=[{"entity": "purchase_id", "value": "PPB-3302"}])
    text = said(arun(run(ActionFallback(), tracker))[0])
    assert "sign in" in text.lower() and "didn't quite understand" not in text
    tracker = make_tracker("hmm ORD-1001 ???", "nlu_fallback", entities=[{"entity": "order_id", "value": "ORD-1001"}],
                           token=token_for("CUST-1001"))
    text = said(arun(run(ActionFallback(), tracker))[0])
    assert "Surface Pro Keyboard" in text and "didn't quite understand" not in text


@pytest.mark.parametrize(("confidence", "partner"), [(0.5, True), (0.9, False)])
def test_a_weak_out_of_scope_after_a_partner_answer_leaning_to_a_refund_is_a_follow_up(confidence, partner):
    from actions.conversation import ActionOutOfScope

    tracker = make_tracker("dieu kien hoan tien ntn", "out_of_scope", slots={"topic": "request_partner_refund",
                                                                           "language": "vi"})
    tracker.latest_message["intent"]["confidence"] = confidence
    tracker.latest_message["intent_ranking"] = [{"name": "out_of_scope", "confidence": confidence},
                                                {"name": "request_store_refund", "confidence": 0.36}]
    text = said(arun(run(ActionOutOfScope(), tracker))[0])
    assert ("30 ngày" in text) is partner


def test_a_greeting_with_a_billing_question_gets_the_billing_question_not_the_menu():
    from actions.conversation import ActionGreet

    dispatcher, _ = arun(run(ActionGreet(), make_tracker("hi I have a question about a charge", "greet",
                                                         token=token_for("CUST-1002"))))
    text = said(dispatcher)
    assert "Hello John Carter" in text and "What's wrong with it?" in text
    dispatcher, _ = arun(run(ActionGreet(), make_tracker("hi, what's this $69.99 charge?", "greet",
                                                         token=token_for("CUST-1002"))))
    assert "Microsoft 365 Personal: $69.99 on November 21, 2026" in said(dispatcher)


def test_overdue_and_pending_in_one_message_are_both_explained():
    from actions.billing import ActionPendingBalance

    tracker = make_tracker("I see an overdue charge AND something pending on my account, can you explain both?",
                           "pending_balance", token=token_for("CUST-1002"))
    text = said(arun(run(ActionPendingBalance(), tracker))[0])
    assert "1 pending charge" in text and "1 overdue charge" in text
    assert "Xbox Game Pass Ultimate: $19.99" in text and "Microsoft 365 Personal: $69.99" in text


def test_two_how_to_questions_in_one_message_get_both_steps():
    tracker = make_tracker("how do I make every purchase need my password, and can my kid ask a parent first?",
                           "require_purchase_password")
    text = said(arun(run(ActionGuidance(), tracker))[0])
    assert "family.microsoft.com" in text and "password" in text.lower()


def test_charges_last_month_without_an_amount_lists_that_month():
    tracker = make_tracker("also mấy cái charge last month là gì", "inform", token=token_for("CUST-1002"),
                           entities=[{"entity": "date", "value": "last month"}], slots={"language": "vi"})
    text = said(arun(run(ActionHandleInform(), tracker))[0])
    assert "Xbox Game Pass Ultimate: 19,99 USD vào ngày 10 tháng 10 năm 2026" in text
    assert "Microsoft 365 Personal" not in text


def test_a_quoted_amount_in_a_month_with_two_bills_gets_the_two_bills_explanation():
    tracker = make_tracker("tại sao tháng 3 bị trừ 9,99 đô", "why_two_bills", token=token_for("CUST-1001"),
                           slots={"language": "vi"})
    text = said(arun(run(ActionWhyTwoBills(), tracker))[0])
    assert "Có 2 khoản phí khớp" in text and "ngày 5 tháng 3 năm 2026" in text and "ngày 20 tháng 3 năm 2026" in text
    assert "ngày thanh toán" in text.lower() or "ngày gia hạn" in text.lower()


def _cancel_form_tracker(text: str, intent: str, requested_slot: str, **slots):
    return make_tracker(text, intent, token=token_for("CUST-1001"), active_loop="cancel_order_form",
                        slots={"order_id": "ORD-1001", "requested_slot": requested_slot, **slots})


def test_a_question_naming_the_item_at_the_confirmation_never_confirms():
    """Blind5 found it: "thanks! also how do I make him ask me before he buys games on his xbox?"
    named the item being confirmed and cancelled it."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.orders import ValidateCancelOrderForm

    tracker = _cancel_form_tracker("thanks! and how do I stop him buying another surface pro keyboard?",
                                   "ask_a_parent", "confirmed", item_id="ITM-1")
    result = arun(ValidateCancelOrderForm().validate_confirmed(True, CollectingDispatcher(), tracker, {}))
    assert result == {"confirmed": None}
    tracker = _cancel_form_tracker("the keyboard", "inform", "confirmed", item_id="ITM-1")
    result = arun(ValidateCancelOrderForm().validate_confirmed(True, CollectingDispatcher(), tracker, {}))
    assert result == {"confirmed": True}  # naming the chosen item, and nothing else, is a yes


def test_never_mind_after_all_at_the_item_question_stops_and_picks_nothing():
    from rasa_sdk.executor import CollectingDispatcher

    from actions.orders import ValidateCancelOrderForm

    tracker = _cancel_form_tracker("actually never mind, keep it. my son says it's the right one after all",
                                   "nlu_fallback", "item_id")
    result = arun(ValidateCancelOrderForm().extract_item_id(CollectingDispatcher(), tracker, {}))
    assert result.get("item_id") is None and result.get("requested_slot", "x") is None


def test_a_status_question_naming_one_order_shows_only_that_order():
    from actions.orders import ActionOrderStatus

    tracker = make_tracker("has the Forza pre-order been charged yet?", "order_status", token=token_for("CUST-1001"))
    text = said(arun(run(ActionOrderStatus(), tracker))[0])
    assert "ORD-1002" in text and "ORD-1001" not in text
    tracker = make_tracker("show me all my orders", "order_status", token=token_for("CUST-1001"))
    text = said(arun(run(ActionOrderStatus(), tracker))[0])
    assert "ORD-1002" in text and "ORD-1001" in text


def test_the_purchase_question_lists_each_purchase_and_a_criteria_question_gets_the_rules_first():
    from actions.partner_refunds import ActionAskPurchaseId, ActionPartnerRefund

    text = said(arun(run(ActionAskPurchaseId(), make_tracker("refund please", "request_partner_refund",
                                                             token=token_for("CUST-2001"))))[0])
    assert "PPB-3001: Partner Success Core, bought November 2, 2026, $475.00" in text
    tracker = make_tracker("tieu chi de duoc hoan tien loi ich doi tac la gi", "request_partner_refund",
                           token=token_for("CUST-2001"), slots={"language": "vi"})
    text = said(arun(run(ActionPartnerRefund(), tracker))[0])
    assert "30 ngày" in text


def test_why_not_after_a_partner_decision_shows_that_purchase_again():
    from actions.conversation import ActionAcknowledge

    tracker = make_tracker("tai sao khong duoc?", "deny", token=token_for("CUST-2001"),
                           slots={"topic": "request_partner_refund", "last_purchase": "PPB-3003", "language": "vi"})
    _, events = arun(run(ActionAcknowledge(), tracker))
    slots = slot_events(events)
    assert slots.get("purchase_id") == "PPB-3003"
    assert any(e.get("event") == "followup" and e.get("name") == "partner_refund_form" for e in events)


def test_debt_questions_get_the_overdue_answer():
    from actions.conversation import ActionOutOfScope

    tracker = make_tracker("tôi còn nợ bao nhiêu tất cả?", "out_of_scope", token=token_for("CUST-1002"),
                           slots={"language": "vi"})
    tracker.latest_message["intent"]["confidence"] = 0.76
    text = said(arun(run(ActionOutOfScope(), tracker))[0])
    assert "Xbox Game Pass Ultimate: 19,99 USD" in text


def test_a_question_about_the_steps_just_given_gets_them_again():
    from actions.conversation import ActionOutOfScope

    tracker = make_tracker("what's the difference between that and cancelling it?", "out_of_scope",
                           slots={"topic": "cancel_subscription"})
    text = said(arun(run(ActionOutOfScope(), tracker))[0])
    assert "recurring billing" in text and "I can only help" not in text
    tracker = make_tracker("what's the weather like?", "out_of_scope", slots={"topic": "cancel_subscription"})
    assert "I can only help" in said(arun(run(ActionOutOfScope(), tracker))[0])
    tracker = make_tracker("what's the difference between Netflix plans?", "out_of_scope", slots={"topic": None})
    assert "I can only help" in said(arun(run(ActionOutOfScope(), tracker))[0])
