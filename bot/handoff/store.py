"""The hand-off queue, agent accounts and agent sign-ins in ``SUPPORT_DB_URL``.

Blocking SQLAlchemy Core, like ``bot.data.store``: the action server calls it through
its thread helper, the page backend through ``asyncio.to_thread``. Every state change
runs in one write transaction that re-reads the row first (``BEGIN IMMEDIATE`` on
SQLite, ``FOR UPDATE`` on PostgreSQL), so two agents cannot both claim a customer and
two page instances agree. Every agent action is written to ``agent_audit``.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Tuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from bot.data.engine import ensure_tables, get_engine
from bot.handoff.passwords import verify_password
from bot.handoff.rules import ACTIVE, Reason, Status, next_status
from bot.handoff.tables import agent_audit, agent_sessions, agents, handoffs, metadata

PRESENCE_WINDOW = timedelta(seconds=90)  # an inbox polls every few seconds; gone after this
AGENT_SESSION_TTL = timedelta(hours=12)
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_DUMMY_HASH = "scrypt$16384$8$1$" + "00" * 16 + "$" + "00" * 32  # same work for unknown names


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    return value if value is None or value.tzinfo else value.replace(tzinfo=timezone.utc)


def cookie_key(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Handoff:
    id: str
    conversation_id: str
    session_key: str | None
    customer_id: str | None
    language: str
    reason: Reason
    status: Status
    agent: str | None
    context: Dict[str, Any]
    contact_email: str | None
    contact_message: str | None
    created_at: datetime
    claimed_at: datetime | None
    ended_at: datetime | None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def public(self, now: datetime) -> Dict[str, Any]:
        """What the inbox shows in the queue (no transcript)."""
        return {"id": self.id, "status": self.status.value, "reason": self.reason.value,
                "language": self.language, "customer_id": self.customer_id, "agent": self.agent,
                "waiting_s": int((now - self.created_at).total_seconds()),
                "created_at": self.created_at.isoformat(), "contact_email": self.contact_email,
                "contact_message": self.contact_message}


def _handoff(row: Any) -> Handoff:
    return Handoff(row.id, row.conversation_id, row.session_key, row.customer_id, row.language,
                   Reason(row.reason), Status(row.status), row.agent, json.loads(row.context or "{}"),
                   row.contact_email, row.contact_message, _aware(row.created_at), _aware(row.claimed_at),
                   _aware(row.ended_at))


class HandoffStore:
    def __init__(self, db_url: str | None = None):
        self.engine: Engine = get_engine(db_url)
        ensure_tables(self.engine, metadata)

    def _write(self):
        return self.engine.execution_options(sqlite_begin="immediate").begin()

    @staticmethod
    def _locked(conn: Connection, handoff_id: str) -> Any:
        query = select(handoffs).where(handoffs.c.id == handoff_id)
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return conn.execute(query).first()

    # --- the queue -------------------------------------------------------------------

    def open(self, conversation_id: str, customer_id: str | None, language: str, reason: Reason,
             context: Dict[str, Any], someone_there: bool, now: datetime | None = None) -> Handoff:
        """Queue the conversation (idempotent: an active hand-off of it is returned as it is)."""
        now = now or now_utc()
        with self._write() as conn:
            row = conn.execute(select(handoffs).where(
                handoffs.c.conversation_id == conversation_id,
                handoffs.c.status.in_([s.value for s in ACTIVE])).order_by(handoffs.c.created_at.desc())).first()
            if row is not None:
                return _handoff(row)
            handoff_id = "H-" + uuid.uuid4().hex[:10].upper()
            status = Status.WAITING if someone_there else Status.UNATTENDED
            conn.execute(insert(handoffs).values(
                id=handoff_id, conversation_id=conversation_id, customer_id=customer_id, language=language,
                reason=reason.value, status=status.value, context=json.dumps(context, ensure_ascii=False),
                created_at=now))
            return _handoff(conn.execute(select(handoffs).where(handoffs.c.id == handoff_id)).one())

    def link(self, handoff_id: str, conversation_id: str, session_key: str) -> Handoff | None:
        """The page ties a hand-off to its session; only the conversation that made it can."""
        with self._write() as conn:
            row = self._locked(conn, handoff_id)
            if row is None or row.conversation_id != conversation_id:
                return None
            conn.execute(update(handoffs).where(handoffs.c.id == handoff_id).values(session_key=session_key))
            return _handoff(self._locked(conn, handoff_id))

    def get(self, handoff_id: str) -> Handoff | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(handoffs).where(handoffs.c.id == handoff_id)).first()
        return _handoff(row) if row else None

    def latest_for(self, session_key: str, conversation_id: str) -> Handoff | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(handoffs).where(
                handoffs.c.session_key == session_key, handoffs.c.conversation_id == conversation_id)
                .order_by(handoffs.c.created_at.desc())).first()
        return _handoff(row) if row else None

    def queue(self) -> List[Handoff]:
        """What the inbox lists: waiting and held conversations and messages, oldest first."""
        shown = [Status.WAITING.value, Status.CLAIMED.value, Status.MESSAGE.value]
        with self.engine.connect() as conn:
            rows = conn.execute(select(handoffs).where(handoffs.c.status.in_(shown),
                                                       handoffs.c.session_key.isnot(None))
                                .order_by(handoffs.c.created_at)).all()
        return [_handoff(r) for r in rows]

    def transition(self, handoff_id: str, action: str, agent: str | None,
                   now: datetime | None = None, **values: Any) -> Handoff | None:
        """Apply ``action`` if the rules allow it from the current status; None otherwise.

        Only the agent holding a claimed conversation may reply to, close or return it.
        """
        now = now or now_utc()
        with self._write() as conn:
            row = self._locked(conn, handoff_id)
            if row is None:
                return None
            current = _handoff(row)
            target = next_status(action, current.status)
            if target is None or (current.status == Status.CLAIMED and current.agent != agent):
                return None
            changes: Dict[str, Any] = {"status": target.value, **values}
            if target == Status.CLAIMED:
                changes.update(agent=agent, claimed_at=now)
            if target in (Status.CLOSED, Status.RETURNED):
                changes["ended_at"] = now
            conn.execute(update(handoffs).where(handoffs.c.id == handoff_id).values(**changes))
            if agent:
                _audit(conn, agent, action, handoff_id, None, now)
            return _handoff(self._locked(conn, handoff_id))

    # --- agents --------------------------------------------------------------------------

    def add_agent(self, name: str, display_name: str, password_hash: str, now: datetime | None = None) -> None:
        with self._write() as conn:
            values = {"display_name": display_name, "password_hash": password_hash, "failed_logins": 0,
                      "locked_until": None}
            done = conn.execute(update(agents).where(agents.c.name == name).values(**values))
            if done.rowcount == 0:
                conn.execute(insert(agents).values(name=name, created_at=now or now_utc(), **values))
            _audit(conn, name, "account_set", None, None, now or now_utc())

    def display_name(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(agents.c.display_name).where(agents.c.name == name)).scalar()

    def sign_in(self, name: str, password: str, now: datetime | None = None) -> Tuple[str | None, str]:
        """A new agent session cookie, or None with why ("bad", "locked").

        Unknown names cost the same scrypt work as known ones. After
        ``MAX_FAILED_LOGINS`` failures the account is locked for ``LOCKOUT``, even for
        the right password, so guessing is capped per account whatever the address.
        """
        now = now or now_utc()
        with self._write() as conn:
            row = conn.execute(select(agents).where(agents.c.name == name)).first()
            if row is None:
                verify_password(password, _DUMMY_HASH)
                _audit(conn, None, "login_failed", None, json.dumps({"name": name[:64]}), now)
                return None, "bad"
            if row.locked_until and _aware(row.locked_until) > now:
                _audit(conn, name, "login_locked", None, None, now)
                return None, "locked"
            if not verify_password(password, row.password_hash):
                failures = row.failed_logins + 1
                locked = now + LOCKOUT if failures >= MAX_FAILED_LOGINS else None
                conn.execute(update(agents).where(agents.c.name == name).values(
                    failed_logins=0 if locked else failures, locked_until=locked))
                _audit(conn, name, "login_failed", None, None, now)
                return None, "locked" if locked else "bad"
            conn.execute(update(agents).where(agents.c.name == name).values(failed_logins=0, locked_until=None))
            cookie = secrets.token_urlsafe(32)
            conn.execute(insert(agent_sessions).values(key=cookie_key(cookie), agent=name, created_at=now,
                                                       last_seen=now))
            _audit(conn, name, "login", None, None, now)
            return cookie, "ok"

    def agent_for(self, cookie: str | None, now: datetime | None = None) -> str | None:
        """The agent a cookie belongs to (and mark them present), or None."""
        if not cookie or len(cookie) > 128:
            return None
        now = now or now_utc()
        key = cookie_key(cookie)
        with self.engine.connect() as conn:  # a read on every inbox request; no write lock
            row = conn.execute(select(agent_sessions).where(agent_sessions.c.key == key)).first()
        if row is None or _aware(row.created_at) < now - AGENT_SESSION_TTL:
            return None
        if _aware(row.last_seen) < now - timedelta(seconds=5):  # presence, refreshed at most every 5 s
            with self._write() as conn:
                conn.execute(update(agent_sessions).where(agent_sessions.c.key == key).values(last_seen=now))
        return row.agent

    def sign_out(self, cookie: str, now: datetime | None = None) -> None:
        with self._write() as conn:
            row = conn.execute(select(agent_sessions).where(agent_sessions.c.key == cookie_key(cookie))).first()
            conn.execute(delete(agent_sessions).where(agent_sessions.c.key == cookie_key(cookie)))
            if row is not None:
                _audit(conn, row.agent, "logout", None, None, now or now_utc())

    def agents_online(self, now: datetime | None = None) -> int:
        now = now or now_utc()
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count(func.distinct(agent_sessions.c.agent))).where(
                agent_sessions.c.last_seen >= now - PRESENCE_WINDOW,
                agent_sessions.c.created_at >= now - AGENT_SESSION_TTL)).scalar_one())

    def audit(self, agent: str | None, action: str, handoff_id: str | None = None,
              detail: Dict[str, Any] | None = None) -> None:
        with self._write() as conn:
            _audit(conn, agent, action, handoff_id, json.dumps(detail) if detail else None, now_utc())

    def audit_rows(self) -> List[Dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(agent_audit).order_by(agent_audit.c.seq))]


def _audit(conn: Connection, agent: str | None, action: str, handoff_id: str | None, detail: str | None,
           now: datetime) -> None:
    conn.execute(insert(agent_audit).values(agent=agent, action=action, handoff_id=handoff_id, detail=detail,
                                            at=now))
