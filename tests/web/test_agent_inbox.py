"""The agent inbox over HTTP: the hand-off reaches a person and comes back, and nobody
without an agent session sees anything. Real backend, stub Rasa (which queues
hand-offs through the same store and rules as ``action_handoff``)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from bot.handoff.passwords import hash_password
from bot.handoff.store import HandoffStore
from bot.web.app import create_app
from tests.web.stubs import AppThread

PASSWORD = "correct horse battery"
ROOT = Path(__file__).resolve().parents[2]


def add_agent(db_url: str, name: str = "lan", display: str = "Lan") -> None:
    HandoffStore(db_url).add_agent(name, display, hash_password(PASSWORD))


def agent_session(url: str, name: str = "lan") -> requests.Session:
    s = requests.Session()
    resp = s.post(f"{url}/agent/api/login", json={"name": name, "password": PASSWORD})
    assert resp.status_code == 200, resp.text
    return s


def customer_hands_off(url: str) -> tuple:
    customer = requests.Session()
    customer.post(f"{url}/api/signin", json={"customer_id": "CUST-1001"})
    customer.post(f"{url}/api/chat", json={"message": "xin chào", "language": "vi"})
    answer = customer.post(f"{url}/api/chat", json={"message": "/human_handoff", "language": "vi",
                                                    "display": "Nói chuyện với nhân viên"}).json()
    return customer, answer


def test_hand_off_reaches_an_agent_and_comes_back(web):
    add_agent(web.db_url)
    agent = agent_session(web.web_url)
    customer, answer = customer_hands_off(web.web_url)
    assert answer["handoff"]["status"] == "waiting"
    assert "Tôi đã chuyển cuộc trò chuyện này đến nhân viên hỗ trợ" in answer["messages"][0]["text"]

    queue = agent.get(f"{web.web_url}/agent/api/queue").json()["queue"]
    assert [(q["status"], q["reason"], q["language"], q["customer_id"]) for q in queue] == [
        ("waiting", "asked", "vi", "CUST-1001")]
    handoff_id = queue[0]["id"]
    detail = agent.get(f"{web.web_url}/agent/api/handoffs/{handoff_id}").json()
    assert [m["text"] for m in detail["transcript"]][:2] == ["xin chào", "Xin chào! Tôi là trợ lý ảo."]
    assert detail["handoff"]["context"]["intents"][0]["name"] == "human_handoff"

    assert agent.post(f"{web.web_url}/agent/api/handoffs/{handoff_id}/claim", json={}).json()["ok"]
    last = customer.get(f"{web.web_url}/api/session").json()["transcript"][-1]["id"]
    agent.post(f"{web.web_url}/agent/api/handoffs/{handoff_id}/reply", json={"text": "Chào bạn, tôi là Lan."})
    news = customer.get(f"{web.web_url}/api/updates", params={"after": last, "status": "waiting"}).json()
    assert [(m["role"], m["text"], m["agent"]) for m in news["messages"]] == [("agent", "Chào bạn, tôi là Lan.", "Lan")]
    assert news["handoff"] == {"id": handoff_id, "status": "claimed", "agent": "Lan"}

    sent_to_rasa = len(web.rasa.received)
    held = customer.post(f"{web.web_url}/api/chat", json={"message": "đơn ORD-1001 của tôi", "language": "vi"}).json()
    assert held["ok"] and held["messages"] == [] and len(web.rasa.received) == sent_to_rasa  # not to Rasa
    detail = agent.get(f"{web.web_url}/agent/api/handoffs/{handoff_id}").json()
    assert detail["transcript"][-1]["text"] == "đơn ORD-1001 của tôi"

    assert agent.post(f"{web.web_url}/agent/api/handoffs/{handoff_id}/return", json={}).json()["ok"]
    state = customer.get(f"{web.web_url}/api/session").json()
    assert state["handoff"]["status"] == "returned"
    assert "đã chuyển bạn lại cho tôi" in state["transcript"][-1]["text"]
    customer.post(f"{web.web_url}/api/chat", json={"message": "xin chào", "language": "vi"})
    assert len(web.rasa.received) == sent_to_rasa + 1  # the assistant answers again
    actions = [r["action"] for r in HandoffStore(web.db_url).audit_rows() if r["handoff_id"] == handoff_id]
    assert actions == ["view", "claim", "reply", "view", "return"]


def test_nobody_there_is_said_and_a_message_can_be_left(web):
    customer, answer = customer_hands_off(web.web_url)
    assert answer["handoff"]["status"] == "unattended"
    assert "Hiện chưa có nhân viên hỗ trợ nào trực tuyến" in answer["messages"][0]["text"]
    bad = customer.post(f"{web.web_url}/api/contact", json={"email": "not-an-email", "message": "hi"})
    assert bad.status_code == 422
    assert "(tối đa 1.000 ký tự)" in bad.json()["messages"][0]["text"]  # the real limit, grouped as vi writes it
    left = customer.post(f"{web.web_url}/api/contact", json={"email": "anh@example.com",
                                                             "message": "Tôi cần hủy đơn ORD-1001 gấp."}).json()
    assert left["ok"] and "anh@example.com" in left["messages"][0]["text"]
    add_agent(web.db_url)
    agent = agent_session(web.web_url)
    queue = agent.get(f"{web.web_url}/agent/api/queue").json()["queue"]
    assert [(q["status"], q["contact_email"], q["contact_message"]) for q in queue] == [
        ("message", "anh@example.com", "Tôi cần hủy đơn ORD-1001 gấp.")]
    again = customer.post(f"{web.web_url}/api/contact", json={"email": "anh@example.com", "message": "again"})
    assert again.status_code == 409


def test_a_restart_of_the_backend_loses_nothing(web, web_settings):
    add_agent(web.db_url)
    agent = agent_session(web.web_url)
    customer, answer = customer_hands_off(web.web_url)
    handoff_id = answer["handoff"]["id"]
    agent.post(f"{web.web_url}/agent/api/handoffs/{handoff_id}/claim", json={})
    second = AppThread(create_app(settings=replace(web_settings))).start()  # another instance / a restart
    try:
        agent2 = requests.Session()
        agent2.cookies.update(agent.cookies)
        assert agent2.post(f"{second.url}/agent/api/handoffs/{handoff_id}/reply",
                           json={"text": "Still here."}).json()["ok"]
        state = requests.get(f"{second.url}/api/session", cookies=customer.cookies).json()
    finally:
        second.stop()
    assert state["handoff"]["status"] == "claimed" and state["transcript"][-1]["text"] == "Still here."


@pytest.mark.parametrize("method,path", [
    ("GET", "/agent/api/queue"), ("GET", "/agent/api/me"), ("GET", "/agent/api/handoffs/H-1"),
    ("POST", "/agent/api/handoffs/H-1/claim"), ("POST", "/agent/api/handoffs/H-1/reply"),
])
def test_inbox_api_needs_an_agent_session(web, method, path):
    customer, _ = customer_hands_off(web.web_url)  # a customer's cookie is no agent session
    for session in (requests.Session(), customer):
        assert session.request(method, web.web_url + path, json={}).status_code == 401
    forged = requests.Session()
    forged.cookies.set("agent_sid", "forged-value")
    assert forged.request(method, web.web_url + path, json={}).status_code == 401


def test_inbox_refuses_other_origins_and_non_json(web):
    add_agent(web.db_url)
    agent = agent_session(web.web_url)
    assert agent.get(f"{web.web_url}/agent/api/queue", headers={"Origin": "https://evil.example"}).status_code == 403
    assert agent.post(f"{web.web_url}/agent/api/logout", data="x",
                      headers={"Content-Type": "text/plain"}).status_code == 415


def test_password_guessing_is_locked_out(web):
    add_agent(web.db_url)
    codes = [requests.post(f"{web.web_url}/agent/api/login", json={"name": "lan", "password": f"guess-{i}-xxxx"})
             .status_code for i in range(6)]
    assert codes[:4] == [401] * 4 and codes[4:] == [423, 423]
    locked = requests.post(f"{web.web_url}/agent/api/login", json={"name": "lan", "password": PASSWORD})
    assert locked.status_code == 423


def test_agent_cookie_is_httponly_strict_and_scoped(web):
    add_agent(web.db_url)
    resp = requests.post(f"{web.web_url}/agent/api/login", json={"name": "lan", "password": PASSWORD})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/agent" in cookie


def test_agent_add_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'support.db'}"
    env = {**os.environ, "SUPPORT_DB_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot.web", "agent", "add", "lan", "--display-name", "Lan",
                           "--password-stdin"], input=PASSWORD + "\n", text=True, capture_output=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    cookie, outcome = HandoffStore(url).sign_in("lan", PASSWORD)
    assert outcome == "ok" and HandoffStore(url).display_name("lan") == "Lan"
    short = subprocess.run([sys.executable, "-m", "bot.web", "agent", "add", "x", "--password-stdin"],
                           input="short\n", text=True, capture_output=True, env=env, cwd=ROOT, timeout=60)
    assert short.returncode == 2 and "at least 10 characters" in short.stderr


def test_updates_long_poll_returns_at_once_when_something_changed(web):
    add_agent(web.db_url)
    agent_session(web.web_url)
    customer, answer = customer_hands_off(web.web_url)
    started = time.monotonic()
    news = customer.get(f"{web.web_url}/api/updates", params={"status": "claimed"}).json()
    assert news["handoff"]["status"] == "waiting" and time.monotonic() - started < 2


def test_inbox_labels_come_from_the_catalogue(web):
    """One source: /agent/i18n.js is generated from bot/i18n/catalog/agent.yml, it names
    every hand-off reason and status in both languages, and agent.js holds no label."""
    import json as _json

    from bot.handoff.rules import Reason, Status

    resp = requests.get(f"{web.web_url}/agent/i18n.js", timeout=10)
    assert resp.status_code == 200 and "javascript" in resp.headers["Content-Type"]
    body = resp.text.split("window.AgentStrings = ", 1)[1].rstrip().rstrip(";")
    strings = _json.loads(body)
    for lang in ("vi", "en"):
        assert {r.value for r in Reason} <= set(strings[lang]["reasons"])
        assert {s.value for s in Status} <= set(strings[lang]["statuses"])
    assert strings["en"]["logout"] == "Sign out" and strings["vi"]["logout"] == "Đăng xuất"
    page = requests.get(f"{web.web_url}/agent", timeout=10).text
    assert page.index("/agent/i18n.js") < page.index("/static/agent.js")
    script = (Path(__file__).parents[2] / "bot" / "web" / "static" / "agent.js").read_text(encoding="utf-8")
    assert "Sign out" not in script and "Đăng xuất" not in script
