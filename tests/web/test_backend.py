"""The page backend over real HTTP, against a stub of Rasa's REST channel."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from bot.auth import verify_token
from bot.web.app import create_app
from bot.web.security import CSP
from bot.web.sessions import SessionStore
from tests.web.stubs import TOKEN_SECRET, AppThread, free_port

TWO_BILLS = "tại sao tôi bị tính phí hai lần"
XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>'


def chat(client, web, message, language="vi", **extra):
    return client.post(f"{web.web_url}/api/chat", json={"message": message, "language": language, **extra})


def sign_in(client, web, customer_id):
    return client.post(f"{web.web_url}/api/signin", json={"customer_id": customer_id})


# --- identity: the token is minted server side and never leaves the server -------------------

def test_signed_in_message_carries_a_valid_token_for_the_chosen_customer(client, web):
    assert sign_in(client, web, "CUST-1001").json()["customer"]["name"] == "Nguyễn Minh Anh"
    resp = chat(client, web, TWO_BILLS)
    body = resp.json()
    assert resp.status_code == 200 and body["ok"] is True
    assert "ngày 5 tháng 3 năm 2026" in body["messages"][0]["text"]
    forwarded = web.rasa.received[-1]
    assert forwarded["sender"] == client.get(f"{web.web_url}/api/session").json()["sender_id"]
    assert forwarded["metadata"]["language"] == "vi"
    assert verify_token(forwarded["metadata"]["customer_token"], secret=TOKEN_SECRET) == "CUST-1001"


def test_token_and_secret_never_reach_the_browser(client, web):
    sign_in(client, web, "CUST-1001")
    texts = [chat(client, web, TWO_BILLS).text, client.get(f"{web.web_url}/api/session").text,
             client.get(f"{web.web_url}/api/demo-customers").text, client.get(f"{web.web_url}/").text]
    token = web.rasa.received[-1]["metadata"]["customer_token"]
    for text in texts:
        assert token not in text
        assert TOKEN_SECRET not in text
        assert "eyJ" not in text  # no JWT of any kind


def test_anonymous_messages_carry_no_token(client, web):
    chat(client, web, "xin chào")
    assert "customer_token" not in web.rasa.received[-1]["metadata"]


@pytest.mark.parametrize("claimed", ["CUST-9999", "", 42, ["CUST-1001"], "CUST-1001' OR 1=1"])
def test_browser_cannot_claim_an_identity_outside_the_demo_list(client, web, claimed):
    resp = sign_in(client, web, claimed)
    assert resp.status_code == 400
    assert resp.json()["error"] == "unknown_customer"
    chat(client, web, "xin chào")
    assert "customer_token" not in web.rasa.received[-1]["metadata"]


def test_token_fields_in_the_chat_body_are_ignored(client, web):
    chat(client, web, "xin chào", customer_token="forged", customer_id="CUST-1001",
         metadata={"customer_token": "forged"})
    assert web.rasa.received[-1]["metadata"] == {"language": "vi"}


def test_demo_signin_can_be_switched_off(client, web_settings, make_web):
    web = make_web(web_settings, demo=False)
    assert client.get(f"{web.web_url}/api/demo-customers").json() == {"ok": True, "enabled": False,
                                                                       "customers": []}
    resp = sign_in(client, web, "CUST-1001")
    assert resp.status_code == 403 and resp.json()["error"] == "signin_disabled"


def test_switching_identity_starts_a_new_conversation(client, web):
    first = client.get(f"{web.web_url}/api/session").json()["sender_id"]
    chat(client, web, "xin chào")
    state = sign_in(client, web, "CUST-1001").json()
    assert state["sender_id"] != first and state["transcript"] == []
    assert sign_in(client, web, None).json()["customer"] is None


# --- input limits ---------------------------------------------------------------------------

@pytest.mark.parametrize("language, expected, limit", [("vi", "quá dài", "1.000"), ("en", "too long", "1,000")])
def test_message_over_1000_chars_is_refused_localized_and_not_forwarded(client, web, language, expected, limit):
    resp = chat(client, web, "a" * 1001, language)
    assert resp.status_code == 422
    assert resp.json()["error"] == "too_long"
    assert expected in resp.json()["messages"][0]["text"]
    assert limit in resp.json()["messages"][0]["text"]
    assert web.rasa.received == []


def test_message_of_exactly_1000_chars_is_forwarded(client, web):
    assert chat(client, web, "á" * 1000).json()["ok"] is True
    assert len(web.rasa.received[-1]["message"]) == 1000


def test_blank_message_is_refused(client, web):
    assert chat(client, web, "   ").status_code == 422
    assert web.rasa.received == []


def test_oversized_body_gets_413_json_with_headers(client, web):
    resp = client.post(f"{web.web_url}/api/chat", data=b"{" + b" " * 20_000 + b"}",
                       headers={"Content-Type": "application/json"})
    assert resp.status_code == 413
    assert resp.json()["error"] == "too_large"
    assert resp.headers["Content-Security-Policy"] == CSP
    assert web.rasa.received == []


@pytest.mark.parametrize("data, content_type, status", [
    (b"{not json", "application/json", 400),
    (b"\xff\xfe\x00{}", "application/json", 400),
    (b'"just a string"', "application/json", 400),
    (b'{"message": 5}', "application/json", 400),
    (b'{"message": "hi"}', "text/plain", 415),
])
def test_malformed_requests_get_json_4xx(client, web, data, content_type, status):
    resp = client.post(f"{web.web_url}/api/chat", data=data, headers={"Content-Type": content_type})
    assert resp.status_code == status
    assert resp.json()["ok"] is False and resp.json()["messages"][0]["text"]
    assert web.rasa.received == []


def test_cross_origin_post_is_refused(client, web):
    resp = client.post(f"{web.web_url}/api/chat", json={"message": "hi"},
                       headers={"Origin": "https://evil.example"})
    assert resp.status_code == 403
    assert web.rasa.received == []


def test_rate_limit_per_session_is_localized(client, web_settings, make_web):
    web = make_web(web_settings, rate_limit_count=3)
    codes = [chat(client, web, f"tin {i}").status_code for i in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = chat(client, web, "again", "en")
    assert refused.status_code == 429 and "too quickly" in refused.json()["messages"][0]["text"]
    assert len(web.rasa.received) == 3
    other = requests.Session()  # a different session is not affected
    assert chat(other, web, "xin chào").status_code == 200


# --- headers --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/en", "/static/widget.js", "/static/widget.css", "/api/session",
                                  "/api/demo-customers", "/nope"])
def test_security_headers_on_every_response(client, web, path):
    resp = client.get(web.web_url + path)
    assert resp.headers["Content-Security-Policy"] == CSP
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"]


def test_session_cookie_is_httponly_and_samesite_strict(client, web):
    assert "Set-Cookie" not in client.get(f"{web.web_url}/api/session").headers  # nothing stored yet
    cookie = chat(client, web, "xin chào").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie


@pytest.mark.parametrize("page", ["/", "/en"])
def test_pages_have_no_inline_script_or_style_and_no_external_assets(client, web, page):
    html = client.get(web.web_url + page).text
    assert "<style" not in html and " style=" not in html
    assert html.count("<script") == html.count('<script src="/static/') + html.count('<script src="/widget-i18n.js"')
    assert "http://" not in html and "https://" not in html


# --- Rasa failures are never a 5xx -----------------------------------------------------------

def test_rasa_unreachable_answers_200_with_localized_unavailable(client, web_settings, make_web, dead_rasa_url):
    web = make_web(web_settings, rasa_url=dead_rasa_url)
    resp = chat(client, web, "xin chào", "en")
    assert resp.status_code == 200
    body = resp.json()
    assert body["ok"] is False and body["error"] == "unavailable"
    assert "temporarily unavailable" in body["messages"][0]["text"]
    assert client.get(f"{web.web_url}/api/session").json()["pending"]["message"] == "xin chào"


@pytest.mark.parametrize("status", [500, 503, 404])
def test_rasa_error_status_answers_unavailable_and_recovers(client, web, status):
    web.rasa.status = status
    body = chat(client, web, "xin chào").json()
    assert body["error"] == "unavailable" and "tạm thời" in body["messages"][0]["text"]
    web.rasa.status = 200
    assert chat(client, web, "xin chào").json()["ok"] is True
    assert client.get(f"{web.web_url}/api/session").json()["pending"] is None


def test_rasa_timeout_counts_as_unavailable(client, web_settings, make_web):
    web = make_web(web_settings, rasa_timeout_s=0.3)
    resp = chat(client, web, "/slow")
    assert resp.status_code == 200 and resp.json()["error"] == "unavailable"


def test_rasa_empty_answer_counts_as_unavailable(client, web):
    body = chat(client, web, "/silent").json()
    assert body["ok"] is False and body["error"] == "unavailable"


def test_channel_unavailable_answer_keeps_the_message_for_try_again(client, web):
    """The REST channel's own "temporarily unavailable" is a failure, not an answer."""
    body = chat(client, web, "/unavailable").json()
    assert body["ok"] is False and body["error"] == "unavailable"
    assert "Temporarily unavailable." not in [m["text"] for m in body["messages"]]
    assert client.get(f"{web.web_url}/api/session").json()["pending"]["message"] == "/unavailable"


# --- transcript, feedback, restart -----------------------------------------------------------

def test_xss_payload_is_stored_and_returned_verbatim_as_text(client, web):
    body = chat(client, web, XSS).json()
    assert body["user"]["text"] == XSS
    assert body["messages"][0]["text"] == "Bạn đã nói: " + XSS
    transcript = client.get(f"{web.web_url}/api/session").json()["transcript"]
    assert [m["text"] for m in transcript] == [XSS, "Bạn đã nói: " + XSS]


def test_transcript_survives_a_backend_restart(client, web, web_settings, stub_rasa):
    chat(client, web, "xin chào")
    before = client.get(f"{web.web_url}/api/session").json()
    again = AppThread(create_app(settings=web_settings)).start()
    try:
        after = client.get(f"{again.url}/api/session", cookies=client.cookies).json()
    finally:
        again.stop()
    assert after["sender_id"] == before["sender_id"]
    assert after["transcript"] == before["transcript"] and len(after["transcript"]) == 2
    raw = Path(web_settings.db_url.removeprefix("sqlite:///")).read_bytes()
    assert client.cookies["support_sid"].encode() not in raw  # only a hash of the cookie is stored


def test_quick_reply_marks_its_buttons_used(client, web):
    sign_in(client, web, "CUST-1001")
    answer = chat(client, web, TWO_BILLS).json()["messages"][0]
    chat(client, web, "/cancel_subscription", display="Hủy gói đăng ký", reply_to=answer["id"])
    transcript = client.get(f"{web.web_url}/api/session").json()["transcript"]
    assert transcript[1]["used"] is True
    assert transcript[2] == {"id": transcript[2]["id"], "role": "user", "text": "Hủy gói đăng ký"}
    assert web.rasa.received[-1]["message"] == "/cancel_subscription"


def test_feedback_and_handoff_are_recorded_without_secrets(client, web):
    sign_in(client, web, "CUST-1001")
    answer = chat(client, web, TWO_BILLS).json()["messages"][0]
    resp = client.post(f"{web.web_url}/api/feedback", json={"message_id": answer["id"], "rating": "down"})
    assert resp.json() == {"ok": True, "message_id": answer["id"], "rating": "down"}
    chat(client, web, "/human_handoff", display="Nói chuyện với nhân viên")
    lines = SessionStore(web.db_url).feedback()
    assert [(x["event"], x.get("rating")) for x in lines] == [("rating", "down"), ("handoff", None)]
    assert lines[0]["message_id"] == answer["id"] and len(lines[0]["session_hash"]) == 16
    raw = Path(web.db_url.removeprefix("sqlite:///")).read_bytes()
    assert b"eyJ" not in raw and client.cookies["support_sid"].encode() not in raw
    assert client.get(f"{web.web_url}/api/session").json()["transcript"][1]["rating"] == "down"


@pytest.mark.parametrize("body", [{"message_id": "nope", "rating": "up"}, {"message_id": None, "rating": "up"}])
def test_feedback_on_unknown_message_is_404(client, web, body):
    assert client.post(f"{web.web_url}/api/feedback", json=body).status_code == 404


def test_feedback_rating_must_be_up_or_down(client, web):
    answer = chat(client, web, "hi").json()["messages"][0]
    resp = client.post(f"{web.web_url}/api/feedback", json={"message_id": answer["id"], "rating": "meh"})
    assert resp.status_code == 400


def test_restart_gives_a_new_sender_and_empty_transcript(client, web):
    chat(client, web, "xin chào")
    before = client.get(f"{web.web_url}/api/session").json()
    after = client.post(f"{web.web_url}/api/restart", json={}).json()
    assert after["sender_id"] != before["sender_id"] and after["transcript"] == []
    chat(client, web, "xin chào")
    assert web.rasa.received[-1]["sender"] == after["sender_id"]


def test_bot_language_switch_is_remembered(client, web):
    body = chat(client, web, "/english").json()
    assert body["messages"][0]["set_language"] == "en" and body["language"] == "en"
    assert client.get(f"{web.web_url}/api/session").json()["language"] == "en"


def test_python_m_bot_web_serves_the_page(tmp_path):
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "SUPPORT_WEB_PORT": str(port), "SUPPORT_TOKEN_SECRET": TOKEN_SECRET,
           "SUPPORT_HOST_SECRET": "h" * 40, "SUPPORT_DB_URL": f"sqlite:///{tmp_path / 'none.db'}",
           "PYTHONPATH": str(Path.cwd())}
    proc = subprocess.Popen([sys.executable, "-m", "bot.web"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                resp = requests.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "python -m bot.web did not start"
                time.sleep(0.2)
        assert resp.status_code == 200 and '<html lang="vi">' in resp.text
        assert "Hủy đơn hàng hoặc đơn đặt trước từ Microsoft Store" in resp.text
    finally:
        proc.terminate()
        proc.wait(10)
