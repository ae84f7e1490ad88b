"""Several partner purchases in one message: each is checked and confirmed on its own."""
from __future__ import annotations

import asyncio

import pytest

from actions import purchase_queue
from actions.partner_refunds import ActionPartnerRefund, ActionSubmitPartnerRefund, ActionTaxRefund
from bot.rules.models import PartnerPurchase
from tests.actions.conftest import make_tracker, run, said, slot_events, token_for


def arun(coro):
    return asyncio.run(coro)


def purchases():
    from datetime import date
    from decimal import Decimal

    def p(pid, benefit):
        return PartnerPurchase(id=pid, customer_id="C", benefit=benefit, purchased_on=date(2026, 11, 1),
                               amount=Decimal("1"), tax_amount=Decimal("0"), currency="USD")
    return [p("PPB-3001", "Partner Success Core"), p("PPB-3003", "Partner Success Expanded"),
            p("PPB-3004", "Action Pack")]


@pytest.mark.parametrize("text, expected", [
    ("refunds for PPB-3004 and PPB-3001 please", ["PPB-3004", "PPB-3001"]),
    ("hoàn tiền ppb-3001 với ppb-3003 nhé", ["PPB-3001", "PPB-3003"]),
    ("refund the Action Pack and PPB-3001", ["PPB-3001", "PPB-3004"]),  # ids where written, names after
    ("refund PPB-3001", ["PPB-3001"]),
    ("refund PPB-30011 and PPB-9999", []),  # not theirs, not a prefix
    ("minh muon hoan thue cho goi Partner Success Core", ["PPB-3001"]),  # "gói" is not the Action Pack
    ("the Action Pack and the Partner Success Expanded one", ["PPB-3004", "PPB-3003"]),
    ("", []),
])
def test_named_purchases_in_the_order_written(text, expected):
    assert purchase_queue.named_purchases(text, purchases()) == expected


def test_an_unknown_kind_reads_as_a_benefit_refund():
    assert purchase_queue.decode("tax_refund:PPB-3003") == ("tax_refund", "PPB-3003")
    assert purchase_queue.decode("junk:PPB-3003") == ("request_partner_refund", "PPB-3003")
    assert purchase_queue.decode(purchase_queue.encode("tax_refund", "PPB-1")) == ("tax_refund", "PPB-1")


def test_two_purchases_in_one_message_check_the_first_and_queue_the_second():
    tracker = make_tracker("Hi, I'd like refunds for PPB-3001 and PPB-3004 please.", "request_partner_refund",
                           token=token_for("CUST-2001"))
    dispatcher, events = arun(run(ActionPartnerRefund(), tracker))
    slots = slot_events(events)
    assert slots["purchase_id"] == "PPB-3001"
    assert slots["queued_purchases"] == ["request_partner_refund:PPB-3004"]
    assert "one at a time" in said(dispatcher)


def test_the_tax_asked_for_two_purchases_queues_tax_refunds():
    tracker = make_tracker("refund the tax on PPB-3003 and PPB-3001", "tax_refund", token=token_for("CUST-2001"))
    _, events = arun(run(ActionTaxRefund(), tracker))
    assert slot_events(events)["queued_purchases"] == ["tax_refund:PPB-3001"]


def test_after_a_submitted_refund_the_next_purchase_is_checked():
    slots = {"purchase_id": "PPB-3001", "confirmed": True, "queued_purchases": ["request_partner_refund:PPB-3004"]}
    tracker = make_tracker("yes", "affirm", slots=slots, token=token_for("CUST-2001"))
    dispatcher, events = arun(run(ActionSubmitPartnerRefund(), tracker))
    text = said(dispatcher)
    assert "RFD-" in text and "Next, purchase PPB-3004" in text
    assert slot_events(events)["purchase_id"] == "PPB-3004"
    assert slot_events(events)["queued_purchases"] is None
    assert any(e.get("event") == "followup" and e.get("name") == "partner_refund_form" for e in events)


def test_a_purchase_that_did_not_qualify_moves_on_to_the_next():
    slots = {"purchase_id": None, "confirmed": None, "queued_purchases": ["tax_refund:PPB-3003"]}
    tracker = make_tracker("PPB-3002", "inform", slots=slots, token=token_for("CUST-2001"))
    _, events = arun(run(ActionSubmitPartnerRefund(), tracker))
    assert slot_events(events)["purchase_id"] == "PPB-3003"
    assert any(e.get("event") == "followup" and e.get("name") == "tax_refund_form" for e in events)


def test_a_no_stops_the_waiting_purchases_and_submits_nothing():
    slots = {"purchase_id": "PPB-3001", "confirmed": False, "queued_purchases": ["request_partner_refund:PPB-3004"]}
    tracker = make_tracker("no", "deny", slots=slots, token=token_for("CUST-2001"))
    dispatcher, events = arun(run(ActionSubmitPartnerRefund(), tracker))
    assert "haven't submitted" in said(dispatcher)
    assert slot_events(events)["queued_purchases"] is None
    assert not any(e.get("event") == "followup" for e in events)


def test_a_queued_purchase_of_another_customer_is_never_checked():
    slots = {"purchase_id": None, "confirmed": None, "queued_purchases": ["request_partner_refund:PPB-3101"]}
    tracker = make_tracker("ok", "affirm", slots=slots, token=token_for("CUST-2001"))
    dispatcher, events = arun(run(ActionSubmitPartnerRefund(), tracker))
    assert "PPB-3101" not in said(dispatcher)
    assert slot_events(events)["queued_purchases"] is None
    assert not any(e.get("event") == "followup" for e in events)


@pytest.mark.parametrize("value, expected", [
    ("PPB-3004", "PPB-3001"),  # the last id written, waiting: the first named is checked now
    ("PPB-3001", "PPB-3001"),
    ("PPB-3003", "PPB-3003"),  # not waiting: kept
])
def test_the_purchase_checked_now_is_the_one_announced_first(value, expected):
    text = "refunds for PPB-3001 and PPB-3004 please"
    queue = ["request_partner_refund:PPB-3004"]
    assert purchase_queue.checked_now(value, text, purchases(), queue) == expected

