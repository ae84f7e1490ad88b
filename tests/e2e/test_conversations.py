"""Full conversations through the real REST channel, trained model and action server.

Each flow runs in both languages on the demo data, with SUPPORT_TODAY and
SUPPORT_TOKEN_SECRET fixed; data changes are checked with ``bot.data export``.
"""
from __future__ import annotations

import uuid

import pytest

from tests.stack import buttons, texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


def conv() -> str:
    return "t-" + uuid.uuid4().hex[:12]


def find_item(doc: dict, item_id: str) -> dict:
    return next(i for o in doc["orders"] for i in o["items"] if i["id"] == item_id)


def test_greeting_in_vietnamese_and_english(live_stack):
    vi = live_stack.send(conv(), "xin chào")
    assert "trợ lý" in texts(vi)
    assert buttons(vi), "the greeting offers topics as buttons"
    en = live_stack.send(conv(), "hello")
    assert "assistant" in texts(en)
    assert "trợ lý" not in texts(en)


def test_two_bills_personalised_vi(live_stack):
    token = live_stack.token("CUST-1001")
    reply = texts(live_stack.send(conv(), "tại sao tôi bị tính phí hai lần?", token=token))
    assert "ngày 5 tháng 3 năm 2026" in reply
    assert "ngày 20 tháng 3 năm 2026" in reply
    assert "9,99 USD" in reply
    assert "ngày 20" in reply and "ngày 5" in reply


def test_two_bills_anonymous_en_gets_general_answer(live_stack):
    reply = texts(live_stack.send(conv(), "why did I get two bills for my subscription this month?"))
    assert "sign in" in reply.lower()
    assert "January 5" in reply or "5 January" in reply
    assert "$9.99" not in reply


def test_cancel_order_signed_in_vi(fresh_stack):
    token, sender = fresh_stack.token("CUST-1001"), conv()
    first = fresh_stack.send(sender, "tôi muốn hủy đơn hàng ORD-1001", token=token)
    reply = texts(first)
    assert "Surface Pro Keyboard" in reply and "Xbox Wireless Controller" in reply
    assert "đã được gửi đi" in reply  # the shipped item says why it can't be canceled
    # only the keyboard can still go, so its confirmation is asked right away (round 15)
    assert "xác nhận hủy surface pro keyboard" in reply.lower()
    assert not any("ITM-2" in b["payload"] for b in buttons(first))
    done = texts(fresh_stack.send(sender, "có, hủy đi", token=token))
    assert "đã hủy" in done and "thư rác" in done
    doc = fresh_stack.export()
    assert find_item(doc, "ITM-1")["cancelled_at"] is not None
    assert find_item(doc, "ITM-2")["cancelled_at"] is None


def test_cancel_preorder_anonymous_en_with_email_verification(fresh_stack):
    sender = conv()
    ask = texts(fresh_stack.send(sender, "I want to cancel my pre-order ORD-1002", language="en"))
    assert "email" in ask.lower()
    items = fresh_stack.send(sender, "minhanh.nguyen@example.com", language="en")
    assert "Forza Horizon 6" in texts(items)
    fresh_stack.send(sender, '/inform{"item_id":"ITM-3"}', language="en")
    done = texts(fresh_stack.send(sender, "yes please", language="en"))
    assert "canceled" in done.lower() and "spam" in done.lower()
    assert find_item(fresh_stack.export(), "ITM-3")["cancelled_at"] is not None


def test_cancel_declined_changes_nothing(fresh_stack):
    token, sender = fresh_stack.token("CUST-1001"), conv()
    fresh_stack.send(sender, "cancel order ORD-1001", token=token, language="en")
    fresh_stack.send(sender, '/inform{"item_id":"ITM-1"}', token=token, language="en")
    reply = texts(fresh_stack.send(sender, "/deny", token=token, language="en"))
    assert "haven't canceled" in reply
    assert find_item(fresh_stack.export(), "ITM-1")["cancelled_at"] is None


def test_how_to_cancel_without_order_gets_the_four_steps(live_stack):
    reply = texts(live_stack.send(conv(), "how do I cancel an order?", language="en"))
    for step in ("1.", "2.", "3.", "4."):
        assert step in reply
    assert "spam" in reply.lower()


def test_order_status_en(live_stack):
    token = live_stack.token("CUST-1002")
    reply = texts(live_stack.send(conv(), "where is my order? has it shipped?", token=token))
    assert "Surface Laptop 7" in reply and "canceled" in reply
    assert "Surface Pro Keyboard" not in reply  # another customer's order


def test_overdue_balance_en(live_stack):
    token = live_stack.token("CUST-1002")
    reply = texts(live_stack.send(conv(), "my payment failed and my balance is overdue, how do I pay?", token=token))
    assert "Xbox Game Pass Ultimate" in reply and "$19.99" in reply
    assert "Pay now" in reply


def test_pending_balance_vi(live_stack):
    token = live_stack.token("CUST-1002")
    reply = texts(live_stack.send(conv(), "khoản phí đang chờ xử lý nghĩa là gì vậy?", token=token, language="vi"))
    assert "Microsoft 365 Personal" in reply and "69,99 USD" in reply


def test_partner_refund_eligible_en_creates_one_request(fresh_stack):
    token, sender = fresh_stack.token("CUST-2001"), conv()
    first = fresh_stack.send(sender, "I'd like a refund for a partner benefit we bought", token=token)
    assert any("PPB-3001" in b["payload"] for b in buttons(first))
    criteria = texts(fresh_stack.send(sender, '/inform{"purchase_id":"PPB-3001"}', token=token))
    assert criteria.count("✓") == 3 and "$522.50" in criteria
    done = texts(fresh_stack.send(sender, "yes", token=token))
    assert "RFD-" in done
    requests_ = fresh_stack.export()["refund_requests"]
    assert [(r["subject_id"], r["kind"], r["amount"]) for r in requests_] == [("PPB-3001", "partner_benefit", "522.50")]
    again = texts(fresh_stack.send(conv(), '/request_partner_refund{"purchase_id":"PPB-3001"}', token=token))
    assert "✗" in again
    assert len(fresh_stack.export()["refund_requests"]) == 1


def test_partner_refund_not_eligible_vi_explains_every_failed_criterion(live_stack):
    token, sender = live_stack.token("CUST-2002"), conv()
    live_stack.send(sender, "công ty tôi muốn được hoàn tiền gói đối tác", token=token)
    reply = texts(live_stack.send(sender, '/inform{"purchase_id":"PPB-3101"}', token=token))
    assert "✗ Đã có lợi ích được kích hoạt" in reply
    assert "hoàn thuế" not in reply.lower() or "không" in reply.lower()


def test_partner_refund_past_30_days_offers_tax_refund_en(fresh_stack):
    token, sender = fresh_stack.token("CUST-2001"), conv()
    fresh_stack.send(sender, "refund for partner purchase PPB-3002", token=token)
    reply = fresh_stack.send(sender, '/inform{"purchase_id":"PPB-3002"}', token=token)
    assert "more than 30 days" in texts(reply)
    tax_button = [b for b in buttons(reply) if b["payload"].startswith("/tax_refund")]
    assert tax_button, "a tax-exempt partner within a year is offered the tax refund"
    fresh_stack.send(sender, tax_button[0]["payload"], token=token)
    done = texts(fresh_stack.send(sender, "/affirm", token=token))
    assert "RFD-" in done and "$120.00" in done
    kinds = {(r["subject_id"], r["kind"]) for r in fresh_stack.export()["refund_requests"]}
    assert kinds == {("PPB-3002", "partner_tax")}


def test_guidance_answers_name_their_article(live_stack):
    reply = texts(live_stack.send(conv(), "how do I turn off recurring billing for Xbox Game Pass?", language="en"))
    assert "Source:" in reply
    reply_vi = texts(live_stack.send(conv(), "làm sao để con tôi phải hỏi ý kiến bố mẹ trước khi mua", language="vi"))
    assert "Nguồn:" in reply_vi


# --- security -------------------------------------------------------------

OTHER_CUSTOMER_SECRETS = ("Surface Laptop 7", "1,299", "1.299", "Xbox Game Pass", "19.99", "19,99")


def test_other_customers_order_id_leaks_nothing(live_stack):
    token = live_stack.token("CUST-1001")
    for message in ('/cancel_order{"order_id":"ORD-1101"}', "cancel order ORD-1101",
                    '/order_status{"order_id":"ORD-1101"}', '/inform{"customer_id":"CUST-1002"}'):
        reply = texts(live_stack.send(conv(), message, token=token, language="en"))
        assert not any(s in reply for s in OTHER_CUSTOMER_SECRETS), (message, reply)


def test_forged_and_expired_tokens_are_anonymous(live_stack):
    import jwt

    forged = jwt.encode({"sub": "CUST-1001", "exp": 4102444800}, "wrong-secret", algorithm="HS256")
    none_alg = jwt.encode({"sub": "CUST-1001", "exp": 4102444800}, None, algorithm="none")
    expired = live_stack.token("CUST-1001", ttl=1)
    import time

    time.sleep(2)
    for token in (forged, none_alg, expired, "not-a-jwt"):
        reply = texts(live_stack.send(conv(), "why was I charged twice?", token=token, language="en"))
        assert "Microsoft 365 Family" not in reply and "March 5, 2026" not in reply
        assert "sign" in reply.lower()


def test_wrong_email_three_times_stops_and_offers_a_human(live_stack):
    sender = conv()
    live_stack.send(sender, "I want to cancel order ORD-1001", language="en")
    last = []
    for attempt in range(3):
        if attempt:
            live_stack.send(sender, "ORD-1001", language="en")
        last = live_stack.send(sender, f"wrong{attempt}@example.com", language="en")
    reply = texts(last)
    assert "3 attempts" in reply
    assert any(b["payload"] == "/human_handoff" for b in buttons(last))
    assert "Surface Pro Keyboard" not in reply
    after = texts(live_stack.send(sender, "minhanh.nguyen@example.com", language="en"))
    assert "Surface Pro Keyboard" not in after


# --- the remaining flow/language pairs --------------------------------------

def test_two_bills_personalised_en(live_stack):
    token = live_stack.token("CUST-1003")
    reply = texts(live_stack.send(conv(), "why was I billed twice in April?", token=token))
    assert "April 12, 2026" in reply and "April 25, 2026" in reply
    assert "once a month" in reply


def test_order_status_vi(live_stack):
    token = live_stack.token("CUST-1005")
    reply = texts(live_stack.send(conv(), "đơn hàng của mình giao chưa vậy?", token=token))
    assert "Surface Go 4" in reply and "chưa bị tính phí" in reply
    assert "đơn đặt trước" in reply.lower()


def test_overdue_vi_and_pending_en(live_stack):
    vi = texts(live_stack.send(conv(), "số dư quá hạn là sao, thanh toán thế nào?",
                               token=live_stack.token("CUST-1004"), language="vi"))
    assert "quá hạn" in vi and "Thanh toán ngay" in vi and "USD" in vi
    en = texts(live_stack.send(conv(), "what does a pending charge mean?",
                               token=live_stack.token("CUST-1002"), language="en"))
    assert "Microsoft 365 Personal" in en and "$69.99" in en


def test_store_refund_en_and_vi(live_stack):
    en = texts(live_stack.send(conv(), "my laptop was already charged, can I return it for a refund?",
                               token=live_stack.token("CUST-1002"), language="en"))
    assert "Surface Laptop 7" in en and "exchange or a refund" in en
    vi = texts(live_stack.send(conv(), "hàng đã giao rồi, mình muốn đổi hoặc trả hàng để hoàn tiền",
                               token=live_stack.token("CUST-1001"), language="vi"))
    assert "Xbox Wireless Controller" in vi and "đổi hàng hoặc hoàn tiền" in vi


def test_tax_refund_vi_creates_a_request(fresh_stack):
    token, sender = fresh_stack.token("CUST-2003"), conv()
    fresh_stack.send(sender, "công ty tôi được miễn thuế, muốn xin hoàn thuế", token=token, language="vi")
    check = texts(fresh_stack.send(sender, '/inform{"purchase_id":"PPB-3202"}', token=token, language="vi"))
    assert "120,00 USD" in check and "✓" in check
    done = texts(fresh_stack.send(sender, "/affirm", token=token, language="vi"))
    assert "RFD-" in done
    kinds = {(r["subject_id"], r["kind"]) for r in fresh_stack.export()["refund_requests"]}
    assert kinds == {("PPB-3202", "partner_tax")}


def test_tax_refund_en_not_tax_exempt_explains_the_rule(live_stack):
    token, sender = live_stack.token("CUST-2004"), conv()
    live_stack.send(sender, "can we get the tax back on our partner purchase?", token=token, language="en")
    reply = texts(live_stack.send(sender, '/inform{"purchase_id":"PPB-3301"}', token=token, language="en"))
    assert "only for tax-exempt partners" in reply
