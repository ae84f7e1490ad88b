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


@pytest.mark.parametrize(("text", "expected"), [
    ("what's this $19.99 charge from last month, on the 10th?", (2026, 10, 10)),
    ("bi tru tien hom 18 thang truoc", (2026, 10, 18)),
    ("the 3rd of this month", (2026, 11, 3)),
    ("charged on the 31st last month", (2026, 10, 31)),
    ("tháng 9 vẫn bị trừ 9,99 đô", (2026, 9, None)),
    ("charge on Oct 10", (2026, 10, 10)),
])
def test_find_day_joins_a_relative_month_and_a_bare_day(text, expected):
    from bot.answers.timewords import find_day

    found = find_day(text, date(2026, 11, 22))
    assert (found.year, found.month, found.day) == expected


def test_find_day_skips_a_day_the_month_lacks():
    from bot.answers.timewords import find_day

    found = find_day("charged on the 31st last month", date(2026, 12, 5))  # November has 30 days
    assert found is None or found.day != 31
