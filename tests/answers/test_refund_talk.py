"""How partners ask about a refund at its steps."""
import pytest

from bot.answers.refund_talk import asks_about_full_refund, asks_about_the_amount, asks_for_criteria


@pytest.mark.parametrize(("reader", "text", "expected"), [
    (asks_for_criteria, "tieu chi de duoc hoan tien loi ich doi tac la gi", True),
    (asks_for_criteria, "what are the criteria?", True),
    (asks_for_criteria, "refund my action pack", False),
    (asks_about_full_refund, "wait, nếu xin full refund thì có được trả luôn thuế không?", True),
    (asks_about_full_refund, "full refund please", False),          # not a question
    (asks_about_the_amount, "what's included in that amount?", True),
    (asks_about_the_amount, "yes submit it", False),
])
def test_readers(reader, text, expected):
    assert reader(text) is expected
