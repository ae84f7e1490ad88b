"""Fixtures for the support page: a stub Rasa, the backend on a free port, a browser."""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

import pytest
import requests
from sanic import Sanic

from bot.web.app import create_app
from bot.web.settings import WebSettings
from tests.web.stubs import HOST_SECRET, TOKEN_SECRET, AppThread, StubRasa, free_port

# The shared scenario module asserts too: give it pytest's assertion messages.
pytest.register_assert_rewrite("tests.web.scenario")

REPORTS = Path(__file__).resolve().parents[2] / "reports"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Several apps start and stop in one process: test mode keeps Sanic's TouchUp
# from rewriting its protocol class twice (which breaks the second start).
Sanic.test_mode = True

logging.getLogger("sanic.root").setLevel(logging.WARNING)
logging.getLogger("sanic.error").setLevel(logging.WARNING)


@dataclass
class WebStack:
    """What a scenario needs; the real stack (tests/conftest.py ``live_stack``) has the same shape."""

    web_url: str
    rasa_url: str
    rasa: StubRasa
    app: object
    db_url: str

    def stop_rasa(self) -> None:
        self.rasa.stop()

    def start_rasa(self) -> None:
        self.rasa.start()


@pytest.fixture
def stub_rasa() -> Iterator[StubRasa]:
    rasa = StubRasa().start()
    yield rasa
    rasa.stop()


@pytest.fixture
def web_settings(tmp_path: Path, stub_rasa: StubRasa) -> WebSettings:
    # An empty database: the demo customers come from the demo data file.
    return WebSettings(rasa_url=stub_rasa.url, db_url=f"sqlite:///{tmp_path / 'support.db'}",
                       demo=True, token_secret=TOKEN_SECRET, host_secret=HOST_SECRET, rasa_timeout_s=5.0)


def _serve(settings: WebSettings, stub_rasa: StubRasa) -> Iterator[WebStack]:
    stub_rasa.db_url = settings.db_url  # the stub queues hand-offs where this backend looks
    app = create_app(settings=settings)
    server = AppThread(app).start()
    yield WebStack(server.url, stub_rasa.url, stub_rasa, app, settings.db_url)
    server.stop()


@pytest.fixture
def web(web_settings: WebSettings, stub_rasa: StubRasa) -> Iterator[WebStack]:
    yield from _serve(web_settings, stub_rasa)


@pytest.fixture
def make_web(stub_rasa: StubRasa):
    """Start extra backends with tweaked settings (rate limit, Rasa URL, ...)."""
    started = []

    def make(settings: WebSettings, **changes) -> WebStack:
        gen = _serve(replace(settings, **changes), stub_rasa)
        started.append(gen)
        return next(gen)

    yield make
    for gen in started:
        next(gen, None)


@pytest.fixture
def client() -> requests.Session:
    return requests.Session()


@pytest.fixture
def dead_rasa_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def _chromium() -> str:
    path = shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed (scripts/setup.sh installs Debian's chromium)")
    pytest.skip("chromium is not installed; run: apt-get install -y chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def reports_dir() -> Path:
    REPORTS.mkdir(exist_ok=True)
    return REPORTS
