"""Each action on real data, with identity coming only from the token."""
from __future__ import annotations

import pytest

from actions.billing import ActionOverdueBalance, ActionPendingBalance, ActionWhyTwoBills
from actions.conversation import ActionChangeLanguage, ActionFallback, ActionGreet
from actions.guidance import ActionGuidance
from actions.orders import (
    ActionCancelOrder,
    ActionOrderStatus,
    ActionSubmitCancelOrder,
    ValidateCancelOrderForm,
)
from actions.partner_refunds import ActionSubmitPartnerRefund, ValidatePartnerRefundForm
from bot.auth.grants import issue_grant
from tests.actions.conftest import make_tracker, run, said, slot_events, token_for


def arun(coro):
    import asyncio

    return asyncio.run(coro)


def test_two_bills_names_both_real_charges_in_english():
    tracker = make_tracker("why two bills", "why_two_bills", token=token_for("CUST-1001"))
    dispatcher, _ = arun(run(ActionWhyTwoBills(), tracker))
    text = said(dispatcher)
    assert "March 5, 2026" in text and "March 20, 2026" in text
    assert "February 20, 2026 to March 20, 2026" in text
    assert "billing date is the 5th" in text and "renews on the 20th" in text


def test_two_bills_vietnamese_formats_dates_and_money():
    tracker = make_tracker("sao bi tru tien 2 lan", "why_two_bills", token=token_for("CUST-1001"),
                           slots={"language": "vi"})
    text = said(arun(run(ActionWhyTwoBills(), tracker))[0])
    assert "ngày 5 tháng 3 năm 2026" in text and "9,99 USD" in text
    assert "$" not in text


def test_two_bills_without_doubling_says_so_and_lists_recent_charges():
    tracker = make_tracker("two bills?", "why_two_bills", token=token_for("CUST-2001"))
    text = said(arun(run(ActionWhyTwoBills(), tracker))[0])
    assert "don't see two charges" in text or "any recurring subscriptions" in text


def test_anonymous_two_bills_gets_general_guidance_and_sign_in_hint():
    text = said(arun(run(ActionWhyTwoBills(), make_tracker("two bills", "why_two_bills")))[0])
    assert "Sign in" in text and "January" in text and "$9.99" not in text


@pytest.mark.parametrize("action,expected", [(ActionOverdueBalance(), "Xbox Game Pass Ultimate"),
                                             (ActionPendingBalance(), "Microsoft 365 Personal")])
def test_balances_list_the_customers_own_charges(action, expected):
    text = said(arun(run(action, make_tracker("balance", "x", token=token_for("CUST-1002"))))[0])
    assert expected in text


def test_order_status_is_scoped_to_the_token_customer_not_entities():
    tracker = make_tracker("status", "order_status", token=token_for("CUST-1001"),
                           entities=[{"entity": "order_id", "value": "ORD-1101"}])
    text = said(arun(run(ActionOrderStatus(), tracker))[0])
    assert "Surface Laptop" not in text
    assert "Surface Pro Keyboard" in text


def test_cancel_entry_with_single_open_order_starts_the_form():
    tracker = make_tracker("cancel", "cancel_order", token=token_for("CUST-1002"))
    dispatcher, events = arun(run(ActionCancelOrder(), tracker))
    assert "no open orders" in said(dispatcher)
    tracker = make_tracker("cancel", "cancel_order", token=token_for("CUST-1001"))
    dispatcher, events = arun(run(ActionCancelOrder(), tracker))
    assert any(e.get("event") == "followup" and e["name"] == "cancel_order_form" for e in events)


def test_cancel_form_refuses_another_customers_order():
    tracker = make_tracker("ORD-1101", "inform", token=token_for("CUST-1001"), active_loop="cancel_order_form")
    dispatcher = __import__("rasa_sdk.executor", fromlist=["CollectingDispatcher"]).CollectingDispatcher()
    result = arun(ValidateCancelOrderForm().validate_order_id("ORD-1101", dispatcher, tracker, {}))
    assert result == {"order_id": None}
    assert "can't find order ORD-1101" in said(dispatcher)


def test_forged_grant_slot_gives_no_access():
    tracker = make_tracker("ORD-1001", "inform", slots={"order_id": "ORD-1001",
                                                         "verified_order": "ORD-1001|CUST-1001|conv-1|forged"})
    text = said(arun(run(ActionOrderStatus(), tracker))[0])
    assert "Surface Pro Keyboard" not in text and "email" in text


def test_genuine_grant_for_this_conversation_gives_access():
    grant = issue_grant("ORD-1001", "CUST-1001", "conv-1")
    tracker = make_tracker("ORD-1001", "inform", slots={"order_id": "ORD-1001", "verified_order": grant})
    assert "Surface Pro Keyboard" in said(arun(run(ActionOrderStatus(), tracker))[0])
    other_conv = make_tracker("ORD-1001", "inform", slots={"order_id": "ORD-1001", "verified_order": grant},
                              sender="conv-2")
    assert "Surface Pro Keyboard" not in said(arun(run(ActionOrderStatus(), other_conv))[0])


def test_submit_cancel_cancels_once_and_reports_email_note(action_env):
    slots = {"order_id": "ORD-1001", "item_id": "ITM-1", "confirmed": True}
    tracker = make_tracker("yes", "affirm", slots=slots, token=token_for("CUST-1001"))
    text = said(arun(run(ActionSubmitCancelOrder(), tracker))[0])
    assert "canceled Surface Pro Keyboard" in text and "spam" in text
    again = said(arun(run(ActionSubmitCancelOrder(), tracker))[0])
    assert "already canceled" in again


def test_partner_refund_criteria_and_idempotent_request():
    token = token_for("CUST-2001")
    tracker = make_tracker("PPB-3003", "inform", token=token, active_loop="partner_refund_form")
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    result = arun(ValidatePartnerRefundForm().validate_purchase_id("PPB-3003", dispatcher, tracker, {}))
    assert result["requested_slot"] is None
    text = said(dispatcher)
    assert "✓ Bought 7 days ago" in text and "✗ Product keys have been viewed" in text
    slots = {"purchase_id": "PPB-3001", "confirmed": True}
    first = said(arun(run(ActionSubmitPartnerRefund(), make_tracker("yes", "affirm", slots=slots, token=token)))[0])
    assert "RFD-" in first and "$522.50" in first
    second = said(arun(run(ActionSubmitPartnerRefund(), make_tracker("yes", "affirm", slots=slots, token=token)))[0])
    assert "no longer meets" in second


def test_day_30_is_still_eligible():
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("PPB-3004", "inform", token=token_for("CUST-2001"), active_loop="partner_refund_form")
    result = arun(ValidatePartnerRefundForm().validate_purchase_id("PPB-3004", dispatcher, tracker, {}))
    assert result == {"purchase_id": "PPB-3004", "form_misses": 0.0, "last_purchase": "PPB-3004"}
    assert "Bought 30 days ago" in said(dispatcher)


def test_greeting_lists_topics_as_buttons_in_both_languages():
    en = arun(run(ActionGreet(), make_tracker("hi", "greet")))[0]
    vi = arun(run(ActionGreet(), make_tracker("chao", "greet", slots={"language": "vi"})))[0]
    assert en.messages[-1]["buttons"] and vi.messages[-1]["buttons"]
    assert "assistant" in said(en) and "trợ lý" in said(vi)


def test_change_language_sets_slot_and_tells_widget():
    tracker = make_tracker("tieng viet", "change_language", entities=[{"entity": "language", "value": "vi"}])
    dispatcher, events = arun(run(ActionChangeLanguage(), tracker))
    assert slot_events(events)["language"] == "vi"
    assert dispatcher.messages[0]["custom"] == {"set_language": "vi"}


def test_fallback_offers_human_after_two_misses():
    tracker = make_tracker("??", "nlu_fallback")
    tracker.events = [
        {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}},
        {"event": "action", "name": "action_fallback"},
        {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}},
    ]
    dispatcher, _ = arun(run(ActionFallback(), tracker))
    assert any(b["payload"] == "/human_handoff" for b in dispatcher.messages[0]["buttons"])


@pytest.mark.parametrize("text,loop,requested,silent", [
    ("Vâng, gửi yêu cầu giúp tôi", "partner_refund_form", "confirmed", True),  # the form reads the yes
    ("thôi khỏi", "cancel_order_form", "item_id", True),  # the form reads the no and stops
    ("Vâng, gửi yêu cầu giúp tôi", None, None, False),  # no form: nothing to answer
    ("blorp zik", "partner_refund_form", "confirmed", False),  # not an answer: ask to rephrase
])
def test_fallback_stays_silent_when_the_form_can_read_a_typed_yes_or_no(text, loop, requested, silent):
    tracker = make_tracker(text, "nlu_fallback", active_loop=loop,
                           slots={"requested_slot": requested} if requested else None)
    dispatcher, events = arun(run(ActionFallback(), tracker))
    assert (dispatcher.messages == [] and events == []) is silent


def test_guidance_intents_answer_with_article_source():
    for intent in ("cancel_subscription", "change_payment_method", "subscription_expiry",
                   "require_purchase_password", "ask_a_parent"):
        assert "Source:" in said(arun(run(ActionGuidance(), make_tracker("how", intent)))[0])


def test_database_failure_gives_apology_with_reference(monkeypatch):
    monkeypatch.setenv("SUPPORT_DB_URL", "postgresql://nobody@127.0.0.1:1/none")

    text = said(arun(run(ActionWhyTwoBills(), make_tracker("x", "why_two_bills", token=token_for("CUST-1001"))))[0])
    assert "reference" in text and "Traceback" not in text and "OperationalError" not in text


def test_handoff_is_recorded_in_the_audit_log(action_env):
    from actions.conversation import ActionHandoff
    from bot.data.store import Store

    tracker = make_tracker("human please", "human_handoff", token=token_for("CUST-1002"), sender="conv-h")
    text = said(arun(run(ActionHandoff(), tracker))[0])
    assert "support agent" in text
    rows = [r for r in Store(action_env).audit_log("CUST-1002") if r["action"] == "human_handoff"]
    assert [r["conversation_id"] for r in rows] == ["conv-h"]


@pytest.mark.parametrize("text,expected", [("hello", "en"), ("hi", "en"), ("thanks", "en"), ("chào", "vi"),
                                           ("cam on", "vi"), ("ORD-1001", "vi"), ("ok", "vi")])
def test_first_message_language_leans_on_weak_evidence(text, expected):
    from actions.common import language

    assert language(make_tracker(text, "greet", slots={"language": None})) == expected


def test_language_slot_wins_over_the_text():
    from actions.common import language

    assert language(make_tracker("hello", "greet", slots={"language": "vi"})) == "vi"


def test_a_leaned_language_is_pinned_in_the_slot():
    dispatcher, events = arun(run(ActionGreet(), make_tracker("hello", "greet", slots={"language": None})))
    assert slot_events(events)["language"] == "en"
    _, events = arun(run(ActionGreet(), make_tracker("hello", "greet", slots={"language": "vi"})))
    assert "language" not in slot_events(events)


def _followups(events):
    return [e.get("name") for e in events if e.get("event") == "followup"]


def test_a_refund_question_that_says_cancel_and_names_an_uncharged_item_starts_the_cancel_form():
    from actions.orders import ActionStoreRefund

    tracker = make_tracker("Mình muốn hủy cái bàn phím Surface Pro Keyboard", "request_store_refund",
                           token=token_for("CUST-1001"), slots={"language": "vi"})
    dispatcher, events = arun(run(ActionStoreRefund(), tracker))
    assert _followups(events) == ["cancel_order_form"]
    assert slot_events(events)["item_id"] == "ITM-1" and slot_events(events)["order_id"] == "ORD-1001"


def test_a_cancel_word_with_a_shipped_item_explains_why_not_and_gives_the_refund_path():
    from actions.orders import ActionStoreRefund

    tracker = make_tracker("sao ko huy dc cai tay cam xbox vay ad", "request_store_refund",
                           token=token_for("CUST-1001"), slots={"language": "vi"})
    dispatcher, events = arun(run(ActionStoreRefund(), tracker))
    text = said(dispatcher)
    assert _followups(events) == [] and "Xbox Wireless Controller" in text and "hoàn tiền" in text


def test_a_refund_question_without_a_cancel_word_gets_the_refund_answer():
    from actions.orders import ActionStoreRefund

    tracker = make_tracker("refund the keyboard please", "request_store_refund", token=token_for("CUST-1001"))
    dispatcher, events = arun(run(ActionStoreRefund(), tracker))
    assert _followups(events) == [] and "Surface Pro Keyboard" in said(dispatcher)


def test_cancel_subscription_naming_a_shipped_order_item_gives_its_state_then_the_steps():
    """An item bought in an order (the demo's "Microsoft 365 Personal" is one) heard as a subscription."""
    tracker = make_tracker("hủy cái Xbox Wireless Controller được không", "cancel_subscription",
                           token=token_for("CUST-1001"), slots={"language": "vi"})
    dispatcher, events = arun(run(ActionGuidance(), tracker))
    text = said(dispatcher)
    assert _followups(events) == []
    assert text.index("Xbox Wireless Controller") < text.index("account.microsoft.com")


def test_cancel_subscription_naming_an_uncharged_order_item_starts_the_cancel_form():
    tracker = make_tracker("cancel the Surface Pro Keyboard", "cancel_subscription", token=token_for("CUST-1001"))
    _, events = arun(run(ActionGuidance(), tracker))
    assert _followups(events) == ["cancel_order_form"] and slot_events(events)["item_id"] == "ITM-1"


def test_cancel_subscription_without_an_order_item_is_the_plain_guide():
    tracker = make_tracker("cancel my game pass", "cancel_subscription", token=token_for("CUST-1005"))
    dispatcher, _ = arun(run(ActionGuidance(), tracker))
    assert said(dispatcher).startswith("To cancel")


def _torn(text: str, first: str, second: str, customer: str | None = "CUST-1001"):
    tracker = make_tracker(text, "nlu_fallback", token=token_for(customer) if customer else None)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.5}, {"name": first, "confidence": 0.37},
        {"name": second, "confidence": 0.35}]
    return arun(run(ActionFallback(), tracker))


def test_a_fallback_torn_between_cancel_and_refund_over_a_named_item_goes_by_the_item():
    _, events = _torn("huy cai surface pro keyboard giup minh", "request_store_refund", "cancel_order")
    assert _followups(events) == ["cancel_order_form"] and slot_events(events)["item_id"] == "ITM-1"
    dispatcher, events = _torn("sao ko huy dc cai tay cam xbox", "cancel_order", "request_store_refund")
    assert _followups(events) == [] and "Xbox Wireless Controller" in said(dispatcher)


@pytest.mark.parametrize("text,first,second,customer", [
    ("huy cai surface pro keyboard", "cancel_order", "why_two_bills", "CUST-1001"),  # another task ranked
    ("the surface pro keyboard thing", "cancel_order", "request_store_refund", "CUST-1001"),  # no cancel word
    ("huy cai surface pro keyboard", "cancel_order", "request_store_refund", None),  # anonymous: no orders
    ("huy cai tai nghe giup minh", "cancel_order", "request_store_refund", "CUST-1001"),  # no item of theirs
])
def test_other_fallbacks_still_ask_to_rephrase(text, first, second, customer):
    dispatcher, events = _torn(text, first, second, customer)
    assert _followups(events) == [] and "say that another way" in said(dispatcher)


@pytest.mark.parametrize("text,intent,expected", [
    ("sounds good, go for it", "affirm", True),  # a yes the lexicon lacks, heard by the classifier
    ("dieu kien hoan tien la gi vay?", "request_partner_refund", None),  # a question heard as the task
    ("à khoan, nhầm, mình muốn hủy cái bàn phím cơ", "cancel_order", None),  # a correction
    ("sounds good but why?", "affirm", None),  # a question after all
    ("wait, actually", "affirm", None),
    ("có, gửi đi", "request_partner_refund", True),  # the lexicon yes counts whatever the intent
])
def test_only_explicit_answers_confirm_a_change(text, intent, expected):
    from actions.choosing import confirmed_value

    tracker = make_tracker(text, intent)
    assert confirmed_value(True, tracker, text, intent) is expected


def test_a_partner_purchase_id_asked_about_as_an_order_is_a_partner_question():
    tracker = make_tracker("can you just check PPB-3302 for me?", "order_status",
                           entities=[{"entity": "purchase_id", "value": "PPB-3302"}])
    dispatcher, _ = arun(run(ActionOrderStatus(), tracker))
    text = said(dispatcher)
    assert "sign in" in text.lower() and "order number" not in text.lower()


def test_a_tax_question_at_the_benefit_refund_confirmation_is_answered_not_switched():
    from actions.partner_refunds import ActionTaxRefund

    tracker = make_tracker("hmm wait, does that include the tax?", "tax_refund", token=token_for("CUST-1001"),
                           active_loop="partner_refund_form", slots={"requested_slot": "confirmed"})
    dispatcher, events = arun(run(ActionTaxRefund(), tracker))
    assert "includes the tax" in said(dispatcher)
    assert _followups(events) == ["partner_refund_form"]
