"""Small readings of free text used by the actions: the word for cancel, a lone order number."""
from __future__ import annotations

import pytest

from bot.answers.text import lone_order_number, mentions_cancelling


@pytest.mark.parametrize("text", ["hủy cái bàn phím", "huỷ đơn", "HUY DI", "cancel it", "I cancelled it"])
def test_cancel_words_in_any_spelling(text: str) -> None:
    assert mentions_cancelling(text)


@pytest.mark.parametrize("text", ["hoàn tiền giúp mình", "refund please", "huyền", "cancellation policy?"])
def test_no_cancel_word(text: str) -> None:
    assert not mentions_cancelling(text)


@pytest.mark.parametrize("text,expected", [
    ("1001", "ORD-1001"), ("it is 1001.", "ORD-1001"), ("số 1001 nha", "ORD-1001"),
    ("12345678", "ORD-12345678"), ("1001, email a@b.com", "ORD-1001"),
    ("1001 and 1002", None), ("$1001", None), ("2026-11-20", None), ("20/11/2026", None),
    ("99k", None), ("1.490.000đ", None), ("123", None), ("", None),
])
def test_a_lone_order_number(text: str, expected: str | None) -> None:
    assert lone_order_number(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("còn con Xbox Series X đặt trước thì bị trừ tiền chưa?", True),
    ("con Forza dat truoc bi tru tien chua bn", True),
    ("has my pre-order been charged yet", True),
    ("has it shipped?", True),
    ("cancel the Forza pre-order", False),            # a request, not a status question
    ("hủy đơn chưa giao giúp mình", False),
    ("Forza Horizon 6", False),
])
def test_asks_item_status(text, expected):
    from bot.answers.text import asks_item_status

    assert asks_item_status(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I tried Pay now twice and it failed. Get me a human agent.", True),
    ("cho mình gặp nhân viên", True),
    ("is there a real person there", True),
    ("nhân viên giao hàng chưa gọi", False),         # the delivery person
    ("cancel my order", False),
])
def test_asks_for_person(text, expected):
    from bot.answers.text import asks_for_person

    assert asks_for_person(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Can you cancel it for me please?", True), ("hủy nó đi", True), ("huy don do giup minh", True),
    ("cancel ORD-1001", False), ("hủy bàn phím", False),
])
def test_refers_back(text, expected):
    from bot.answers.text import refers_back

    assert refers_back(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("tai sao khong duoc?", True), ("why not?", True), ("sao ko dc vay", True), ("how come", True),
    ("cancel it", False), ("sao kê tháng này", False),
])
def test_asks_why(text, expected):
    from bot.answers.text import asks_why

    assert asks_why(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("and the Forza pre-order too, cancel it", True), ("hủy cả Forza nữa nhé", True),
    ("also the keyboard", True), ("cancel the keyboard", False), ("hủy bàn phím", False),
])
def test_adds_another(text: str, expected: bool) -> None:
    from bot.answers.text import adds_another

    assert adds_another(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("cancel the keyboard instead", True), ("à nhầm, cái bàn phím cơ", True),
    ("and the keyboard too", False), ("còn cái bàn phím thì có hủy được ko?", False),
])
def test_switches_instead(text: str, expected: bool) -> None:
    from bot.answers.text import switches_instead

    assert switches_instead(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("khoan, hỏi chút: nếu item đã bị charge rồi thì còn cancel được ko?", True),
    ("can I still cancel once it has shipped?", True),
    ("yes cancel it", False), ("cancel the keyboard", False), ("has it shipped?", False),
])
def test_asks_cancel_policy(text: str, expected: bool) -> None:
    from bot.answers.text import asks_cancel_policy

    assert asks_cancel_policy(text) is expected


@pytest.mark.parametrize(("reader", "text", "expected"), [
    ("asks_about_the_email", "will I get an email about it?", True),
    ("asks_about_the_email", "my email is a@b.com", False),
    ("asks_about_money_back_or_fees", "khoan, hủy cái này thì có hoàn tiền ko?", True),
    ("asks_about_money_back_or_fees", "huy Surface Go 4 thi co bi mat phi gi ko?", True),
    ("asks_about_money_back_or_fees", "yes cancel it", False),
    ("speaks_of_the_account", "do i have any pending charge on my acount? saw something weird", True),
    ("speaks_of_the_account", "tài khoản mình có khoản nào đang chờ không", True),
    ("speaks_of_the_account", "sao kê ngân hàng có khoản lạ", True),
    ("speaks_of_the_account", "khoan, hủy cái này thì có hoàn tiền ko?", False),
    ("speaks_of_the_account", "has this one been charged yet?", False),
])
def test_questions_at_a_cancel_confirmation(reader, text, expected):
    from bot.answers import text as readers

    assert getattr(readers, reader)(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("ok để mai tôi nạp tiền vô thẻ rồi trả, cảm ơn em", True),
    ("thanks, that's all", True),
    ("cam on nha", True),
    ("thanks, but where is my order?", False),  # a question after the thanks is answered
    ("cancel my order", False),
])
def test_thanks_closing_a_message(text, expected):
    from bot.answers.text import closes_with_thanks

    assert closes_with_thanks(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("có mail xác nhận ko", True),
    ("will I get an email?", True),
    ("my email is a@b.com", False),
])
def test_asks_about_the_confirmation_email(text, expected):
    from bot.answers.text import asks_about_the_email

    assert asks_about_the_email(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("are you sure? we barely used it", True),
    ("chắc không vậy?", True),
    ("co chac ko", True),
    ("sure, go ahead", False),
    ("yes", False),
])
def test_doubts_the_answer(text, expected):
    from bot.answers.text import doubts_the_answer

    assert doubts_the_answer(text) is expected


def test_the_email_question_may_end_with_a_particle():
    from bot.answers.text import asks_about_the_email

    assert asks_about_the_email("co email xac nhan ko ad")
    assert asks_about_the_email("có mail xác nhận không vậy")


@pytest.mark.parametrize("text, expected", [
    ("Thế muốn hủy gói đó luôn thì làm thế nào?", True),
    ("con muon huy han goi do thi lam sao", True),
    ("cancel that plan", True),
    ("turn off recurring billing", True),
    ("hủy đơn hàng đó", False),
    ("cancel the pre-order", False),
    ("cancel it", False),
])
def test_speaks_of_a_subscription(text, expected):
    from bot.answers.text import speaks_of_a_subscription

    assert speaks_of_a_subscription(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("which ones can still be cancelled?", True),
    ("cái nào còn hủy được?", True),
    ("cai nao con huy dc z", True),
    ("những món nào còn cancel được vậy?", True),
    ("hủy cái Surface Pro Keyboard", False),
    ("which order do you mean", False),
])
def test_asks_which_items_can_still_be_cancelled(text, expected):
    from bot.answers.text import asks_which_cancellable

    assert asks_which_cancellable(text) is expected


@pytest.mark.parametrize("text", ["I want to cancle the Surface Laptop", "pls cancell it", "huyr đơn này"])
def test_cancelling_with_a_slip_is_still_cancelling(text):
    from bot.answers.text import mentions_cancelling

    assert mentions_cancelling(text)
