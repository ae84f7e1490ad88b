"""Signed proof that an anonymous conversation verified one order.

After an anonymous customer proves ownership of an order (order number plus
the email on it), the action server stores a grant in a slot. The grant is
HMAC-signed with the token secret, so a message that tries to set the slot
(``/inform{"verified_order": ...}``) cannot forge access: the signature would
not match.
"""
from __future__ import annotations

import hashlib
import hmac

from bot import config

SEPARATOR = "|"


def _sign(payload: str) -> str:
    key = ("grant:" + config.token_secret()).encode()
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def issue_grant(order_id: str, customer_id: str, conversation_id: str) -> str:
    """A grant binding ``order_id`` to its owner within one conversation."""
    payload = SEPARATOR.join((order_id, customer_id, conversation_id))
    return payload + SEPARATOR + _sign(payload)


def verify_grant(grant: object, order_id: str, conversation_id: str) -> str | None:
    """The owning customer id if ``grant`` is genuine for this order and conversation."""
    if not isinstance(grant, str) or grant.count(SEPARATOR) != 3:
        return None
    granted_order, customer_id, granted_conv, signature = grant.split(SEPARATOR)
    payload = SEPARATOR.join((granted_order, customer_id, granted_conv))
    if not hmac.compare_digest(signature, _sign(payload)):
        return None
    if granted_order != order_id or granted_conv != conversation_id:
        return None
    return customer_id
