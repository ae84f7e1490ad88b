"""Blank forms and grammar-word strings are junk; answers that look like them are not."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.empty_shapes import is_and_chain, is_blank_form, is_function_words_only
from bot.nlu.junk import is_junk

BLANK_FORMS = [
    "Customer name: Address: City:",
    "Invoice no: ______",
    "Ngày mua: __/__/____",
    "Mã giảm giá: .....",
    "ho ten: sdt: dia chi:",
    "Subject: Re: Fwd:",
    "Payment: ☐ card ☐ PayPal",
    "Hello ____, your order ____ is ready",
    "Regards, (your name)",
    "Enter your email here",
    "Nhập số điện thoại vào đây",
    "Question 1: Question 2:",
    "Order: ORD-",
    "Mail: @outlook.com",
]
FILLED_IN = [
    "email: an.tran@gmail.com",
    "order: ORD-1002",
    "name: Nguyen Van An",
    "note: i want to cancel the keyboard",
    "lý do: mua nhầm",
    "ORD-1001: cancel the keyboard please",
    "reason: wrong size",
    "Step 1 done, what next?",
]
GRAMMAR_ONLY = [
    "and the of to if",
    "but so or if then",
    "they them their it its",
    "là thì mà với và",
    "nhung ma thi la voi",
    "ok the of it so",
]
SAYS_SOMETHING = [
    "no not that one",
    "both of them please",
    "vậy thì được rồi",
    "thế là hết à",
    "thế còn cái này",
    "and that one too",
    "is it for me?",
    "yes it is",
    "ừ thì được",
    "if so then yes",
]


@pytest.mark.parametrize("text", BLANK_FORMS)
def test_blank_forms_are_junk(text: str) -> None:
    assert is_blank_form(text) and is_junk(text)


@pytest.mark.parametrize("text", FILLED_IN)
def test_filled_in_forms_are_answers(text: str) -> None:
    assert not is_blank_form(text) and not is_junk(text)


@pytest.mark.parametrize("text", GRAMMAR_ONLY)
def test_grammar_words_only_are_junk(text: str) -> None:
    assert is_function_words_only(text) and is_junk(text)


@pytest.mark.parametrize("text", SAYS_SOMETHING)
def test_short_replies_of_grammar_words_say_something(text: str) -> None:
    assert not is_function_words_only(text) and not is_junk(text)


@settings(max_examples=200, derandomize=True)
@given(st.sampled_from(["email", "order", "mã đơn", "name", "amount"]),
       st.from_regex(r"[A-Za-z]{2,8}[0-9]{2,6}", fullmatch=True))
def test_a_label_with_a_value_that_has_digits_is_never_blank(label: str, value: str) -> None:
    assert not is_blank_form(f"{label}: {value}")


@settings(max_examples=200, derandomize=True)
@given(st.lists(st.sampled_from(["the", "of", "and", "thì", "là", "mà", "với"]), min_size=4, max_size=8),
       st.sampled_from(["keyboard", "refund", "hủy", "đơn", "forza", "bill"]))
def test_one_content_word_makes_it_a_sentence(words: list, content: str) -> None:
    assert not is_function_words_only(" ".join([*words, content]))


@pytest.mark.parametrize("text", [
    "fork and river and ticket and candle",
    "quạt và bầu trời và hóa đơn và cá",
    "den voi ghe voi the voi mua",
    "kettle, cloud and password and moon",
])
def test_chains_of_bare_nouns_joined_by_and(text: str) -> None:
    assert is_and_chain(text)


@pytest.mark.parametrize("text", [
    "apples, bananas, yogurt, oats",  # a shopping list: commas only
    "the keyboard and the controller",
    "cancel the keyboard and the controller and forza and the mouse please",  # a part too long
    "ORD-1001 and ORD-1002 and ORD-1003 and ORD-1004",
    "bàn phím và tay cầm",
    "is it the mouse and the pen and the dock and the case?",
])
def test_real_lists_are_not_chains(text: str) -> None:
    assert not is_and_chain(text)
