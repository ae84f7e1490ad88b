"""Which how-to topics a message names, by their words: "two requests in one message".

The intent classifier gives one intent per message. "Làm sao để mỗi lần mua đều
phải nhập mật khẩu? Với lại có cách nào bắt nó phải xin phép bố mẹ không?" asks
two things; the actions answer the classified one and then any other topic
these word lists find. Words are diacritic-folded, so typed marks do not matter.
The lists are deliberately narrow (a topic's own nouns and verbs), because a
second answer nobody asked for is worse than a second question.
"""
from __future__ import annotations

import re
from typing import Dict, List

from bot.answers.text import fold, words

TOPIC_WORDS: Dict[str, re.Pattern[str]] = {
    "require_purchase_password": re.compile(
        r"\b(?:mat khau|password|passcode|ma pin|pin code)\b"),
    "ask_a_parent": re.compile(
        r"\b(?:xin phep|bo me|cha me|phu huynh|ask a parent|parents?|parental|approval|chap thuan)\b"),
    "change_payment_method": re.compile(
        r"\b(?:doi the|thay the|doi phuong thuc|change (?:my |the )?card|update (?:my |the )?card"
        r"|payment method|phuong thuc thanh toan|switch (?:my |the )?card"
        r"|(?:doi|chuyen|thay|switch|change|move) (?:sang|qua|to|over to) (?:vi |the )?"
        r"(?:momo|zalopay|zalo pay|vnpay|shopeepay|paypal|visa|mastercard|napas|atm|the|vi|card))\b"),
    # "the card expired" / "thẻ hết hạn" is the payment method's date, not the subscription's
    "subscription_expiry": re.compile(r"(?<!\bcard )(?<!\bthe )(?<!\bthe da )(?<!\bthe bi )"
                                      r"\b(?:het han|expire[sd]?|expiry|expiration)\b"),
    "overdue_balance": re.compile(r"\b(?:overdue|past due|qua han|failed payment|thanh toan that bai)\b"),
    "pending_balance": re.compile(r"\b(?:pending|cho xu ly|dang cho|cho thanh toan)\b"),
}
MIN_WORDS_FOR_TWO = 8  # a short message asks one thing


def other_topics(text: str, answered: str, allowed: frozenset[str] | set[str]) -> List[str]:
    """Topics among ``allowed`` that a long message also names, besides ``answered``."""
    if len(words(text)) < MIN_WORDS_FOR_TWO:
        return []
    folded = fold(text)
    return [topic for topic, pattern in TOPIC_WORDS.items()
            if topic != answered and topic in allowed and pattern.search(folded)]
