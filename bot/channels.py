"""Rasa's REST channel, hardened, at the same URL (``/webhooks/rest/webhook``).

Integrators keep Rasa's request and response shapes. On top, this channel:
- answers malformed requests (invalid JSON, non-UTF-8, missing or odd
  ``sender``, oversized bodies) with a clear 4xx instead of a 500;
- accepts only the metadata keys of the contract (``customer_token``,
  ``language``), so a client cannot smuggle other metadata into the tracker;
- caps the message length with a polite, localized reply;
- turns "no answer" (the action server is down, or Rasa failed) into a
  localized "temporarily unavailable, please try again" message.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import config
from bot.i18n import normalise_lang, t
from bot.language import detect_language
from bot.rasa_compat import speedups as rasa_speedups

rasa_speedups.install()  # cached action-response validator: see bot/rasa_compat/speedups.py

log = logging.getLogger(__name__)

MAX_BODY_BYTES = config.get("SUPPORT_MAX_BODY_BYTES")  # the page's limit too: one setting
MAX_MESSAGE_CHARS = 1000
MAX_SENDER_CHARS = 128


class RequestError(ValueError):
    """A client error with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def parse_body(raw: bytes) -> Dict[str, Any]:
    if len(raw) > MAX_BODY_BYTES:
        raise RequestError(413, f"request body larger than {MAX_BODY_BYTES} bytes")
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RequestError(400, "request body is not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise RequestError(400, "request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise RequestError(400, "request body must be a JSON object")
    return body


def clean_sender(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise RequestError(400, "'sender' must be a non-empty string")
    if len(value) > MAX_SENDER_CHARS or any(ord(c) < 32 for c in value):
        raise RequestError(400, f"'sender' must be at most {MAX_SENDER_CHARS} printable characters")
    return value


def clean_metadata(value: Any) -> Dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    meta: Dict[str, Any] = {}
    token = value.get("customer_token")
    if isinstance(token, str) and token:
        meta["customer_token"] = token
    lang = value.get("language")
    if isinstance(lang, str) and normalise_lang(lang, "") in ("vi", "en"):
        meta["language"] = normalise_lang(lang)
    return meta


def reply_language(text: str, metadata: Dict[str, Any]) -> str:
    return metadata.get("language") or detect_language(text or "") or "vi"


class SupportRestInput(RestInput):
    """Drop-in replacement for ``rest`` in credentials.yml."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = parse_body(request.body or b"")
                sender = clean_sender(body.get("sender"))
            except RequestError as exc:
                return response.json({"error": str(exc)}, status=exc.status)
            text = body.get("message")
            if not isinstance(text, str):
                return response.json({"error": "'message' must be a string"}, status=400)
            metadata = clean_metadata(body.get("metadata"))
            lang = reply_language(text, metadata)
            if len(text) > MAX_MESSAGE_CHARS:
                return response.json([bot_text(sender, t("input.too_long", lang, limit=MAX_MESSAGE_CHARS))])
            messages = await self.handle(on_new_message, text, sender, metadata)
            if not messages:
                # Marked so the page backend treats it as a failure (keeps the
                # message, offers "try again") rather than as an answer.
                messages = [{**bot_text(sender, t("unavailable", lang)), "custom": {"unavailable": True}}]
            return response.json(messages)

        return webhook

    async def handle(self, on_new_message: Callable[[UserMessage], Awaitable[None]], text: str,
                     sender: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        collector = CollectingOutputChannel()
        try:
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                             metadata=metadata))
        except Exception:  # noqa: BLE001 - a failed turn becomes the polite retry message
            log.exception("rest channel: processing a message failed (sender hash %s)", hash(sender))
            return []
        return collector.messages


def bot_text(sender: str, text: str) -> Dict[str, Any]:
    return {"recipient_id": sender, "text": text}


