"""Tables of the support page: sessions, their messages, and feedback.

They live in the same ``SUPPORT_DB_URL`` store as the order data (SQLite by default,
PostgreSQL in production) but in their own ``MetaData``: ``python -m bot.data load``
replaces the order data and must never touch a customer's chat. One row per message,
so a long conversation never means rewriting a whole document, and a second page
backend on the same database sees the same sessions.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

web_sessions = Table(
    "web_sessions", metadata,
    # sha256 of the cookie / bearer value: the database never holds a usable session id.
    Column("key", String(64), primary_key=True),
    Column("sender_id", String(64), nullable=False),
    Column("customer_id", String(64)),
    Column("language", String(8)),
    Column("pending", Text),  # JSON of a message Rasa could not take yet
    Column("handoff_id", String(16)),  # the latest hand-off of this session (bot.handoff)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

web_messages = Table(
    "web_messages", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("session_key", String(64), ForeignKey("web_sessions.key", ondelete="CASCADE"), nullable=False),
    Column("sender_id", String(64), nullable=False),  # the conversation; "Start over" opens a new one
    Column("message_id", String(32), nullable=False, unique=True),
    Column("role", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("extra", Text),  # JSON: buttons, set_language
    Column("used", Boolean, nullable=False, default=False),
    Column("rating", String(8)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_web_messages_conversation", "session_key", "sender_id", "seq"),
)

web_feedback = Table(
    "web_feedback", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("session_hash", String(16), nullable=False),  # short hash: shareable with a support team
    Column("event", String(16), nullable=False),
    Column("message_id", String(32)),
    Column("rating", String(8)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
