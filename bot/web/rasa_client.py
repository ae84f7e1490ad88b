"""Forward one user message to Rasa's REST channel.

Every failure - connection refused, timeout, a non-2xx status, a body that is
not a list, or an empty list - becomes ``None``, which the backend turns into
a localized "temporarily unavailable" answer instead of an error page.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

import aiohttp

log = logging.getLogger(__name__)

MAX_BUTTONS = 12


def build_payload(sender: str, message: str, language: str, token: str | None) -> Dict[str, Any]:
    metadata: Dict[str, Any] = {"language": language}
    if token:
        metadata["customer_token"] = token
    return {"sender": sender, "message": message, "metadata": metadata}


def _clean_buttons(raw: Any) -> List[Dict[str, str]]:
    if not isinstance(raw, list):
        return []
    buttons = []
    for b in raw[:MAX_BUTTONS]:
        if isinstance(b, dict) and isinstance(b.get("title"), str) and isinstance(b.get("payload"), str):
            buttons.append({"title": b["title"], "payload": b["payload"]})
    return buttons


def normalise_replies(raw: Any) -> List[Dict[str, Any]]:
    """Keep only what the widget needs: text, buttons, a language switch, a hand-off."""
    replies = []
    for m in raw if isinstance(raw, list) else []:
        if not isinstance(m, dict):
            continue
        reply: Dict[str, Any] = {"text": m["text"] if isinstance(m.get("text"), str) else ""}
        buttons = _clean_buttons(m.get("buttons"))
        if buttons:
            reply["buttons"] = buttons
        custom = m.get("custom")
        if isinstance(custom, dict) and custom.get("set_language") in ("vi", "en"):
            reply["set_language"] = custom["set_language"]
        handoff = custom.get("handoff") if isinstance(custom, dict) else None
        if isinstance(handoff, dict) and all(isinstance(handoff.get(k), str) for k in ("queue_id", "status")):
            reply["handoff"] = {"queue_id": handoff["queue_id"][:16], "status": handoff["status"][:16]}
        if reply["text"] or buttons:
            replies.append(reply)
        elif replies and ("set_language" in reply or "handoff" in reply):
            # Rasa sends a message's custom part as a message of its own, right after its
            # text: it belongs to that text, not to an empty bubble.
            replies[-1].update({k: v for k, v in reply.items() if k != "text"})
        elif "set_language" in reply or "handoff" in reply:
            replies.append(reply)
    return replies


def unavailable(raw: Any) -> bool:
    """True for the REST channel's own "temporarily unavailable" answer (no real reply)."""
    return isinstance(raw, list) and any(
        isinstance(m, dict) and isinstance(m.get("custom"), dict) and m["custom"].get("unavailable")
        for m in raw)


async def send(http: aiohttp.ClientSession, rasa_url: str, payload: Dict[str, Any],
               timeout_s: float) -> List[Dict[str, Any]] | None:
    url = f"{rasa_url}/webhooks/rest/webhook"
    try:
        async with http.post(url, json=payload, timeout=aiohttp.ClientTimeout(total=timeout_s)) as resp:
            if resp.status >= 300:
                log.warning("rasa answered HTTP %s", resp.status)
                return None
            raw = await resp.json(content_type=None)
            if unavailable(raw):
                log.warning("rasa answered but could not process the message")
                return None
            replies = normalise_replies(raw)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        log.warning("rasa unreachable: %s", type(exc).__name__)
        return None
    return replies or None
