"""Real words that make no sentence fall back; genuine off-topic messages do not.

Lines written for this test from the kinds in ``bot/nlu/word_salad.py`` (not copied from a
junk set or from ``data/junk``). The model itself is measured on the development sets by
``scripts/train_salad_head.py`` and on the blind splits by ``make eval``.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from bot.nlu import word_salad
from bot.nlu.word_salad import (
    SHAPE_FACTS,
    closed_class_pairs,
    form_features,
    has_broken_english,
    has_repeated_chain,
    is_question_shaped,
    is_word_salad,
    load_head,
    marker_vocabulary,
    words_of,
    worth_checking,
)

SALAD = [
    "lantern giraffe cushion orbit velvet",
    "the kettle of purple mountain sings backwards",
    "ghế sofa con cá vàng mây tím trống đồng",
    "cai quat may con meo vang dua hau tim",
    "spoon cái ô helicopter bánh bao sleepy",
]
GENUINE_OFF_TOPIC = [
    "what is the weather in hanoi tomorrow",
    "cách nấu phở bò ngon",
    "can you write me a poem about the sea",
    "cho mình hỏi lịch chiếu phim tối nay",
    "who won the champions league final",
    "tell me a joke please",
]


@pytest.fixture(scope="module")
def embed_one():
    from bot.nlu.embeddings import embed_one

    return embed_one


def test_the_shipped_model_matches_the_marker_words():
    head = load_head()
    assert head is not None, "retrain with scripts/train_salad_head.py"
    assert head.weights.shape == (384 + len(marker_vocabulary()) + SHAPE_FACTS,)
    assert head.form_weights.shape == (len(marker_vocabulary()) + SHAPE_FACTS,)
    assert head.seen_pairs and all(len(pair) == 2 for pair in head.seen_pairs)
    assert 0.5 < head.threshold < 1.0 and 0.5 < head.other_threshold < 1.0
    assert 0.5 < head.confident <= 1.0 and 0.0 < head.gate < 1.0


def test_a_model_for_other_marker_words_is_not_used(tmp_path):
    stale = json.loads(word_salad.HEAD_FILE.read_text())
    stale["vocabulary"] = stale["vocabulary"][:-1]
    path = tmp_path / "head.json"
    path.write_text(json.dumps(stale))
    assert load_head.__wrapped__(path) is None


@pytest.mark.parametrize("text", SALAD)
def test_word_salad_read_as_out_of_scope_falls_back(text, embed_one):
    assert is_word_salad(text, "out_of_scope", embed_one)


@pytest.mark.parametrize("text", GENUINE_OFF_TOPIC)
def test_genuine_off_topic_messages_are_kept(text, embed_one):
    assert not is_word_salad(text, "out_of_scope", embed_one)


@pytest.mark.parametrize("text, intent", [
    ("lantern giraffe cushion orbit velvet", "nlu_fallback"),  # the classifier's own fallback
    ("lantern giraffe cushion orbit velvet 42", "out_of_scope"),  # digits: an amount or an id, maybe
    ("lantern giraffe?", "out_of_scope"),  # two words
    ("lantern giraffe cushion orbit velvet?", "out_of_scope"),  # shaped as a question
    ("refund ORD-1001 lantern giraffe", "out_of_scope"),
])
def test_only_readings_without_digits_or_questions_are_checked(text, intent):
    assert not worth_checking(text, intent)


@pytest.mark.parametrize("text, expected", [
    ("what is this charge", True), ("cho mình hỏi cái này", True), ("tại sao vậy", True),
    ("is it raining", True), ("window river cheese", False), ("bánh mì xe đạp", False),
])
def test_question_shape(text, expected):
    assert is_question_shaped(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("sky the under dancing potato my", True),
    ("the of cheese", True),
    ("cancel my order please", False),
    ("its the action pack", False),  # "its" typed for "it's"
])
def test_broken_english(text, expected):
    assert has_broken_english(words_of(text)) is expected


@pytest.mark.parametrize("text, expected", [
    ("mình đang ở nhà mình đang ở nhà rồi mà", True),
    ("the same thing is the same thing as the best", True),
    ("cancel the keyboard and the controller please", False),
])
def test_repeated_chain(text, expected):
    assert has_repeated_chain(words_of(text)) is expected


def test_form_features_are_fixed_length_and_bounded():
    rows = [form_features(t) for t in SALAD + GENUINE_OFF_TOPIC + ["", "???", "😀 😀"]]
    assert {len(r) for r in rows} == {len(marker_vocabulary()) + SHAPE_FACTS}
    assert all(np.isfinite(r).all() and r.min() >= 0 for r in rows)


@pytest.mark.parametrize("text, intent, confidence", [
    ("surface headphones xbox elite controller", "inform", 0.8),  # a typed answer naming products
    ("cái tai nghe surface", "inform", 0.9),
    ("good morning team support", "greet", 0.9),
    ("thoi khoi giu nguyen", "deny", 0.9),
    ("elite controller headphones minecraft", "cancel_order", 0.7),
    ("no i dont want it", "deny", 0.6),  # function words in an order people use
    ("yes that one please", "affirm", 0.6),
    ("hủy giúp mình cái bàn phím với", "cancel_order", 0.6),
])
def test_answers_and_requests_read_as_another_intent_are_kept(text, intent, confidence, embed_one):
    assert not is_word_salad(text, intent, embed_one, confidence=confidence)


@pytest.mark.parametrize("text, intent", [
    ("an of but the is with at", "affirm"),  # function words in no order
    ("những mà bởi của là thì với", "inform"),
    ("đơn hàng cây nến hát dưới gầm giường xanh", "order_status"),  # salad with a support word
    ("refund lantern sleepy carpet thunder", "request_store_refund"),
])
def test_unsure_readings_of_salad_as_another_intent_fall_back(text, intent, embed_one):
    assert is_word_salad(text, intent, embed_one, confidence=0.6)


def test_a_confident_reading_is_trusted(embed_one):
    """Salad with a support word read confidently as that task is left to the classifier: the
    confident readings of genuine requests are what a check there would break."""
    text = "đơn hàng cây nến hát dưới gầm giường xanh"
    assert not is_word_salad(text, "order_status", embed_one, confidence=0.99)


def test_another_reading_uses_the_classifiers_embedding_when_there_is_one():
    """A reading not embedded yet and not salad by its form alone costs no embedding."""
    calls = []

    def embed(text):
        calls.append(text)
        return np.zeros(384, dtype=np.float32)

    assert not is_word_salad("please cancel my keyboard order now", "cancel_order", embed, confidence=0.6,
                             recent=lambda text: None)
    assert calls == []
    vector = np.zeros(384, dtype=np.float32)
    is_word_salad("please cancel my keyboard order now", "cancel_order", embed, confidence=0.6,
                  recent=lambda text: vector)
    assert calls == []  # the classifier's vector is used


def test_closed_class_pairs_are_adjacent_function_words():
    assert closed_class_pairs("the of cheese and a to") == [("the", "of"), ("and", "a"), ("a", "to")]
    assert closed_class_pairs("window river cheese") == []


@pytest.mark.parametrize("text", ["tui o Vung Tau ship toi dc hong", "giao hàng tới Cần Thơ mất mấy ngày vậy",
                                  "cái này trả lại được không", "xong chưa"])
def test_vietnamese_questions_end_with_a_particle(text):
    assert is_question_shaped(text)
