"""A support task made of words no support message has is junk; real requests are not."""
from __future__ import annotations

import pytest

from bot.nlu.off_domain import domain_vocabulary, is_off_domain_task, unknown_content_words

VOCABULARY = domain_vocabulary([
    ("cancel my order please", "cancel_order"),
    ("i want to cancel the keyboard", "cancel_order"),
    ("refund the controller i returned", "request_store_refund"),
    ("change the card on my subscription", "change_payment_method"),
    ("hủy đơn hàng bàn phím giúp mình", "cancel_order"),
    ("the weather in the ocean and the moon", "out_of_scope"),  # not the domain's words
])


@pytest.mark.parametrize("text,intent", [
    ("cancel the ocean before the spoon sings", "cancel_order"),
    ("refund my shadow to the blue mountain", "request_store_refund"),
    ("change the goldfish dream forever tonight", "change_payment_method"),
    ("hủy con mèo của bầu trời xanh", "cancel_order"),
])
def test_tasks_made_of_other_words_are_off_domain(text: str, intent: str) -> None:
    assert is_off_domain_task(text, intent, VOCABULARY)


@pytest.mark.parametrize("text,intent", [
    ("cancel my order please", "cancel_order"),
    ("cancel my order, the seller on facebook was cheaper anyway", "cancel_order"),  # a story around a task
    ("can I cancel the laptop? found it cheaper somewhere", "cancel_order"),  # a question
    ("I want to switch the card it bills to", "change_payment_method"),  # a first-person request
    ("cancel the ocean before the spoon sings", "out_of_scope"),  # not read as a task: the salad model's
    ("cancel ORD-1001 before the spoon sings", "cancel_order"),  # an id given
    ("yes. cancel the ocean spoon thing", "cancel_order"),  # a clause that is a plain yes
])
def test_requests_questions_and_other_readings_are_not(text: str, intent: str) -> None:
    assert not is_off_domain_task(text, intent, VOCABULARY)


def test_a_named_product_or_no_vocabulary_holds_it_back():
    assert not is_off_domain_task("cancel the ocean before the spoon sings", "cancel_order", VOCABULARY,
                                  names_a_product=True)
    assert not is_off_domain_task("cancel the ocean before the spoon sings", "cancel_order", frozenset())


def test_function_words_are_no_content():
    assert unknown_content_words("the of and cancel", VOCABULARY) == (0, 1)
