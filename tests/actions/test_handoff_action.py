"""action_handoff: queues the conversation, says honestly whether somebody is there."""
from __future__ import annotations

import asyncio

from actions.conversation import ActionAcknowledge, ActionHandoff
from actions.handoff import queue
from bot.handoff.passwords import hash_password
from tests.actions.conftest import make_tracker, said, token_for


def run(action, tracker):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher, events


def test_nobody_signed_in_means_no_promise_and_a_stored_request():
    dispatcher, _ = run(ActionHandoff(), make_tracker("talk to a person", "human_handoff", token=token_for("CUST-1001")))
    text = said(dispatcher)
    assert "No support agent is available right now" in text and "connecting you" not in text
    custom = dispatcher.messages[0]["custom"]["handoff"]
    assert custom["status"] == "unattended" and custom["reason"] == "asked" and custom["queue_id"] in text
    stored = queue().get(custom["queue_id"])
    assert stored.customer_id == "CUST-1001" and stored.context["intents"][-1]["name"] == "human_handoff"


def test_with_an_agent_online_the_conversation_waits_in_the_queue():
    queue().add_agent("lan", "Lan", hash_password("correct horse battery"))
    queue().sign_in("lan", "correct horse battery")
    dispatcher, events = run(ActionHandoff(), make_tracker("gặp nhân viên", "human_handoff",
                                                           slots={"language": "vi", "order_id": "ORD-1001"}))
    assert "Tôi đã chuyển cuộc trò chuyện này đến nhân viên hỗ trợ" in said(dispatcher)
    custom = dispatcher.messages[0]["custom"]["handoff"]
    assert custom["status"] == "waiting"
    assert queue().get(custom["queue_id"]).context["slots"]["order_id"] == "ORD-1001"
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events
                                                       if e["event"] == "active_loop"]


def test_accepting_an_offer_keeps_its_reason():
    tracker = make_tracker("yes please", "affirm", slots={"offer": "handoff:verification_locked"})
    dispatcher, _ = run(ActionAcknowledge(), tracker)
    assert dispatcher.messages[0]["custom"]["handoff"]["reason"] == "verification_locked"


def test_the_agent_sees_the_decision_about_the_order_in_play():
    dispatcher, _ = run(ActionHandoff(), make_tracker("person please", "human_handoff", token=token_for("CUST-1001"),
                                                      slots={"order_id": "ORD-1001"}))
    stored = queue().get(dispatcher.messages[0]["custom"]["handoff"]["queue_id"])
    order = stored.context["decisions"]["order"]
    assert order["order_id"] == "ORD-1001" and {i["reason"] for i in order["items"]} <= {
        "not_charged", "charged", "shipped", "already_cancelled"}


def test_outside_opening_hours_nobody_is_promised(monkeypatch):
    queue().add_agent("lan", "Lan", hash_password("correct horse battery"))
    queue().sign_in("lan", "correct horse battery")
    monkeypatch.setenv("SUPPORT_AGENT_HOURS", "00:00-00:01")
    monkeypatch.setenv("SUPPORT_AGENT_TIMEZONE", "Pacific/Kiritimati")
    from datetime import datetime
    from zoneinfo import ZoneInfo

    if datetime.now(ZoneInfo("Pacific/Kiritimati")).strftime("%H:%M") <= "00:01":
        monkeypatch.setenv("SUPPORT_AGENT_HOURS", "12:00-12:01")
    dispatcher, _ = run(ActionHandoff(), make_tracker("talk to a person", "human_handoff"))
    assert dispatcher.messages[0]["custom"]["handoff"]["status"] == "unattended"
