"""Typed answers inside forms and offers, with real actions, a real store and Tracker fixtures."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAcknowledge
from actions.orders import ActionCancelOrder, ValidateCancelOrderForm
from actions.partner_refunds import ActionPartnerRefund, ValidatePartnerRefundForm
from tests.actions.conftest import make_tracker, run, said, slot_events, token_for

CUST = "CUST-1001"
CANCEL = "cancel_order_form"


def arun(coro):
    return asyncio.run(coro)


def at_item_question(text: str, intent: str = "inform", **slots):
    return make_tracker(text, intent, token=token_for(CUST), active_loop=CANCEL,
                        slots={"order_id": "ORD-1001", "requested_slot": "item_id", **slots})


def extract_item(text: str, intent: str = "inform", **slots):
    dispatcher = CollectingDispatcher()
    result = arun(ValidateCancelOrderForm().extract_item_id(dispatcher, at_item_question(text, intent, **slots), {}))
    return result, said(dispatcher)


@pytest.mark.parametrize("text", ["Surface Pro Keyboard", "bàn phím", "ban phim", "hủy Surface Pro Keyboard",
                                  "the keyboard", "cái thứ 1", "the first one"])
def test_item_by_name_part_or_position(text):
    result, _ = extract_item(text, "cancel_order" if "hủy" in text else "inform")
    assert result == {"item_id": "ITM-1"}


@pytest.mark.parametrize("text", ["ừ", "có", "yes", "oke", "dc"])
def test_a_yes_picks_the_only_cancellable_item(text):
    result, _ = extract_item(text, "affirm")
    assert result == {"item_id": "ITM-1"}


def test_naming_the_shipped_item_gives_its_reason_not_a_repeat():
    dispatcher = CollectingDispatcher()
    tracker = at_item_question("the controller")
    found = arun(ValidateCancelOrderForm().extract_item_id(dispatcher, tracker, {}))
    assert found == {"item_id": "ITM-2"}
    result = arun(ValidateCancelOrderForm().validate_item_id("ITM-2", dispatcher, tracker, {}))
    assert result == {"item_id": None}
    assert "already shipped" in said(dispatcher) and "exchange or a refund" in said(dispatcher)


def test_a_miss_says_what_did_not_match_then_the_second_stops_and_offers_a_person():
    result, text = extract_item("the purple one")
    assert result == {"item_id": None, "form_misses": 1.0}
    assert '"the purple one"' in text and "Surface Pro Keyboard" in text
    result, text = extract_item("the purple one", form_misses=1.0)
    assert result["requested_slot"] is None and result["offer"] == "handoff:form_stuck"
    assert "nothing was changed" in text


@pytest.mark.parametrize("text", ["thôi", "không hủy nữa", "never mind", "stop", "ko"])
def test_stop_words_end_the_form_whatever_the_intent(text):
    result, said_text = extract_item(text, "cancel_order")
    assert result["requested_slot"] is None and result["item_id"] is None
    assert "Nothing was changed" in said_text


@pytest.mark.parametrize("intent", ["why_two_bills", "bot_challenge", "human_handoff", "nlu_fallback"])
def test_a_digression_is_left_to_the_rules(intent):
    result, said_text = extract_item("why was I billed twice", intent)
    assert result == {} and said_text == ""


@pytest.mark.parametrize("text, expected", [("ừ", True), ("yes", True), ("không", False), ("thôi khỏi", False),
                                            ("😀", None), ("<b>ok</b>", None), ("asdfgh", None)])
def test_confirmation_takes_only_explicit_answers(text, expected):
    tracker = make_tracker(text, "affirm", token=token_for(CUST), active_loop=CANCEL,
                           slots={"order_id": "ORD-1001", "item_id": "ITM-1", "requested_slot": "confirmed"})
    result = arun(ValidateCancelOrderForm().extract_confirmed(CollectingDispatcher(), tracker, {}))
    assert result == ({} if expected is None else {"confirmed": expected})


def test_no_to_cancel_heard_as_cancel_order_is_a_no():
    tracker = make_tracker("không hủy nữa", "cancel_order", token=token_for(CUST), active_loop=CANCEL,
                           slots={"order_id": "ORD-1001", "item_id": "ITM-1", "requested_slot": "confirmed"})
    result = arun(ValidateCancelOrderForm().validate_confirmed(True, CollectingDispatcher(), tracker, {}))
    assert result == {"confirmed": False}


def test_first_message_naming_a_shipped_item_answers_about_that_item():
    tracker = make_tracker("please cancel the Xbox Wireless Controller from order ORD-1001", "cancel_order",
                           entities=[{"entity": "order_id", "value": "ORD-1001"}], token=token_for(CUST))
    dispatcher, events = arun(run(ActionCancelOrder(), tracker))
    text = said(dispatcher)
    assert "Xbox Wireless Controller" in text and "already shipped" in text
    assert "ORD-1002" not in text and "Forza" not in text
    assert not any(e.get("event") == "followup" for e in events)


def test_first_message_naming_a_cancellable_item_preselects_it():
    tracker = make_tracker("cancel the keyboard", "cancel_order", token=token_for(CUST))
    _, events = arun(run(ActionCancelOrder(), tracker))
    slots = slot_events(events)
    assert slots["order_id"] == "ORD-1001" and slots["item_id"] == "ITM-1"
    assert any(e.get("event") == "followup" and e["name"] == CANCEL for e in events)


def test_purchase_named_by_its_benefit_is_preselected():
    tracker = make_tracker("refund my Action Pack", "request_partner_refund", token=token_for("CUST-2001"))
    _, events = arun(run(ActionPartnerRefund(), tracker))
    assert slot_events(events)["purchase_id"] == "PPB-3004"


def test_a_tax_refund_asked_as_a_refund_runs_the_tax_rule():
    tracker = make_tracker("refund the tax on my Legacy Gold Competency", "request_partner_refund",
                           token=token_for("CUST-2001"))
    _, events = arun(run(ActionPartnerRefund(), tracker))
    assert any(e.get("event") == "followup" and e["name"] == "tax_refund_form" for e in events)
    assert slot_events(events)["purchase_id"] == "PPB-3005"


def test_purchase_by_typed_name_at_the_question():
    tracker = make_tracker("the solutions partner one", "inform", token=token_for("CUST-2001"),
                           active_loop="partner_refund_form", slots={"requested_slot": "purchase_id"})
    result = arun(ValidatePartnerRefundForm().extract_purchase_id(CollectingDispatcher(), tracker, {}))
    assert result == {"purchase_id": "PPB-3002"}


def test_typed_yes_accepts_the_open_tax_offer():
    tracker = make_tracker("yes", "affirm", token=token_for("CUST-2001"), slots={"offer": "tax_refund:PPB-3002"})
    _, events = arun(run(ActionAcknowledge(), tracker))
    slots = slot_events(events)
    assert slots["purchase_id"] == "PPB-3002" and slots["offer"] is None
    assert any(e.get("event") == "followup" and e["name"] == "tax_refund_form" for e in events)


def test_yes_without_an_offer_is_a_plain_acknowledgement():
    dispatcher, events = arun(run(ActionAcknowledge(), make_tracker("yes", "affirm", token=token_for(CUST))))
    assert "What else" in said(dispatcher)
    assert not any(e.get("event") == "followup" for e in events)


def test_anonymous_status_with_number_and_email_in_one_message_answers_at_once():
    from actions.orders import ActionOrderStatus

    tracker = make_tracker("where is ORD-1002, my email is minhanh.nguyen@example.com", "order_status",
                           entities=[{"entity": "order_id", "value": "ORD-1002"},
                                     {"entity": "email", "value": "minhanh.nguyen@example.com"}])
    dispatcher, events = arun(run(ActionOrderStatus(), tracker))
    assert "Forza Horizon 6" in said(dispatcher)
    assert "verified_order" in slot_events(events)


def test_anonymous_status_with_a_wrong_email_says_attempts_left_and_shows_nothing():
    from actions.orders import ActionOrderStatus

    tracker = make_tracker("where is ORD-1002, email x@example.com", "order_status",
                           entities=[{"entity": "order_id", "value": "ORD-1002"},
                                     {"entity": "email", "value": "x@example.com"}])
    dispatcher, _ = arun(run(ActionOrderStatus(), tracker))
    assert "2 attempts left" in said(dispatcher) and "Forza" not in said(dispatcher)


def test_a_date_inside_another_question_is_not_an_order_choice():
    tracker = make_tracker("tại sao tháng này tôi bị trừ tiền hai lần", "why_two_bills", token=token_for(CUST),
                           active_loop=CANCEL, slots={"requested_slot": "order_id"})
    result = arun(ValidateCancelOrderForm().extract_order_id(CollectingDispatcher(), tracker, {}))
    assert result == {}


def test_tax_refund_right_after_a_benefit_refund_uses_that_purchase():
    from actions.partner_refunds import ActionTaxRefund

    tracker = make_tracker("refund the tax then", "tax_refund", token=token_for("CUST-2001"),
                           slots={"last_purchase": "PPB-3005"})
    _, events = arun(run(ActionTaxRefund(), tracker))
    assert slot_events(events)["purchase_id"] == "PPB-3005"


def test_tax_refund_past_one_year_names_the_missed_deadline():
    from actions.partner_refunds import ValidateTaxRefundForm

    dispatcher = CollectingDispatcher()
    tracker = make_tracker("PPB-3005", "inform", token=token_for("CUST-2001"), active_loop="tax_refund_form",
                           slots={"requested_slot": "purchase_id"})
    result = arun(ValidateTaxRefundForm().validate_purchase_id("PPB-3005", dispatcher, tracker, {}))
    assert result["purchase_id"] is None
    assert "more than one year ago" in said(dispatcher) and "October 1, 2026" in said(dispatcher)


DOMAIN = {"forms": {CANCEL: {"required_slots": ["order_id", "item_id", "confirmed"]}},
          "slots": {s: {"mappings": [{"type": "custom"}]} for s in
                    ("order_id", "item_id", "confirmed", "email", "form_misses", "offer", "requested_slot")}}


def run_validator(text: str, intent: str = "inform", **slots):
    dispatcher = CollectingDispatcher()
    tracker = at_item_question(text, intent, **slots)
    events = arun(ValidateCancelOrderForm().run(dispatcher, tracker, DOMAIN))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}, said(dispatcher)


def test_a_stop_word_really_ends_the_form_through_run():
    """rasa_sdk drops extracted non-required keys; the form must still end."""
    slots, text = run_validator("ok never mind then", "affirm")
    assert slots["requested_slot"] is None and "Nothing was changed" in text


def test_a_second_miss_ends_the_form_and_offers_a_person_through_run():
    slots, _ = run_validator("the purple one")
    assert slots["form_misses"] == 1.0 and "requested_slot" not in slots
    slots, _ = run_validator("the purple one", form_misses=1.0)
    assert slots["requested_slot"] is None and slots["offer"].startswith("handoff:")


def test_a_named_item_goes_to_the_confirmation_through_run():
    slots, _ = run_validator("bàn phím")
    assert slots["item_id"] == "ITM-1" and slots.get("form_misses") == 0.0


@pytest.mark.parametrize("text", ["😀", "...", "\n", "<b>ok</b>", "' OR 1=1 --", "👍👍"])
def test_junk_heard_as_affirm_never_confirms(text):
    tracker = make_tracker(text, "affirm", token=token_for(CUST), active_loop=CANCEL,
                           slots={"order_id": "ORD-1001", "item_id": "ITM-1", "requested_slot": "confirmed"})
    result = arun(ValidateCancelOrderForm().validate_confirmed(True, CollectingDispatcher(), tracker, {}))
    assert result == {"confirmed": None}


def test_a_button_press_keeps_its_value():
    tracker = make_tracker("/affirm", "affirm", token=token_for(CUST), active_loop=CANCEL,
                           slots={"order_id": "ORD-1001", "item_id": "ITM-1", "requested_slot": "confirmed"})
    result = arun(ValidateCancelOrderForm().validate_confirmed(True, CollectingDispatcher(), tracker, {}))
    assert result == {"confirmed": True}


def _with_previous_order(text: str, intent: str, new_order: str):
    tracker = make_tracker(text, intent, token=token_for(CUST), active_loop=CANCEL,
                           slots={"order_id": new_order, "item_id": "ITM-3", "requested_slot": "confirmed"})
    tracker.events.insert(0, {"event": "slot", "name": "order_id", "value": "ORD-1002"})
    return tracker


def test_an_order_asked_about_mid_form_does_not_replace_the_forms_order():
    tracker = _with_previous_order("where is ORD-1001?", "order_status", "ORD-1001")
    dispatcher = CollectingDispatcher()
    result = arun(ValidateCancelOrderForm().validate_order_id("ORD-1001", dispatcher, tracker, {}))
    assert result == {"order_id": "ORD-1002"}
    assert "Surface Pro Keyboard" in said(dispatcher)  # the question is answered, then the form goes on


def test_switching_orders_mid_form_starts_over_for_the_new_order():
    tracker = _with_previous_order("cancel ORD-1001 instead", "cancel_order", "ORD-1001")
    result = arun(ValidateCancelOrderForm().validate_order_id("ORD-1001", CollectingDispatcher(), tracker, {}))
    # round 15: ORD-1001 has one item that can still go (the controller shipped), so its
    # confirmation is asked next instead of "which item?"; the old choice and answer are gone
    assert result["order_id"] == "ORD-1001" and result["item_id"] == "ITM-1" and result["confirmed"] is None


def test_the_only_partner_purchase_is_preselected():
    tracker = make_tracker("I want a refund for my partner benefit", "request_partner_refund",
                           token=token_for("CUST-2002"))
    _, events = arun(run(ActionPartnerRefund(), tracker))
    assert slot_events(events)["purchase_id"] == "PPB-3101"
