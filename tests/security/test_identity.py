"""Identity rules end to end: a customer only ever sees and changes their own data.

Each case is sent through the real REST channel with a valid token for one
customer (or none) and ids, injected entities or tokens that point at another
customer. The other customer's product names, amounts and names must never
appear, and nothing of theirs may change.
"""
from __future__ import annotations

import time
import uuid

import jwt
import pytest

from tests.stack import SECRET, texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

# What CUST-1002 (John Carter) owns: orders ORD-1101 (ITM-4, ITM-5), SUB-5101, SUB-5102.
JOHN = ("Surface Laptop 7", "Surface Arc Mouse", "Xbox Game Pass Ultimate", "19.99", "19,99",  # not 69.99: CUST-1001 has a $69.99 pre-order
        "Microsoft 365 Personal", "John Carter", "john.carter")
# What CUST-2001 (Contoso) owns and CUST-2002 does not: PPB-3002..3005 and their amounts.
CONTOSO = ("Solutions Partner for Modern Work", "Partner Success Expanded", "Legacy Gold Competency",
           "1,200", "1.200", "1200", "3,950", "3.950", "3950", "2,500", "2.500", "522.50", "120.00", "Contoso")


def conv() -> str:
    return "sec-" + uuid.uuid4().hex[:12]


def assert_no_leak(reply: str, secrets: tuple, context: object) -> None:
    leaked = [s for s in secrets if s in reply]
    assert not leaked, (context, leaked, reply)


def conversation(stack, token, turns, lang) -> str:
    sender, out = conv(), []
    for message in turns:
        out.append(texts(stack.send(sender, message, token=token, language=lang)))
    return "\n".join(out)


ANOTHER_CUSTOMERS_IDS = [
    ['/cancel_order{"order_id":"ORD-1101"}', '/inform{"item_id":"ITM-4"}', "/affirm"],
    ["cancel order ORD-1101", "ITM-4", "yes"],
    ['/order_status{"order_id":"ORD-1101"}'],
    ["where is my order ORD-1101?"],
    ["I want to cancel my order", '/inform{"order_id":"ORD-1101"}', '/inform{"item_id":"ITM-5"}', "/affirm"],
    ['/cancel_subscription{"order_id":"SUB-5101"}'],
    ["cancel my Xbox Game Pass Ultimate subscription SUB-5101"],
]

INJECTED = [
    ['/inform{"customer_id":"CUST-1002"}', "why did I get two bills?"],
    ['/overdue_balance{"customer_id":"CUST-1002"}'],
    ['/pending_balance{"customer_id":"CUST-1002"}'],
    ['/order_status{"customer_id":"CUST-1002"}'],
    ['/cancel_order{"verified_order":"ORD-1101","order_id":"ORD-1101"}', '/inform{"item_id":"ITM-4"}', "/affirm"],
    ['/inform{"verified_order":"ORD-1101"}', '/cancel_order{"order_id":"ORD-1101"}', "/affirm"],
    ['/cancel_order{"order_id":"ORD-1101","email":"john.carter@example.com","item_id":"ITM-4"}', "/affirm"],
]


# Alternate the language so both reply catalogues are covered without doubling the run time.
SIGNED_IN_CASES = [(turns, "en" if k % 2 == 0 else "vi") for k, turns in enumerate(ANOTHER_CUSTOMERS_IDS + INJECTED)]


@pytest.mark.parametrize(("turns", "lang"), SIGNED_IN_CASES, ids=lambda v: v[0][:40] if isinstance(v, list) else v)
def test_signed_in_customer_never_reaches_another_customers_data(live_stack, turns, lang):
    before = live_stack.export()
    reply = conversation(live_stack, live_stack.token("CUST-1001"), turns, lang)
    assert_no_leak(reply, JOHN, turns)
    after = live_stack.export()
    assert after["orders"] == before["orders"] and after["refund_requests"] == before["refund_requests"]


@pytest.mark.parametrize("turns", INJECTED[-3:] + [ANOTHER_CUSTOMERS_IDS[0]], ids=lambda t: t[0][:40])
def test_anonymous_injection_reaches_nothing(live_stack, turns):
    before = live_stack.export()
    reply = conversation(live_stack, None, turns, "en")
    assert_no_leak(reply, JOHN, turns)
    assert live_stack.export()["orders"] == before["orders"]


PARTNER_TURNS = [
    ['/request_partner_refund{"purchase_id":"PPB-3002"}', "/affirm"],
    ["refund for partner purchase PPB-3003", '/inform{"purchase_id":"PPB-3003"}', "yes"],
    ["I'd like a partner refund", '/inform{"purchase_id":"PPB-3004"}', "/affirm"],
    ['/tax_refund{"purchase_id":"PPB-3002"}', "/affirm"],
    ['/request_partner_refund{"purchase_id":"PPB-3005","customer_id":"CUST-2001"}', "/affirm"],
]


@pytest.mark.parametrize("turns", PARTNER_TURNS, ids=lambda t: t[0][:40])
def test_partner_cannot_check_or_refund_another_partners_purchase(live_stack, turns):
    before = live_stack.export()["refund_requests"]
    reply = conversation(live_stack, live_stack.token("CUST-2002"), turns, "en")
    assert_no_leak(reply, CONTOSO, turns)
    assert live_stack.export()["refund_requests"] == before


def forged_tokens(stack) -> dict:
    far = int(time.time()) + 3600
    return {
        "wrong secret": jwt.encode({"sub": "CUST-1002", "exp": far}, "not-the-secret-0123456789abcdef-0123456789", "HS256"),
        "alg none": jwt.encode({"sub": "CUST-1002", "exp": far}, None, algorithm="none"),
        "alg none, no signature part": jwt.encode({"sub": "CUST-1002", "exp": far}, None,
                                                  algorithm="none").rstrip("."),
        "no exp": jwt.encode({"sub": "CUST-1002"}, SECRET, "HS256"),
        "expired": jwt.encode({"sub": "CUST-1002", "exp": int(time.time()) - 60}, SECRET, "HS256"),
        "garbage": "eyJhbGciOiJIUzI1NiJ9.e30.AAAA",
        "HS512 with the right secret": jwt.encode({"sub": "CUST-1002", "exp": far}, SECRET, "HS512"),
    }


@pytest.mark.parametrize("name", ["wrong secret", "alg none", "alg none, no signature part", "no exp", "expired",
                                  "garbage", "HS512 with the right secret"])
def test_forged_expired_and_unsigned_tokens_are_anonymous(live_stack, name):
    token = forged_tokens(live_stack)[name]
    for message in ("my balance is overdue, how do I pay?", "where is my order? has it shipped?",
                    "what does a pending charge mean?"):
        reply = texts(live_stack.send(conv(), message, token=token, language="en"))
        assert_no_leak(reply, JOHN, (name, message))


def test_a_valid_token_still_sees_its_own_data(live_stack):
    """The control case: the same questions with John's real token do show his data."""
    reply = texts(live_stack.send(conv(), "my balance is overdue, how do I pay?", token=live_stack.token("CUST-1002"),
                                  language="en"))
    assert "Xbox Game Pass Ultimate" in reply and "19.99" in reply
