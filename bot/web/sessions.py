"""Server-side chat sessions behind an opaque id, stored in the database.

The browser holds only a random session id (an HttpOnly cookie on our own page, a
bearer value when the widget is embedded on a host site). Everything that matters -
sender id, the signed-in customer, language, transcript and a message that could not
be delivered yet - lives in ``bot.web.tables``, keyed by a hash of the id, so the
browser can never choose its own identity and the database never holds a usable id.

Every method here is blocking (SQLAlchemy); the backend calls them through
``asyncio.to_thread`` so the event loop never waits on the database.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Engine

from bot.data.engine import ensure_tables, get_engine
from bot.web.tables import metadata, web_feedback, web_messages, web_sessions

SHOWN_MESSAGES = 200  # the widget shows at most this many of a conversation's latest messages


def new_sender_id() -> str:
    return "web-" + uuid.uuid4().hex


def new_message_id() -> str:
    return uuid.uuid4().hex[:16]


def session_key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class ChatSession:
    """One visitor's state. ``stored`` is False until the first save creates the row."""

    sender_id: str = field(default_factory=new_sender_id)
    customer_id: str | None = None
    language: str | None = None
    transcript: List[Dict[str, Any]] = field(default_factory=list)
    pending: Dict[str, Any] | None = None
    message_count: int = 0
    handoff_id: str | None = None
    stored: bool = False
    new_messages: List[Dict[str, Any]] = field(default_factory=list, repr=False)
    touched: Dict[str, Dict[str, Any]] = field(default_factory=dict, repr=False)

    def restart(self) -> None:
        """A new conversation: Rasa sees a fresh sender, nothing carries over."""
        self.sender_id = new_sender_id()
        self.transcript = []
        self.pending = None
        self.message_count = 0
        self.handoff_id = None

    def add(self, role: str, text: str, **extra: Any) -> Dict[str, Any]:
        entry = {"id": new_message_id(), "role": role, "text": text, **extra}
        self.transcript.append(entry)
        del self.transcript[:-SHOWN_MESSAGES]
        self.new_messages.append(entry)
        self.message_count += 1
        return entry

    def find(self, message_id: str) -> Dict[str, Any] | None:
        return next((m for m in self.transcript if m.get("id") == message_id), None)

    def touch(self, entry: Dict[str, Any]) -> None:
        """Mark an already stored message as changed (spent buttons, a rating)."""
        if entry not in self.new_messages:
            self.touched[entry["id"]] = entry


class SessionStore:
    """Sessions in ``SUPPORT_DB_URL``; expired ones are invisible and purged as they age."""

    def __init__(self, db_url: str, ttl: timedelta = timedelta(days=7)):
        self.engine: Engine = get_engine(db_url)
        ensure_tables(self.engine, metadata)
        self.ttl = ttl

    def _write(self):
        """A write transaction that takes SQLite's write lock up front (BEGIN IMMEDIATE).

        A deferred transaction that reads and then writes fails at once with "database
        is locked" when another connection wrote in between; starting as a writer makes
        it wait its turn (busy timeout) instead.
        """
        return self.engine.execution_options(sqlite_begin="immediate").begin()

    @staticmethod
    def create() -> Tuple[str, ChatSession]:
        """A new session, stored only once it is first saved.

        Loading the page therefore costs nothing, so a client that never sends its
        id back cannot grow the store.
        """
        return secrets.token_urlsafe(32), ChatSession()

    def get(self, session_id: str | None) -> ChatSession | None:
        if not session_id or len(session_id) > 128:
            return None
        key = session_key(session_id)
        with self.engine.connect() as conn:
            row = conn.execute(select(web_sessions).where(web_sessions.c.key == key)).first()
            if row is None or _aware(row.updated_at) < now_utc() - self.ttl:
                return None
            count = conn.execute(select(func.count()).select_from(web_messages).where(
                web_messages.c.session_key == key, web_messages.c.sender_id == row.sender_id)).scalar_one()
            rows = conn.execute(select(web_messages).where(
                web_messages.c.session_key == key, web_messages.c.sender_id == row.sender_id)
                .order_by(web_messages.c.seq.desc()).limit(SHOWN_MESSAGES)).all()
        return ChatSession(sender_id=row.sender_id, customer_id=row.customer_id, language=row.language,
                           transcript=[_entry(r) for r in reversed(rows)],
                           pending=json.loads(row.pending) if row.pending else None,
                           message_count=int(count), handoff_id=row.handoff_id, stored=True)

    def save(self, session_id: str, session: ChatSession) -> None:
        """Upsert the session row and write only what changed, in one transaction."""
        key, now = session_key(session_id), now_utc()
        values = {"sender_id": session.sender_id, "customer_id": session.customer_id,
                  "language": session.language, "updated_at": now, "handoff_id": session.handoff_id,
                  "pending": json.dumps(session.pending, ensure_ascii=False) if session.pending else None}
        with self._write() as conn:
            done = conn.execute(update(web_sessions).where(web_sessions.c.key == key).values(**values))
            if done.rowcount == 0:
                conn.execute(insert(web_sessions).values(key=key, created_at=now, **values))
            if session.new_messages:
                conn.execute(insert(web_messages), [_row(key, session.sender_id, m, now)
                                                    for m in session.new_messages])
            for message_id, entry in session.touched.items():
                conn.execute(update(web_messages).where(
                    web_messages.c.session_key == key, web_messages.c.message_id == message_id)
                    .values(used=bool(entry.get("used")), rating=entry.get("rating")))
        session.stored = True
        session.new_messages.clear()
        session.touched.clear()

    def append(self, key: str, sender_id: str, role: str, text: str, **extra: Any) -> Dict[str, Any]:
        """Add a message to a conversation from outside the customer's request (an agent's reply)."""
        entry = {"id": new_message_id(), "role": role, "text": text, **extra}
        now = now_utc()
        with self._write() as conn:
            conn.execute(insert(web_messages).values(**_row(key, sender_id, entry, now)))
            conn.execute(update(web_sessions).where(web_sessions.c.key == key).values(updated_at=now))
        return entry

    def messages_after(self, session_id: str, sender_id: str, after: str | None) -> List[Dict[str, Any]]:
        """Messages of a conversation newer than message ``after`` (all of them when unknown)."""
        return self.conversation(session_key(session_id), sender_id, after)

    def conversation(self, key: str, sender_id: str, after: str | None = None) -> List[Dict[str, Any]]:
        with self.engine.connect() as conn:
            query = select(web_messages).where(web_messages.c.session_key == key,
                                               web_messages.c.sender_id == sender_id)
            if after:
                seq = conn.execute(select(web_messages.c.seq).where(
                    web_messages.c.session_key == key, web_messages.c.message_id == after)).scalar()
                if seq is not None:
                    query = query.where(web_messages.c.seq > seq)
            rows = conn.execute(query.order_by(web_messages.c.seq).limit(SHOWN_MESSAGES)).all()
        return [_entry(r) for r in rows]

    def record_feedback(self, session_id: str, event: str, message_id: str | None = None,
                        rating: str | None = None) -> None:
        with self._write() as conn:
            conn.execute(insert(web_feedback).values(
                session_hash=session_key(session_id)[:16], event=event, message_id=message_id,
                rating=rating, created_at=now_utc()))

    def purge_expired(self, limit: int = 500) -> int:
        """Delete up to ``limit`` expired sessions with their messages; returns how many."""
        cutoff = now_utc() - self.ttl
        with self._write() as conn:
            keys = conn.execute(select(web_sessions.c.key).where(web_sessions.c.updated_at < cutoff)
                                .limit(limit)).scalars().all()
            if keys:
                conn.execute(delete(web_messages).where(web_messages.c.session_key.in_(keys)))
                conn.execute(delete(web_sessions).where(web_sessions.c.key.in_(keys)))
        return len(keys)

    def feedback(self) -> List[Dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(web_feedback).order_by(web_feedback.c.seq)).all()
        return [dict(r._mapping) for r in rows]


def _aware(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; every value stored here is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _row(key: str, sender_id: str, entry: Dict[str, Any], now: datetime) -> Dict[str, Any]:
    extra = {k: v for k, v in entry.items() if k not in ("id", "role", "text", "used", "rating")}
    return {"session_key": key, "sender_id": sender_id, "message_id": entry["id"], "role": entry["role"],
            "text": entry["text"], "extra": json.dumps(extra, ensure_ascii=False) if extra else None,
            "used": bool(entry.get("used")), "rating": entry.get("rating"), "created_at": now}


def _entry(row: Any) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"id": row.message_id, "role": row.role, "text": row.text}
    if row.extra:
        entry.update(json.loads(row.extra))
    if row.used:
        entry["used"] = True
    if row.rating:
        entry["rating"] = row.rating
    return entry
