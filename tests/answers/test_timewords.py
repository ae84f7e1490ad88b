"""Time words mean what they say, relative to an explicit today."""
from __future__ import annotations

from datetime import date

import pytest

from bot.answers import find_time

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, year, month, day", [
    ("tại sao tháng này tôi bị trừ tiền hai lần", 2026, 11, None),
    ("tai sao thang nay bi tru tien 2 lan", 2026, 11, None),
    ("this month", 2026, 11, None),
    ("why was I charged twice this month", 2026, 11, None),
    ("tháng trước", 2026, 10, None),
    ("thang truoc", 2026, 10, None),
    ("last month", 2026, 10, None),
    ("two bills in March?", 2026, 3, None),
    ("tháng 3", 2026, 3, None),
    ("thang 3", 2026, 3, None),
    ("hôm 5", 2026, 11, 5),
    ("31/1", 2026, 1, 31),
    ("mua hôm 1/2", 2026, 2, 1),
    ("the one from January", 2026, 1, None),
    ("charged on the 5th", 2026, 11, 5),
])
def test_time_words(text: str, year: int, month: int, day: int | None) -> None:
    ref = find_time(text, TODAY)
    assert ref is not None, text
    assert (ref.year, ref.month, ref.day) == (year, month, day)


@pytest.mark.parametrize("text", [
    "bị trừ 2 lần", "ORD-1001", "hủy đơn 1001", "99k", "$69.99", "1.490.000đ", "cái thứ 2",
    "why was I charged twice", "minhanh.nguyen@example.com", "hello", "", "😀",
])
def test_not_time_words(text: str) -> None:
    assert find_time(text, TODAY) is None


def test_contains() -> None:
    ref = find_time("tháng 3", TODAY)
    assert ref.contains(date(2026, 3, 5)) and not ref.contains(date(2025, 3, 5))
