"""The widget on a company's own support page (another site), identity from its server.

A tiny host site on ``http://localhost:<port>`` (a different site from the backend on
``127.0.0.1``) serves the documented one-tag snippet. Its "server" signs the
signed-in customer's id with the shared host secret, exactly as bot/web/README.md
shows. Chromium then drives the widget there, against the real backend and a stub Rasa.
"""
from __future__ import annotations

import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import jwt
import pytest
from playwright.sync_api import expect

from bot.auth import verify_token
from tests.web.scenario import open_widget, say
from tests.web.stubs import HOST_SECRET, TOKEN_SECRET, free_port

HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contoso – your account</title></head>
<body><h1>Contoso account</h1><p>Signed in: {who}</p>
<script src="{backend}/embed.js" {identity} async></script>
</body></html>"""


def sign_customer(customer_id: str, secret: str) -> str:
    """What the host's server does for its signed-in customer (the README's snippet)."""
    now = int(time.time())
    return jwt.encode({"sub": customer_id, "iat": now, "exp": now + 600}, secret, algorithm="HS256")


class HostSite:
    """The company's site: ``/?user=CUST-…`` is a signed-in customer, ``/`` a visitor."""

    def __init__(self, port: int, backend: str):
        self.url = f"http://localhost:{port}"

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                user = self.path.partition("user=")[2] or None
                identity = f'data-user-jwt="{sign_customer(user, HOST_SECRET)}"' if user else ""
                body = HOST_PAGE.format(who=user or "nobody", backend=backend, identity=identity).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def embedded(web_settings, make_web) -> Iterator[tuple]:
    port = free_port()
    backend = make_web(replace(web_settings, demo=False, allowed_origins=(f"http://localhost:{port}",)))
    site = HostSite(port, backend.web_url)
    try:
        yield backend, site
    finally:
        site.stop()


@pytest.fixture
def host_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    errors: list = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def test_signed_in_customer_on_the_host_site_is_known_to_the_assistant(host_page, embedded):
    backend, site = embedded
    open_widget(host_page, f"{site.url}/?user=CUST-1001")
    expect(host_page.locator(".sw-signin")).to_be_hidden()  # no demo switcher on a real site
    answer = say(host_page, "why was I billed twice?")
    assert "CUST-1001: you were charged" in answer
    token = backend.rasa.received[-1]["metadata"]["customer_token"]
    assert verify_token(token, secret=TOKEN_SECRET) == "CUST-1001"
    assert HOST_SECRET not in host_page.content() and TOKEN_SECRET not in host_page.content()
    assert host_page.context.cookies() == []  # no cookie: the session is a bearer value

    open_widget(host_page, f"{site.url}/?user=CUST-1001")  # a reload keeps the conversation
    expect(host_page.locator(".sw-log .sw-user")).to_have_count(1)

    open_widget(host_page, f"{site.url}/")  # signed out on the host: a new, anonymous chat
    expect(host_page.locator(".sw-log .sw-user")).to_have_count(0)
    assert "Please sign in." in say(host_page, "why was I billed twice?")
    assert "customer_token" not in backend.rasa.received[-1]["metadata"]


def test_a_site_that_is_not_allow_listed_gets_no_chat(host_page, web_settings, make_web):
    port = free_port()
    backend = make_web(replace(web_settings, demo=False, allowed_origins=("https://someone.else",)))
    site = HostSite(port, backend.web_url)
    try:
        host_page.goto(f"{site.url}/?user=CUST-1001")
        expect(host_page.locator(".sw-root")).to_have_attribute("data-ready", "true")
        assert backend.rasa.received == []
    finally:
        site.stop()
