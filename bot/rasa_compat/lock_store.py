"""A Redis lock store whose ticket bookkeeping is atomic across Rasa instances.

Rasa Open Source 3.6's ``RedisLockStore`` keeps each conversation's ticket
queue in one Redis key and updates it read-modify-write (read, issue a ticket,
write back) with no transaction. Two Rasa servers receiving messages for the
same conversation at the same moment can both read the same queue and issue
the *same* ticket number, or one can delete the queue while the other has just
queued: then both process the conversation at once and one turn's events are
lost. ``tests/reliability/test_two_instances.py`` caught exactly that.

This subclass runs every read-modify-write of a queue under a short Redis
mutex (redis-py's ``Lock``: ``SET NX PX`` plus a token-checked release), so
ticket issuing, serving, expiry and clean-up are serialised per conversation.
Waiting for one's turn is unchanged (Rasa's polling loop).
"""
from __future__ import annotations

from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_TIMEOUT_S = 10


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with per-conversation atomic queue updates."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {**_redis_kwargs(endpoint_config), **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: str):
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_TIMEOUT_S,
                             blocking_timeout=MUTEX_TIMEOUT_S)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().finish_serving(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Finish the ticket and drop the queue if empty, as one step."""
        with self._mutex(conversation_id):
            lock = self.get_lock(conversation_id)
            if lock is None:
                return
            lock.remove_ticket_for(ticket_number)
            if lock.is_someone_waiting():
                self.save_lock(lock)
            else:
                self.delete_lock(conversation_id)


def _redis_kwargs(config: EndpointConfig) -> dict:
    """Map an endpoints.yml ``lock_store`` section onto ``RedisLockStore`` arguments."""
    extra = dict(config.kwargs or {})
    kwargs: dict = {"host": config.url or "localhost"}
    if extra.get("port"):
        kwargs["port"] = int(extra["port"])
    if str(extra.get("db", "")).strip():
        kwargs["db"] = int(extra["db"])
    for key in ("username", "password", "key_prefix"):
        if extra.get(key):
            kwargs[key] = str(extra[key])
    if "use_ssl" in extra:
        kwargs["use_ssl"] = str(extra["use_ssl"]).lower() in ("1", "true", "yes")
    return kwargs
