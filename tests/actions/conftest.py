"""Action tests: real actions, a real SQLite store, hand-built trackers.

Each test gets a fresh temporary database loaded from tests/fixtures/example.json,
``SUPPORT_TODAY=2026-11-22`` and a fixed token secret.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.auth import issue_token
from bot.data.document import replace_data_set
from bot.data.engine import dispose_engine, get_engine, session_scope

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example.json"
SECRET = "action-test-secret-0123456789abcdef0123"


@pytest.fixture(autouse=True)
def action_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/support.db"
    monkeypatch.setenv("SUPPORT_DB_URL", url)
    monkeypatch.setenv("SUPPORT_TODAY", "2026-11-22")
    monkeypatch.setenv("SUPPORT_TOKEN_SECRET", SECRET)
    with session_scope(get_engine(url), write=True) as session:
        replace_data_set(session, json.loads(EXAMPLE.read_text(encoding="utf-8")), datetime.now(timezone.utc))
    yield url
    dispose_engine(url)


def token_for(customer_id: str) -> str:
    return issue_token(customer_id, 600, secret=SECRET)


def make_tracker(text: str = "", intent: str = "", entities: List[Dict[str, Any]] | None = None,
                 slots: Dict[str, Any] | None = None, token: str | None = None,
                 sender: str = "conv-1", active_loop: str | None = None) -> Tracker:
    metadata = {"customer_token": token} if token else {}
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or [],
              "metadata": metadata}
    events = [{"event": "user", "text": text, "parse_data": latest, "metadata": metadata}]
    return Tracker(sender, {"language": "en", **(slots or {})}, latest, events, False, None,
                   {"name": active_loop} if active_loop else {}, "action_listen")


async def run(action, tracker: Tracker, domain: dict | None = None):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, domain or {})
    return dispatcher, events


def said(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def slot_events(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
