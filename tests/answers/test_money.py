"""Amounts as typed in chat, in dollars and đồng."""
from decimal import Decimal

import pytest

from bot.answers.money import USD, VND, Money, amounts_in


@pytest.mark.parametrize(("text", "expected"), [
    ("what's this $19.99 charge", [Money(Decimal("19.99"), USD)]),
    ("$1,049.99", [Money(Decimal("1049.99"), USD)]),
    ("bị trừ 9,99 đô", [Money(Decimal("9.99"), USD)]),
    ("20 đô", [Money(Decimal("20"), USD)]),
    ("19.99 USD", [Money(Decimal("19.99"), USD)]),
    ("Tháng trước bị trừ 1.490.000đ", [Money(Decimal("1490000"), VND)]),
    ("500.000 vnd", [Money(Decimal("500000"), VND)]),
    ("99k", [Money(Decimal("99000"), VND)]),
    ("2tr", [Money(Decimal("2000000"), VND)]),
    ("1,5 triệu", [Money(Decimal("1500000"), VND)]),
    ("150 nghìn", [Money(Decimal("150000"), VND)]),
    ("49,99", [Money(Decimal("49.99"), None)]),
    ("9.99 rồi lại 9.99", [Money(Decimal("9.99"), None), Money(Decimal("9.99"), None)]),
])
def test_amounts(text, expected):
    assert amounts_in(text) == expected


@pytest.mark.parametrize("text", [
    "order 1001 on the 5th", "ORD-1001", "cái 2 đó", "hôm 5 đi", "5m", "thứ 2", "#1201", "31/1", "",
])
def test_not_money(text):
    """Ids, days, positions and "cái 2 đó" (that second one) are never amounts."""
    assert amounts_in(text) == []
