"""Dates, money, counts and ordinals as each language writes them, through Babel (CLDR).

English (en_US): "March 5, 2026", "March 2026", "$9.99", "12.50 CAD", "5th",
"A, B, and C". Vietnamese (vi_VN): "ngày 5 tháng 3 năm 2026", "tháng 3 năm 2026",
"9,99 USD", "249.000 VND", "5", "A, B và C".

Everything goes through Babel: CLDR date patterns and skeletons, CLDR number
symbols and grouping, the CLDR number of decimals of each currency (0 for VND,
JPY, KRW), CLDR list patterns, and CLDR ordinal rules for "1st/2nd/3rd". Two choices are ours, both
written as CLDR patterns rather than as string code:

* Vietnamese dates in running text spell the words out, "ngày 5 tháng 3 năm
  2026", as Microsoft's Vietnamese articles do ("ngày 5 tháng 3"); CLDR's own
  long format ("5 tháng 3, 2026") is meant for headings and forms.
* Amounts are written with the ISO code ("9,99 USD") except in English for the
  dollar, euro and pound, whose symbols an English reader cannot misread. A
  Vietnamese bill compares against the code, and "US$"/"CA$" are not what the
  customer sees on their statement.

Rounding is half-up (customers compare with their bill), and a value that rounds
to zero never shows a minus sign.

The language goes through ``normalise_lang`` so that "EN", "en-US" or None give
the same result as ``t()`` would for that value: a date must never be written in
a different language from the sentence around it.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Iterable, Union

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.lists import format_list as babel_format_list
from babel.numbers import format_currency, format_decimal, get_currency_precision

from bot.i18n.catalog import locale, normalise_lang

DATE_PATTERNS = {"en": "long", "vi": "'ngày' d 'tháng' M 'năm' y"}
MONTH_SKELETON = "yMMMM"  # en "March 2026", vi "tháng 3 năm 2026"
SYMBOL_CURRENCIES = {"en": {"USD", "EUR", "GBP"}, "vi": set()}
SYMBOL_PATTERN = "¤#,##0.00"   # "$1,299.00", "-$47.50"
CODE_PATTERN = "#,##0.00 ¤¤"   # "1.299,00 USD", "249,000 VND"
ORDINAL_SUFFIX = {"one": "st", "two": "nd", "few": "rd", "other": "th"}

Amount = Union[Decimal, str, int]


def _as_date(value: Union[date, datetime]) -> date:
    return value.date() if isinstance(value, datetime) else value


def format_date(value: Union[date, datetime, None], lang: str | None) -> str:
    """A calendar day in running text: "March 5, 2026" / "ngày 5 tháng 3 năm 2026"."""
    if value is None:
        return ""
    lang = normalise_lang(lang)
    return babel_format_date(_as_date(value), DATE_PATTERNS[lang], locale=locale(lang))


def format_month(value: Union[date, datetime], lang: str | None) -> str:
    """A month: "March 2026" / "tháng 3 năm 2026" (CLDR skeleton yMMMM)."""
    return format_skeleton(MONTH_SKELETON, _as_date(value), locale=locale(normalise_lang(lang)))


def currency_digits(currency: str) -> int:
    """CLDR's number of decimals for the currency (2 when no currency is given)."""
    return get_currency_precision(currency) if currency else 2


def _quantize(amount: Decimal, places: int) -> Decimal:
    """Round half-up to ``places``; the precision grows with the amount so that
    large totals never hit the default 28-digit context limit."""
    if not amount.is_finite():
        raise ValueError(f"cannot format a non-finite amount: {amount}")
    with localcontext() as ctx:
        ctx.prec = max(28, len(amount.as_tuple().digits) + abs(amount.as_tuple().exponent) + places + 2)
        rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    # The sign comes from the rounded value: -0.001 is written "0.00", not "-0.00".
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_money(amount: Amount, currency: str, lang: str | None) -> str:
    """An amount with its currency, rounded half-up to the currency's CLDR decimals."""
    lang = normalise_lang(lang)
    code = (currency or "").strip().upper()
    value = _quantize(Decimal(str(amount)), currency_digits(code))
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + 4)
        if not code:
            return format_decimal(value, "#,##0.00", locale=locale(lang))
        pattern = SYMBOL_PATTERN if code in SYMBOL_CURRENCIES[lang] else CODE_PATTERN
        return format_currency(value, code, pattern, locale=locale(lang), currency_digits=True)


def format_count(number: Union[int, Decimal], lang: str | None) -> str:
    """A count with the language's digit grouping: "1,000" / "1.000"."""
    return format_decimal(number, locale=locale(normalise_lang(lang)))


def format_list(items: Iterable[str], lang: str | None) -> str:
    """Names joined as the language lists them: "A, B, and C" / "A, B và C"."""
    values = list(items)
    return babel_format_list(values, locale=locale(normalise_lang(lang))) if values else ""


def format_day_of_month(day: int, lang: str | None) -> str:
    """A day of the month as a billing or renewal date: "5th" / "5".

    The English suffix follows CLDR's ordinal rules (one/two/few/other)."""
    lang = normalise_lang(lang)
    if lang != "en":
        return str(day)
    return f"{day}{ORDINAL_SUFFIX[locale(lang).ordinal_form(day)]}"
