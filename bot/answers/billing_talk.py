"""How customers talk about a charge on their statement, in both languages.

These read the message's words (diacritic-folded, so "bị trừ" and "bi tru"
are one), never decide anything about the account: the actions use them to
pick which question is being asked ("what is this $19.99?", "I cancelled,
why was I still charged?", "I have a problem with my bill").
"""
from __future__ import annotations

import re

from bot.answers.money import amounts_in
from bot.answers.text import fold

_CHARGE = re.compile(
    r"\b(?:charges?|charged|charging|billed|bills?|billing|debit(?:ed)?|deducted|taken from|took|statement"
    r"|tru|tinh phi|tinh tien|khoan phi|khoan tien|khoan|phi|hoa don|sao ke|thanh toan|payment)\b")
_WHAT = re.compile(
    r"\b(?:what(?:'s| is| was)?|which|why|la gi|khoan gi|tien gi|phi gi|cai gi|gi vay|gi the|la sao"
    r"|sao|tai sao|vi sao|kiem tra|check|explain|giai thich|dau ra)\b|\?")
_TWICE = re.compile(
    r"\b(?:twice|two (?:bills?|charges?|payments?)|double(?:d)?|2 (?:bills?|charges?|times)"
    r"|hai lan|2 lan|hai khoan|2 khoan|hai hoa don|2 hoa don|x2"
    r"|again|another charge|lai (?:bi )?tru|lai tinh|tru (?:tien )?(?:them|nua)|them lan nua)\b")
_ALREADY_CANCELLED = re.compile(
    r"\b(?:da huy|huy roi|huy lau roi|da tat|tat roi|already cancel\w*|i (?:have )?cancell?ed|cancell?ed it"
    r"|after cancel\w*|sau khi huy|(?:was|is|been) cancell?ed|da ngung|ngung roi)\b")
_BILLING_PROBLEM = re.compile(
    r"\b(?:bills?|billing|charges?|charged|invoice|hoa don|thanh toan|phi|payment|tru tien|bi tru)\b")


def names_a_charge(text: str) -> bool:
    """The message talks about a charge, bill or payment ("bị trừ", "charged", "khoản phí")."""
    return _CHARGE.search(fold(text)) is not None


def asks_about_a_charge(text: str) -> bool:
    """"what's this $19.99 charge?", "tháng trước bị trừ 1.490.000đ là khoản gì": one charge, not two.

    A charge word and either an amount or a question, and no "twice" (that is
    the two-bills question, answered from the billing-change article).
    """
    folded = fold(text)
    if not names_a_charge(folded) or says_twice(folded):
        return False
    return bool(amounts_in(text)) or _WHAT.search(folded) is not None


def says_twice(text: str) -> bool:
    return _TWICE.search(fold(text)) is not None


def says_already_cancelled(text: str) -> bool:
    """"đã hủy rồi mà vẫn bị trừ", "I cancelled it but was charged"."""
    return _ALREADY_CANCELLED.search(fold(text)) is not None


def mentions_billing(text: str) -> bool:
    """A vague billing opener ("I have a problem with my bill"): worth a billing question back."""
    return _BILLING_PROBLEM.search(fold(text)) is not None


_DEBT = re.compile(r"\b(?:owe|owing|outstanding|con no|dang no|no bao nhieu|tong no|bi no|suspended|tam ngung"
                   r"|tam dung|bi khoa|locked|blocked)\b")


def asks_about_debt(text: str) -> bool:
    """"do I owe anything?", "tôi còn nợ bao nhiêu?", "sao gói OneDrive bị tạm ngưng?": a
    subscription is suspended or unpaid, which the overdue-balance answer explains."""
    return _DEBT.search(fold(text)) is not None


_STATUS = r"(?:overdue|past due|qua han|pending|cho xu ly|dang cho thanh toan)"
_STATUS_ASKED = re.compile(
    rf"\b(?:why|what|sao|tai sao|vi sao|how come)\b(?:\W+\w+){{0,4}}?\W+{_STATUS}\b"
    rf"|\b{_STATUS}\b(?:\W+\w+){{0,2}}?\W+(?:la gi|nghia la|mean|means|la sao)\b"
    # "con cai onedrive 1,99 la j, qua han ha", "is the 1.99 overdue?": the status asked at the end
    rf"|\b{_STATUS}(?:\W+(?:ha|a|ak|ah|ko|khong|k|hk|chua|vay|v|z|sao|too|also|roi|luon))?\W*\?\W*$"
    rf"|\b{_STATUS}\W+(?:ha|a|ak|ah|ko|khong|k|hk|chua)\W*$")


def status_asked(text: str) -> str | None:
    """"gamepass có 2 khoản 19.99$ … sao lại ghi overdue vậy?", "pending là gì?": the balance
    status the account shows is the question (``overdue_balance`` or ``pending_balance``),
    not how many times it was billed; None when no status is asked about."""
    m = _STATUS_ASKED.search(fold(text))
    if m is None:
        return None
    return "overdue_balance" if re.search(r"overdue|past due|qua han", m.group()) else "pending_balance"


_WHICH_EXTRA = re.compile(
    r"\b(?:which|what|nao|cai nao|khoan nao)\b.*\b(?:extra|additional|du|thua|duplicate|double|sai|trung|bi du"
    r"|(?:tinh|tru|thu|bi) them|phat sinh)\b"
    r"|\bextra one\b|\bkhoan (?:bi )?(?:du|thua)\b")


def asks_which_extra(text: str) -> bool:
    """"ok so which one is the extra one?", "vậy khoản nào là khoản bị dư?": of two bills in a month."""
    return _WHICH_EXTRA.search(fold(text)) is not None


_PAID_DOUBLE = re.compile(
    r"\b(?:paid|pay|paying|charged|billed|bi tru|tra tien|tra|bi tinh|tinh phi|dong tien)\b.*"
    r"\b(?:twice|double|two times|2 times|trung|hai lan|2 lan|gap doi)\b"
    r"|\b(?:double|duplicate) (?:charged|charge|billed|payment)\b|\b(?:bi )?trung (?:tien|phi|hoa don)\b")
_ASKED = re.compile(r"\?|\b(?:ha|a|sao|khong|ko|k|hk|hong|hok|khum|chua|hả|vay|z|then|right|so)\W*$")


def asks_if_paid_double(text: str) -> bool:
    """"vậy là em bị trả tiền trùng hả?", "so I paid twice for the same thing?": asked right after
    two bills were explained, the answer is which one is the later bill and what it pays for."""
    folded = fold(text)
    return _PAID_DOUBLE.search(folded) is not None and (_ASKED.search(folded) is not None or "?" in text) \
        and _AHEAD.search(folded) is None  # "will I be charged twice again next month?" is about what comes


def asks_if_again(text: str) -> bool:
    """"will I keep getting two bills?", "từ giờ tôi có còn bị tính hai lần nữa không?", "z tu gio tro di
    co bi nhu v nua hk": asked after two bills were explained, about the months to come."""
    folded = fold(text)
    return _AHEAD.search(folded) is not None and (_ASKED.search(folded) is not None or "?" in text) \
        and (_PAID_DOUBLE.search(folded) is not None or _AGAIN_LIKE_THAT.search(folded) is not None)


_AGAIN_LIKE_THAT = re.compile(r"\b(?:nhu (?:vay|v|z|the)|the nay|vay nua|z nua|v nua|like (?:that|this)|happen\w*|bi(?: \w+)? nua"
                              r"|two bills|2 bills|hai hoa don|2 hoa don|twice|hai lan|2 lan)\b")


_AHEAD = re.compile(r"\b(?:again|next month|from now|keep happening|continue|tiep tuc|any more|anymore|in future|nua|thang sau|thang toi|ky sau"
                    r"|sau nay|tu gio|tu nay|lan sau|se bi|se con)\b")


_REMOVE = re.compile(r"\b(?:remove|delete|waive|erase|xoa|go bo)\b")
_A_CHARGE = re.compile(r"\b(?:charges?|fees?|khoan(?: phi| tien)?|phi|hoa don|bill|tien)\b")


def asks_to_remove_a_charge(text: str) -> bool:
    """"please just remove the two overdue $19.99 charges", "xóa giúp mình khoản ngày 20/3",
    "xoa khoan 475 do do khoi hoa don": something only a person can do."""
    folded = fold(text)
    return _REMOVE.search(folded) is not None and _A_CHARGE.search(folded) is not None


_REFUND_WORDS = re.compile(r"\b(?:refund\w*|hoan(?: tien| lai)?|tra lai tien|lay lai tien|money back|give (?:it|that) back)\b")
# "that one", "the extra charge", "that second bill", "khoản dư đó", "hóa đơn thứ hai".
_THAT_CHARGE = re.compile(
    r"\b(?:that|this|the)(?: (?:extra|second|later|other|duplicate|double|new|last|catch.?up|2nd))?"
    r" (?:one|charge|bill|payment|amount|debit)\b|\b(?:it|no)\b"
    r"|\b(?:cai|khoan|hoa don|bill|lan)(?: (?:phi|tien|tru|thu))?(?: (?:du|thua|sau|trung|thu hai|thu 2))?"
    r" ?(?:do|nay|kia|du|thua|sau|trung|thu hai|thu 2)\b")


def asks_to_refund_that_charge(text: str) -> bool:
    """"can you just refund that one then", "hoàn lại khoản đó đi" right after a charge was explained."""
    folded = fold(text)
    return _REFUND_WORDS.search(folded) is not None and _THAT_CHARGE.search(folded) is not None


_IF_UNPAID = re.compile(
    r"\bwhat (?:happens|will happen|would happen)\b|\bwhat if i (?:don'?t|do not|never|can'?t)\b"
    r"|\bif i (?:don'?t|do not|never|can'?t) pay\b|\bneu (?:khong|ko|k|chua) (?:tra|thanh toan|dong|nap)"
    r"|\b(?:khong|ko|k|chua) (?:tra|thanh toan|dong)(?: tien)? thi (?:sao|the nao|co sao|bi gi)"
    r"|\bco (?:bi )?(?:sao|gi) (?:khong|ko|k)\b|\bconsequences?\b|\bhau qua\b")


_WHAT_TO_DO = re.compile(
    r"\bwhat (?:do|should|can|must) i do\b|\bwhat now\b|\bnow what\b|\bhow (?:do|can|should) i pay\b"
    r"|\bhow to pay\b|\b(?:phai|nen|can) lam (?:gi|sao|the nao|j)\b|\blam (?:gi|j) (?:bay )?gio\b"
    r"|\b(?:lam sao|lam the nao|cach nao|the nao) (?:de |ma )?(?:tra|thanh toan|dong|nap|pay)\b"
    r"|\b(?:tra|thanh toan|dong) (?:het |cac |may |nhung )?(?:khoan|tien|no)\b.*\b(?:sao|the nao|ntn|kieu gi|o dau)\b")


def asks_what_to_do(text: str) -> bool:
    """"huhu vậy giờ em phải làm gì ạ", "làm sao để trả hết mấy khoản này", "so how do I pay it?":
    right after a balance was explained, the steps are the answer."""
    return _WHAT_TO_DO.search(fold(text)) is not None


def asks_what_if_unpaid(text: str) -> bool:
    """"what happens if I just don't?", "nếu không trả thì sao" after an overdue balance was explained."""
    return _IF_UNPAID.search(fold(text)) is not None


_CHARGE_DAY = re.compile(
    r"\b(?:which|what) (?:day|date)\b|\bwhen (?:will|do|am) i (?:get |be )?(?:charged|billed)\b"
    r"|\b(?:ngay|hom) nao\b|\bbi tru (?:tien )?vao (?:ngay|hom)\b|\btru tien (?:vao )?ngay\b"
    r"|\bfrom now on\b|\btu (?:gio|nay|bay gio) (?:tro di )?.*\b(?:tru|charge|thanh toan|tinh phi)")


def asks_charge_day(text: str) -> bool:
    """"vậy từ giờ mình bị trừ vào ngày nào?", "so which day am I charged from now on?" after two bills."""
    return _CHARGE_DAY.search(fold(text)) is not None


_BILL = re.compile(r"\b(?:bills?|billing|invoices?|hoa don|sao ke)\b")
_PROBLEM = re.compile(r"\b(?:problems?|issues?|wrong|weird|strange|off|incorrect|van de|sai|loi|la|ky la|bat thuong"
                      r"|khong dung|ko dung)\b")


def vague_bill_problem(text: str) -> bool:
    """"hóa đơn của tôi có vấn đề", "there's a problem with my bill": a billing question with no
    detail yet (no amount, date or id), which "hóa đơn" (đơn = order) makes the classifier file
    under orders."""
    folded = fold(text)
    return _BILL.search(folded) is not None and _PROBLEM.search(folded) is not None \
        and not re.search(r"\d", folded)


_SUSPENDED = re.compile(r"\b(?:suspended|paused|locked|blocked|deactivated|tam ngung|tam dung|bi khoa|bi dung|bi ngung"
                        r"|bi chan|ngung hoat dong)\b")


def asks_why_suspended(text: str) -> bool:
    """"sao gói OneDrive của tôi bị tạm ngưng?", "why is my Game Pass suspended": a subscription
    stopped for a failed payment, which the overdue answer explains (the classifier often hears
    a cancellation in "ngưng")."""
    folded = fold(text)
    return _SUSPENDED.search(folded) is not None and (
        "?" in text or re.search(r"\b(?:why|sao|tai sao|vi sao|how come|la sao)\b", folded) is not None)
