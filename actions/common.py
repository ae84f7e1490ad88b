"""Shared plumbing for the thin Rasa actions.

``SupportAction`` gives every action the same three things: the reply
language, a per-process store, and one failure policy (a localized apology
with a reference id, the stack trace in the log, never exception text to the
customer).
"""
from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from abc import ABCMeta, abstractmethod
from typing import Any, Callable, Dict, List, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import config
from bot.data.store import Store
from bot.i18n import normalise_lang, t
from bot.language import language_scores

log = logging.getLogger(__name__)
T = TypeVar("T")


def store() -> Store:
    """The order store for ``SUPPORT_DB_URL``; cheap, as the engine is cached per process and URL."""
    return Store(config.db_url())


async def in_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking database work off the action server's event loop."""
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))


def language(tracker: Tracker, fallback: str | None = None) -> str:
    """The conversation's language.

    The ``language`` slot (detection or an explicit switch) wins. Before it
    was ever set, e.g. a first message of just "hello" that is too weak to
    *switch* a conversation, the page's language decides, then the weaker lean
    of the text, then the fallback, then Vietnamese.
    """
    current = conversation_language(tracker.events) or tracker.get_slot("language")
    if current:
        return normalise_lang(current)
    latest = tracker.latest_message or {}
    page = _page(latest)
    if page:
        return page  # a first "hello" on the English page
    vi, en = language_scores(str(latest.get("text") or ""))
    if vi != en:
        return "vi" if vi > en else "en"
    return normalise_lang(fallback)


def _page(event: Dict[str, Any]) -> str | None:
    page = event.get("page_language") or (event.get("metadata") or {}).get("language")
    return page if page in ("vi", "en") else None


def conversation_language(events: List[Dict[str, Any]]) -> str | None:
    """The language the conversation is in now, from its events, newest first.

    A language set at a turn (detected in clear text, asked for, or set by an
    action) holds until another is set; a neutral message ("ok", "ha?") sets
    none. A change of the page's language between two messages (the widget's
    selector, or an integration switching) counts as set at that message, so
    "hello" right after switching the page to English is English, while "ok" on
    the English page in a Vietnamese conversation stays Vietnamese.
    """
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    for i in range(len(events) - 1, -1, -1):
        event = events[i]
        if event.get("event") == "slot" and event.get("name") == "language" and event.get("value"):
            return str(event["value"])
        if event.get("event") == "user":
            earlier = [j for j in users if j < i]
            now = _page(event.get("parse_data") or {}) or _page(event)
            before = (_page(events[earlier[-1]].get("parse_data") or {}) or _page(events[earlier[-1]])) \
                if earlier else None
            if now and before and now != before:
                return now
    return None


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}


class Reply:
    """Collects text in one language; flushes to the dispatcher."""

    def __init__(self, dispatcher: CollectingDispatcher, lang: str) -> None:
        self.dispatcher = dispatcher
        self.lang = lang

    def say(self, key: str, buttons: List[Dict[str, str]] | None = None, **params: Any) -> None:
        self.dispatcher.utter_message(text=t(key, self.lang, **params), buttons=buttons or [])

    def text(self, text: str, buttons: List[Dict[str, str]] | None = None) -> None:
        self.dispatcher.utter_message(text=text, buttons=buttons or [])

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)


def topic_buttons(lang: str) -> List[Dict[str, str]]:
    """The main topics, offered by the greeting and the fallback."""
    return [
        button(t("topic.cancel_order", lang), "/cancel_order"),
        button(t("topic.order_status", lang), "/order_status"),
        button(t("topic.why_two_bills", lang), "/why_two_bills"),
        button(t("topic.overdue_balance", lang), "/overdue_balance"),
        button(t("topic.partner_refund", lang), "/request_partner_refund"),
        button(t("topic.human", lang), "/human_handoff"),
    ]


class SupportAction(Action, metaclass=ABCMeta):
    """Base class: subclasses implement ``perform`` and never handle errors.

    ``action_name`` is abstract so that intermediate base classes stay abstract
    and the SDK's auto-registration skips them.
    """

    @property
    @abstractmethod
    def action_name(self) -> str:
        """The domain name of the action; concrete actions set it as a class attribute."""

    def name(self) -> str:
        return self.action_name

    async def perform(self, reply: Reply, tracker: Tracker, domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        lang = language(tracker)
        # Pin a language chosen by weak evidence, so the next neutral message
        # ("ORD-1001") stays in it. Junk leans nowhere and pins nothing, so a
        # plain "hello" after an emoji is still answered in English.
        vi, en = language_scores(str((tracker.latest_message or {}).get("text") or ""))
        pin = [] if tracker.get_slot("language") or vi == en else [SlotSet("language", lang)]
        try:
            events = await self.perform(Reply(dispatcher, lang), tracker, domain)
        except Exception:  # noqa: BLE001 - the one place that turns failures into an apology
            return apologise(dispatcher, lang, self.name(), tracker.sender_id)
        if self.name() in _REMINDING_ACTIONS:
            remind_pending_verification(Reply(dispatcher, lang), tracker)
        return pin + events + expire_offer(tracker, events)


# Answers to side questions; after them a pending order check is recalled in one line.
_REMINDING_ACTIONS = frozenset({
    "action_greet", "action_bot_challenge", "action_thank", "action_out_of_scope", "action_why_two_bills",
    "action_overdue_balance", "action_pending_balance", "action_guidance",
})
_VERIFYING_TOPICS = frozenset({"order_status", "store_refund", "cancel_order"})


def remind_pending_verification(reply: Reply, tracker: Tracker) -> None:
    """"Where is ORD-1101?" → email asked → a side question: answer it, then ask for the email again."""
    from actions.identity import identify, order_owner

    order_id = tracker.get_slot("order_id")
    if tracker.active_loop.get("name") or tracker.get_slot("topic") not in _VERIFYING_TOPICS or not order_id:
        return
    identity = identify(tracker)
    if identity.signed_in or order_owner(tracker, identity, order_id):
        return
    reply.say("verify.ask_email", order_id=order_id)


def expire_offer(tracker: Tracker, events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """An offer ("shall I request the tax refund?") is open for the next message only.

    Kept when it was made in this same turn (the form that made it is followed
    by its submit action) or when this action makes a new one.
    """
    if not tracker.get_slot("offer") or _sets(events, "offer"):
        return []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") == "offer":
            return []
    return [SlotSet("offer", None)]


def _sets(events: List[Dict[str, Any]], slot: str) -> bool:
    return any(e.get("event") == "slot" and e.get("name") == slot for e in events)


def apologise(dispatcher: CollectingDispatcher, lang: str, action: str, sender: str) -> List[Dict[str, Any]]:
    """Log the failure with a reference id and tell the customer politely."""
    ref = uuid.uuid4().hex[:8].upper()
    log.exception("action %s failed (ref %s, conversation %s)", action, ref, sender)
    dispatcher.messages.clear()
    dispatcher.utter_message(text=t("error.apology", lang, ref=ref))
    return []
