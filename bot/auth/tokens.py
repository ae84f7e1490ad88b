"""Issue and verify customer tokens.

A customer token is an HS256 JWT with ``sub`` (customer id) and ``exp``. The
verifier pins the algorithm list to HS256 so ``alg: none`` and algorithm
confusion are rejected by PyJWT itself, and requires both claims. Any failure
means "anonymous": callers never see why, so a forged token learns nothing.
"""
from __future__ import annotations

import hashlib
import logging
import time

import jwt

from bot import config

ALGORITHM = "HS256"
DEFAULT_TTL_SECONDS = 3600
MAX_TOKEN_LENGTH = 4096

log = logging.getLogger(__name__)


def issue_token(customer_id: str, ttl: int = DEFAULT_TTL_SECONDS, *, secret: str | None = None,
                now: float | None = None) -> str:
    """Sign a token for ``customer_id`` that expires ``ttl`` seconds from ``now``."""
    issued = int(now if now is not None else time.time())
    claims = {"sub": customer_id, "iat": issued, "exp": issued + int(ttl)}
    return jwt.encode(claims, secret or config.token_secret(), algorithm=ALGORITHM)


def verify_token(token: object, *, secret: str | None = None) -> str | None:
    """Return the customer id of a valid token, else ``None`` (anonymous)."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        claims = jwt.decode(token, secret or config.token_secret(), algorithms=[ALGORITHM],
                            options={"require": ["exp", "sub"]})
    except jwt.PyJWTError as exc:
        log.info("customer token rejected: %s", type(exc).__name__)
        return None
    sub = claims.get("sub")
    return sub if isinstance(sub, str) and sub else None


def token_fingerprint(token: str) -> str:
    """A short, non-reversible id of a token, safe to log or store."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:16]
