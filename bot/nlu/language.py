"""Sets the conversation language from metadata, an explicit request or the text.

Placed after the intent classifier so it can see ``change_language``. It
emits a ``language`` entity (which fills the domain's ``language`` slot) only
when the language is determined; neutral messages ("ok", "ORD-1001") add
nothing, so the slot keeps its current value.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import EN, VI, detect_language, fold_diacritics

CHANGE_LANGUAGE = "change_language"
FALLBACK = "nlu_fallback"
_SUPPORTED = {VI, EN}

# Target names, matched on folded lower-case text ("tiếng Anh" -> "tieng anh").
_TARGETS = [
    (EN, re.compile(r"\b(english|tieng anh|t\.?\s?anh|eng|en)\b")),
    (VI, re.compile(r"\b(vietnamese|tieng viet|t\.?\s?viet|viet|vi|vn)\b")),
]


def requested_language(text: str) -> str | None:
    """The language a change_language request names; the last one named wins.

    "I don't understand Vietnamese, speak English" names both, and the
    customer wants the one they mention last.
    """
    folded = fold_diacritics(text).lower()
    last = {
        lang: max(m.start() for m in pattern.finditer(folded))
        for lang, pattern in _TARGETS
        if pattern.search(folded)
    }
    return max(last, key=last.get) if last else None


def _classified_intent(message: Message) -> str | None:
    """The classifier's best intent, looking through an nlu_fallback."""
    for item in message.get("intent_ranking") or []:
        if item.get(INTENT_NAME_KEY) != FALLBACK:
            return item.get(INTENT_NAME_KEY)
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)


def choose_language(text: str, intent: str | None, metadata: Any) -> str | None:
    """Pure decision: explicit change request > a clearly detected language > page metadata.

    Language follows the person: a clearly English message typed on the
    Vietnamese page is answered in English. Neutral or weak messages ("ok",
    "ORD-1001", "hello") follow the page the widget is on.
    """
    if intent == CHANGE_LANGUAGE:
        target = requested_language(text)
        if target:
            return target
    detected = detect_language(text)
    if detected:
        return detected
    if isinstance(metadata, dict) and metadata.get("language") in _SUPPORTED:
        return metadata["language"]
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class LanguageDetector(GraphComponent):
    """Adds a ``language`` entity and output property when it can decide."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No options."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Build the stateless component."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Decide each message's language and record it."""
        for message in messages:
            lang = choose_language(
                message.get("text") or "",
                _classified_intent(message),
                message.get("metadata"),
            )
            if lang is None:
                continue
            entities = [
                e for e in message.get(ENTITIES, []) if e.get("entity") != "language"
            ]
            entities.append({
                "entity": "language", "value": lang, "extractor": "LanguageDetector",
                "start": 0, "end": 0, "confidence_entity": 1.0,
            })
            message.set(ENTITIES, entities, add_to_output=True)
            message.set("language", lang, add_to_output=True)
        return messages
