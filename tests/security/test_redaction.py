"""No customer token leaves the Rasa process: not into the tracker database, not to an event broker."""
from __future__ import annotations

import asyncio
import json

from rasa.core.brokers.broker import EventBroker
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_compat import check_rasa_version
from bot.rasa_compat.tracker_store import RedactingSQLTrackerStore

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDVVNULTEwMDEifQ.c2lnbmF0dXJl"


class CollectingBroker(EventBroker):
    def __init__(self) -> None:
        self.published: list = []

    def publish(self, event: dict) -> None:
        self.published.append(event)


def test_tokens_are_fingerprinted_in_the_database_and_on_the_stream(tmp_path):
    broker = CollectingBroker()
    store = RedactingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "tracker.db"),
                                     event_broker=broker)
    tracker = DialogueStateTracker.from_events("conv-1", [
        UserUttered("why two bills", metadata={"customer_token": TOKEN, "language": "en"})])
    asyncio.run(store.save(tracker))
    assert broker.published and TOKEN not in json.dumps(broker.published)
    assert broker.published[-1]["metadata"]["customer_token"].startswith("sha256:")
    raw = (tmp_path / "tracker.db").read_bytes()
    assert TOKEN.encode() not in raw and b"sha256:" in raw


def test_the_rasa_version_is_the_one_the_overrides_were_written_for():
    assert check_rasa_version()


def test_reading_a_tracker_gives_what_rasas_own_store_gives(tmp_path):
    """The column-only read returns the same trackers as SQLTrackerStore._retrieve."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet

    domain = Domain.from_dict({"slots": {"order_id": {"type": "text", "mappings": [{"type": "custom"}]}}})
    ours = RedactingSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    theirs = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    events = [ActionExecuted("action_session_start", timestamp=1), SessionStarted(timestamp=2),
              UserUttered("hủy đơn", timestamp=3), SlotSet("order_id", "ORD-1", timestamp=4),
              ActionExecuted("action_session_start", timestamp=10), SessionStarted(timestamp=11),
              UserUttered("hello", timestamp=12)]
    asyncio.run(ours.save(DialogueStateTracker.from_events("conv-2", events, domain.slots)))
    for read in ("retrieve", "retrieve_full_tracker"):
        mine, rasa = (asyncio.run(getattr(store, read)("conv-2")) for store in (ours, theirs))
        assert list(mine.events) == list(rasa.events) and mine.current_slot_values() == rasa.current_slot_values()
    assert len(asyncio.run(ours.retrieve("conv-2")).events) == 2  # from the last SessionStarted
    assert asyncio.run(ours.retrieve("nobody")) is None


def test_a_sqlite_tracker_database_uses_write_ahead_logging(tmp_path):
    import sqlite3

    RedactingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "wal.db"))
    with sqlite3.connect(tmp_path / "wal.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_saving_again_stores_only_the_new_events_as_rasa_does(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, SessionStarted

    def stored_after_saves(store_class, db):
        store = store_class(Domain.empty(), dialect="sqlite", db=str(tmp_path / db))
        tracker = DialogueStateTracker.from_events("conv-3", [
            ActionExecuted("action_session_start", timestamp=2), SessionStarted(timestamp=2),
            UserUttered("hi", timestamp=3)])
        asyncio.run(store.save(tracker))
        asyncio.run(store.save(tracker))
        tracker.update(ActionExecuted("action_greet", timestamp=4))
        asyncio.run(store.save(tracker))
        return [e.as_dict()["event"] for e in asyncio.run(store.retrieve_full_tracker("conv-3")).events]

    ours = stored_after_saves(RedactingSQLTrackerStore, "ours.db")
    assert ours == ["action", "session_started", "user", "action"]
    assert ours == stored_after_saves(SQLTrackerStore, "rasa.db")
