"""Who the customer is, as the host site says: a short-lived JWT signed by the host's server.

The Intercom model: the company's own server, which knows its signed-in customer,
signs that customer's id into an HS256 JWT with a secret it shares with this backend
(``SUPPORT_HOST_SECRET``) and puts it in its page. The widget hands it to
``POST /api/identify``; the backend checks it here and binds the chat session to the
customer. The browser never sees the assistant's own token secret, and a token
cannot be stretched into a long-lived credential: it must say when it was issued,
expire, and live at most ``MAX_LIFETIME``.
"""
from __future__ import annotations

from datetime import timedelta

import jwt

from bot.data.store import clean_id

ALGORITHM = "HS256"
MAX_LIFETIME = timedelta(hours=1)
LEEWAY_S = 30


class IdentityError(ValueError):
    """The host token is not acceptable; the reason is for logs, never for the page."""


def verify_host_token(token: object, secret: str) -> str:
    """The customer id the host vouches for, or ``IdentityError``."""
    if not isinstance(token, str) or not token or len(token) > 4096:
        raise IdentityError("no token")
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], leeway=LEEWAY_S,
                            options={"require": ["sub", "exp", "iat"]})
    except jwt.PyJWTError as exc:
        raise IdentityError(type(exc).__name__) from None
    if claims["exp"] - claims["iat"] > MAX_LIFETIME.total_seconds():
        raise IdentityError("lifetime longer than an hour")
    customer_id = clean_id(claims["sub"])
    if customer_id is None:
        raise IdentityError("malformed sub")
    return customer_id
