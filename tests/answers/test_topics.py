"""Two how-to requests in one message are both found; one request is not split."""
import pytest

from bot.answers.topics import other_topics

GUIDES = {"require_purchase_password", "ask_a_parent", "change_payment_method", "subscription_expiry"}


@pytest.mark.parametrize(("text", "answered", "expected"), [
    ("Con mình hay tự mua game. Làm sao để mỗi lần mua đều phải nhập mật khẩu? Với lại có cách nào bắt nó "
     "phải xin phép bố mẹ trước không?", "ask_a_parent", ["require_purchase_password"]),
    ("how do I require a password for purchases and also change the card I pay with",
     "require_purchase_password", ["change_payment_method"]),
    ("I see an overdue charge AND something pending on my account, can you explain both?", "pending_balance",
     ["overdue_balance"]),
    ("xin phép bố mẹ", "ask_a_parent", []),                                   # short: one request
    ("my kid needs a parent's approval to buy games, how does that work here", "ask_a_parent", []),
])
def test_other_topics(text, answered, expected):
    allowed = GUIDES | {"overdue_balance", "pending_balance"}
    assert other_topics(text, answered, allowed) == expected


def test_only_allowed_topics_are_returned():
    text = "I see an overdue charge and something pending on my account, please explain"
    assert other_topics(text, "pending_balance", GUIDES) == []
