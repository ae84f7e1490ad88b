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
