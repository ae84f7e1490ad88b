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


_CANCEL_WORDS = frozenset({"huy", "cancel", "canceled", "cancelled", "cancelling", "canceling",
                           # common slips: "I want to cancle the Surface Laptop", "huyr đơn"
                           "cancle", "cancell", "canel", "cancal", "cacel", "huyr"})


_STATUS_WORDS = re.compile(
    r"\b(?:ship|shipped|giao|gui di|charged|bi tru|tru tien|tinh phi|where|o dau|den dau|status|tinh trang"
    r"|arrive[ds]?|delivered)\b")


def asks_item_status(text: str) -> bool:
    """"con Forza dat truoc bi tru tien chua?", "has my pre-order been charged yet?": a status
    question about something ordered, not a request to cancel it."""
    folded = fold(text)
    if mentions_cancelling(text) or not _STATUS_WORDS.search(folded):
        return False
    return "?" in text or re.search(r"\b(?:chua|yet)\b", folded) is not None


_PERSON = re.compile(r"\b(?:human|real person|live agent|agent|representative|operator|someone real"
                     r"|nhan vien(?! (?:giao|ship|van chuyen|buu dien))|nguoi that|tu van vien|nguoi ho tro"
                     r"|nguoi xu ly)\b")


def asks_for_person(text: str) -> bool:
    """"Get me a human agent", "cho mình gặp nhân viên": a person, whatever else is said."""
    return _PERSON.search(fold(text)) is not None


_BACK_REFERENCE = re.compile(r"\b(?:it|that one|this one|that order|this order|don do|don nay|cai do|cai nay"
                             r"|don ay|cai don do)\b")


def refers_back(text: str) -> bool:
    """"Can you cancel it?", "hủy nó đi", "hủy đơn đó": the thing just talked about."""
    return _BACK_REFERENCE.search(fold(text)) is not None or re.search(r"\bnó\b", (text or "").lower()) is not None


_SUBSCRIPTION_WORDS = re.compile(r"\b(?:goi|subscriptions?|subs?|plan|gia han|membership|recurring|dinh ky)\b")
_ORDER_WORDS = re.compile(r"\b(?:don|orders?|dat truoc|pre ?orders?|mon|item|san pham)\b")


def speaks_of_a_subscription(text: str) -> bool:
    """"thế muốn hủy gói đó luôn thì làm thế nào?", "cancel that plan": a subscription and no order
    word, said after a subscription answer (the classifier often files it under cancelling orders)."""
    folded = fold(text)
    return _SUBSCRIPTION_WORDS.search(folded) is not None and _ORDER_WORDS.search(folded) is None


_WHICH_CANCELLABLE = re.compile(
    r"\bwhich (?:ones?|items?|of them|things?)?\s*(?:can|could|are)\b.*\bcancel"
    r"|\b(?:cai|mon|mat hang|nhung mon|nhung cai|san pham) nao\b.*\b(?:huy|cancel)\w* (?:duoc|dc|đc)"
    r"|\b(?:cai|mon|mat hang|nhung mon|nhung cai) nao (?:con )?(?:co the )?(?:huy|cancel)")


def asks_which_cancellable(text: str) -> bool:
    """"which ones can still be cancelled?", "cái nào còn hủy được?": the order's items, each with
    its reason, are the answer (asked at a confirmation the order's list is shown again)."""
    return _WHICH_CANCELLABLE.search(fold(text)) is not None


def asks_why(text: str) -> bool:
    """"tại sao không được?", "why not?", "sao ko dc"."""
    return re.search(r"\b(?:tai sao|vi sao|sao (?:khong|ko|k)|why|how come)\b", fold(text)) is not None


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


_ADDITION = re.compile(r"\b(?:too|also|as well|and also|in addition|nua|luon ca|ca|cung|them)\b")


def adds_another(text: str) -> bool:
    """"and the Forza pre-order too", "hủy cả Forza nữa": one more, not instead."""
    return _ADDITION.search(fold(text)) is not None


_INSTEAD = re.compile(r"\b(?:instead|rather|nham|thay vi|thay vao|doi sang|chuyen sang|mistake|wrong one)\b")


def switches_instead(text: str) -> bool:
    """"cancel the keyboard instead", "nhầm, cái bàn phím cơ": this one replaces the other."""
    return _INSTEAD.search(fold(text)) is not None


_IF = re.compile(r"\b(?:if|neu|lo|when|khi|once|after|sau khi)\b")
_CHARGED_OR_SHIPPED = re.compile(r"\b(?:charge[ds]?|bi tru|tru tien|tinh phi|ship(?:ped)?|giao|gui di|paid|billed"
                                 r"|thanh toan)\b")


def asks_cancel_policy(text: str) -> bool:
    """"nếu item đã bị charge rồi thì còn cancel được ko?", "can I still cancel once it has
    shipped?": the rule in general, asked with "if"/"once" about being charged or shipped."""
    folded = fold(text)
    return ("?" in text or re.search(r"\b(?:ko|khong|k|not)\b", folded) is not None) \
        and mentions_cancelling(text) and _CHARGED_OR_SHIPPED.search(folded) is not None \
        and _IF.search(folded) is not None


_EMAIL_QUESTION = re.compile(r"\b(?:email|e-mail|mail|thu xac nhan)\b")
_COST_QUESTION = re.compile(r"\b(?:refund|hoan tien|hoan lai|fee|fees|charge|charged|phi|mat phi|mat tien|tra tien|cost"
                            r"|bi tru|tru tien|bi tinh phi)\b")


def asks_about_the_email(text: str) -> bool:
    """"will I get an email about it?", "có mail xác nhận ko" at a cancel confirmation or after it."""
    folded = fold(text)
    asked = "?" in text or re.search(r"\b(?:ko|khong|k|chua|hong)(?:\W+(?:ad|a|nhe|nha|vay|ha|shop|ban|b|z|v))*\W*$",
                                     folded) is not None \
        or _ASKS_IN_ENGLISH.match(folded) is not None  # "will i get an email about it" (no "?")
    return asked and _EMAIL_QUESTION.search(folded) is not None


_ASKS_IN_ENGLISH = re.compile(r"\W*(?:(?:so|and|ok|okay|also)\W+)?(?:will|would|do|does|did|is|are|can|should|when"
                              r"|where|how|am i|have)\b")


def asks_about_money_back_or_fees(text: str) -> bool:
    """"hủy cái này thì có hoàn tiền ko?", "huy thi co bi mat phi gi ko?" at a cancel confirmation."""
    folded = fold(text)
    return (("?" in text) or re.search(r"\b(?:ko|khong|k)\b", folded) is not None) \
        and _COST_QUESTION.search(folded) is not None


_ACCOUNT = re.compile(r"\b(?:(?:my|on my|in my|the) (?:account|acount|acct|bank|bank app|bank statement|statement)"
                      r"|tai khoan|(?:tk|acc) (?:cua|minh|toi|tui|em)|sao ke|ngan hang|app bank)\b")


def speaks_of_the_account(text: str) -> bool:
    """"do I have any pending charge on my account?", "tài khoản mình có khoản nào chờ không": the
    account as a whole, not the item being confirmed."""
    return _ACCOUNT.search(fold(text)) is not None


_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|tks|ty|cam on|cam ong|cmon|camon|thank u)\b")


def closes_with_thanks(text: str) -> bool:
    """"ok để mai tôi nạp tiền rồi trả, cảm ơn em": thanks and no question, whatever else it says."""
    return "?" not in text and _THANKS.search(fold(text)) is not None


_DOUBT = re.compile(r"\b(?:are you sure|you sure|r u sure|sure about that|really\?|chac (?:chan )?(?:khong|ko|k|chua)"
                    r"|co chac (?:khong|ko|k)?|that (?:khong|ko|k|a|sao)\b|kiem tra lai (?:giup|di|xem))")


def doubts_the_answer(text: str) -> bool:
    """"are you sure? we barely used it", "chắc không vậy?": the answer just given, questioned."""
    return _DOUBT.search(fold(text) + ("?" if "?" in text else "")) is not None


_GOODBYE = re.compile(r"\b(?:bye|goodbye|good bye|bye bye|see (?:you|ya)|cya|tam biet|bai bai|bye nhe|chao nhe|chao nha"
                      r"|chao ban nhe|that'?s all|thats all|het roi|the thoi)\b")


def says_goodbye(text: str) -> bool:
    """"Thanks, that's all. Bye!", "cảm ơn, tạm biệt": a thank-you that also closes the chat."""
    return _GOODBYE.search(fold(text)) is not None
