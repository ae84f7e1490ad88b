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


_TAX = re.compile(r"\b(?:tax|taxes|thue|vat)\b")
_MONEY = r"(?:[$]\s*)?\d[\d.,]*\s*(?:[$]|usd|do|dola|dollars?|k|tr|d|vnd)?"
# Tax quoted as part of a price: "$475 (+$47.50 tax)", "3.950 đô + 395 đô thuế", "$475 plus tax",
# "including tax", "chưa gồm thuế".
_TAX_AS_AMOUNT = re.compile(
    rf"(?:[+]|\bplus\b|\bcong\b)?\s*{_MONEY}\s*(?:tien\s+)?(?:tax|taxes|thue|vat)\b"
    r"|(?:[+]|\bplus\b|\bincl\w*\.?|\bexcl\w*\.?|\bbefore|\bafter|\bbao gom|\bgom|\bchua gom|\bda gom"
    r"|\btruoc|\bsau)\s*(?:tax|taxes|thue|vat)\b")
_ASKS_BACK = re.compile(r"\b(?:refund|hoan|lay lai|tra lai|return|get|give|xin)(?:\W+\w+){0,2}\W*$")
_BACK_AFTER = re.compile(r"^\W*(?:back|lai|ve)\b")
_ASKS_REFUND = re.compile(r"\b(?:refund\w*|hoan (?:tien|lai)|tra lai tien|lay lai tien|money back|hoan)\b")


def names_the_tax(text: str) -> bool:
    """True when the customer asks about the tax itself ("refund the tax", "lấy lại tiền thuế",
    "get the $250 tax back"), not when tax is only part of a quoted price ("bought it for
    $475 (+$47.50 tax), can we get a refund?" asks for the whole purchase back)."""
    folded = fold(text)
    for m in _TAX_AS_AMOUNT.finditer(folded):
        before, after = folded[:m.start()], folded[m.end():]
        if _ASKS_BACK.search(before) or _BACK_AFTER.search(after):
            continue  # "get the $250 tax back", "hoàn 120 đô thuế": the tax is what is asked for
        folded = folded[:m.start()] + " " * (m.end() - m.start()) + after
    return _TAX.search(folded) is not None


def asks_for_a_refund(text: str) -> bool:
    """"can we get a refund?", "hoàn tiền được ko": a refund asked for, of anything."""
    return _ASKS_REFUND.search(fold(text)) is not None


_DEADLINE = re.compile(r"\b(?:thoi han|han chot|bao lau|den khi nao|den bao gio|khi nao het han|deadline|how long"
                       r"|until when|by when|time limit|expire|het han)\b")


def asks_about_the_deadline(text: str) -> bool:
    """"hoàn thuế có thời hạn ko, bao lâu?", "is there a deadline?": until when it can be asked."""
    return is_question(text) and _DEADLINE.search(fold(text)) is not None


_CRITERION = re.compile(r"\b(?:kich hoat|activate[ds]?|activation|keys?|khoa(?: san pham)?|product keys?|30 ngay|30 days"
                        r"|used|dung|xem)\b")
_NOT = re.compile(r"\b(?:chua|khong|ko|k|never|didn't|didnt|haven't|havent|hasn't|not|no one|nobody|ai)\b")


def disputes_a_criterion(text: str) -> bool:
    """"ủa, tôi chưa kích hoạt key nào mà??", "but we never activated anything!": the customer
    contests a criterion of the decision just shown (answered by showing it again)."""
    folded = fold(text)
    return _CRITERION.search(folded) is not None and _NOT.search(folded) is not None \
        and ("?" in text or "!" in text or re.search(r"\b(?:ma|but|ua|sao)\b", folded) is not None)


_WHAT_FAILED = re.compile(
    r"\bwhat(?:'s| is| exactly is| exactly)? (?:wrong|the problem|the issue)\b|\bwhat(?:'s| is)? (?:failing|failed|missing)\b"
    r"|\bwhich (?:criteria|criterion|condition|one|part)\b.*\b(?:fail\w*|not met|isn'?t met|missing|wrong)\b"
    r"|\bwhy not\b|\bsai (?:o )?(?:dau|cho nao|gi)\b|\bthieu (?:gi|dieu kien nao|tieu chi nao)\b"
    r"|\b(?:khong|ko|chua) dat (?:gi|tieu chi nao|dieu kien nao)\b|\bvuong (?:gi|o dau|cho nao)\b"
    r"|\bly do (?:gi|la gi)\b|\bvi (?:sao|ly do gi)\b")


def asks_what_failed(text: str) -> bool:
    """"so what exactly is wrong with it", "thiếu điều kiện nào?": which criterion a decision failed."""
    return _WHAT_FAILED.search(fold(text)) is not None


_WHICH = re.compile(r"\b(?:which|what|nhung|cai nao|giao dich nao|goi nao|loi ich nao|nao|any)\b")
_STILL_REFUNDABLE = re.compile(r"\b(?:can (?:still )?be refunded|still refundable|refundable|eligible"
                               r"|(?:can|could) (?:we|i|they) (?:still )?(?:get|have) (?:(?:a|our|my) )?(?:refund|refunded)"
                               r"|still get (?:a )?refund(?:ed)? (?:for|on)|qualify for (?:a )?refund"
                               r"|con (?:duoc )?hoan|hoan (?:tien )?(?:duoc|dc)|duoc hoan)\b")


def asks_which_refundable(text: str) -> bool:
    """"which of our partner purchases can still be refunded?", "những giao dịch nào còn hoàn tiền được?"."""
    folded = fold(text)
    return _WHICH.search(folded) is not None and _STILL_REFUNDABLE.search(folded) is not None \
        and not asks_for_criteria(text)  # "what are the criteria to get a refund on a partner benefit?"
