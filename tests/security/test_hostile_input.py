"""Hostile input to the REST channel and to the page backend: a clear 4xx or a polite reply, never a 5xx.

After every case the server must still answer a normal message.
"""
from __future__ import annotations

import json
import uuid

import pytest
import requests

from tests.stack import texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

SQL_LIKE = ["ORD-1001' OR '1'='1", "'; DROP TABLE orders; --", "ORD-1101\" OR 1=1 --", "1; SELECT * FROM customers",
            "ORD-%", "ORD-1001' UNION SELECT email FROM customers --"]
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(document.cookie)>", "javascript:alert(1)",
       "\"><svg/onload=alert(1)>", "{{7*7}} ${7*7} <%= 7*7 %>"]
OTHER_CUSTOMER = ("Surface Laptop 7", "Surface Arc Mouse", "John Carter", "19.99")  # CUST-1001 has a $69.99 item


def sid() -> str:
    return "hostile-" + uuid.uuid4().hex[:10]


def post_raw(url: str, data: bytes, content_type: str = "application/json", **kw) -> requests.Response:
    return requests.post(url, data=data, headers={"Content-Type": content_type, **kw.pop("headers", {})},
                         timeout=60, **kw)


def body(sender, message="hello", **extra) -> bytes:
    doc = {"message": message, **extra}
    if sender is not ...:
        doc["sender"] = sender
    return json.dumps(doc).encode()


def assert_still_up(stack) -> None:
    reply = stack.send(sid(), "hello", language="en")
    assert texts(reply).strip()


# --- REST channel ----------------------------------------------------------------

REST_BAD_REQUESTS = {
    "invalid JSON": b'{"sender": "x", "message": ',
    "not UTF-8": b'{"sender": "x", "message": "\xff\xfe\xfa"}',
    "latin-1 text": '{"sender": "x", "message": "café déjà"}'.encode("latin-1"),
    "JSON array": b'[{"sender": "x", "message": "hi"}]',
    "JSON string": b'"hello"',
    "empty body": b"",
    "missing sender": body(...),
    "sender null": body(None),
    "sender empty": body(""),
    "sender object": body({"id": "x"}),
    "sender list": body(["x"]),
    "sender bool": body(True),
    "sender 10k chars": body("s" * 10_000),
    "sender control chars": body("a\x00b\nc"),
    "message missing": json.dumps({"sender": "x"}).encode(),
    "message number": json.dumps({"sender": "x", "message": 42}).encode(),
    "message object": json.dumps({"sender": "x", "message": {"text": "hi"}}).encode(),
    "100 KB message": body("x", "a" * 100_000),
}


@pytest.mark.parametrize("name", list(REST_BAD_REQUESTS))
def test_rest_rejects_malformed_requests_with_4xx(live_stack, name):
    resp = post_raw(live_stack.webhook, REST_BAD_REQUESTS[name])
    assert 400 <= resp.status_code < 500, (name, resp.status_code, resp.text[:300])
    assert "Traceback" not in resp.text


def test_rest_accepts_a_numeric_sender_and_odd_metadata(live_stack):
    resp = post_raw(live_stack.webhook, body(12345, "hello", metadata={"customer_token": {"sub": "CUST-1002"},
                                                                       "language": ["en"], "customer_id": "CUST-1002"}))
    assert resp.status_code == 200, resp.text
    assert not any(s in resp.text for s in OTHER_CUSTOMER)
    resp = post_raw(live_stack.webhook, body(sid(), "hello", metadata="not a dict"))
    assert resp.status_code == 200, resp.text


def test_rest_long_message_gets_a_polite_reply(live_stack):
    reply = live_stack.send(sid(), "hủy đơn " * 600, language="vi")  # ~5 KB: within the body limit
    assert "quá dài" in texts(reply)


@pytest.mark.parametrize("message", SQL_LIKE + [f"cancel order {s}" for s in SQL_LIKE[:3]]
                         + ["/cancel_order" + json.dumps({"order_id": s}) for s in SQL_LIKE[:3]])
def test_rest_sql_like_ids_are_just_text(live_stack, message):
    token = live_stack.token("CUST-1001")
    reply = texts(live_stack.send(sid(), message, token=token, language="en"))
    assert reply.strip() and "Traceback" not in reply
    assert not any(s in reply for s in OTHER_CUSTOMER), reply
    assert {c["id"] for c in live_stack.export()["customers"]} >= {"CUST-1001", "CUST-1002"}


@pytest.mark.parametrize("message", XSS)
def test_rest_xss_payloads_get_a_polite_reply(live_stack, message):
    reply = live_stack.send(sid(), message, language="en")
    assert texts(reply).strip()
    for m in reply:
        for b in m.get("buttons", []):
            assert "<script" not in b["payload"].lower() and "onerror" not in b["payload"].lower()


def test_rest_server_is_still_up_after_hostile_input(live_stack):
    for data in REST_BAD_REQUESTS.values():
        post_raw(live_stack.webhook, data)
    assert_still_up(live_stack)


# --- page backend ------------------------------------------------------------------

def page_session(stack) -> requests.Session:
    http = requests.Session()
    assert http.get(f"{stack.web_url}/api/session", timeout=30).status_code == 200
    return http


PAGE_BAD_REQUESTS = {
    "invalid JSON": (b'{"message": ', "application/json"),
    "not UTF-8": (b'{"message": "\xff\xfe"}', "application/json"),
    "JSON array": (b'["hello"]', "application/json"),
    "empty body": (b"", "application/json"),
    "form encoded": (b"message=hello", "application/x-www-form-urlencoded"),
    "text/plain": (b'{"message": "hello"}', "text/plain"),
    "message missing": (b'{"sender": "x"}', "application/json"),
    "message number": (b'{"message": 42}', "application/json"),
    "message object": (b'{"message": {"text": "hi"}}', "application/json"),
    "empty message": (b'{"message": "   "}', "application/json"),
    "10k message": (json.dumps({"message": "a" * 10_000}).encode(), "application/json"),
    "100 KB body": (json.dumps({"message": "a" * 100_000}).encode(), "application/json"),
}


@pytest.mark.parametrize("name", list(PAGE_BAD_REQUESTS))
def test_page_rejects_malformed_requests_with_4xx(live_stack, name):
    data, content_type = PAGE_BAD_REQUESTS[name]
    resp = post_raw(f"{live_stack.web_url}/api/chat", data, content_type,
                    cookies=page_session(live_stack).cookies)
    assert 400 <= resp.status_code < 500, (name, resp.status_code, resp.text[:300])
    assert "Traceback" not in resp.text


@pytest.mark.parametrize("sender", [None, 12345, {"id": "CUST-1002"}, "s" * 10_000, "CUST-1002"])
def test_page_ignores_client_chosen_sender_and_identity(live_stack, sender):
    http = page_session(live_stack)
    resp = http.post(f"{live_stack.web_url}/api/chat", timeout=120,
                     json={"message": "my balance is overdue, how do I pay?", "language": "en", "sender": sender,
                           "customer_id": "CUST-1002", "customer_token": "x", "metadata": {"customer_id": "CUST-1002"}})
    assert resp.status_code == 200, resp.text
    assert not any(s in resp.text for s in OTHER_CUSTOMER), resp.text


@pytest.mark.parametrize("message", SQL_LIKE[:3] + XSS)
def test_page_hostile_messages_get_a_polite_reply(live_stack, message):
    http = page_session(live_stack)
    resp = http.post(f"{live_stack.web_url}/api/chat", json={"message": message, "language": "en"}, timeout=120)
    assert resp.status_code == 200, resp.text
    assert resp.json()["messages"], resp.text
    assert "script-src 'self'" in resp.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize("cookie", ["x" * 5000, "'; DROP TABLE sessions; --", "../../etc/passwd", "\u00e9\u00e8"])
def test_page_odd_session_cookies_get_a_new_session(live_stack, cookie):
    resp = requests.get(f"{live_stack.web_url}/api/session", headers={"Cookie": f"support_sid={cookie}"}, timeout=30)
    assert resp.status_code < 500, resp.text
    assert resp.status_code == 200 and resp.json()["ok"]


def test_page_refuses_cross_origin_posts(live_stack):
    http = page_session(live_stack)
    resp = http.post(f"{live_stack.web_url}/api/chat", json={"message": "hello"}, headers={"Origin": "https://evil.example"},
                     timeout=60)
    assert resp.status_code == 403, resp.text


def test_page_is_still_up_after_hostile_input(live_stack):
    for data, content_type in PAGE_BAD_REQUESTS.values():
        post_raw(f"{live_stack.web_url}/api/chat", data, content_type)
    http = page_session(live_stack)
    resp = http.post(f"{live_stack.web_url}/api/chat", json={"message": "hello", "language": "en"}, timeout=120)
    assert resp.status_code == 200 and resp.json()["ok"], resp.text
