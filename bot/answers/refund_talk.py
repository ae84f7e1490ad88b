"""How partners ask about a refund at its steps, in both languages (folded words).

Readers only: the partner actions decide what to answer. Kept apart from the
actions so each pattern is compiled once and tested on its own.
"""
from __future__ import annotations

import re

from bot.answers.text import fold
from bot.answers.yesno import is_question

_CRITERIA = re.compile(r"\b(?:tieu chi|dieu kien|criteria|conditions?|requirements?|rules?|eligib\w*)\b")
_FULL_REFUND = re.compile(r"\b(?:full refund|refund in full|full|toan bo|hoan (?:tien )?het|ca (?:goi|giao dich))\b")
_AMOUNT = re.compile(r"\b(?:amount|includes?|included|bao gom|gom nhung gi|so tien|tax|thue)\b")


def asks_for_criteria(text: str) -> bool:
    """"tieu chi de duoc hoan tien la gi", "what are the criteria?": the rules themselves."""
    return _CRITERIA.search(fold(text)) is not None


def asks_about_full_refund(text: str) -> bool:
    """"nếu xin full refund thì có được trả luôn thuế không?": a question about a full refund."""
    return is_question(text) and _FULL_REFUND.search(fold(text)) is not None


def asks_about_the_amount(text: str) -> bool:
    """"what's included in that amount?", "số tiền này gồm những gì?"."""
    return is_question(text) and _AMOUNT.search(fold(text)) is not None
