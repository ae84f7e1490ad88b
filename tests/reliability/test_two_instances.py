"""Two Rasa servers share a PostgreSQL tracker store and a Redis lock store.

Both are started with docs/endpoints/postgres-redis.yml - the very file
docs/deploy.md shows - with a fresh database per run. One conversation
alternates between the instances and continues correctly; concurrent
messages to one conversation are serialised by the lock store, so the stored
event log has every turn exactly once, each complete before the next starts.
"""
from __future__ import annotations

import json
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Iterator, List

import pytest
import requests

from bot.stack import ROOT, Service, rasa_server
from tests.reliability.helpers import conv
from tests.stack import free_port, texts

pytestmark = [pytest.mark.postgres]

ENDPOINTS = ROOT / "docs" / "endpoints" / "postgres-redis.yml"
PG = {"host": "127.0.0.1", "port": 5432}
REDIS = {"host": "127.0.0.1", "port": 6379}
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must provide it: {reason}")
    pytest.skip(reason)


def pg_connect(dbname: str = "postgres"):
    import psycopg2

    last: Exception | None = None
    for user in ("postgres", "root"):
        try:
            conn = psycopg2.connect(dbname=dbname, user=user, connect_timeout=3, **PG)
            conn.autocommit = True
            return conn, user
        except psycopg2.OperationalError as exc:
            last = exc
    raise ConnectionError(f"PostgreSQL on {PG['host']}:{PG['port']} unreachable: {last}")


@pytest.fixture(scope="module")
def database() -> Iterator[tuple[str, str]]:
    try:
        admin, user = pg_connect()
    except (ConnectionError, ImportError) as exc:
        unavailable(str(exc))
    name = f"rasa_it_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name, user
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def redis_prefix() -> str:
    import redis

    try:
        redis.Redis(socket_timeout=3, **REDIS).ping()
    except redis.RedisError as exc:
        unavailable(f"Redis on {REDIS['host']}:{REDIS['port']} unreachable: {exc}")
    return "it" + uuid.uuid4().hex[:10]


@pytest.fixture(scope="module")
def instances(live_stack, database, redis_prefix, tmp_path_factory) -> Iterator[List[Service]]:
    name, user = database
    env = {"ACTION_SERVER_URL": f"http://127.0.0.1:{live_stack.action_port}/webhook",
           "DB_HOST": PG["host"], "DB_PORT": str(PG["port"]), "DB_DATABASE": name, "DB_USER": user,
           "DB_PASSWORD": "", "REDIS_HOST": REDIS["host"], "REDIS_PORT": str(REDIS["port"]),
           "REDIS_DB": "0", "REDIS_PASSWORD": "", "REDIS_KEY_PREFIX": redis_prefix,
           # A queued message gives up after the ticket lifetime (Rasa's default 60 s). On
           # a loaded 2-core CI box six queued turns can take longer; this test is about
           # ordering, not latency, so give tickets room (see docs/deploy.md).
           "TICKET_LOCK_LIFETIME": "300", **live_stack.env}
    logs = tmp_path_factory.mktemp("two-instances")
    servers = [rasa_server(live_stack.model, free_port(), str(ENDPOINTS), log_dir=logs, extra_env=env)
               for _ in range(2)]
    try:
        for s in servers:
            s.start()
        for s in servers:
            s.wait_healthy(timeout=300)
        yield servers
    finally:
        for s in servers:
            s.stop()


def send(server: Service, sender: str, message: str, token: str, timeout: float = 120) -> list:
    resp = requests.post(server.public_url, timeout=timeout,
                         json={"sender": sender, "message": message,
                               "metadata": {"customer_token": token, "language": "en"}})
    assert resp.status_code == 200, resp.text
    return resp.json()


def stored_events(database: tuple[str, str], sender: str) -> List[dict]:
    conn, _ = pg_connect(database[0])
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            return [json.loads(row[0]) for row in cur.fetchall()]
    finally:
        conn.close()


def user_texts(events: List[dict]) -> List[str]:
    return [e["text"] for e in events if e["event"] == "user"]


def assert_turns_complete(events: List[dict]) -> None:
    """Each user message is fully processed (ends in action_listen) before the next one starts."""
    starts = [i for i, e in enumerate(events) if e["event"] == "user"]
    for a, b in zip(starts, [*starts[1:], len(events)]):
        turn = [e.get("name") for e in events[a:b] if e["event"] == "action"]
        assert turn and turn[-1] == "action_listen", (events[a]["text"], turn)
        assert turn.count("action_listen") == 1, (events[a]["text"], turn)


@pytest.mark.slow
@pytest.mark.e2e
def test_conversation_alternating_between_instances(fresh_stack, instances, database):
    a, b = instances
    sender, token = conv("two"), fresh_stack.token("CUST-1001")
    first = send(a, sender, "I want to cancel order ORD-1001", token)
    assert "confirm" in texts(first).lower(), texts(first)  # its only item that can go (round 15)
    confirm = texts(send(b, sender, "which ones can still be cancelled?", token))
    assert "confirm" in confirm.lower() and "ORD-1001" in confirm, confirm
    done = texts(send(a, sender, "yes please", token))
    assert "canceled" in done.lower() and "ORD-1001" in done, done

    events = stored_events(database, sender)
    assert user_texts(events) == ["I want to cancel order ORD-1001", "which ones can still be cancelled?", "yes please"]
    keys = [(e["event"], e.get("name"), e.get("timestamp"), e.get("text")) for e in events]
    assert len(keys) == len(set(keys)), "no event is stored twice"
    assert_turns_complete(events)
    assert token not in json.dumps(events), "the token is stored as a fingerprint only"


@pytest.mark.slow
@pytest.mark.e2e
def test_concurrent_messages_to_one_conversation_are_serialised(instances, database, live_stack):
    sender, token = conv("lock"), live_stack.token("CUST-1002")
    messages = ["hello", "where is my order?", "my balance is overdue, how do I pay?", "thanks",
                "why did I get two bills this month?", "goodbye"]
    with ThreadPoolExecutor(max_workers=len(messages)) as pool:
        replies = list(pool.map(lambda im: send(instances[im[0] % 2], sender, im[1], token), enumerate(messages)))
    assert all(texts(r).strip() for r in replies), replies

    events = stored_events(database, sender)
    assert sorted(user_texts(events)) == sorted(messages), "every message stored exactly once"
    assert_turns_complete(events)


def test_deploy_guide_shows_the_file_this_test_uses():
    """docs/deploy.md quotes docs/endpoints/postgres-redis.yml verbatim (comments aside)."""
    body = "\n".join(line for line in ENDPOINTS.read_text().splitlines() if not line.startswith("#")).strip()
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert f"```yaml\n{body}\n```" in guide
