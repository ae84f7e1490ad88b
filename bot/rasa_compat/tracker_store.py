"""SQL tracker store that never stores a customer token in clear text.

The channel passes ``metadata.customer_token`` to Rasa so the action server can
verify it on every data access during the turn. Before events reach the
database or an event broker, this store replaces every token with a short SHA-256 fingerprint:
conversations survive restarts (slots intact) without persisting credentials.
"""
from __future__ import annotations

import json
from typing import Any, List

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.auth import token_fingerprint

SECRET_KEYS = frozenset({"customer_token"})


def redact(value: Any) -> Any:
    """Copy of ``value`` with every secret replaced by its fingerprint."""
    if isinstance(value, dict):
        return {k: (token_fingerprint(str(v)) if k in SECRET_KEYS and v else redact(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


class RedactingSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with token redaction on save and on the event stream.

    Nothing leaves the process unredacted: the rows written here and the bodies an
    event broker (Kafka, RabbitMQ) would publish both carry the fingerprint only.
    """

    async def _stream_new_events(self, event_broker: Any, new_events: List[Event], sender_id: str) -> None:
        for event in new_events:
            event_broker.publish(redact({"sender_id": sender_id, **event.as_dict()}))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact(event.as_dict())
                intent = (data.get("parse_data") or {}).get("intent", {}) or {}
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=intent.get("name"),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
            session.commit()
