"""Real-word knowledge beyond the training data (bot/nlu/lexicon.py) and its use by the junk filter."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.junk import (
    accented_vocabulary,
    is_mostly_unknown,
    is_unknown_words,
    known_words,
    training_vocabulary,
)
from bot.nlu.lexicon import (
    canonical,
    dictionary_words,
    in_dictionary_words,
    is_common_english_word,
    is_marked,
)


@pytest.mark.parametrize("a, b", [("huỷ", "hủy"), ("Hoà", "hòa"), ("thuý", "thúy"), ("ĐƠN", "đơn")])
def test_tone_placement_and_case_do_not_change_the_canonical_spelling(a: str, b: str) -> None:
    assert canonical(a) == canonical(b)


@pytest.mark.parametrize("a, b", [("pháp", "phấp"), ("lưng", "lừng"), ("don", "đơn"), ("ma", "mà")])
def test_different_letters_or_tones_stay_different(a: str, b: str) -> None:
    assert canonical(a) != canonical(b)


def test_marked_means_anything_beyond_plain_ascii() -> None:
    assert is_marked("đơn") and is_marked("ừ") and not is_marked("don") and not is_marked("ORD1001")


def test_pyvi_dictionary_is_read_and_marks_words_made_with_neighbours() -> None:
    assert len(dictionary_words()) > 10_000
    assert in_dictionary_words(["dự", "báo", "thời", "tiết", "hôm", "nay"]) == [True] * 6
    assert in_dictionary_words(["Huỷ", "bỏ"]) == [True, True]  # tone placement and case aside
    assert in_dictionary_words(["ngoéo", "khượt", "phấp", "lừng", "quẹc"]) == [False] * 5
    assert in_dictionary_words([]) == []


@pytest.mark.parametrize("word", ["absolutely", "hiya", "cheers", "Thanks"])
def test_common_english_words(word: str) -> None:
    assert is_common_english_word(word)


@pytest.mark.parametrize("word", ["blorp", "lorem", "asdf", "NaN", "aw", "zorvath", "đơn", "abc1"])
def test_made_up_short_or_non_english_words_are_not_common_english(word: str) -> None:
    assert not is_common_english_word(word)


def _vocabularies(*texts: str) -> tuple[frozenset, frozenset]:
    data = TrainingData([Message(data={"text": t, "intent": "greet"}) for t in texts])
    return training_vocabulary(data), accented_vocabulary(data)


def test_the_accented_vocabulary_keeps_marks_in_canonical_spelling() -> None:
    _, accented = _vocabularies("Tôi muốn huỷ đơn hàng", "pháp lý", "cancel order")
    assert {canonical("hủy"), canonical("đơn"), canonical("pháp")} <= accented
    assert "cancel" not in accented and "huy" not in accented


def test_a_made_up_accented_line_has_no_known_word_although_it_folds_to_known_ones() -> None:
    """junk6's "ngoéo khượt phấp lừng quẹc" folds to "phap lung": real words folded."""
    vocabulary, accented = _vocabularies("pháp lý", "lưng", "quét mã", "khuôn")
    line = "ngoéo khượt phấp lừng quẹc"
    assert not is_unknown_words(line, vocabulary)  # folded only: "phap", "lung" look known
    assert is_unknown_words(line, vocabulary, accented=accented)
    assert [k for _, k in known_words(line, vocabulary, accented)] == [False] * 5
    # Typed without marks it can only be judged folded: not junk.
    assert not is_unknown_words("ngoeo khuot phap lung quec", vocabulary, accented=accented)


def test_real_accented_words_count_by_training_spelling_tone_placement_or_dictionary() -> None:
    vocabulary, accented = _vocabularies("tôi muốn hủy đơn", "hôm nay")
    assert not is_unknown_words("huỷ", vocabulary, accented=accented)  # other tone placement
    assert not is_unknown_words("dự báo thời tiết", vocabulary, accented=accented)  # dictionary words
    assert not is_mostly_unknown("cho hỏi dự báo thời tiết", vocabulary, accented=accented)
    assert is_mostly_unknown("tróc xíu nghẻo bựt quằng phiu", vocabulary, accented=accented)


def test_one_common_english_word_is_never_unknown_but_two_made_up_ones_are() -> None:
    vocabulary, accented = _vocabularies("hello there", "thank you")
    assert not is_unknown_words("hiya", vocabulary, accented=accented)
    assert not is_unknown_words("Absolutely", vocabulary, accented=accented)
    assert is_unknown_words("blorp", vocabulary, accented=accented)
    assert is_unknown_words("blorf snazzle", vocabulary, accented=accented)
