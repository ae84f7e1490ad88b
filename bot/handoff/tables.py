"""Tables of the hand-off: the queue, agent accounts, agent sign-ins and the agents' audit.

In ``SUPPORT_DB_URL`` next to the page's sessions, in their own ``MetaData`` (the
order data's ``load`` never touches them). The customer-side transcript stays in
``web_messages``; agent replies are rows there too (role ``agent``).
"""
from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

handoffs = Table(
    "handoffs", metadata,
    Column("id", String(16), primary_key=True),  # the queue id customers and integrations see
    Column("conversation_id", String(128), nullable=False, index=True),  # Rasa's sender id
    Column("session_key", String(64), index=True),  # the page session, once the page links it
    Column("customer_id", String(64)),
    Column("language", String(8), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("agent", String(64)),
    Column("context", Text),  # JSON: what the assistant knew
    Column("contact_email", String(254)),
    Column("contact_message", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Index("ix_handoffs_queue", "status", "created_at"),
)

agents = Table(
    "agents", metadata,
    Column("name", String(64), primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

agent_sessions = Table(
    "agent_sessions", metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the cookie value
    Column("agent", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False, index=True),
)

agent_audit = Table(
    "agent_audit", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("agent", String(64)),
    Column("action", String(32), nullable=False),
    Column("handoff_id", String(16)),
    Column("detail", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)
