"""Exposure of the running stack: loopback only, Rasa's HTTP API off, no CORS wildcard, no token at rest."""
from __future__ import annotations

import re
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from tests.stack import SECRET, texts

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")


def listening(pids: set[int]) -> list[tuple[str, int]]:
    """(local address, pid) of every listening TCP socket owned by ``pids``, from ``ss -ltnpH``."""
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        owners = {int(p) for p in re.findall(r"pid=(\d+)", line)}
        if owners & pids:
            found.append((line.split()[3], next(iter(owners & pids))))
    return found


def group_pids(pgid: int) -> set[int]:
    """The service process and any children (each service runs in its own process group)."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,pgid="], capture_output=True, text=True, check=True).stdout
    return {int(pid) for pid, group in (line.split() for line in out.splitlines()) if int(group) == pgid}


@pytest.mark.parametrize("name", ["rasa", "actions", "web"])
def test_services_listen_on_loopback_only(live_stack, name):
    proc = live_stack.services[name].proc
    sockets = listening(group_pids(proc.pid))
    assert sockets, f"{name} should be listening"
    for address, _ in sockets:
        host = address.rsplit(":", 1)[0].strip("[]")
        assert host in ("127.0.0.1", "::1"), (name, address)


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/status"), ("GET", "/version"), ("GET", "/conversations/victim/tracker"),
    ("POST", "/conversations/victim/messages"), ("POST", "/conversations/victim/trigger_intent"),
    ("POST", "/model/parse"), ("PUT", "/model"), ("POST", "/model/train"), ("GET", "/domain"),
])
def test_rasa_http_api_is_off(live_stack, method, path):
    resp = requests.request(method, live_stack.rasa_url + path, json={"text": "hi"}, timeout=30)
    assert resp.status_code in (403, 404, 405), (path, resp.status_code, resp.text[:200])


@pytest.mark.parametrize("where", ["rasa", "web"])
def test_cors_is_never_a_wildcard(live_stack, where):
    url = live_stack.webhook if where == "rasa" else f"{live_stack.web_url}/api/chat"
    origin = {"Origin": "https://evil.example"}
    preflight = requests.options(url, headers={**origin, "Access-Control-Request-Method": "POST"}, timeout=30)
    post = requests.post(url, json={"sender": "cors-" + uuid.uuid4().hex[:8], "message": "hello"}, headers=origin,
                         timeout=60)
    for resp in (preflight, post):
        allowed = resp.headers.get("Access-Control-Allow-Origin")
        assert allowed in (None, ""), (where, resp.status_code, allowed)


def test_no_token_or_secret_in_logs_or_tracker_store(live_stack):
    token = live_stack.token("CUST-1002")
    sender = "expose-" + uuid.uuid4().hex[:8]
    reply = texts(live_stack.send(sender, "my balance is overdue, how do I pay?", token=token, language="en"))
    assert "19.99" in reply, "the token was used for the data access"
    live_stack.send(sender, "I want to cancel order ORD-1101", token=token + "tampered", language="en")
    requests.post(live_stack.webhook, data=b'{"sender": "x", "metadata": {"customer_token": "' + token.encode(),
                  timeout=30)  # a broken request that carries the token

    workdir: Path = live_stack.workdir
    logs = [p for p in workdir.rglob("*") if p.is_file() and p.suffix in (".log", ".jsonl", ".json", ".txt")]
    assert logs, "the stack writes logs into its workdir"
    for path in logs:
        content = path.read_bytes()
        assert token.encode() not in content, f"token in {path.name}"
        assert SECRET.encode() not in content, f"token secret in {path.name}"
        leaked = JWT.findall(content)
        assert not leaked, f"a JWT in {path.name}: {leaked[:1]}"

    with sqlite3.connect(workdir / "tracker.db") as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
        assert rows, "the conversation is stored"
        stored = "\n".join(r[0] for r in rows)
        assert token not in stored and token[:40] not in stored
        assert not JWT.findall(stored.encode())
        assert "sha256:" in stored, "the token is kept as a fingerprint"
        everything = db.execute("SELECT count(*) FROM events WHERE data LIKE '%eyJ%'").fetchone()[0]
        assert everything == 0, "no event of any conversation holds a JWT"
