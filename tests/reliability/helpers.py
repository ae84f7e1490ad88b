"""Helpers shared by the fault tests: conversation ids, polite-failure texts, page sessions."""
from __future__ import annotations

import re
import uuid
from typing import Any, Dict, List

import requests

from bot.i18n import t
from tests.stack import LiveStack

REF_ID = re.compile(r"\b[0-9A-F]{8}\b")


def conv(prefix: str = "rel") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unavailable_texts(lang: str) -> set[str]:
    """What the REST channel or the page backend say when the assistant cannot answer."""
    return {t("unavailable", lang), t("web.unavailable", lang)}


def apology_prefix(lang: str) -> str:
    return t("error.apology", lang, ref="\x00").split("\x00")[0]


class PageClient:
    """A browser tab of the support page: cookie session, same-origin JSON posts."""

    def __init__(self, stack: LiveStack, customer_id: str | None = None) -> None:
        self.base = stack.web_url
        self.http = requests.Session()
        assert self.http.get(f"{self.base}/api/session", timeout=30).status_code == 200
        if customer_id:
            resp = self.http.post(f"{self.base}/api/signin", json={"customer_id": customer_id}, timeout=30)
            assert resp.status_code == 200, resp.text

    def chat(self, message: str, language: str, timeout: float = 120) -> requests.Response:
        return self.http.post(f"{self.base}/api/chat", json={"message": message, "language": language},
                              timeout=timeout)


def reply_text(body: Dict[str, Any]) -> str:
    messages: List[Dict[str, Any]] = body.get("messages") or []
    return "\n".join(m.get("text", "") for m in messages)
