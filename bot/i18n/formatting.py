"""Dates and money as each language writes them.

English: "March 5, 2026", "$9.99". Vietnamese: "ngày 5 tháng 3 năm 2026",
"9,99 USD" (comma decimal separator, dot thousands separator).

The language goes through ``normalise_lang`` so that "EN", "en-US" or None
give the same result as ``t()`` would for that value: a date must never be
written in a different language from the sentence around it.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Union

from bot.i18n.catalog import normalise_lang

EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December")
EN_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
ZERO_DECIMAL = {"VND", "JPY", "KRW"}


def _as_date(value: Union[date, datetime]) -> date:
    return value.date() if isinstance(value, datetime) else value


def format_date(value: Union[date, datetime, None], lang: str | None) -> str:
    if value is None:
        return ""
    d = _as_date(value)
    if normalise_lang(lang) == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def format_month(value: Union[date, datetime], lang: str | None) -> str:
    d = _as_date(value)
    if normalise_lang(lang) == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.year}"
    return f"tháng {d.month} năm {d.year}"


def _quantize(amount: Decimal, places: int) -> Decimal:
    """Round half-up to ``places``; the precision grows with the amount so that
    large totals never hit the default 28-digit context limit."""
    if not amount.is_finite():
        raise ValueError(f"cannot format a non-finite amount: {amount}")
    with localcontext() as ctx:
        ctx.prec = max(28, len(amount.as_tuple().digits) + abs(amount.as_tuple().exponent) + places + 2)
        return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _group(amount: Decimal, places: int, thousands: str, decimal_sep: str) -> str:
    rounded = _quantize(amount, places)
    text = f"{abs(rounded):,.{places}f}"
    text = text.replace(",", "\0").replace(".", decimal_sep).replace("\0", thousands)
    # The sign comes from the rounded value: -0.001 is written "0.00", not "-0.00".
    return ("-" if rounded < 0 else "") + text


def format_money(amount: Union[Decimal, str, int], currency: str, lang: str | None) -> str:
    value = Decimal(str(amount))
    code = (currency or "").strip().upper()
    places = 0 if code in ZERO_DECIMAL else 2
    if normalise_lang(lang) == "en":
        number = _group(value, places, ",", ".")
        symbol = EN_SYMBOLS.get(code)
        if symbol:
            return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
        return f"{number} {code}".rstrip()
    return f"{_group(value, places, '.', ',')} {code}".rstrip()


def format_day_of_month(day: int, lang: str | None) -> str:
    """A day of the month as a billing or renewal day: "5th" / "5"."""
    if normalise_lang(lang) != "en":
        return str(day)
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"
