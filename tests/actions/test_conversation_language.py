"""Which language a conversation is in, from its events (round 13)."""
from __future__ import annotations

from actions.common import conversation_language


def _user(text: str, page: str | None = None) -> dict:
    return {"event": "user", "text": text, "metadata": {"language": page} if page else {}, "parse_data": {}}


def _slot(value: str) -> dict:
    return {"event": "slot", "name": "language", "value": value}


def test_a_neutral_message_keeps_the_language_the_customer_typed_in():
    events = [_user("lam sao bat hoi cha me", "en"), _slot("vi"), _user("ha?", "en"), _user("ok", "en")]
    assert conversation_language(events) == "vi"


def test_switching_the_page_counts_as_choosing_its_language():
    events = [_user("xin chào", "vi"), _slot("vi"), _user("đơn hàng giao chưa", "vi"), _slot("vi"),
              _user("hello", "en")]
    assert conversation_language(events) == "en"
    assert conversation_language(events + [_user("ok", "en")]) == "en"  # and it holds


def test_clear_text_after_a_page_switch_wins_and_nothing_set_is_none():
    events = [_user("hello", "en"), _user("tôi muốn hủy đơn", "vi"), _slot("vi")]
    assert conversation_language(events) == "vi"
    assert conversation_language([_user("ok", "en")]) is None  # the page is only a default (language())
