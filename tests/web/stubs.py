"""Test doubles: a stub of Rasa's REST channel and a Sanic app served in a thread.

The stub answers like the real bot for the scenarios the widget tests need
(two-bills answer with both dates and a quick reply, greeting, echo) and
records every request so tests can check what the backend forwarded.
"""
from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List

from bot.auth import verify_token

TOKEN_SECRET = "web-test-token-secret-0123456789abcdef"  # noqa: S105 - test value
HOST_SECRET = "web-test-host-secret-0123456789abcdef"  # noqa: S105 - test value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stub_replies(message: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
    lang = metadata.get("language", "vi")
    customer = verify_token(metadata.get("customer_token"), secret=TOKEN_SECRET)
    text = message.lower()
    if text in ("/greet", "xin chào", "hello"):
        return [{"text": "Xin chào! Tôi là trợ lý ảo." if lang == "vi" else "Hello! I am a virtual assistant."}]
    if "hai lần" in text or "twice" in text:
        if customer is None:
            return [{"text": "Vui lòng đăng nhập." if lang == "vi" else "Please sign in."}]
        if lang == "en":
            return [{"text": f"{customer}: you were charged on March 5, 2026 and March 20, 2026.",
                     "buttons": [{"title": "Cancel subscription", "payload": "/cancel_subscription"}]}]
        return [{"text": f"{customer}: bạn bị tính phí vào ngày 5 tháng 3 năm 2026 và ngày 20 tháng 3 năm 2026.",
                 "buttons": [{"title": "Hủy gói đăng ký", "payload": "/cancel_subscription"},
                             {"title": "Không, cảm ơn", "payload": "/deny"}]}]
    if text == "/cancel_subscription":
        if lang == "en":
            return [{"text": "To cancel, see https://account.microsoft.com/services and [this guide](https://evil.example/x)."}]
        return [{"text": "Để hủy, hãy truy cập https://account.microsoft.com/services."}]
    if text == "/slow":
        time.sleep(1.5)
        return [{"text": "late"}]
    if text == "/silent":
        return []
    if text == "/unavailable":  # what bot.channels answers when Rasa produced nothing
        return [{"text": "Temporarily unavailable.", "custom": {"unavailable": True}}]
    if text == "/english":
        return [{"text": "Switching to English."}, {"custom": {"set_language": "en"}}]  # as Rasa splits it
    prefix = "You said: " if lang == "en" else "Bạn đã nói: "
    return [{"text": prefix + message}]


def stub_handoff(db_url: str, sender: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
    """What ``actions.handoff.hand_off`` answers, through the same queue and rules."""
    from bot.handoff.rules import OpeningHours, Reason, someone_there
    from bot.handoff.store import HandoffStore, now_utc
    from bot.i18n import t

    store = HandoffStore(db_url)
    customer = verify_token(metadata.get("customer_token"), secret=TOKEN_SECRET)
    lang = metadata.get("language", "vi")
    there = someone_there(store.agents_online(), OpeningHours(), now_utc())
    handoff = store.open(sender, customer, lang, Reason.ASKED, {"intents": [{"name": "human_handoff",
                                                                            "confidence": 1.0}]}, there)
    key = "handoff" if handoff.active else "handoff.nobody"
    # As Rasa's REST channel sends it: the text, then the custom part as its own message.
    return [{"text": t(key, lang, queue_id=handoff.id)},
            {"custom": {"handoff": {"queue_id": handoff.id, "reason": "asked", "status": handoff.status.value}}}]


class StubRasa:
    """Threaded HTTP server on a fixed port that can be stopped and restarted."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.received: List[Dict[str, Any]] = []
        self.status = 200
        self.db_url: str | None = None  # set: "/human_handoff" queues like action_handoff does
        self._server: ThreadingHTTPServer | None = None

    def _handler(self) -> type:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.received.append(body)
                metadata = body.get("metadata") or {}
                if body["message"] == "/human_handoff" and stub.db_url:
                    replies = stub_handoff(stub.db_url, body["sender"], metadata)
                else:
                    replies = stub_replies(body["message"], metadata)
                data = json.dumps(replies if stub.status == 200 else {"error": "boom"}).encode()
                self.send_response(stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def start(self) -> StubRasa:
        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class AppThread:
    """Serve a Sanic app on 127.0.0.1:port from a background event loop."""

    def __init__(self, app: Any, port: int | None = None):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.loop = asyncio.new_event_loop()
        self._server: Any = None

    def start(self) -> AppThread:
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            coro = self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True,
                                          access_log=False)
            self._server = self.loop.run_until_complete(coro)
            self.loop.run_until_complete(self._server.startup())
            ready.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        if not ready.wait(15):
            raise RuntimeError("web app did not start")
        _wait_port(self.port)
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            self._server.close()
            # Like a process that exits: open connections (a long poll) are cut too.
            for conn in list(getattr(self._server, "connections", ())):
                transport = getattr(conn, "transport", None)
                if transport is not None:
                    transport.abort()
            await self._server.wait_closed()
            http = getattr(self.app.ctx, "http", None)
            if http is not None:
                await http.close()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


def _wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} never opened")
