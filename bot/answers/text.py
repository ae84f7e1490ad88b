"""Normalisation shared by the typed-answer parsers."""
from __future__ import annotations

import re

from bot.language import fold_diacritics

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def fold(text: str) -> str:
    """Lower-case, diacritic-free text: "Đúng rồi!" -> "dung roi!"."""
    return fold_diacritics(text or "").lower()


def words(text: str) -> list[str]:
    """Folded words and numbers, punctuation dropped."""
    return _WORD.findall(fold(text))


_CANCEL_WORDS = frozenset({"huy", "cancel", "canceled", "cancelled", "cancelling", "canceling"})


def mentions_cancelling(text: str) -> bool:
    """True when the text speaks of cancelling ("hủy", "huỷ", "cancel"), in any spelling.

    Used where the classifier heard a refund or a subscription question but the
    customer names an order item and says "cancel": the item's own state decides.
    """
    return bool(_CANCEL_WORDS & set(words(text)))


_NUMBERS = re.compile(r"(?<![\w.,/-])\d{4,8}(?![\w/-]|[.,]\d)")


def lone_order_number(text: str) -> str | None:
    """"1001", "it's 1001", "số 1001 nha" -> "ORD-1001": exactly one 4-8 digit number, no money."""
    numbers = _NUMBERS.findall(text or "")
    if len(numbers) != 1 or re.search(r"[$€£đ]|usd|vnd|k\b", fold(text)):
        return None
    return f"ORD-{numbers[0]}"
