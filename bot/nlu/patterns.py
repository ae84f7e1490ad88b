"""Rule-based extraction of regularly shaped values, in canonical form.

Order ids, emails, Store item ids and partner purchase ids have fixed shapes,
so rules beat a learned extractor: they never miss a new id and never invent
one. Values are canonicalised here ("ord1001", "đơn 1001" -> "ORD-1001") so
forms and actions only ever see the database spelling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


@dataclass(frozen=True)
class Match:
    """One extracted value with its character span in the original text."""

    entity: str
    value: str
    start: int
    end: int


def _digits(prefix: str) -> Callable[[re.Match], str]:
    return lambda m: f"{prefix}-{m.group('num')}"


# Order: more specific shapes first; overlapping later matches are dropped.
_ORDER_WORDS = (r"(?:(?:mã|ma|số|so)\s+(?:đơn\s+hàng|don\s+hang|đơn|don)|đơn\s+hàng|don\s+hang|đơn|don|"
                r"order(?:\s+(?:number|num|no\.?|id|code))?)")
# "order number is 1001", "mã đơn là 1002", "đơn hàng số: 1001", "order #1001"
_ORDER_LINK = r"(?:\s*(?:is|là|la|số|so|no\.|no|#|:|=|của\s+mình\s+là|cua\s+minh\s+la))*\s*"
_RULES: list[tuple[str, re.Pattern, Callable[[re.Match], str]]] = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE),
     lambda m: m.group(0).rstrip(".").lower()),
    ("order_id", re.compile(r"\bORD[-_ ]?(?P<num>\d{3,8})\b", re.IGNORECASE),
     _digits("ORD")),
    # "đơn 1001", "order #1001": a bare number only counts right after an
    # order word, and only with 4+ digits so "đơn 2 món" is not an id.
    ("order_id", re.compile(r"\b" + _ORDER_WORDS + _ORDER_LINK + r"(?P<num>\d{4,8})\b", re.IGNORECASE),
     _digits("ORD")),
    ("item_id", re.compile(r"\bITM[-_ ]?(?P<num>\d{1,8})\b", re.IGNORECASE),
     _digits("ITM")),
    ("purchase_id", re.compile(r"\bPPB[-_ ]?(?P<num>\d{1,8})\b", re.IGNORECASE),
     _digits("PPB")),
]


def extract_patterns(text: str) -> List[Match]:
    """All non-overlapping rule matches in ``text``, in reading order."""
    found: list[Match] = []
    for entity, pattern, canonical in _RULES:
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            if any(span[0] < f.end and f.start < span[1] for f in found):
                continue
            found.append(Match(entity, canonical(m), span[0], span[1]))
    return sorted(found, key=lambda f: f.start)


def canonical_order_id(value: str) -> str:
    """Canonical "ORD-<digits>" for any accepted spelling, else the input stripped."""
    matches = [m for m in extract_patterns(value) if m.entity == "order_id"]
    if matches:
        return matches[0].value
    digits = value.strip()
    return f"ORD-{digits}" if digits.isdigit() and 4 <= len(digits) <= 8 else value.strip()


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class PatternEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds order_id/email/item_id/purchase_id entities, canonicalised.

    Any order_id another extractor (e.g. DIET) produced is canonicalised
    too, and duplicates of a rule match are dropped so slots get one value.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No options: the shapes are part of the data contract."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PatternEntityExtractor:
        """Build the stateless component."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Attach rule matches to each message's entities."""
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get("text") or ""
        matches = extract_patterns(text)
        keys = {m.entity for m in matches}
        kept = []
        for ent in message.get(ENTITIES, []):
            if ent.get("entity") in keys or _overlaps(ent, matches):
                continue  # the rule value wins over a learned guess on the same span
            if ent.get("entity") == "order_id":
                ent["value"] = canonical_order_id(str(ent.get("value", "")))
            kept.append(ent)
        new = [
            {"entity": m.entity, "value": m.value, "start": m.start, "end": m.end,
             "confidence_entity": 1.0}
            for m in matches
        ]
        message.set(ENTITIES, kept + self.add_extractor_name(new),
                    add_to_output=True)


def _overlaps(entity: dict[str, Any], matches: list[Match]) -> bool:
    """True if a learned entity's span overlaps any rule match ("đơn 1002" is no date)."""
    start, end = entity.get("start"), entity.get("end")
    if start is None or end is None:
        return False
    return any(start < m.end and m.start < end for m in matches)
