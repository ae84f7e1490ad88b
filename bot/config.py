"""Process configuration read from the environment (see CONTRACTS.md).

Every process the project starts reads the same three variables through this
module, so "today", the database and the token secret never disagree between
the action server, the page backend and the CLIs.
"""
from __future__ import annotations

import logging
import os
from datetime import date

DEFAULT_DB_URL = "sqlite:///var/support.db"
DEMO_TOKEN_SECRET = "demo-only-secret-change-me-0123456789abcdef"  # noqa: S105 - public demo value, warned about

log = logging.getLogger(__name__)
_warned = False


def db_url() -> str:
    """SQLAlchemy URL of the order database (``SUPPORT_DB_URL``)."""
    return os.environ.get("SUPPORT_DB_URL") or DEFAULT_DB_URL


def today() -> date:
    """The date every eligibility and billing decision uses (``SUPPORT_TODAY``).

    A malformed value is a configuration error and fails loudly rather than
    silently deciding refunds against the wrong date.
    """
    raw = os.environ.get("SUPPORT_TODAY")
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise RuntimeError(f"SUPPORT_TODAY must be an ISO date (YYYY-MM-DD), got {raw!r}") from exc


def token_secret() -> str:
    """HS256 secret for customer tokens (``SUPPORT_TOKEN_SECRET``).

    Falls back to a demo value and warns once per process: fine for a laptop
    demo, never for production.
    """
    global _warned
    secret = os.environ.get("SUPPORT_TOKEN_SECRET")
    if secret:
        return secret
    if not _warned:
        log.warning("SUPPORT_TOKEN_SECRET is not set: using the DEMO secret. Do not use in production.")
        _warned = True
    return DEMO_TOKEN_SECRET
