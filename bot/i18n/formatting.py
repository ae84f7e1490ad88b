"""Dates and money as each language writes them.

English: "March 5, 2026", "$9.99". Vietnamese: "ngày 5 tháng 3 năm 2026",
"9,99 USD" (comma decimal separator, dot thousands separator).
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Union

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")
EN_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
ZERO_DECIMAL = {"VND", "JPY", "KRW"}


def _as_date(value: Union[date, datetime]) -> date:
    return value.date() if isinstance(value, datetime) else value


def format_date(value: Union[date, datetime, None], lang: Optional[str]) -> str:
    if value is None:
        return ""
    d = _as_date(value)
    if lang == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def format_month(value: Union[date, datetime], lang: Optional[str]) -> str:
    d = _as_date(value)
    if lang == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.year}"
    return f"tháng {d.month} năm {d.year}"


def _group(amount: Decimal, places: int, thousands: str, decimal_sep: str) -> str:
    quant = Decimal(1).scaleb(-places)
    text = f"{abs(amount.quantize(quant, rounding=ROUND_HALF_UP)):,.{places}f}"
    text = text.replace(",", "\0").replace(".", decimal_sep).replace("\0", thousands)
    return ("-" if amount < 0 else "") + text


def format_money(amount: Union[Decimal, str, int], currency: str, lang: Optional[str]) -> str:
    value = Decimal(str(amount))
    code = (currency or "").upper()
    places = 0 if code in ZERO_DECIMAL else 2
    if lang == "en":
        number = _group(value, places, ",", ".")
        symbol = EN_SYMBOLS.get(code)
        if symbol:
            return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
        return f"{number} {code}"
    return f"{_group(value, places, '.', ',')} {code}"
