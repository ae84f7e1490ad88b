"""A real running stack for end-to-end tests: action server, Rasa, page backend.

Started the way ``make run`` starts it (``bot.stack``), but on free ports,
with its own SQLite order database, tracker store and log directory, and with
``SUPPORT_TODAY`` and ``SUPPORT_TOKEN_SECRET`` fixed so answers are stable.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

import requests
import yaml

from bot.stack import ROOT, Service, action_server, page_server, rasa_server

TODAY = "2026-11-22"
SECRET = "e2e-test-secret-0123456789abcdef0123456789"
HOST_SECRET = "e2e-test-host-secret-0123456789abcdef01234"  # noqa: S105 - test value
DEMO_DATA = ROOT / "data" / "demo" / "orders.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveStack:
    """Handles to the running services plus helpers to talk to them."""

    workdir: Path
    model: str
    env: Dict[str, str] = field(default_factory=dict)
    action_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    services: Dict[str, Service] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def write_endpoints(self) -> Path:
        path = self.workdir / "endpoints.yml"
        path.write_text(yaml.safe_dump({
            "action_endpoint": {"url": f"http://127.0.0.1:{self.action_port}/webhook"},
            "tracker_store": {"type": "bot.rasa_compat.tracker_store.RedactingSQLTrackerStore", "dialect": "sqlite",
                              "db": str(self.workdir / "tracker.db")},
        }))
        return path

    def start(self) -> LiveStack:
        self.load(DEMO_DATA)
        endpoints = self.write_endpoints()
        self.services = {
            "actions": action_server(self.action_port, log_dir=self.workdir),
            "rasa": rasa_server(self.model, self.rasa_port, str(endpoints), log_dir=self.workdir),
            # The widget tests pick demo customers: the page runs in demo mode, with explicit secrets.
            "web": page_server(self.web_port, self.rasa_url, log_dir=self.workdir,
                               extra_env={"SUPPORT_DEMO": "1", "SUPPORT_HOST_SECRET": HOST_SECRET,
                                          # every test client is 127.0.0.1: per-address limits
                                          # are tested in tests/web, not here
                                          "SUPPORT_WEB_IP_RATE_LIMIT": "1000000",
                                          "SUPPORT_WEB_IP_NEW_SESSIONS": "1000000"}),
        }
        for svc in self.services.values():
            svc.env = {**svc.env, **self.env}
            svc.start()
        for svc in self.services.values():
            svc.wait_healthy(timeout=300)
        return self

    def stop(self) -> None:
        for svc in self.services.values():
            svc.stop()

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
    def cli(self, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **self.env},
                              capture_output=True, text=True, input=input_text, timeout=120)

    def load(self, path: Path) -> None:
        result = self.cli("-m", "bot.data", "load", str(path))
        assert result.returncode == 0, result.stderr

    def export(self) -> Dict[str, Any]:
        result = self.cli("-m", "bot.data", "export")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def token(self, customer_id: str, ttl: int = 3600) -> str:
        result = self.cli("-m", "bot.auth", "token", customer_id, "--ttl", str(ttl))
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

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
