"""Dates and money must read naturally in each language, and the Vietnamese
money format must keep the exact amount (customers compare it with their bill)."""
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.i18n import format_date, format_money, format_month, normalise_lang

DATES = [
    (date(2026, 3, 5), "en", "March 5, 2026"),
    (date(2026, 3, 5), "vi", "ngày 5 tháng 3 năm 2026"),
    (date(2026, 12, 31), "en", "December 31, 2026"),
    (date(2026, 1, 1), "vi", "ngày 1 tháng 1 năm 2026"),
    (datetime(2026, 11, 20, 9, 30), "en", "November 20, 2026"),
    (datetime(2026, 11, 20, 9, 30), "vi", "ngày 20 tháng 11 năm 2026"),
    # The language is normalised exactly as t() does it.
    (date(2026, 3, 5), "EN", "March 5, 2026"),
    (date(2026, 3, 5), "en-US", "March 5, 2026"),
    (date(2026, 3, 5), "vi-VN", "ngày 5 tháng 3 năm 2026"),
    (date(2026, 3, 5), None, "ngày 5 tháng 3 năm 2026"),
    (None, "en", ""),
]


@pytest.mark.parametrize(("value", "lang", "expected"), DATES)
def test_format_date(value, lang, expected):
    assert format_date(value, lang) == expected


MONTHS = [
    (date(2026, 3, 5), "en", "March 2026"),
    (date(2026, 3, 5), "vi", "tháng 3 năm 2026"),
    (date(2027, 1, 31), "en", "January 2027"),
    (datetime(2026, 12, 1, 23, 59), "vi", "tháng 12 năm 2026"),
    (date(2026, 2, 1), "EN", "February 2026"),
]


@pytest.mark.parametrize(("value", "lang", "expected"), MONTHS)
def test_format_month(value, lang, expected):
    assert format_month(value, lang) == expected


MONEY = [
    (Decimal("9.99"), "USD", "en", "$9.99"),
    (Decimal("9.99"), "USD", "vi", "9,99 USD"),
    (Decimal("1299.00"), "USD", "en", "$1,299.00"),
    (Decimal("1299.00"), "USD", "vi", "1.299,00 USD"),
    ("1299", "USD", "en", "$1,299.00"),
    (1234567, "USD", "vi", "1.234.567,00 USD"),
    (Decimal("-47.50"), "USD", "en", "-$47.50"),
    (Decimal("-47.50"), "USD", "vi", "-47,50 USD"),
    (Decimal("-1299.5"), "USD", "en", "-$1,299.50"),
    (Decimal("-1299.5"), "USD", "vi", "-1.299,50 USD"),
    (Decimal("0"), "USD", "en", "$0.00"),
    (Decimal("0.005"), "USD", "en", "$0.01"),  # half-up, not banker's rounding
    (Decimal("0.015"), "USD", "vi", "0,02 USD"),
    (Decimal("-0.001"), "USD", "en", "$0.00"),  # no "-$0.00"
    (Decimal("-0.001"), "USD", "vi", "0,00 USD"),
    (Decimal("249000"), "VND", "vi", "249.000 VND"),
    (Decimal("249000"), "VND", "en", "249,000 VND"),
    (Decimal("249000.6"), "VND", "vi", "249.001 VND"),
    (Decimal("-1500"), "VND", "vi", "-1.500 VND"),
    (Decimal("12.5"), "EUR", "en", "€12.50"),
    (Decimal("12.5"), "EUR", "vi", "12,50 EUR"),
    (Decimal("12.5"), "usd", "en", "$12.50"),
    (Decimal("12.5"), "CAD", "en", "12.50 CAD"),
    (Decimal("9.99"), "USD", "EN", "$9.99"),
    (Decimal("9.99"), "USD", None, "9,99 USD"),
    (Decimal("1e30"), "USD", "en", "$1,000,000,000,000,000,000,000,000,000,000.00"),
]


@pytest.mark.parametrize(("amount", "currency", "lang", "expected"), MONEY)
def test_format_money(amount, currency, lang, expected):
    assert format_money(amount, currency, lang) == expected


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity"])
def test_format_money_rejects_non_finite_amounts(bad):
    with pytest.raises(ValueError):
        format_money(Decimal(bad), "USD", "en")


LANGS = [
    (None, "vi"),
    ("", "vi"),
    ("EN", "en"),
    ("en", "en"),
    (" en-GB ", "en"),
    ("vi-VN", "vi"),
    ("VI", "vi"),
    ("fr", "vi"),
    ("zz-ZZ", "vi"),
    (42, "vi"),
]


@pytest.mark.parametrize(("lang", "expected"), LANGS)
def test_normalise_lang(lang, expected):
    assert normalise_lang(lang) == expected


def test_normalise_lang_fallback_is_used_for_unknown_values():
    assert normalise_lang("fr", fallback="en") == "en"
    assert normalise_lang(None, fallback="en") == "en"
    assert normalise_lang("vi", fallback="en") == "vi"


AMOUNTS = st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4,
                      allow_nan=False, allow_infinity=False)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@settings(derandomize=True, max_examples=300)
@given(AMOUNTS)
def test_vietnamese_money_parses_back_to_the_rounded_amount(amount):
    text = format_money(amount, "USD", "vi")
    assert text.endswith(" USD")
    number = text.removesuffix(" USD")
    assert number.count(",") == 1 and len(number.split(",")[1]) == 2
    assert Decimal(number.replace(".", "").replace(",", ".")) == _cents(amount)


@settings(derandomize=True, max_examples=300)
@given(AMOUNTS)
def test_english_money_parses_back_to_the_rounded_amount(amount):
    text = format_money(amount, "USD", "en")
    assert "$" in text and not text.startswith("-$0.00")
    assert Decimal(text.replace("$", "").replace(",", "")) == _cents(amount)


@settings(derandomize=True, max_examples=200)
@given(st.integers(min_value=-10**12, max_value=10**12))
def test_vnd_has_no_decimals_in_either_language(amount):
    vi = format_money(amount, "VND", "vi")
    en = format_money(amount, "VND", "en")
    assert "," not in vi and "." not in en
    assert int(vi.removesuffix(" VND").replace(".", "")) == amount
    assert int(en.removesuffix(" VND").replace(",", "")) == amount


@pytest.mark.parametrize("day,en,vi", [(1, "1st", "1"), (2, "2nd", "2"), (3, "3rd", "3"), (4, "4th", "4"),
                                       (11, "11th", "11"), (12, "12th", "12"), (13, "13th", "13"),
                                       (21, "21st", "21"), (22, "22nd", "22"), (23, "23rd", "23"), (31, "31st", "31")])
def test_day_of_month_ordinals(day, en, vi):
    from bot.i18n import format_day_of_month

    assert format_day_of_month(day, "en") == en
    assert format_day_of_month(day, "vi") == vi


# --- everything comes from Babel (CLDR), not from hand-written tables ------------

def test_no_hand_written_month_names_or_symbols():
    from bot.i18n import formatting

    for name in ("EN_MONTHS", "EN_SYMBOLS", "ZERO_DECIMAL"):
        assert not hasattr(formatting, name)


@settings(derandomize=True, max_examples=200)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_and_months_are_babels(d):
    from babel.dates import format_date as babel_date
    from babel.dates import format_skeleton

    assert format_date(d, "en") == babel_date(d, "long", locale="en_US")
    assert format_date(d, "vi") == f"ngày {d.day} tháng {d.month} năm {d.year}"
    assert format_month(d, "en") == format_skeleton("yMMMM", d, locale="en_US")
    assert format_month(d, "vi") == format_skeleton("yMMMM", d, locale="vi_VN") == f"tháng {d.month} năm {d.year}"


@pytest.mark.parametrize(("amount", "currency", "lang", "expected"), [
    ("1000", "JPY", "en", "1,000 JPY"),       # CLDR: no decimals for yen, won and dong
    ("1000.5", "KRW", "vi", "1.001 KRW"),
    ("9.99", "GBP", "en", "£9.99"),
    ("9.99", "GBP", "vi", "9,99 GBP"),
    ("5", "", "en", "5.00"),                  # no currency: just the number
    ("5", "", "vi", "5,00"),
])
def test_format_money_uses_cldr_currency_digits(amount, currency, lang, expected):
    assert format_money(amount, currency, lang) == expected


@pytest.mark.parametrize(("number", "en", "vi"), [(0, "0", "0"), (2, "2", "2"), (1000, "1,000", "1.000"),
                                                   (1234567, "1,234,567", "1.234.567")])
def test_format_count(number, en, vi):
    from bot.i18n import format_count

    assert format_count(number, "en") == en and format_count(number, "vi") == vi


def test_ordinals_follow_cldr_rules():
    from babel import Locale

    from bot.i18n import format_day_of_month

    rules = Locale.parse("en_US").ordinal_form
    suffix = {"one": "st", "two": "nd", "few": "rd", "other": "th"}
    for day in range(1, 32):
        assert format_day_of_month(day, "en") == f"{day}{suffix[rules(day)]}"


@pytest.mark.parametrize(("items", "en", "vi"), [
    ([], "", ""),
    (["Surface Pen"], "Surface Pen", "Surface Pen"),
    (["Surface Pen", "Surface Dock"], "Surface Pen and Surface Dock", "Surface Pen và Surface Dock"),
    (["A", "B", "C"], "A, B, and C", "A, B và C"),
])
def test_format_list(items, en, vi):
    from bot.i18n import format_list

    assert format_list(items, "en") == en and format_list(items, "vi") == vi
