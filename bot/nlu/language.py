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


# A language named right after one of these is the one asked for ("reply in English",
# "nói tiếng Việt đi", "chuyển sang tiếng Anh"); folded text.
_ASK_CUE = re.compile(r"\b(?:in|into|to|speak|speaking|reply|answer|respond|write|use|switch|bang|sang|noi|dung"
                      r"|tra loi|chuyen|doi)\s+(?:the\s+|in\s+)?$")
# Named with one of these before or after it, it is the language the customer struggles with
# ("my Vietnamese isn't great", "I don't understand Vietnamese", "tiếng Anh mình kém").
_NOT_BEFORE = re.compile(r"\b(?:dont|don't|do not|not|cant|can't|cannot|khong|ko|k|chang|kem)\b[\w' ]{0,20}$")
_NOT_AFTER = re.compile(r"^[\w' ]{0,25}\b(?:isnt|isn't|is not|not|bad|poor|rusty|weak|terrible|limited"
                        r"|kem|khong gioi|ko gioi|k gioi|khong ranh|te|do)\b")


def requested_language(text: str) -> str | None:
    """The language a change_language request asks for.

    A language named after an asking word ("reply in English") wins; one the
    customer says they struggle with ("my Vietnamese isn't great", "I don't
    understand Vietnamese") is the one they do not want, and naming only that
    one asks for the other. Otherwise the last one named wins.
    """
    folded = fold_diacritics(text).lower()
    scores: Dict[str, tuple[int, int]] = {}
    for lang, pattern in _TARGETS:
        for m in pattern.finditer(folded):
            before, after = folded[:m.start()], folded[m.end():]
            if _NOT_BEFORE.search(before) or _NOT_AFTER.search(after):
                score = -1
            else:
                score = 1 if _ASK_CUE.search(before) else 0
            scores[lang] = max(scores.get(lang, (-2, 0)), (score, m.start()))
    if not scores:
        return None
    best = max(scores, key=scores.get)
    if scores[best][0] < 0:
        return EN if best == VI else VI  # "I don't understand Vietnamese": the other one
    return best


def _classified_intent(message: Message) -> str | None:
    """The classifier's best intent, looking through an nlu_fallback."""
    for item in message.get("intent_ranking") or []:
        if item.get(INTENT_NAME_KEY) != FALLBACK:
            return item.get(INTENT_NAME_KEY)
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY)


def choose_language(text: str, intent: str | None, metadata: Any = None) -> str | None:
    """Pure decision: an explicit change request > a clearly detected language; else None.

    Language follows the person: a clearly English message typed on the
    Vietnamese page is answered in English. Neutral or weak messages ("ok",
    "ORD-1001", "ha?") set nothing, so the conversation keeps the language it
    has (issue 5: "a short or neutral message keeps the current language");
    the page's language (:func:`page_language`) decides only before the
    conversation has one. ``metadata`` is accepted for callers that pass it.
    """
    if intent == CHANGE_LANGUAGE:
        target = requested_language(text)
        if target:
            return target
    return detect_language(text)


def page_language(metadata: Any) -> str | None:
    """The language of the page the message was typed on (REST metadata ``language``)."""
    if isinstance(metadata, dict) and metadata.get("language") in _SUPPORTED:
        return metadata["language"]
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class LanguageDetector(GraphComponent):
    """Adds a ``language`` entity and output property when the text decides, else the
    page's language as ``page_language`` (a default, never a switch)."""

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
                page = page_language(message.get("metadata"))
                if page:  # used only while the conversation has no language yet (actions.common.language)
                    message.set("page_language", page, add_to_output=True)
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
