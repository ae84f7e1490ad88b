"""bot.nlu.embeddings: the E5 embed function and the Rasa dense featurizer."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.embeddings import DIM, E5SentenceFeaturizer, embed, get_model


def test_shape_dtype_and_unit_length() -> None:
    vectors = embed(["hủy đơn hàng", "huy don hang", "cancel my order", "", "😀"])
    assert vectors.shape == (5, DIM) == (5, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_list() -> None:
    assert embed([]).shape == (0, DIM)


def test_deterministic_and_batch_independent() -> None:
    texts = [f"đơn hàng số {i} của mình đâu rồi" for i in range(70)]
    first = embed(texts, batch_size=16)
    np.testing.assert_array_equal(first, embed(texts, batch_size=64))
    np.testing.assert_array_equal(first[3], embed([texts[3]])[0])


@pytest.mark.parametrize(
    "text,similar,unrelated",
    [
        ("cancel my order", "please cancel the order I placed", "what is the weather like today"),
        ("hủy đơn hàng giúp mình", "mình muốn hủy đơn", "hôm nay trời mưa không"),
        ("tôi muốn hoàn tiền", "cho tôi xin lại tiền", "tôi thích ăn phở"),
        ("where is my order", "đơn hàng của tôi đâu rồi", "I love football"),
    ],
)
def test_similar_sentences_are_closer(text: str, similar: str, unrelated: str) -> None:
    a, b, c = embed([text, similar, unrelated])
    assert float(a @ b) > float(a @ c) + 0.03


def test_long_text_is_capped() -> None:
    assert embed(["đơn hàng " * 2000]).shape == (1, DIM)


def test_model_is_loaded_once_per_process() -> None:
    get_model.cache_clear()
    embed(["xin chào"])
    embed(["hello"])
    featurizer = E5SentenceFeaturizer({}, "e5")
    featurizer.process([Message(data={TEXT: "ok"})])
    info = get_model.cache_info()
    assert (info.misses, info.currsize) == (1, 1)
    assert get_model() is get_model()


def test_featurizer_adds_one_sentence_feature_per_message() -> None:
    messages = [Message(data={TEXT: t}) for t in ["hủy đơn", "refund please", "ok"]]
    messages.append(Message(data={TEXT: ""}))  # nothing to embed
    featurizer = E5SentenceFeaturizer({}, "E5SentenceFeaturizer")
    featurizer.process_training_data(TrainingData(training_examples=messages))
    expected = embed(["hủy đơn", "refund please", "ok"])
    for message, vector in zip(messages[:3], expected, strict=True):
        sequence, sentence = message.get_dense_features(TEXT, featurizers=["e5"])
        assert sequence is None
        assert sentence.features.shape == (1, DIM)
        assert sentence.origin == ["e5"]
        np.testing.assert_array_equal(sentence.features[0], vector)
    assert messages[3].get_dense_features(TEXT) == (None, None)


def test_featurizer_alias_is_configurable() -> None:
    message = Message(data={TEXT: "xin chào"})
    E5SentenceFeaturizer({"alias": "sentence_e5"}, "x").process([message])
    assert message.get_dense_features(TEXT, featurizers=["sentence_e5"])[1] is not None
    assert message.get_dense_features(TEXT, featurizers=["e5"])[1] is None


def test_prefetch_attaches_the_same_vector_later() -> None:
    from bot.nlu.embeddings import PENDING, attach_pending

    messages = [Message(data={TEXT: "hủy đơn giúp em"}), Message(data={TEXT: ""})]
    E5SentenceFeaturizer({"prefetch": True}, "e5").process(messages)
    assert PENDING in messages[0].data and PENDING not in messages[1].data
    assert messages[0].get_dense_features(TEXT) == (None, None)  # not yet attached
    attach_pending(messages)
    attach_pending(messages)  # idempotent
    assert PENDING not in messages[0].data
    _, sentence = messages[0].get_dense_features(TEXT, featurizers=["e5"])
    np.testing.assert_array_equal(sentence.features[0], embed(["hủy đơn giúp em"])[0])
    assert messages[1].get_dense_features(TEXT) == (None, None)


def test_prefetch_is_not_used_for_training_data() -> None:
    from bot.nlu.embeddings import PENDING

    message = Message(data={TEXT: "xin chào"})
    E5SentenceFeaturizer({"prefetch": True}, "e5").process_training_data(
        TrainingData(training_examples=[message]))
    assert PENDING not in message.data
    assert message.get_dense_features(TEXT, featurizers=["e5"])[1] is not None
