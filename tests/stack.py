"""A real running stack for end-to-end tests: action server, Rasa, page backend.

``bot.stack.LocalStack`` (as ``make run`` starts it, on free ports, with its own
SQLite order database, tracker store and log directory) plus the demo data, fixed
``SUPPORT_TODAY`` / secrets so answers are stable, and helpers for the tests.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List

import requests

from bot.stack import ROOT, LocalStack, free_port  # noqa: F401 - tests import free_port from here

TODAY = "2026-11-22"
SECRET = "e2e-test-secret-0123456789abcdef0123456789"
HOST_SECRET = "e2e-test-host-secret-0123456789abcdef01234"  # noqa: S105 - test value
DEMO_DATA = ROOT / "data" / "demo" / "orders.json"


@dataclass
class LiveStack(LocalStack):
    """``bot.stack.LocalStack`` with the demo data, test secrets and test helpers."""

    def __post_init__(self) -> None:
        # The widget tests pick demo customers: the page runs in demo mode, with explicit
        # secrets; every test client is 127.0.0.1, so per-address limits are tested in
        # tests/web, not here.
        self.page_env = {"SUPPORT_DEMO": "1", "SUPPORT_HOST_SECRET": HOST_SECRET,
                         "SUPPORT_WEB_IP_RATE_LIMIT": "1000000", "SUPPORT_WEB_IP_NEW_SESSIONS": "1000000",
                         **self.page_env}

    def start(self, data: Path | None = DEMO_DATA) -> LiveStack:
        super().start(data)
        return self

    def restart(self, name: str, sig: int | None = None) -> None:
        import signal
        svc = self.services[name]
        svc.stop(sig or signal.SIGTERM)
        svc.start()
        svc.wait_healthy(timeout=300)

    def stop_rasa(self) -> None:
        self.services["rasa"].stop()

    def start_rasa(self) -> None:
        self.services["rasa"].start()
        self.services["rasa"].wait_healthy(timeout=300)

    # --- data -------------------------------------------------------------
    def export(self) -> Dict[str, Any]:
        result = self.cli("-m", "bot.data", "export")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    # --- conversation -----------------------------------------------------
    def send(self, sender: str, message: str, token: str | None = None,
             language: str | None = None, timeout: float = 60) -> List[Dict[str, Any]]:
        metadata: Dict[str, Any] = {}
        if token:
            metadata["customer_token"] = token
        if language:
            metadata["language"] = language
        resp = requests.post(self.webhook, json={"sender": sender, "message": message, "metadata": metadata},
                             timeout=timeout)
        assert resp.status_code == 200, resp.text
        return resp.json()


def texts(messages: List[Dict[str, Any]]) -> str:
    """All reply text of one turn, joined, for assertions."""
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    return [b for m in messages for b in m.get("buttons", [])]
