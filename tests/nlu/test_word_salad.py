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
    assert head.weights.shape == (384 + len(marker_vocabulary()) + 7,)
    assert 0.5 < head.threshold < 1.0


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
    assert {len(r) for r in rows} == {len(marker_vocabulary()) + 7}
    assert all(np.isfinite(r).all() and r.min() >= 0 for r in rows)


@pytest.mark.parametrize("text, intent", [
    ("surface headphones xbox elite controller", "inform"),  # a typed answer naming products
    ("cái tai nghe surface", "inform"),
    ("good morning team support", "greet"),
    ("thoi khoi giu nguyen", "deny"),
    ("elite controller headphones minecraft", "cancel_order"),
])
def test_answers_and_requests_read_as_another_intent_are_kept(text, intent, embed_one):
    assert not is_word_salad(text, intent, embed_one)
