"""The action server is down: polite, localized retry message on every path; the next message works."""
from __future__ import annotations

import pytest

from tests.reliability.helpers import conv, reply_text, unavailable_texts
from tests.stack import texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

TWO_BILLS = {"vi": "tại sao tôi bị tính phí hai lần?", "en": "why was I charged twice this month?"}


@pytest.fixture
def actions_down(live_stack):
    live_stack.services["actions"].stop()
    try:
        yield live_stack
    finally:
        ensure_running(live_stack)


def ensure_running(stack) -> None:
    svc = stack.services["actions"]
    if svc.proc is None or svc.proc.poll() is not None:
        svc.start()
    svc.wait_healthy(timeout=120)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rest_and_page_answer_politely_then_recover(live_stack, actions_down, page, lang):
    token, sender = live_stack.token("CUST-1001"), conv("down")
    reply = texts(live_stack.send(sender, TWO_BILLS[lang], token=token, language=lang))  # asserts HTTP 200
    assert reply in unavailable_texts(lang), reply

    tab = page("CUST-1001")
    resp = tab.chat(TWO_BILLS[lang], lang)
    assert resp.status_code < 500, resp.text
    assert reply_text(resp.json()) in unavailable_texts(lang), resp.text

    ensure_running(live_stack)
    again = texts(live_stack.send(sender, TWO_BILLS[lang], token=token, language=lang))
    assert "9.99" in again or "9,99" in again, again
    resp = tab.chat(TWO_BILLS[lang], lang)
    assert resp.status_code == 200 and resp.json()["ok"], resp.text
    assert "9.99" in reply_text(resp.json()) or "9,99" in reply_text(resp.json())
