"""Amounts of money as customers type them: "$19.99", "9,99 đô", "1.490.000đ", "99k", "2tr".

A charge question quotes an amount; the lookup compares it with the ledger.
Only the currency matters for that comparison, so the unit words map to two
codes: dollars (``USD``) and đồng (``VND``). A bare "19.99" has no currency
(``None``) and matches any ledger amount of that value. A bare whole number
("1001", "5") is never money: it is an id, a day or a position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import List

from bot.answers.text import fold

USD, VND = "USD", "VND"


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None  # None: typed without a unit ("19.99")


_NUMBER = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_DOLLAR_WORDS = r"usd|us\$|do|do la|dollars?|bucks?"
_DONG_WORDS = r"vnd|vnđ|dong|d|đ"
_SCALE_WORDS = {"k": 1_000, "nghin": 1_000, "ngan": 1_000, "tr": 1_000_000, "trieu": 1_000_000,
                "cu": 1_000_000}
_MONEY = re.compile(
    rf"(?P<pre>\$|us\$)\s?(?P<n1>{_NUMBER})"
    rf"|(?<![\w.,])(?P<n2>{_NUMBER})\s?(?:(?P<scale>{'|'.join(_SCALE_WORDS)})\b\s?(?:{_DONG_WORDS})?"
    rf"|(?P<unit>{_DOLLAR_WORDS}|{_DONG_WORDS})(?![\w]))"
    rf"|(?<![\w.,])(?P<n3>\d+[.,]\d{{2}})(?![\d.,]*\d)",
)


def amounts_in(text: str) -> List[Money]:
    """Every amount of money in ``text``, in order; unparseable numbers are skipped."""
    folded = fold(text or "").replace("đ", "d")
    found: List[Money] = []
    for m in _MONEY.finditer(folded):
        money = _read(m)
        if money is not None:
            found.append(money)
    return found


def _read(m: re.Match) -> Money | None:
    if m.group("n1"):
        value = _decimal(m.group("n1"), cents_allowed=True)
        return Money(value, USD) if value is not None else None
    if m.group("n3"):
        value = _decimal(m.group("n3"), cents_allowed=True)
        return Money(value, None) if value is not None else None
    scale, unit = m.group("scale"), (m.group("unit") or "").strip()
    if scale:
        value = _decimal(m.group("n2"), cents_allowed=True)
        return Money(value * _SCALE_WORDS[scale], VND) if value is not None else None
    dollars = re.fullmatch(_DOLLAR_WORDS, unit) is not None
    value = _decimal(m.group("n2"), cents_allowed=dollars)
    if value is None or (unit == "do" and value < 10 and value == value.to_integral_value()):
        return None  # "cái 2 đó" is "that second one", not two dollars
    return Money(value, USD if dollars else VND)


def _decimal(number: str, cents_allowed: bool) -> Decimal | None:
    """"1.490.000" and "1,490,000" are thousands; "9,99" and "9.99" are cents."""
    digits = number.replace(" ", "")
    cents = re.search(r"[.,](\d{1,2})$", digits)
    if cents and cents_allowed:
        whole = re.sub(r"\D", "", digits[: cents.start()])
        text = f"{whole}.{cents.group(1)}"
    else:
        text = re.sub(r"\D", "", digits) if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits) or not cents \
            else digits.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
