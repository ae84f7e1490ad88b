"""Follow-ups to the answer just given, heard under another intent, answered about that answer."""
from __future__ import annotations

import asyncio
import os

import pytest

from actions.conversation import ActionAcknowledge, ActionFallback, ActionOutOfScope
from actions.orders import ActionStoreRefund, someone_elses_order
from tests.actions.conftest import make_tracker, run, said, token_for


def arun(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize("action, text, intent, topic, lang, expected", [
    (ActionAcknowledge(), "what happens if I just don't", "deny", "overdue", "en", "eventually canceled"),
    (ActionFallback(), "nếu không trả thì sao", "nlu_fallback", "overdue", "vi", "sẽ bị hủy"),
    (ActionStoreRefund(), "can you just refund that one then", "request_store_refund", "why_two_bills", "en",
     "can't remove, waive or refund"),
    (ActionOutOfScope(), "có mail xác nhận ko", "out_of_scope", "cancel_order", "vi", "email xác nhận"),
    (ActionFallback(), "ok để mai tôi nạp tiền vô thẻ rồi trả, cảm ơn em", "nlu_fallback", "overdue", "vi", "Rất vui"),
])
def test_a_follow_up_is_answered_about_the_answer_just_given(action, text, intent, topic, lang, expected):
    tracker = make_tracker(text, intent, slots={"topic": topic, "language": lang}, token=token_for("CUST-1002"))
    assert expected in said(arun(run(action, tracker))[0])


def test_what_failed_after_a_partner_decision_shows_that_purchase_again():
    slots = {"topic": "request_partner_refund", "last_purchase": "PPB-3003"}
    tracker = make_tracker("so what exactly is wrong with it", "affirm", slots=slots, token=token_for("CUST-2001"))
    _, events = arun(run(ActionAcknowledge(), tracker))
    assert {"event": "slot", "name": "purchase_id", "value": "PPB-3003"}.items() <= next(
        e for e in events if e.get("name") == "purchase_id").items()
    assert any(e.get("event") == "followup" and e.get("name") == "partner_refund_form" for e in events)


def test_an_order_number_quoted_before_that_is_not_the_customers():
    from bot.data.store import Store

    orders = Store(os.environ["SUPPORT_DB_URL"]).list_orders("CUST-1001")
    assert someone_elses_order("kiểm tra giúp tôi đơn ORD-1101 giao tới đâu rồi", orders) == "ORD-1101"
    assert someone_elses_order("where is ORD-1001", orders) is None
    assert someone_elses_order("refund PPB-3001", orders) is None  # not shaped like an order number


def test_which_purchases_can_still_be_refunded_lists_each_by_the_rule():
    from actions.partner_refunds import ActionPartnerRefund

    tracker = make_tracker("which of our partner purchases can still be refunded?", "request_partner_refund",
                           token=token_for("CUST-2001"))
    dispatcher, events = arun(run(ActionPartnerRefund(), tracker))
    text = said(dispatcher)
    assert "PPB-3001: Partner Success Core: can be refunded ($522.50" in text
    assert "PPB-3004: Action Pack: can be refunded" in text  # day 30 is still in
    assert "PPB-3003: Partner Success Expanded: can't be refunded (1 criterion" in text
    assert not any(e.get("event") == "followup" for e in events)  # an answer, no form yet


def test_the_cheaper_one_after_a_list_picks_among_the_cancellable_items():
    from actions.orders import ActionCancelOrder

    tracker = make_tracker("ok cancel cái rẻ hơn đi", "cancel_order", slots={"topic": "order_status"},
                           token=token_for("CUST-1001"))
    _, events = arun(run(ActionCancelOrder(), tracker))
    assert ("item_id", "ITM-3") in [(e.get("name"), e.get("value")) for e in events]  # Forza, $69.99


def test_a_subscription_named_in_a_cancel_request_gets_the_subscription_steps():
    from actions.orders import ActionCancelOrder

    tracker = make_tracker("hủy cái game pass giùm tôi luôn", "cancel_order", slots={"language": "vi"},
                           token=token_for("CUST-1002"))
    dispatcher, events = arun(run(ActionCancelOrder(), tracker))
    assert "Dịch vụ và gói đăng ký" in said(dispatcher)
    assert ("topic", "cancel_subscription") in [(e.get("name"), e.get("value")) for e in events]


def test_an_anonymous_partner_gets_the_rules_once_then_the_sign_in_hint():
    from actions.partner_refunds import ActionPartnerRefund

    again = make_tracker("ma giao dich la PPB-3001 ma", "request_partner_refund",
                         slots={"language": "vi", "topic": "request_partner_refund"})
    text = said(arun(run(ActionPartnerRefund(), again))[0])
    assert "đăng nhập" in text and "30 ngày" not in text
    rules = make_tracker("tieu chi hoan tien la gi", "request_partner_refund",
                         slots={"language": "vi", "topic": "request_partner_refund"})
    assert "30 ngày" in said(arun(run(ActionPartnerRefund(), rules))[0])


def test_money_after_a_cancellation_names_what_was_cancelled_and_not_charged():
    from actions.billing import ActionWhyTwoBills
    from actions.orders import ActionSubmitCancelOrder

    token = token_for("CUST-1001")
    slots = {"order_id": "ORD-1001", "item_id": "ITM-1", "confirmed": True, "topic": "cancel_order"}
    arun(run(ActionSubmitCancelOrder(), make_tracker("yes", "affirm", slots=slots, token=token)))
    after = {"order_id": "ORD-1001", "topic": "cancel_order"}
    text = said(arun(run(ActionWhyTwoBills(), make_tracker("was I charged anything for that?", "why_two_bills",
                                                            slots=after, token=token)))[0])
    assert "haven't been charged for Surface Pro Keyboard" in text
    twice = said(arun(run(ActionWhyTwoBills(), make_tracker("why was I charged twice in March?", "why_two_bills",
                                                             slots=after, token=token)))[0])
    assert "Surface Pro Keyboard" not in twice  # a billing question of its own


def test_what_if_unpaid_heard_as_overdue_gives_the_consequence():
    from actions.billing import ActionOverdueBalance

    tracker = make_tracker("what happens if I don't pay it right away?", "overdue_balance",
                           slots={"topic": "overdue"}, token=token_for("CUST-1002"))
    assert "eventually canceled" in said(arun(run(ActionOverdueBalance(), tracker))[0])


@pytest.mark.parametrize("action, text, intent, topic, lang, expected", [
    # round 15 (blind14/15): what to do about the balance just explained
    (ActionAcknowledge(), "huhu vậy giờ em phải làm gì ạ", "affirm", "overdue", "vi", "Thanh toán ngay"),
    (ActionOutOfScope(), "lam sao de tra het may khoan nay", "out_of_scope", "overdue", "vi", "Thanh toán ngay"),
    # "so I paid twice?" after two bills: the later bill and the period it pays for
    (ActionStoreRefund(), "vậy là em bị trả tiền trùng hả?", "request_store_refund", "why_two_bills", "vi",
     "không phải trả hai lần"),
])
def test_round_15_follow_ups(action, text, intent, topic, lang, expected):
    tracker = make_tracker(text, intent, slots={"topic": topic, "language": lang}, token=token_for("CUST-1001"))
    assert expected in said(arun(run(action, tracker))[0])


def test_the_email_question_after_a_cancellation_heard_as_order_status():
    from actions.orders import ActionOrderStatus

    tracker = make_tracker("Khi nào mình nhận được email xác nhận vậy?", "order_status",
                           slots={"topic": "cancel_order", "language": "vi"}, token=token_for("CUST-1005"))
    text = said(arun(run(ActionOrderStatus(), tracker))[0])
    assert "thư rác" in text and "ORD-1201" not in text


def test_cancel_that_plan_after_a_subscription_answer_is_the_subscription_guide():
    from actions.orders import ActionCancelOrder

    tracker = make_tracker("Thế muốn hủy gói đó luôn thì làm thế nào?", "cancel_order",
                           slots={"topic": "subscription_expiry", "language": "vi"})
    dispatcher, events = arun(run(ActionCancelOrder(), tracker))
    assert "Tắt thanh toán định kỳ" in said(dispatcher) or "Hủy gói đăng ký" in said(dispatcher)
    assert not any(e.get("event") == "followup" for e in events)  # no order form


def test_a_purchase_still_needed_is_not_the_one_checked():
    from actions.partner_refunds import ActionPartnerRefund

    text = ("Hi, we got charged for both Partner Success Core and Partner Success Expanded this month, "
            "nhưng bên mình chỉ cần Core thôi. Can the Expanded one be refunded?")
    tracker = make_tracker(text, "request_partner_refund", token=token_for("CUST-2001"))
    _, events = arun(run(ActionPartnerRefund(), tracker))
    assert {"event": "slot", "name": "purchase_id", "value": "PPB-3003"}.items() <= next(
        e for e in events if e.get("name") == "purchase_id").items()
