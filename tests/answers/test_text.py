"""Small readings of free text used by the actions: the word for cancel, a lone order number."""
from __future__ import annotations

import pytest

from bot.answers.text import lone_order_number, mentions_cancelling


@pytest.mark.parametrize("text", ["hủy cái bàn phím", "huỷ đơn", "HUY DI", "cancel it", "I cancelled it"])
def test_cancel_words_in_any_spelling(text: str) -> None:
    assert mentions_cancelling(text)


@pytest.mark.parametrize("text", ["hoàn tiền giúp mình", "refund please", "huyền", "cancellation policy?"])
def test_no_cancel_word(text: str) -> None:
    assert not mentions_cancelling(text)


@pytest.mark.parametrize("text,expected", [
    ("1001", "ORD-1001"), ("it is 1001.", "ORD-1001"), ("số 1001 nha", "ORD-1001"),
    ("12345678", "ORD-12345678"), ("1001, email a@b.com", "ORD-1001"),
    ("1001 and 1002", None), ("$1001", None), ("2026-11-20", None), ("20/11/2026", None),
    ("99k", None), ("1.490.000đ", None), ("123", None), ("", None),
])
def test_a_lone_order_number(text: str, expected: str | None) -> None:
    assert lone_order_number(text) == expected
