"""The hand-off queue and agent accounts on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot.handoff.passwords import hash_password, verify_password
from bot.handoff.rules import Reason, Status
from bot.handoff.store import LOCKOUT, MAX_FAILED_LOGINS, PRESENCE_WINDOW, HandoffStore, now_utc
from tests.data.conftest import db_url, pg_admin_url  # noqa: F401 - fixtures: SQLite and PostgreSQL

PASSWORD = "correct horse battery"


@pytest.fixture
def store(db_url) -> HandoffStore:  # noqa: F811
    found = HandoffStore(db_url)
    found.add_agent("lan", "Lan", hash_password(PASSWORD))
    found.add_agent("minh", "Minh", hash_password(PASSWORD))
    return found


def test_passwords_are_salted_scrypt():
    one, two = hash_password(PASSWORD), hash_password(PASSWORD)
    assert one != two and one.startswith("scrypt$16384$8$1$")
    assert verify_password(PASSWORD, one) and not verify_password("wrong password!", one)
    assert not verify_password(PASSWORD, "md5$abc") and not verify_password(PASSWORD, "garbage")
    with pytest.raises(ValueError):
        hash_password("short")


def test_open_is_idempotent_per_conversation(store):
    first = store.open("conv-1", "CUST-1001", "vi", Reason.ASKED, {"intents": []}, True)
    again = store.open("conv-1", "CUST-1001", "vi", Reason.MISUNDERSTOOD, {}, True)
    assert again.id == first.id and first.status == Status.WAITING
    assert store.open("conv-2", None, "en", Reason.ASKED, {}, False).status == Status.UNATTENDED


def test_only_the_conversation_that_queued_it_can_link_it(store):
    handoff = store.open("conv-1", None, "vi", Reason.ASKED, {}, True)
    assert store.link(handoff.id, "conv-other", "k" * 64) is None
    assert store.link(handoff.id, "conv-1", "k" * 64).session_key == "k" * 64
    assert [h.id for h in store.queue()] == [handoff.id]


def test_two_agents_claiming_at_once_one_wins(store):
    handoff = store.open("conv-1", None, "vi", Reason.ASKED, {}, True)
    store.link(handoff.id, "conv-1", "k" * 64)
    results = []
    barrier = threading.Barrier(2)

    def claim(agent: str) -> None:
        barrier.wait()
        results.append(store.transition(handoff.id, "claim", agent))

    threads = [threading.Thread(target=claim, args=(a,)) for a in ("lan", "minh")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r is not None for r in results) == 1
    holder = store.get(handoff.id).agent
    other = "minh" if holder == "lan" else "lan"
    assert store.transition(handoff.id, "close", other) is None  # only the holder closes
    assert store.transition(handoff.id, "return", holder).status == Status.RETURNED
    assert [row["action"] for row in store.audit_rows() if row["handoff_id"] == handoff.id] == ["claim", "return"]


def test_sign_in_locks_after_repeated_failures(store):
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert store.sign_in("lan", "wrong password!") == (None, "bad")
    assert store.sign_in("lan", "wrong password!") == (None, "locked")
    assert store.sign_in("lan", PASSWORD) == (None, "locked")  # even the right one, for a while
    later = now_utc() + LOCKOUT + timedelta(seconds=1)
    cookie, outcome = store.sign_in("lan", PASSWORD, now=later)
    assert outcome == "ok" and store.agent_for(cookie, now=later) == "lan"
    assert store.sign_in("nobody", PASSWORD) == (None, "bad")


def test_presence_and_sign_out(store):
    assert store.agents_online() == 0
    cookie, _ = store.sign_in("minh", PASSWORD)
    assert store.agents_online() == 1
    assert store.agents_online(now_utc() + PRESENCE_WINDOW + timedelta(seconds=5)) == 0
    store.sign_out(cookie)
    assert store.agent_for(cookie) is None and store.agents_online() == 0
    assert store.agent_for("forged-cookie") is None and store.agent_for(None) is None
