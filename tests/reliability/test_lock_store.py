"""The atomic Redis lock store: concurrent ticket issuing from separate clients."""
from __future__ import annotations

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_compat.lock_store import AtomicRedisLockStore


@pytest.fixture
def stores():
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis unreachable ({exc}) - required when CI=true")
        pytest.skip(f"Redis unreachable: {exc}")
    prefix = "lt" + uuid.uuid4().hex[:10]
    config = EndpointConfig(url="127.0.0.1", port="6379", db="0", password="", key_prefix=prefix)
    made = [AtomicRedisLockStore(endpoint_config=config) for _ in range(8)]  # eight "instances"
    yield made
    for key in made[0].red.scan_iter(f"{prefix}*"):
        made[0].red.delete(key)


def test_endpoint_config_is_mapped(stores):
    assert stores[0].key_prefix.startswith("lt") and stores[0].red.connection_pool.connection_kwargs["db"] == 0


def test_concurrent_tickets_are_unique_across_instances(stores):
    conv = "c-" + uuid.uuid4().hex
    with ThreadPoolExecutor(max_workers=16) as pool:
        tickets = list(pool.map(lambda i: stores[i % len(stores)].issue_ticket(conv), range(64)))
    assert sorted(tickets) == list(range(64)), "every message gets its own place in the queue"
    lock = stores[0].get_lock(conv)
    assert len(lock.tickets) == 64


def test_cleanup_keeps_a_queue_someone_is_waiting_in(stores):
    conv = "c-" + uuid.uuid4().hex
    first = stores[0].issue_ticket(conv)
    second = stores[1].issue_ticket(conv)
    stores[0].cleanup(conv, first)
    assert stores[1].get_lock(conv) is not None
    stores[1].cleanup(conv, second)
    assert stores[1].get_lock(conv) is None
