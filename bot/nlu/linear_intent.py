"""Intent classifier: character n-grams plus E5 sentence embeddings, linear model.

Customers write the same request with diacritics, without them ("huy don
hang"), in teencode ("ko dc") and half in English. Two kinds of features cover
that together:

* character ``char_wb`` 1-5-gram TF-IDF (sublinear tf) of the diacritic-folded
  lower-cased text (typing variants share n-grams) and of the raw lower-cased
  text (typed diacritics still separate "thẻ" from "thế");
* the multilingual-e5-small sentence embedding (``bot.nlu.embeddings``), which
  knows paraphrases and unseen words no training line contains.

A multinomial scikit-learn ``LogisticRegression`` over the concatenation gives
probabilities that sum to one, so Rasa's ``FallbackClassifier`` placed after
this component works on its ``intent`` / ``intent_ranking`` as usual. The
weight of the embedding block and ``C`` were tuned on the dev split and by
cross-validation on the training data (docs/nlu.md, round 7).

The model is saved with ``skops`` (as Rasa's own LogisticRegressionClassifier
does) and loaded with an explicit list of trusted types, never with pickle.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import Any, Callable, Dict, List, Sequence

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.language import fold_diacritics
from bot.nlu.embeddings import is_payload
from bot.nlu.junk import is_junk
from bot.nlu.teencode import spell_out

logger = logging.getLogger(__name__)

INTENT_RANKING = "intent_ranking"
MODEL_FILE = "linear_intent.skops"
# skops refuses types it does not know; TfidfVectorizer keeps its idf as a
# sparse diagonal matrix, the only extra type this model contains.
TRUSTED_TYPES = frozenset({"scipy.sparse._csr.csr_matrix"})


def folded(text: str) -> str:
    """Diacritic-folded lower-case text ("Hủy ĐƠN" -> "huy don")."""
    return fold_diacritics(text or "").lower()


def _char_tfidf(min_ngram: int, max_ngram: int) -> TfidfVectorizer:
    # Text is prepared before vectorizing (no callables inside the model, so it
    # persists with skops).
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(min_ngram, max_ngram),
                           sublinear_tf=True, lowercase=False, dtype=np.float32)


# Single letters count: teencode answers are "k", "j", "r", "dc".
WORD_PATTERN = r"(?u)\b\w+\b"


def _word_tfidf(max_ngram: int) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer="word", ngram_range=(1, max_ngram), token_pattern=WORD_PATTERN,
                           sublinear_tf=True, lowercase=False, dtype=np.float32)


@dataclass
class LinearIntentModel:
    """The scikit-learn part, usable without Rasa (scripts, tests)."""

    C: float = 30.0
    embedding_weight: float = 2.5
    raw_char_features: bool = True
    min_ngram: int = 1
    max_ngram: int = 5
    # Word 1..N-gram TF-IDF of the folded text (0 = off). ``char_wb`` n-grams
    # stop at spaces, and a Vietnamese word is often two syllables ("hoan
    # tien", "gia han"): only word n-grams see the pair.
    word_ngrams: int = 0
    # Chat abbreviations written in full first ("ko dc" -> "không được";
    # bot.nlu.teencode) for the n-gram blocks.
    spell_out: bool = False
    class_weight: str | None = None
    max_iter: int = 3000
    random_state: int = 42
    # Softmax temperature applied to the fitted model's log-probabilities.
    # The L2-regularised model is under-confident (out-of-fold on the training
    # data: 0.45 confidence was right 66 % of the time); 0.65 minimises the
    # out-of-fold log loss and brings the calibration error from 0.057 to 0.007.
    temperature: float = 0.65
    # Where the training embeddings came from: "featurizer" (a dense sentence
    # feature in the pipeline) or "embeddings" (bot.nlu.embeddings.embed).
    embedding_source: str = "embeddings"
    # Two stages (0 = off): an n-gram-only model answers alone when its top
    # probability reaches this; only other messages are embedded.
    fast_threshold: float = 0.0
    fold_vectorizer: TfidfVectorizer | None = None
    word_vectorizer: TfidfVectorizer | None = None
    raw_vectorizer: TfidfVectorizer | None = None
    clf: LogisticRegression | None = None
    fast_clf: LogisticRegression | None = None

    @property
    def trained(self) -> bool:
        """True once :meth:`fit` has run."""
        return self.clf is not None

    @property
    def classes(self) -> List[str]:
        """Intent names in the column order of :meth:`predict_proba`."""
        return [str(c) for c in self.clf.classes_] if self.clf is not None else []

    def _matrix(self, texts: Sequence[str], embeddings: np.ndarray | None,
                fit: bool) -> csr_matrix:
        return self._with_embeddings(self._ngrams(texts, fit), embeddings)

    def _with_embeddings(self, ngrams: csr_matrix, embeddings: np.ndarray | None) -> csr_matrix:
        if not self.embedding_weight:
            return ngrams
        if embeddings is None:
            raise ValueError("this model uses sentence embeddings; none were given")
        dense = csr_matrix(np.asarray(embeddings, dtype=np.float32) * np.float32(self.embedding_weight))
        return hstack([ngrams, dense], format="csr", dtype=np.float32)

    def _ngrams(self, texts: Sequence[str], fit: bool) -> csr_matrix:
        blocks = []
        if self.spell_out:
            texts = [spell_out(t) for t in texts]
        fold_in = [folded(t) for t in texts]
        if fit:
            self.fold_vectorizer = _char_tfidf(self.min_ngram, self.max_ngram)
            blocks.append(self.fold_vectorizer.fit_transform(fold_in))
        else:
            blocks.append(self.fold_vectorizer.transform(fold_in))
        if self.word_ngrams:
            if fit:
                self.word_vectorizer = _word_tfidf(self.word_ngrams)
                blocks.append(self.word_vectorizer.fit_transform(fold_in))
            else:
                blocks.append(self.word_vectorizer.transform(fold_in))
        if self.raw_char_features:
            raw_in = [(t or "").lower() for t in texts]
            if fit:
                self.raw_vectorizer = _char_tfidf(self.min_ngram, self.max_ngram)
                blocks.append(self.raw_vectorizer.fit_transform(raw_in))
            else:
                blocks.append(self.raw_vectorizer.transform(raw_in))
        return hstack(blocks, format="csr", dtype=np.float32)

    def fit(self, texts: Sequence[str], intents: Sequence[str],
            embeddings: np.ndarray | None = None) -> LinearIntentModel:
        """Train on ``texts`` with gold ``intents`` (and their embeddings).

        With ``fast_threshold`` set, a second model learns from the n-grams
        alone: the fast first stage of :meth:`predict_proba_lazily`.
        """
        ngrams = self._ngrams(texts, fit=True)
        self.clf = self._logistic().fit(self._with_embeddings(ngrams, embeddings), list(intents))
        self.fast_clf = None
        if self.fast_threshold and self.embedding_weight:
            self.fast_clf = self._logistic().fit(ngrams, list(intents))
        return self

    def _logistic(self) -> LogisticRegression:
        return LogisticRegression(
            C=self.C, class_weight=self.class_weight, max_iter=self.max_iter,
            random_state=self.random_state, solver="lbfgs", tol=1e-4,
        )

    def predict_proba(self, texts: Sequence[str],
                      embeddings: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probabilities (len(texts), len(classes)); rows sum to one."""
        log_p = self.clf.predict_log_proba(self._matrix(texts, embeddings, fit=False))
        return tempered(log_p, self.temperature)

    def predict_proba_lazily(self, texts: Sequence[str],
                             embed: Callable[[List[int]], np.ndarray],
                             worth_embedding: Callable[[str], bool] | None = None) -> np.ndarray:
        """Like :meth:`predict_proba`, computing embeddings only where needed.

        The n-gram model answers a message when its top probability reaches
        ``fast_threshold``; the others (``embed(indices)`` gives their
        vectors) go through the full model. The embedding is most of a
        parse's time, and on the dev, test and blind2 splits the n-grams
        alone were 70 % sure of 96-98 % of messages with no answer changed
        (docs/nlu.md, round 10). ``worth_embedding`` may spare a text the
        embedding whatever the n-grams say: junk, which the junk filter answers
        with the fallback anyway, was most of the embedded messages of the
        blind splits and so set their p95 parse time (round 13).
        """
        ngrams = self._ngrams(texts, fit=False)
        if self.fast_clf is None:
            embeddings = embed(list(range(len(texts)))) if self.embedding_weight else None
            return tempered(self.clf.predict_log_proba(self._with_embeddings(ngrams, embeddings)),
                            self.temperature)
        fast = tempered(self.fast_clf.predict_log_proba(ngrams), self.temperature)
        unsure = [i for i, row in enumerate(fast) if row.max() < self.fast_threshold
                  and (worth_embedding is None or worth_embedding(texts[i]))]
        if unsure:
            full = self.clf.predict_log_proba(self._with_embeddings(ngrams[unsure], embed(unsure)))
            fast[unsure] = tempered(full, self.temperature)
        return fast

    def state(self) -> Dict[str, Any]:
        """Everything needed to rebuild the trained model (for skops)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def tempered(log_probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """Softmax of ``log_probabilities / temperature`` (1.0 leaves them as they are)."""
    logits = np.asarray(log_probabilities, dtype=np.float64) / float(temperature)
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def ranking(classes: Sequence[str], probabilities: np.ndarray,
            length: int) -> List[Dict[str, Any]]:
    """Rasa's ``intent_ranking``: best first, at most ``length`` (0 = all)."""
    order = np.argsort(-probabilities, kind="stable")
    if length > 0:
        order = order[:length]
    return [{INTENT_NAME_KEY: classes[j], PREDICTED_CONFIDENCE_KEY: float(probabilities[j])}
            for j in order]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Sets ``intent`` and ``intent_ranking`` (top 10) with calibrated probabilities."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Defaults are the tuned values (docs/nlu.md, round 7)."""
        return {
            "C": 30.0,
            # Scale of the (unit-length) E5 vector next to the two unit-length
            # TF-IDF vectors; 0 switches the embeddings off.
            "embedding_weight": 2.5,
            "raw_char_features": True,
            "min_ngram": 1,
            "max_ngram": 5,
            # Round 10: folded word 1-2-grams and spelled-out chat
            # abbreviations (docs/nlu.md, round 10).
            "word_ngrams": 2,
            "spell_out": True,
            # Skip the embedding when the n-grams alone are this sure (0 = off).
            "fast_threshold": 0.7,
            "class_weight": None,
            "temperature": 0.65,
            "max_iter": 3000,
            "random_state": 42,
            "ranking_length": 10,
            # Dense sentence features of this featurizer alias are used when
            # present (E5SentenceFeaturizer, or a LanguageModelFeaturizer given
            # that alias); otherwise bot.nlu.embeddings computes them.
            "embedding_featurizer": "e5",
        }

    @staticmethod
    def required_packages() -> List[str]:
        """scikit-learn for the model, skops to persist it."""
        return ["sklearn", "skops"]

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage,
                 resource: Resource, model: LinearIntentModel | None = None) -> None:
        """Keep config and storage; ``model`` is the trained part, if any."""
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.model = model or self._new_model()

    def _new_model(self) -> LinearIntentModel:
        c = self.config
        return LinearIntentModel(
            C=float(c["C"]), embedding_weight=float(c["embedding_weight"]),
            raw_char_features=bool(c["raw_char_features"]), min_ngram=int(c["min_ngram"]),
            max_ngram=int(c["max_ngram"]), word_ngrams=int(c["word_ngrams"]),
            spell_out=bool(c["spell_out"]), fast_threshold=float(c["fast_threshold"]),
            class_weight=c["class_weight"],
            max_iter=int(c["max_iter"]), random_state=int(c["random_state"]),
            temperature=float(c["temperature"]),
        )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        """A new, untrained classifier."""
        return cls(config, model_storage, resource)

    def _embeddings(self, messages: Sequence[Message],
                    training: bool = False) -> np.ndarray | None:
        """Each message's sentence embedding: the featurizer's, else computed here.

        Rows are L2-normalised. A featurizer skips messages without text. When the model was trained
        on a featurizer's vectors (which may come from another model, e.g.
        LaBSE via LanguageModelFeaturizer) such a message gets a zero vector;
        otherwise ``bot.nlu.embeddings`` embeds whatever has no vector.
        """
        if not self.model.embedding_weight:
            return None
        alias = self.config.get("embedding_featurizer")
        rows: List[np.ndarray | None] = [None] * len(messages)
        if alias:
            from bot.nlu.embeddings import attach_pending

            attach_pending(messages)
            for i, message in enumerate(messages):
                _, sentence = message.get_dense_features(TEXT, featurizers=[alias])
                if sentence is not None:
                    rows[i] = np.asarray(sentence.features, dtype=np.float32).reshape(-1)
        if training:
            found = any(row is not None for row in rows)
            self.model.embedding_source = "featurizer" if found else "embeddings"
        missing = [i for i, row in enumerate(rows) if row is None]
        if missing and self.model.embedding_source == "featurizer":
            dim = next((len(r) for r in rows if r is not None), None) or self._trained_dim()
            for i in missing:
                rows[i] = np.zeros(dim, dtype=np.float32)
        elif missing:
            from bot.nlu.embeddings import embed, embed_one

            texts = [messages[i].get(TEXT) or "" for i in missing]
            # one live message: through the per-message cache the junk filter's salad check shares
            vectors = [embed_one(texts[0])] if len(texts) == 1 and not training else embed(texts)
            for i, vector in zip(missing, vectors, strict=True):
                rows[i] = vector
        # Unit length, so ``embedding_weight`` means the same for any source (E5
        # vectors already are; a BERT [CLS] vector is not); zero rows stay zero.
        matrix = np.vstack(rows).astype(np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)

    def _trained_dim(self) -> int:
        """Width of the embedding block the trained model expects."""
        width = self.model.clf.coef_.shape[1]
        for vectorizer in (self.model.fold_vectorizer, self.model.word_vectorizer,
                           self.model.raw_vectorizer):
            if vectorizer is not None:
                width -= len(vectorizer.vocabulary_)
        return width

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every example that has a text and an intent, then persist."""
        examples = [e for e in training_data.intent_examples if e.get(TEXT) and e.get(INTENT)]
        if not examples:
            logger.debug("LinearIntentClassifier: no intent examples, not training")
            return self._resource
        self.model = self._new_model()
        self.model.fit([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples],
                       self._embeddings(examples, training=True))
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Set ``intent`` (best) and ``intent_ranking`` on each message."""
        if not messages:
            return messages
        if not self.model.trained:
            for message in messages:
                message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
                            add_to_output=True)
                message.set(INTENT_RANKING, [], add_to_output=True)
            return messages
        payloads = [m for m in messages if is_payload(m.get(TEXT) or "")]
        for message in payloads:  # Rasa's RegexMessageHandler sets these from the payload
            message.set(INTENT, {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
            message.set(INTENT_RANKING, [], add_to_output=True)
        skipped = {id(m) for m in payloads}
        sentences = [m for m in messages if id(m) not in skipped]
        if not sentences:
            return messages
        texts = [m.get(TEXT) or "" for m in sentences]
        probabilities = self.model.predict_proba_lazily(
            texts, lambda indices: self._embeddings([sentences[i] for i in indices]),
            worth_embedding=lambda text: not is_junk(text))  # junk falls back whatever the intent
        length = int(self.config["ranking_length"])
        for message, row in zip(sentences, probabilities, strict=True):
            ranked = ranking(self.model.classes, row, length)
            message.set(INTENT, dict(ranked[0]), add_to_output=True)
            message.set(INTENT_RANKING, ranked, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing downstream needs predicted intents on the training data."""
        return training_data

    def persist(self) -> None:
        """Save the trained model into this component's resource directory."""
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(self.model.state(), model_dir / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Load a trained model; an untrained one if nothing was persisted."""
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / MODEL_FILE
                if not path.exists():
                    raise ValueError(f"{path} missing")
                untrusted = set(sio.get_untrusted_types(file=path))
                if untrusted - TRUSTED_TYPES:
                    raise TypeError(f"{path}: refusing untrusted types "
                                    f"{sorted(untrusted - TRUSTED_TYPES)}")
                state = sio.load(path, trusted=sorted(untrusted))
        except ValueError:
            logger.debug(f"LinearIntentClassifier: no trained model in '{resource.name}'")
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, LinearIntentModel(**state))
