"""A support task with nothing of the support domain in it: "cancel the moon before the spoon sings".

The classifier reads such salad confidently as the task its verb names (cancel, refund, change
the payment method), and the word-salad model, which only looks at unsure readings, never sees
it (docs/nlu.md, rounds 16-17). What gives it away is its other words: none of them is a word any
customer used for these tasks in the training data. The check counts the content words (not
function words) that the training messages of the support intents never contain; three or more,
at least half of the content words, with at most one content word the domain knows (the task's
verb), make the reading junk.

Held back on purpose: questions ("?" anywhere), messages with digits, ids or emails, products
named, clauses that are a plain yes or no, and a first-person request ("I want to switch the card
it bills to", "mình muốn…"): real customers tell stories with words no training line has, and
those come as questions and requests, not bare imperatives. On the round-17 development sets
this flagged 0 of 5,033 held-out genuine domain messages and no genuine conversation turn.
"""
from __future__ import annotations

import re
from typing import AbstractSet, Iterable

from bot.nlu.word_salad import FUNCTION_WORDS, _fold, words_of, worth_checking

# Intents whose words are the support domain's; out_of_scope is not among them.
DOMAIN_INTENTS = frozenset({
    "order_status", "cancel_order", "request_store_refund", "request_partner_refund", "tax_refund",
    "why_two_bills", "overdue_balance", "pending_balance", "cancel_subscription", "change_payment_method",
    "subscription_expiry", "require_purchase_password", "ask_a_parent",
})
# Intents whose words count as the domain's too (answers and chat around the tasks).
VOCABULARY_INTENTS = DOMAIN_INTENTS | {"inform", "affirm", "deny", "greet", "thank", "goodbye", "human_handoff",
                                       "bot_challenge", "change_language"}
MIN_UNKNOWN = 3
MIN_SHARE = 0.5
# The task's own word at most: "cancel my order, the seller on facebook was cheaper anyway" names
# the order (a story around a real request); "cancel the ocean before the spoon sings" names nothing.
MAX_KNOWN = 1
_FOLDED_FUNCTION_WORDS = frozenset(_fold(w) for w in FUNCTION_WORDS)
_FIRST_PERSON_REQUEST = re.compile(
    r"\b(?:i (?:want|wanna|would like|d like|need|have to)|i'?d like|can i|could i|may i|also|btw"
    r"|(?:toi|minh|em|tui|mk|mik|anh|chi) (?:muon|can|mun|muốn|cần)|cho (?:toi|minh|em|tui|mk) )")


def domain_vocabulary(examples: Iterable[tuple[str, str]]) -> frozenset:
    """The folded words of the training messages (text, intent) of the support intents."""
    words: set = set()
    for text, intent in examples:
        if intent in VOCABULARY_INTENTS:
            words.update(_fold(w) for w in words_of(text))
    return frozenset(words)


def unknown_content_words(text: str, vocabulary: AbstractSet[str]) -> tuple[int, int]:
    """(content words no support message uses, content words): function words and single letters
    are no content."""
    content = [w for w in (_fold(w) for w in words_of(text)) if w not in _FOLDED_FUNCTION_WORDS and len(w) > 1]
    return sum(w not in vocabulary for w in content), len(content)


def is_off_domain_task(text: str | None, intent: str | None, vocabulary: AbstractSet[str],
                       names_a_product: bool = False) -> bool:
    """True when ``text``, read as the support task ``intent``, is made of words no support
    message has (see the module docstring)."""
    if not text or not vocabulary or intent not in DOMAIN_INTENTS or names_a_product or "?" in text:
        return False
    if not worth_checking(text, intent) or _FIRST_PERSON_REQUEST.search(_fold(text.lower())):
        return False
    unknown, content = unknown_content_words(text, vocabulary)
    return unknown >= MIN_UNKNOWN and unknown >= MIN_SHARE * content and content - unknown <= MAX_KNOWN
