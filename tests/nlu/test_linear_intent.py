"""bot.nlu.linear_intent: training, Rasa output format, persistence, fallback."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.embeddings import E5SentenceFeaturizer
from bot.nlu.linear_intent import LinearIntentClassifier, LinearIntentModel, folded, ranking, tempered

EXAMPLES = {
    "greet": ["xin chào", "chào bạn", "hello", "hi there", "chao ban"],
    "goodbye": ["tạm biệt", "bye", "goodbye", "tam biet nhe", "see you"],
    "cancel_order": ["hủy đơn hàng", "huy don hang", "cancel my order", "tôi muốn hủy đơn",
                     "please cancel the order"],
    "order_status": ["đơn hàng của tôi đâu", "where is my order", "don hang cua toi dau",
                     "kiểm tra đơn hàng", "order status"],
    "thank": ["cảm ơn", "cam on", "thanks", "thank you", "cảm ơn nhiều"],
}
# Twelve more intents so the ranking has to be cut to ten.
for k in range(12):
    EXAMPLES[f"extra_{k}"] = [f"chủ đề số {k} câu {j}" for j in range(3)]


def _training_data() -> TrainingData:
    return TrainingData(training_examples=[
        Message(data={"text": t, "intent": intent})
        for intent, texts in EXAMPLES.items() for t in texts])


@pytest.fixture
def storage(tmp_path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def _context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="linear_intent")


def test_folded() -> None:
    assert folded("Hủy ĐƠN hàng") == "huy don hang"
    assert folded(None) == ""


def test_ranking_is_sorted_and_cut() -> None:
    got = ranking(["a", "b", "c"], np.array([0.2, 0.5, 0.3]), 2)
    assert got == [{"name": "b", "confidence": 0.5}, {"name": "c", "confidence": 0.3}]
    assert len(ranking(["a", "b", "c"], np.array([0.2, 0.5, 0.3]), 0)) == 3


def test_model_without_embeddings_needs_none() -> None:
    model = LinearIntentModel(embedding_weight=0).fit(["xin chào", "bye"], ["greet", "goodbye"])
    probabilities = model.predict_proba(["chào"])
    assert probabilities.shape == (1, 2)
    assert model.classes == ["goodbye", "greet"]


def test_train_process_persist_load(storage) -> None:
    resource = Resource("linear_intent")
    classifier = LinearIntentClassifier.create({}, storage, resource, _context())
    classifier.train(_training_data())

    messages = [Message(data={"text": t}) for t in ["huỷ đơn giúp mình", "thanks a lot", ""]]
    classifier.process(messages)
    first = messages[0]
    assert first.get("intent")["name"] == "cancel_order"
    ranked = first.get("intent_ranking")
    assert len(ranked) == 10
    assert ranked[0] == first.get("intent")
    confidences = [r["confidence"] for r in ranked]
    assert confidences == sorted(confidences, reverse=True)
    assert all(isinstance(c, float) and 0 <= c <= 1 for c in confidences)
    assert sum(confidences) <= 1 + 1e-6
    assert messages[1].get("intent")["name"] == "thank"
    assert messages[2].get("intent")["name"] in EXAMPLES  # empty text still gets an answer
    assert {"intent", "intent_ranking"} <= first.output_properties

    loaded = LinearIntentClassifier.load({}, storage, resource, _context())
    again = [Message(data={"text": t}) for t in ["huỷ đơn giúp mình", "thanks a lot", ""]]
    loaded.process(again)
    for before, after in zip(messages, again, strict=True):
        assert before.get("intent_ranking") == after.get("intent_ranking")


def test_featurizer_vectors_equal_computed_ones(storage) -> None:
    """With E5SentenceFeaturizer in the pipeline the classifier reuses its vectors."""
    featured = _training_data()
    E5SentenceFeaturizer({}, "e5").process_training_data(featured)
    from_featurizer = LinearIntentClassifier.create({}, storage, Resource("x1"), _context())
    from_featurizer.train(featured)
    assert from_featurizer.model.embedding_source == "featurizer"
    computed = LinearIntentClassifier.create({}, storage, Resource("x2"), _context())
    computed.train(_training_data())
    assert computed.model.embedding_source == "embeddings"

    with_feature = Message(data={"text": "where is my order"})
    E5SentenceFeaturizer({}, "e5").process([with_feature])
    without = Message(data={"text": "where is my order"})
    from_featurizer.process([with_feature])
    computed.process([without])
    assert with_feature.get("intent")["name"] == without.get("intent")["name"] == "order_status"
    for a, b in zip(with_feature.get("intent_ranking"), without.get("intent_ranking"), strict=True):
        assert a["name"] == b["name"]
        assert a["confidence"] == pytest.approx(b["confidence"], abs=1e-4)


def test_untrained_classifier_lets_the_fallback_fire(storage) -> None:
    classifier = LinearIntentClassifier.load({}, storage, Resource("missing"), _context())
    message = Message(data={"text": "hello"})
    classifier.process([message])
    assert message.get("intent") == {"name": None, "confidence": 0.0}
    FallbackClassifier({"threshold": 0.4, "ambiguity_threshold": 0.1}).process([message])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_fallback_classifier_works_on_its_output(storage) -> None:
    classifier = LinearIntentClassifier.create({}, storage, Resource("y"), _context())
    classifier.train(_training_data())
    sure, unsure = Message(data={"text": "cancel my order"}), Message(data={"text": "xyz"})
    classifier.process([sure, unsure])
    fallback = FallbackClassifier({"threshold": 0.99, "ambiguity_threshold": 0.0})
    fallback.process([unsure])
    assert unsure.get("intent")["name"] == "nlu_fallback"
    assert unsure.get("intent_ranking")[1]["name"] != "nlu_fallback"
    FallbackClassifier({"threshold": 0.0, "ambiguity_threshold": 0.0}).process([sure])
    assert sure.get("intent")["name"] == "cancel_order"


def test_vectors_from_another_featurizer(storage) -> None:
    """A hub model's sentence vectors (other width) work; a text-less message gets zeros."""
    rng = np.random.default_rng(0)
    from rasa.shared.nlu.training_data.features import Features

    def featurize(message: Message) -> None:
        if message.get("text"):
            vector = rng.normal(size=(1, 768)).astype(np.float32)
            message.add_features(Features(vector, "sentence", "text", "lm"))

    data = _training_data()
    for message in data.training_examples:
        featurize(message)
    classifier = LinearIntentClassifier.create({"embedding_featurizer": "lm"}, storage,
                                               Resource("z"), _context())
    classifier.train(data)
    assert classifier.model.embedding_source == "featurizer"
    assert classifier._trained_dim() == 768
    loaded = LinearIntentClassifier.load({"embedding_featurizer": "lm"}, storage,
                                         Resource("z"), _context())
    messages = [Message(data={"text": "cancel my order"}), Message(data={"text": ""})]
    for message in messages:
        featurize(message)
    loaded.process(messages)
    assert all(m.get("intent")["name"] for m in messages)


def _texts_intents() -> tuple[list[str], list[str]]:
    pairs = [(t, i) for i, texts in EXAMPLES.items() for t in texts]
    return [t for t, _ in pairs], [i for _, i in pairs]


def test_word_ngrams_add_a_block_and_survive_persistence(storage) -> None:
    texts, intents = _texts_intents()
    plain = LinearIntentModel(embedding_weight=0).fit(texts, intents)
    with_words = LinearIntentModel(embedding_weight=0, word_ngrams=2).fit(texts, intents)
    assert with_words.clf.coef_.shape[1] > plain.clf.coef_.shape[1]
    assert "huy don" in with_words.word_vectorizer.vocabulary_  # the two-syllable word
    state = with_words.state()
    again = LinearIntentModel(**state)
    np.testing.assert_allclose(again.predict_proba(["huy don nha"]),
                               with_words.predict_proba(["huy don nha"]))


def test_spelled_out_abbreviations_reach_the_learned_words() -> None:
    """Trained on full words only, the model reads "ko"/"dc" as "không"/"được"."""
    texts = ["không được", "không được đâu", "được", "được luôn", "đồng ý"]
    intents = ["deny", "deny", "affirm", "affirm", "affirm"]
    kw = dict(embedding_weight=0, word_ngrams=2, raw_char_features=False, max_ngram=2)
    spelled = LinearIntentModel(spell_out=True, **kw).fit(texts, intents)
    typed = LinearIntentModel(spell_out=False, **kw).fit(texts, intents)
    deny = spelled.classes.index("deny")
    assert spelled.predict_proba(["ko dc"])[0, deny] > typed.predict_proba(["ko dc"])[0, deny]
    assert spelled.classes[int(spelled.predict_proba(["ko dc"])[0].argmax())] == "deny"


def test_component_defaults_are_the_round_10_choice() -> None:
    config = LinearIntentClassifier.get_default_config()
    assert config["word_ngrams"] == 2 and config["spell_out"] is True
    assert config["fast_threshold"] == 0.7


def _fake_embeddings(texts: list[str]) -> np.ndarray:
    """A fixed unit vector per text (seeded by the text), whatever the batch."""
    vectors = np.stack([np.random.default_rng(sum(map(ord, t))).normal(size=8)
                        for t in texts]).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_two_stages_embed_only_the_messages_the_ngrams_are_unsure_of() -> None:
    texts, intents = _texts_intents()
    model = LinearIntentModel(word_ngrams=2, fast_threshold=0.8).fit(
        texts, intents, _fake_embeddings(texts))
    assert model.fast_clf is not None
    queries = ["hủy đơn hàng", "zzz qqq"]
    asked: list[list[int]] = []

    def embed(indices: list[int]) -> np.ndarray:
        asked.append(indices)
        return _fake_embeddings([queries[i] for i in indices])

    lazily = model.predict_proba_lazily(queries, embed)
    fast = tempered(model.fast_clf.predict_log_proba(model._ngrams(queries, fit=False)),
                    model.temperature)
    sure = [i for i, row in enumerate(fast) if row.max() >= 0.8]
    assert sure and len(sure) < len(queries)  # one of each, or the test shows nothing
    unsure = [i for i in range(len(queries)) if i not in sure]
    assert asked == ([unsure] if unsure else [])  # never the sure ones
    full = model.predict_proba(queries, _fake_embeddings(queries))
    for i in unsure:  # the unsure ones get the full model's answer
        np.testing.assert_allclose(lazily[i], full[i], rtol=1e-5)
    np.testing.assert_allclose(lazily.sum(axis=1), 1.0, rtol=1e-5)


def test_without_a_threshold_every_message_is_embedded_once() -> None:
    texts, intents = _texts_intents()
    model = LinearIntentModel(fast_threshold=0.0).fit(texts, intents, _fake_embeddings(texts))
    assert model.fast_clf is None
    asked: list[list[int]] = []

    def embed(indices: list[int]) -> np.ndarray:
        asked.append(indices)
        return _fake_embeddings(["a", "b"])

    got = model.predict_proba_lazily(["a", "b"], embed)
    assert asked == [[0, 1]]
    np.testing.assert_allclose(got, model.predict_proba(["a", "b"], _fake_embeddings(["a", "b"])))


def test_texts_not_worth_embedding_keep_the_fast_answer() -> None:
    """Round 13: junk (the junk filter answers it with the fallback) is never embedded."""
    texts, intents = _texts_intents()
    model = LinearIntentModel(word_ngrams=2, fast_threshold=1.01).fit(texts, intents, _fake_embeddings(texts))
    queries = ["hủy đơn hàng", "zzz qqq"]  # the threshold above 1 leaves both unsure
    asked: list[list[int]] = []

    def embed(indices: list[int]) -> np.ndarray:
        asked.append(indices)
        return _fake_embeddings([queries[i] for i in indices])

    got = model.predict_proba_lazily(queries, embed, worth_embedding=lambda text: text != "zzz qqq")
    assert asked == [[0]]
    fast = tempered(model.fast_clf.predict_log_proba(model._ngrams(queries, fit=False)), model.temperature)
    np.testing.assert_allclose(got[1], fast[1], rtol=1e-5)
