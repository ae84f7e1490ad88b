"""Pure pieces of the page backend: rate limit, reply cleaning, sessions, demo customers."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n.catalog import entries
from bot.web import customers
from bot.web.rasa_client import build_payload, normalise_replies
from bot.web.ratelimit import SlidingWindowLimiter

EXAMPLE = Path("/work/shared/fixtures/example.json")
ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_allows_n_per_window_then_recovers():
    clock = Clock()
    limiter = SlidingWindowLimiter(3, 10.0, clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b") is True  # keys are independent
    clock.now = 9.9
    assert limiter.allow("a") is False
    clock.now = 10.0
    assert limiter.allow("a") is True


@settings(derandomize=True, max_examples=50)
@given(st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=60))
def test_rate_limit_never_admits_more_than_limit_in_any_window(times):
    clock = Clock()
    limiter = SlidingWindowLimiter(5, 10.0, clock)
    admitted = []
    for t in sorted(times):
        clock.now = t
        if limiter.allow("k"):
            admitted.append(t)
    for start in admitted:
        assert sum(1 for t in admitted if start <= t < start + 10.0) <= 5


def test_rate_limit_forgets_idle_keys():
    clock = Clock()
    limiter = SlidingWindowLimiter(1, 1.0, clock, max_keys=10)
    for i in range(11):
        limiter.allow(f"k{i}")
    clock.now = 5.0
    limiter.allow("new")
    assert set(limiter._hits) == {"new"}


@pytest.mark.parametrize("raw, expected", [
    (None, []),
    ({"text": "not a list"}, []),
    ([], []),
    ([{"text": "hi"}], [{"text": "hi"}]),
    ([{"recipient_id": "x", "text": "a", "image": "http://x/y.png"}], [{"text": "a"}]),
    ([{"text": "q", "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": 1, "payload": "/x"}, "junk"]}],
     [{"text": "q", "buttons": [{"title": "Yes", "payload": "/affirm"}]}]),
    ([{"custom": {"set_language": "en"}}], [{"text": "", "set_language": "en"}]),
    ([{"custom": {"set_language": "fr", "html": "<b>"}}], []),
    ([{"text": 5}, "junk", {"text": "ok"}], [{"text": "ok"}]),
])
def test_normalise_replies_keeps_only_what_the_widget_renders(raw, expected):
    assert normalise_replies(raw) == expected


def test_payload_has_token_only_when_signed_in():
    assert build_payload("s", "m", "vi", None) == {"sender": "s", "message": "m", "metadata": {"language": "vi"}}
    assert build_payload("s", "m", "en", "T")["metadata"] == {"language": "en", "customer_token": "T"}


def test_demo_customers_fall_back_to_the_demo_file_while_the_database_is_empty(tmp_path):
    found = customers.demo_customers(f"sqlite:///{tmp_path / 'empty.db'}")
    assert found[0].id == "CUST-1001" and found[0].name == "Nguyễn Minh Anh"


def test_demo_customers_come_from_the_order_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'support.db'}"
    env = {**os.environ, "SUPPORT_DB_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bot.data", "load", str(EXAMPLE)], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"bot.data load is not usable yet: {done.stderr[-300:]}")
    found = customers.from_database(url)
    assert [c.id for c in found] == ["CUST-1001", "CUST-1002", "CUST-2001", "CUST-2002"]
    assert found[3].name == "Công ty TNHH Fabrikam Việt Nam" and found[1].preferred_language == "en"


def test_web_catalogue_entries_are_bilingual():
    keys = [k for k in entries() if k.startswith("web.")]
    assert len(keys) >= 9
    for key in keys:
        assert set(entries()[key]) == {"vi", "en"} and entries()[key]["vi"] != entries()[key]["en"]


def test_widget_strings_come_from_the_one_catalogue():
    from bot.i18n import t
    from bot.web.strings import widget_strings, widget_strings_js

    strings = widget_strings()
    assert sorted(strings["vi"]) == sorted(strings["en"]) and len(strings["vi"]) > 20
    for lang in ("vi", "en"):
        assert strings[lang]["greeting"] == t("greet.intro", lang)  # the assistant's own greeting
        assert len(strings[lang]["topics"]) == 4 and all(set(x) == {"title", "message"} for x in strings[lang]["topics"])
    assert widget_strings_js().startswith("/* Generated") and "Nói chuyện với nhân viên" in widget_strings_js()


def test_the_contact_form_limit_is_one_number():
    """The widget's contact box, the backend's check and its error message agree."""
    import re

    from bot.i18n import t
    from bot.web.app import MAX_CONTACT_CHARS

    widget = (ROOT / "bot" / "web" / "static" / "widget.js").read_text(encoding="utf-8")
    assert re.search(r'id: "sw-contact-text"[^}]*maxlength: "(\d+)"', widget)[1] == str(MAX_CONTACT_CHARS)
    assert t("web.bad_contact", "en", limit=MAX_CONTACT_CHARS).endswith("(up to 1,000 characters).")
    assert t("web.bad_contact", "en", limit=1).endswith("(up to 1 character).")
    assert t("web.bad_contact", "vi", limit=MAX_CONTACT_CHARS).endswith("(tối đa 1.000 ký tự).")


def test_settings_come_from_the_environment(monkeypatch, tmp_path):
    from bot.web.settings import WebSettings

    monkeypatch.setenv("SUPPORT_RASA_URL", "http://rasa.internal:5005/")
    monkeypatch.setenv("SUPPORT_DEMO", "0")
    monkeypatch.setenv("SUPPORT_WEB_RATE_LIMIT", "7")
    monkeypatch.setenv("SUPPORT_DB_URL", "sqlite:///x.db")
    monkeypatch.setenv("SUPPORT_TOKEN_SECRET", "t" * 40)
    monkeypatch.setenv("SUPPORT_HOST_SECRET", "h" * 40)
    monkeypatch.setenv("SUPPORT_ALLOWED_ORIGINS", "https://shop.example.com, http://127.0.0.1:9000")
    settings = WebSettings.from_env()
    assert (settings.rasa_url, settings.demo, settings.rate_limit_count) == ("http://rasa.internal:5005", False, 7)
    assert settings.db_url == "sqlite:///x.db" and settings.host_secret == "h" * 40
    assert settings.allowed_origins == ("https://shop.example.com", "http://127.0.0.1:9000")
    assert WebSettings.from_env(rasa_url="http://other:1").rasa_url == "http://other:1"


def test_a_custom_part_sent_as_its_own_message_joins_its_text():
    """Rasa's REST channel sends ``json_message`` as a separate message after the text."""
    raw = [{"recipient_id": "s", "text": "I've passed this conversation to a support agent."},
           {"recipient_id": "s", "custom": {"handoff": {"queue_id": "H-1", "reason": "asked", "status": "waiting"}}},
           {"recipient_id": "s", "text": "Sure, I'll continue in English."},
           {"recipient_id": "s", "custom": {"set_language": "en"}}]
    assert normalise_replies(raw) == [
        {"text": "I've passed this conversation to a support agent.", "handoff": {"queue_id": "H-1", "status": "waiting"}},
        {"text": "Sure, I'll continue in English.", "set_language": "en"}]
