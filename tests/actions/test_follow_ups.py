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
