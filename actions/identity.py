"""Who is this customer? Only a verified token (or a signed grant) says so.

The customer token arrives in the metadata of the latest user message. It is
verified on every data access; nothing a message can set (slots, entities)
is ever read as identity.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict

from rasa_sdk import Tracker

from bot.auth import verify_token
from bot.auth.grants import verify_grant

TOKEN_KEY = "customer_token"  # noqa: S105 - a metadata key name, not a secret


def latest_metadata(tracker: Tracker) -> Dict[str, Any]:
    """Metadata of the newest user message (where the channel put the token)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            meta = event.get("metadata") or {}
            return meta if isinstance(meta, dict) else {}
    return {}


@dataclass(frozen=True)
class Identity:
    """The caller as far as we can prove it."""

    customer_id: str | None
    presented_token: bool  # a token was sent, valid or not (drives the sign-in hint)

    @property
    def signed_in(self) -> bool:
        return self.customer_id is not None

    @property
    def rejected_token(self) -> bool:
        return self.presented_token and self.customer_id is None


def identify(tracker: Tracker) -> Identity:
    token = latest_metadata(tracker).get(TOKEN_KEY)
    return Identity(customer_id=verify_token(token), presented_token=bool(token))


def order_owner(tracker: Tracker, identity: Identity, order_id: str | None) -> str | None:
    """The customer whose data this conversation may see for ``order_id``.

    Signed in: the token's customer (the store then scopes the lookup).
    Anonymous: the owner proven earlier with order number plus email.
    """
    if identity.signed_in:
        return identity.customer_id
    if not order_id:
        return None
    return verify_grant(tracker.get_slot("verified_order"), order_id, tracker.sender_id)
