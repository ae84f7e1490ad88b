"""Server-side chat sessions behind an opaque cookie.

The browser holds only a random session id (HttpOnly cookie). Everything that
matters - sender id, the signed-in demo customer, language, transcript and a
message that could not be delivered yet - lives here, so the browser can never
choose its own identity. Sessions are persisted to a JSON file keyed by a hash
of the id, so a reload survives a backend restart and the file never holds a
usable cookie value.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List

log = logging.getLogger(__name__)

SESSION_TTL_S = 7 * 24 * 3600
MAX_SESSIONS = 5000


def new_sender_id() -> str:
    return "web-" + uuid.uuid4().hex


def new_message_id() -> str:
    return uuid.uuid4().hex[:16]


@dataclass
class ChatSession:
    sender_id: str = field(default_factory=new_sender_id)
    customer_id: str | None = None
    language: str | None = None
    transcript: List[Dict[str, Any]] = field(default_factory=list)
    pending: Dict[str, Any] | None = None
    updated_at: float = field(default_factory=time.time)

    def restart(self) -> None:
        """A new conversation: Rasa sees a fresh sender, nothing carries over."""
        self.sender_id = new_sender_id()
        self.transcript = []
        self.pending = None

    def add(self, role: str, text: str, max_len: int, **extra: Any) -> Dict[str, Any]:
        entry = {"id": new_message_id(), "role": role, "text": text, **extra}
        self.transcript.append(entry)
        del self.transcript[:-max_len]
        return entry

    def find(self, message_id: str) -> Dict[str, Any] | None:
        return next((m for m in self.transcript if m.get("id") == message_id), None)


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class SessionStore:
    """In-memory sessions, written through to ``path`` (atomic replace)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()
        self._sessions: Dict[str, ChatSession] = self._load()

    def _load(self) -> Dict[str, ChatSession]:
        if not self.path or not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {k: ChatSession(**v) for k, v in raw.items()}
        except (ValueError, TypeError) as exc:
            log.warning("ignoring unreadable session file %s: %s", self.path, type(exc).__name__)
            return {}

    def create(self) -> tuple[str, ChatSession]:
        """A new session, kept only once it is first saved.

        Merely loading the page therefore costs no memory or disk, so a client
        that never sends its cookie back cannot grow the store.
        """
        return secrets.token_urlsafe(32), ChatSession()

    def get(self, session_id: str | None) -> ChatSession | None:
        if not session_id or len(session_id) > 128:
            return None
        session = self._sessions.get(_key(session_id))
        if session and time.time() - session.updated_at > SESSION_TTL_S:
            return None
        return session

    def save(self, session_id: str, session: ChatSession) -> None:
        session.updated_at = time.time()
        with self._lock:
            self._sessions[_key(session_id)] = session
            self._evict()
            if self.path:
                self._write()

    def _evict(self) -> None:
        cutoff = time.time() - SESSION_TTL_S
        live = {k: s for k, s in self._sessions.items() if s.updated_at >= cutoff}
        if len(live) > MAX_SESSIONS:
            newest = sorted(live.items(), key=lambda kv: kv[1].updated_at)[-MAX_SESSIONS:]
            live = dict(newest)
        self._sessions = live

    def _write(self) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        data = {k: asdict(s) for k, s in self._sessions.items()}
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
