"""How partners ask about a refund at its steps."""
import pytest

from bot.answers.refund_talk import (
    asks_about_full_refund,
    asks_about_the_amount,
    asks_for_a_refund,
    asks_for_criteria,
    names_the_tax,
)


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


@pytest.mark.parametrize("text, expected", [
    # tax quoted as part of the price: the refund asked for is the whole purchase
    ("On Nov 2 we bought Partner Success Core for $475 (+$47.50 tax). Can we get a refund?", False),
    ("bên mình mua gói Partner Success Expanded, hết 3.950 đô + 395 đô thuế. Giờ muốn hoàn tiền được ko?", False),
    ("có mua Action Pack ngày 8/11, 475$ + 47.50 tax. Refund được ko?", False),
    ("we paid $475 plus tax, refund please", False),
    ("refund action pack", False),
    # the tax itself is asked about
    ("could we at least get the $250 tax back on that one?", True),
    ("refund the $47.50 tax please", True),
    ("hoàn lại 120 đô thuế cho bên mình", True),
    ("bi tinh thue 120 do trong khi cty mk duoc mien thue. lay lai tien thue dc ko", True),
    ("refund the tax on my action pack", True),
    ("thế còn tax thì sao, refund tax được ko?", True),
    ("we're tax-exempt but got charged 47.50 tax", True),
])
def test_names_the_tax_only_when_the_tax_itself_is_asked_about(text: str, expected: bool) -> None:
    assert names_the_tax(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("Can we get a refund?", True), ("hoàn tiền được ko ạ", True), ("Refund được ko?", True),
    ("what are the criteria?", False), ("how much tax did we pay", False),
])
def test_asks_for_a_refund(text: str, expected: bool) -> None:
    assert asks_for_a_refund(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("so what exactly is wrong with it", True),
    ("which criteria failed?", True),
    ("thiếu điều kiện nào vậy", True),
    ("sai ở đâu", True),
    ("ok then just the tax, please", False),
    ("refund PPB-3001", False),
])
def test_which_criterion_a_decision_failed(text, expected):
    from bot.answers.refund_talk import asks_what_failed

    assert asks_what_failed(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("which of our partner purchases can still be refunded?", True),
    ("nhung giao dich doi tac nao cua cong ty minh con hoan tien duoc vay?", True),
    ("refund PPB-3001", False),
    ("what are the refund criteria", False),
    ("which of our benefits could we still get refunded", True),  # blind19's first run missed this shape
    ("what can we still get a refund for?", True),
    ("which of them qualify for a refund", True),
    ("can we get a refund for PPB-3001?", False),
    ("what are the criteria to get a refund on a partner benefit?", False),  # the rules, not a list
])
def test_asks_which_purchases_can_be_refunded(text, expected):
    from bot.answers.refund_talk import asks_which_refundable

    assert asks_which_refundable(text) is expected
