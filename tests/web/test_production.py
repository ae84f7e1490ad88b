"""The page backend as a company would run it: identity from the host site, sessions in
the database, limits that hold, secure defaults. Each test is one finding of the
production issue, reproduced against the real backend (with a stub Rasa).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import jwt
import pytest
import requests
from sqlalchemy import update

from bot.auth import verify_token
from bot.web.app import create_app
from bot.web.sessions import SessionStore, now_utc, session_key
from bot.web.tables import web_sessions
from tests.data.conftest import db_url, pg_admin_url  # noqa: F401 - fixtures: SQLite and PostgreSQL
from tests.web.stubs import HOST_SECRET, TOKEN_SECRET, AppThread

ROOT = Path(__file__).resolve().parents[2]
HOST_ORIGIN = "https://shop.example.com"


def host_jwt(sub: str = "CUST-1001", *, secret: str = HOST_SECRET, lifetime: int = 300, **extra) -> str:
    now = int(time.time())
    return jwt.encode({"sub": sub, "iat": now, "exp": now + lifetime, **extra}, secret, algorithm="HS256")


def post(url: str, path: str, body: dict, **kw) -> requests.Response:
    return requests.post(url + path, json=body, timeout=10, **kw)


@pytest.fixture
def prod(web_settings, make_web):
    """Production settings: no demo switcher, one allow-listed host site."""
    return make_web(web_settings, demo=False, allowed_origins=(HOST_ORIGIN,))


# --- limits ---------------------------------------------------------------------------

def test_a_parallel_cookieless_burst_is_limited_per_address(web):
    with ThreadPoolExecutor(30) as pool:
        codes = list(pool.map(lambda i: post(web.web_url, "/api/chat", {"message": f"xin chào {i}"}).status_code,
                              range(30)))
    assert codes.count(200) == 10 and codes.count(429) == 20  # 10 new sessions a minute per address
    assert len(web.rasa.received) == 10  # the refused ones never reached Rasa


def test_a_signin_flood_from_one_address_evicts_nobody(web, client):
    client.post(f"{web.web_url}/api/signin", json={"customer_id": "CUST-1001"})
    client.post(f"{web.web_url}/api/chat", json={"message": "xin chào"})
    before = client.get(f"{web.web_url}/api/session").json()
    codes = [post(web.web_url, "/api/signin", {"customer_id": "CUST-1002"}).status_code for _ in range(300)]
    assert codes.count(429) >= 290
    after = client.get(f"{web.web_url}/api/session").json()
    assert after["transcript"] == before["transcript"] and after["customer"]["id"] == "CUST-1001"


def test_many_sessions_have_no_global_cap(web_settings, make_web, client):
    web = make_web(web_settings, new_sessions_per_ip=10_000, rate_limit_count=10_000, chat_per_ip=10_000)
    client.post(f"{web.web_url}/api/chat", json={"message": "xin chào"})
    for i in range(120):
        assert post(web.web_url, "/api/chat", {"message": f"hello {i}"}).status_code == 200
    assert len(client.get(f"{web.web_url}/api/session").json()["transcript"]) == 2


def test_limits_follow_the_client_behind_a_trusted_proxy(web_settings, make_web):
    import ipaddress

    proxied = make_web(web_settings, trusted_proxies=(ipaddress.ip_network("127.0.0.0/8"),))
    ok = [post(proxied.web_url, "/api/chat", {"message": "hi"},
               headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(15)]
    assert ok.count(200) == 15  # fifteen clients, one new session each
    same = [post(proxied.web_url, "/api/chat", {"message": "hi"},
                 headers={"X-Forwarded-For": "198.51.100.7"}).status_code for _ in range(12)]
    assert same.count(429) == 2


def test_forwarded_for_is_ignored_without_a_trusted_proxy(web):
    codes = [post(web.web_url, "/api/chat", {"message": "hi"},
                  headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(12)]
    assert codes.count(429) == 2  # a client cannot pick its own address


def test_a_conversation_has_a_message_cap(web_settings, make_web, client):
    web = make_web(web_settings, max_messages=4)
    for _ in range(2):
        assert client.post(f"{web.web_url}/api/chat", json={"message": "xin chào"}).json()["ok"]
    full = client.post(f"{web.web_url}/api/chat", json={"message": "xin chào"})
    assert full.status_code == 422 and full.json()["error"] == "conversation_full"
    assert "Bắt đầu lại" in full.json()["messages"][0]["text"]
    client.post(f"{web.web_url}/api/restart", json={})
    assert client.post(f"{web.web_url}/api/chat", json={"message": "xin chào"}).json()["ok"]


# --- identity ---------------------------------------------------------------------------

def test_signin_as_any_customer_is_impossible_outside_demo_mode(prod):
    resp = post(prod.web_url, "/api/signin", {"customer_id": "CUST-1001"})
    assert resp.status_code == 403 and resp.json()["error"] == "signin_disabled"
    assert post(prod.web_url, "/api/demo-customers", {}).status_code == 405
    assert requests.get(f"{prod.web_url}/api/demo-customers").json() == {"ok": True, "enabled": False,
                                                                         "customers": []}


@pytest.mark.parametrize("token", [
    host_jwt(secret="another-secret-0123456789abcdef0123456789"),  # not signed by the host
    host_jwt(lifetime=-120),  # expired
    host_jwt(lifetime=7200),  # not short-lived
    jwt.encode({"sub": "CUST-1001", "exp": int(time.time()) + 60}, HOST_SECRET, algorithm="HS256"),  # no iat
    jwt.encode({"sub": "CUST-1001", "iat": int(time.time()), "exp": int(time.time()) + 60}, None,
               algorithm="none"),
    host_jwt(sub=""), "not a jwt", 42,
])
def test_a_bad_host_token_binds_nobody(prod, client, token):
    resp = client.post(f"{prod.web_url}/api/identify", json={"user_jwt": token})
    assert resp.status_code == 401 and resp.json()["error"] == "identity_invalid"
    client.post(f"{prod.web_url}/api/chat", json={"message": "tại sao tôi bị tính phí hai lần"})
    assert "customer_token" not in prod.rasa.received[-1]["metadata"]


def test_the_host_token_binds_the_session_and_a_signout_unbinds_it(prod, client):
    bound = client.post(f"{prod.web_url}/api/identify", json={"user_jwt": host_jwt("CUST-1002")}).json()
    assert bound["customer"]["id"] == "CUST-1002"
    client.post(f"{prod.web_url}/api/chat", json={"message": "tại sao tôi bị tính phí hai lần"})
    token = prod.rasa.received[-1]["metadata"]["customer_token"]
    assert verify_token(token, secret=TOKEN_SECRET) == "CUST-1002"
    assert verify_token(token, secret=HOST_SECRET) is None  # the host secret never signs our tokens
    signed_out = client.post(f"{prod.web_url}/api/identify", json={"user_jwt": None}).json()
    assert signed_out["customer"] is None and signed_out["transcript"] == []
    client.post(f"{prod.web_url}/api/chat", json={"message": "xin chào"})
    assert "customer_token" not in prod.rasa.received[-1]["metadata"]


def test_an_anonymous_visitor_identifying_as_nobody_stores_nothing(prod):
    resp = post(prod.web_url, "/api/identify", {"user_jwt": None})
    assert resp.json()["customer"] is None and "Set-Cookie" not in resp.headers


# --- cross-origin embedding -----------------------------------------------------------------

def test_allow_listed_host_gets_cors_and_a_bearer_session(prod):
    pre = requests.options(f"{prod.web_url}/api/chat", headers={
        "Origin": HOST_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert pre.status_code == 204 and pre.headers["Access-Control-Allow-Origin"] == HOST_ORIGIN
    assert "authorization" in pre.headers["Access-Control-Allow-Headers"].lower()
    first = post(prod.web_url, "/api/identify", {"user_jwt": host_jwt()}, headers={"Origin": HOST_ORIGIN})
    assert first.headers["Access-Control-Allow-Origin"] == HOST_ORIGIN and "Set-Cookie" not in first.headers
    assert "Access-Control-Allow-Credentials" not in first.headers
    bearer = {"Origin": HOST_ORIGIN, "Authorization": "Bearer " + first.json()["session_token"]}
    post(prod.web_url, "/api/chat", {"message": "xin chào"}, headers=bearer)
    state = requests.get(f"{prod.web_url}/api/session", headers=bearer).json()
    assert state["customer"]["id"] == "CUST-1001" and len(state["transcript"]) == 2
    assert "session_token" not in state  # handed out once, when the session is created


def test_other_origins_are_refused_before_any_work(prod):
    for method in ("GET", "POST", "OPTIONS"):
        resp = requests.request(method, f"{prod.web_url}/api/session" if method == "GET" else f"{prod.web_url}/api/chat",
                                json={"message": "hi"} if method == "POST" else None,
                                headers={"Origin": "https://evil.example.net"})
        assert resp.status_code == 403 and "Access-Control-Allow-Origin" not in resp.headers
    assert prod.rasa.received == []


def test_a_cookie_is_never_honoured_cross_origin(prod, client):
    client.post(f"{prod.web_url}/api/identify", json={"user_jwt": host_jwt()})
    client.post(f"{prod.web_url}/api/chat", json={"message": "xin chào"})
    stolen = client.get(f"{prod.web_url}/api/session", headers={"Origin": HOST_ORIGIN}).json()
    assert stolen["customer"] is None and stolen["transcript"] == []


def test_embed_script_is_one_file_served_as_javascript(prod):
    resp = requests.get(f"{prod.web_url}/embed.js")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("application/javascript")
    assert "SupportWidgetStrings" in resp.text and "/api/identify" in resp.text


# --- sessions in the database -----------------------------------------------------------------

def test_two_backends_on_one_database_serve_the_same_session(db_url, web_settings, stub_rasa):  # noqa: F811
    from dataclasses import replace

    settings = replace(web_settings, db_url=db_url)
    one, two = (AppThread(create_app(settings=settings)).start() for _ in range(2))
    try:
        s = requests.Session()
        s.post(f"{one.url}/api/signin", json={"customer_id": "CUST-1001"})
        s.post(f"{one.url}/api/chat", json={"message": "xin chào"})
        s.post(f"{two.url}/api/chat", json={"message": "tại sao tôi bị tính phí hai lần"})
        state = s.get(f"{one.url}/api/session").json()
    finally:
        one.stop()
        two.stop()
    assert [m["role"] for m in state["transcript"]] == ["user", "bot", "user", "bot"]
    assert state["customer"]["id"] == "CUST-1001"
    assert len({m["metadata"]["customer_token"] is not None for m in stub_rasa.received}) == 1


def test_expired_sessions_are_invisible_and_purged(db_url):  # noqa: F811
    store = SessionStore(db_url, ttl=timedelta(hours=1))
    sid, session = store.create()
    session.add("user", "xin chào")
    store.save(sid, session)
    assert store.get(sid) is not None
    with store.engine.begin() as conn:
        conn.execute(update(web_sessions).where(web_sessions.c.key == session_key(sid))
                     .values(updated_at=now_utc() - timedelta(hours=2)))
    assert store.get(sid) is None
    assert store.purge_expired() == 1 and store.purge_expired() == 0


def test_session_rows_hold_no_usable_id(db_url):  # noqa: F811
    store = SessionStore(db_url)
    sid, session = store.create()
    store.save(sid, session)
    with store.engine.connect() as conn:
        keys = [r.key for r in conn.execute(web_sessions.select())]
    assert keys == [session_key(sid)] and sid not in keys


# --- start-up and small fixes ------------------------------------------------------------------

def _run(module: str, **env: str) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "ignore",
            "SUPPORT_DB_URL": "sqlite:///:memory:", "SUPPORT_WEB_PORT": "1"}
    return subprocess.run([sys.executable, "-m", module], env={**base, **env}, capture_output=True,
                          text=True, timeout=60, cwd=ROOT)


@pytest.mark.parametrize("module", ["bot.web", "bot.action_server"])
def test_services_refuse_to_start_without_a_token_secret(module):
    done = _run(module)
    assert done.returncode == 2 and "SUPPORT_TOKEN_SECRET is not set" in done.stderr


def test_the_page_refuses_to_start_without_the_host_secret():
    done = _run("bot.web", SUPPORT_TOKEN_SECRET=TOKEN_SECRET)
    assert done.returncode == 2 and "SUPPORT_HOST_SECRET is not set" in done.stderr


@pytest.mark.parametrize("name,value", [("SUPPORT_WEB_PORT", "80a"), ("SUPPORT_WEB_RATE_LIMIT", "0"),
                                        ("SUPPORT_DEMO", "maybe"), ("SUPPORT_TOKEN_SECRET", "short")])
def test_a_bad_value_stops_start_up_with_its_name(name, value):
    env = {"SUPPORT_TOKEN_SECRET": TOKEN_SECRET, "SUPPORT_HOST_SECRET": HOST_SECRET, name: value}
    done = _run("bot.web", **env)
    assert done.returncode == 2 and f"support page: {name}:" in done.stderr
    assert "short" not in done.stderr or name != "SUPPORT_TOKEN_SECRET"  # secrets are never echoed


def test_static_directory_is_404_and_head_works(web):
    assert requests.get(f"{web.web_url}/static/").status_code == 404
    assert requests.get(f"{web.web_url}/static/nope.js").status_code == 404
    for path in ("/", "/en", "/healthz"):
        assert requests.head(web.web_url + path).status_code == 200
