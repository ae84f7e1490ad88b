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
