"""Which billing question a message asks, read from its words in both languages."""
import pytest

from bot.answers.billing_talk import asks_about_a_charge, mentions_billing, says_already_cancelled, says_twice


@pytest.mark.parametrize(("text", "expected"), [
    ("and what's this $19.99 charge from last month?", True),
    ("Tháng trước tôi bị trừ 1.490.000đ mà không biết là khoản gì", True),
    ("thang truoc bi tru 1.490.000d la khoan gi vay", True),
    ("what is this charge?", True),
    ("I got charged twice in March, 9.99 each time", False),   # the two-bills question
    ("sao tháng này bị trừ tiền 2 lần", False),
    ("cancel my order ORD-1001", False),                      # no charge word
    ("$19.99", False),                                        # an amount alone is an answer
])
def test_asks_about_a_charge(text, expected):
    assert asks_about_a_charge(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("gói Xbox Game Pass Core tôi đã hủy rồi mà sao vẫn bị trừ", True),
    ("goi nay huy roi ma van bi tru tien", True),
    ("I already cancelled it but got charged", True),
    ("hủy gói Xbox Game Pass giúp tôi", False),
    ("how do I cancel my subscription", False),
])
def test_says_already_cancelled(text, expected):
    assert says_already_cancelled(text) is expected


def test_twice_and_billing_words():
    assert says_twice("why two bills this month") and says_twice("bi tru 2 lan")
    assert not says_twice("what's this charge")
    assert mentions_billing("hi, I have a problem with my bill")
    assert mentions_billing("hóa đơn của tôi có vấn đề")
    assert not mentions_billing("asdfgh")


@pytest.mark.parametrize(("text", "expected"), [
    ("sao gói OneDrive của tôi bị tạm ngưng?", True), ("tôi còn nợ bao nhiêu tất cả?", True),
    ("wait, do I owe anything right now?", True), ("my account is locked", True),
    ("why two bills", False), ("cancel my order", False),
])
def test_asks_about_debt(text, expected):
    from bot.answers.billing_talk import asks_about_debt

    assert asks_about_debt(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("gamepass của mình có 2 khoản 19.99$, 1 cái ngày 18/10 với 1 cái 18/11, sao lại ghi overdue vậy?",
     "overdue_balance"),
    ("ua ma sao lai ghi qua han, mk tuong tru tien r ma?", "overdue_balance"),
    ("why is my game pass overdue", "overdue_balance"),
    ("pending là gì vậy", "pending_balance"),
    ("what does pending mean", "pending_balance"),
    ("why was I billed twice this month? one of them is pending", None),   # the two bills are the question
    ("why two bills in march", None),
])
def test_status_asked(text, expected):
    from bot.answers.billing_talk import status_asked

    assert status_asked(text) == expected


@pytest.mark.parametrize(("reader", "text", "expected"), [
    ("asks_which_extra", "ok so which one is the extra one?", True),
    ("asks_which_extra", "vậy khoản nào là khoản bị dư?", True),
    ("asks_which_extra", "cai nao la khoan du?", True),
    ("asks_which_extra", "why two bills in march", False),
    ("asks_to_remove_a_charge", "Please just remove the two overdue $19.99 charges from my account", True),
    ("asks_to_remove_a_charge", "vay thi xoa khoan 475 do do khoi hoa don giup minh", True),
    ("asks_to_remove_a_charge", "xoa bot mon tai nghe trong don", False),     # an item: the cancel flow
    ("asks_to_remove_a_charge", "bố mình bị trừ tiền", False),
])
def test_follow_up_readers(reader, text, expected):
    from bot.answers import billing_talk

    assert getattr(billing_talk, reader)(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("can you just refund that one then", True),
    ("hoàn lại khoản đó giúp mình đi", True),
    ("refund it please", True),
    ("which one is the extra one", False),
    ("refund my keyboard order", False),
])
def test_refund_of_the_charge_just_explained(text, expected):
    from bot.answers.billing_talk import asks_to_refund_that_charge

    assert asks_to_refund_that_charge(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("what happens if I just don't", True),
    ("nếu không trả thì sao", True),
    ("neu ko thanh toan thi co sao ko", True),
    ("what if I can't pay this month", True),
    ("how do I pay it", False),
    ("ok thanks", False),
])
def test_what_if_an_overdue_balance_stays_unpaid(text, expected):
    from bot.answers.billing_talk import asks_what_if_unpaid

    assert asks_what_if_unpaid(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("vay tu gio minh bi tru vao ngay nao?", True),
    ("so which day am I charged from now on?", True),
    ("why two bills this month", False),
])
def test_asks_which_day_the_charges_come_from_now_on(text, expected):
    from bot.answers.billing_talk import asks_charge_day

    assert asks_charge_day(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("hoa don cua toi co van de", True),
    ("hóa đơn của tôi có vấn đề", True),
    ("there's a problem with my bill", True),
    ("my bill of 19.99 is wrong", False),  # an amount: the charge question answers it
    ("where is my order", False),
    ("hóa đơn đâu", False),
])
def test_a_vague_bill_problem(text, expected):
    from bot.answers.billing_talk import vague_bill_problem

    assert vague_bill_problem(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("vậy là em bị trả tiền trùng hả?", True),
    ("so I paid twice for the same thing?", True),
    ("was I double charged then", True),
    ("em bị trừ 2 lần à", True),
    ("ok cảm ơn", False),
    ("what does pending mean?", False),
])
def test_asks_if_paid_double_after_two_bills(text, expected):
    from bot.answers.billing_talk import asks_if_paid_double

    assert asks_if_paid_double(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("huhu vậy giờ em phải làm gì ạ", True),
    ("lam sao de tra het may khoan nay", True),
    ("thế thanh toán khoản quá hạn kiểu gì ạ", True),
    ("so how do I pay it?", True),
    ("what should I do now", True),
    ("ok cảm ơn", False),
    ("what happens if I don't pay", False),
])
def test_asks_what_to_do_about_a_balance(text, expected):
    from bot.answers.billing_talk import asks_what_to_do

    assert asks_what_to_do(text) is expected


@pytest.mark.parametrize("text", ["vay thang sau co bi tru 2 lan nua ko", "will I be charged twice again next month?"])
def test_a_question_about_next_month_is_not_about_paying_twice_already(text):
    from bot.answers.billing_talk import asks_if_paid_double

    assert asks_if_paid_double(text) is False
