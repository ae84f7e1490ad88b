"""The one mechanism for user-facing text: a bilingual catalogue plus formatters.

Every message the assistant sends comes from ``t(key, lang, **params)``. Each
catalogue entry holds both languages side by side (``catalog/*.yml``), and a
test checks that no entry lacks one, so an answer can never fall back to the
other language by accident. Dates, money, counts and plural forms come from
CLDR through Babel (``formatting.py``; ``plural:`` entries in the catalogue).
"""
from bot.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, has_key, normalise_lang, t
from bot.i18n.formatting import (
    format_count,
    format_date,
    format_day_of_month,
    format_list,
    format_money,
    format_month,
)

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "normalise_lang", "has_key", "t",
           "format_count", "format_date", "format_day_of_month", "format_list", "format_money", "format_month"]
