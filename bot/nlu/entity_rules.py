"""Rule-based extraction of products, dates, amounts and item positions (spaCy).

Customers name what they mean in free text: "hủy bàn phím Surface đặt hôm 5",
"bị trừ 2tr tháng này", "the second one". These values are not regularly shaped
like ids (``bot.nlu.patterns``) but they are a closed vocabulary plus a few
shapes, so rules over a ``spacy.blank`` tokenizer do the job of a learned
extractor without training a network (docs/nlu.md, round 9, compares both):

* ``product``: a spaCy ``EntityRuler`` phrase pattern per product and benefit
  name. The names are not listed here: they are read from the training data
  (every ``product`` annotation and any ``product`` lookup table), so adding a
  product is a data change. A name followed by a model number or edition word
  ("Surface Laptop" + "5", "Game Pass" + "Ultimate") is extended over it.
* ``date``: token patterns for Vietnamese and English day, month and relative
  expressions ("ngày 5 tháng 3", "hôm qua", "31/1", "March 5", "last month").
* ``amount``: money with its unit ("99k", "2tr", "1.490.000đ", "$69.99").
* ``position``: an item's place in a list ("cái thứ 2", "the second one"),
  with the number as the value.

Matching runs on diacritic-folded lower-case text, so "huy ban phim" and
"hủy bàn phím" match the same patterns; folding keeps every character's
position, so spans and values come from the original text.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Sequence

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import fold_diacritics
from bot.nlu.stored_list import read_list, write_list

PRODUCT, DATE, AMOUNT, POSITION = "product", "date", "amount", "position"

# Words that extend a product name when they follow it ("Surface Pro" + "9").
_EDITION_WORDS = ["pro", "plus", "ultimate", "family", "personal", "business", "basic", "standard",
                  "premium", "elite", "series", "studio", "go", "x", "s", "core", "max", "mini",
                  "edition", "essentials", "home", "student", "laptop", "2", "3", "4", "5", "6", "7",
                  "8", "9", "10", "11", "12"]
_NUMBER = r"^\d+$"
_DAY = r"^(0?[1-9]|[12]\d|3[01])$"
_MONTH_NUMBER = r"^(0?[1-9]|1[0-2])$"
_ORDINAL_DAY = r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)$"
_SLASH_DATE = r"^(0?[1-9]|[12]\d|3[01])[/-](0?[1-9]|1[0-2])([/-](\d{2}|\d{4}))?$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_EN_MONTHS = ["january", "february", "march", "april", "june", "july", "august", "september",
              "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
              "sep", "sept", "oct", "nov", "dec"]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONEY_WORD = r"^\d+([.,]\d+)*(k|tr|trieu|d|vnd|usd|\$|eur|€)$"
_MONEY_NUMBER = r"^\d+([.,]\d+)*$"
_MONEY_UNITS = ["k", "tr", "trieu", "nghin", "ngan", "dong", "d", "vnd", "usd", "$", "eur", "euro",
                "euros", "dollar", "dollars", "do", "bucks", "cu", "xu"]
_CURRENCY_PREFIX = ["$", "€", "usd", "vnd", "eur", "us$"]
_EN_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                "4th": 4, "fifth": 5, "5th": 5}
_VI_ORDINALS = {"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def _date_patterns() -> List[List[Dict[str, Any]]]:
    """Token patterns (folded lower text) for date expressions in both languages."""
    day = {"TEXT": {"REGEX": _DAY}}
    month_no = {"TEXT": {"REGEX": _MONTH_NUMBER}}
    slash = {"TEXT": {"REGEX": _SLASH_DATE}}
    year = {"TEXT": {"REGEX": r"^\d{4}$"}}
    en_month = {"LOWER": {"IN": _EN_MONTHS}}
    month_words = {"LOWER": {"IN": ["nay", "truoc", "roi", "sau", "toi"]}}
    year_words = [{"LOWER": "nam"}, {"LOWER": {"IN": ["ngoai", "nay", "truoc", "roi"]}}]
    vi_day_words = {"LOWER": {"IN": ["ngay", "hom", "mung", "mong"]}}
    patterns: List[List[Dict[str, Any]]] = [
        [{"LOWER": "thang"}, month_no],
        [{"LOWER": "thang"}, month_no, *year_words],
        [{"LOWER": "thang"}, month_no, {"LOWER": "nam"}, year],
        [{"LOWER": "thang"}, month_no, {"TEXT": "/"}, year],
        [{"LOWER": "thang"}, month_words],
        [{"LOWER": {"IN": ["dau", "giua", "cuoi"]}}, {"LOWER": "thang"}],
        [{"LOWER": {"IN": ["dau", "giua", "cuoi"]}}, {"LOWER": "thang"}, month_no],
        [{"LOWER": {"IN": ["dau", "giua", "cuoi"]}}, {"LOWER": "thang"}, month_words],
        [vi_day_words, day],
        [vi_day_words, slash],
        [slash],
        [{"TEXT": {"REGEX": _ISO_DATE}}],
        [year, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d{2}$"}}, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^\d{2}$"}}],
        [vi_day_words, day, {"LOWER": "thang"}, month_no],
        [vi_day_words, day, {"LOWER": "thang"}, month_no, {"LOWER": "nam"}, year],
        [vi_day_words, day, {"LOWER": "thang"}, month_words],
        [{"LOWER": "hom"}, {"LOWER": {"IN": ["qua", "kia", "nay", "truoc"]}}],
        [{"LOWER": {"IN": ["sang", "chieu", "toi", "dem"]}}, {"LOWER": {"IN": ["nay", "qua"]}}],
        [{"LOWER": "tuan"}, {"LOWER": {"IN": ["truoc", "roi", "nay"]}}],
        [{"LOWER": {"IN": ["yesterday", "today"]}}],
        [{"LOWER": {"IN": ["last", "this", "next"]}}, {"LOWER": {"IN": ["month", "week", "year", *_WEEKDAYS]}}],
        [{"LOWER": {"IN": ["early", "mid", "late", "end", "beginning", "start"]}}, {"LOWER": "of", "OP": "?"},
         {"LOWER": {"IN": [*_EN_MONTHS, "may"]}}],
        [{"LOWER": {"IN": ["early", "mid", "late"]}}, {"LOWER": {"IN": ["last", "this"]}}, {"LOWER": "month"}],
        [{"TEXT": {"REGEX": _NUMBER}}, {"LOWER": {"IN": ["days", "weeks", "months", "day", "week", "month"]}},
         {"LOWER": "ago"}],
        [{"LOWER": {"IN": ["a", "two", "three", "few"]}}, {"LOWER": {"IN": ["days", "weeks", "day", "week"]}},
         {"LOWER": "ago"}],
        [en_month],
        [en_month, {"TEXT": {"REGEX": _DAY + "|" + _ORDINAL_DAY}}],
        [en_month, {"TEXT": {"REGEX": _DAY + "|" + _ORDINAL_DAY}}, {"TEXT": ","}, year],
        [en_month, {"TEXT": {"REGEX": _DAY + "|" + _ORDINAL_DAY}}, year],
        [{"LOWER": "may"}, {"TEXT": {"REGEX": _DAY + "|" + _ORDINAL_DAY}}],
        [{"TEXT": {"REGEX": _DAY + "|" + _ORDINAL_DAY}}, {"LOWER": "of", "OP": "?"},
         {"LOWER": {"IN": [*_EN_MONTHS, "may"]}}],
        [{"LOWER": "the"}, {"TEXT": {"REGEX": _ORDINAL_DAY}}],
        [{"TEXT": {"REGEX": _ORDINAL_DAY}}],
    ]
    return patterns


def _amount_patterns() -> List[List[Dict[str, Any]]]:
    number = {"TEXT": {"REGEX": _MONEY_NUMBER}}
    return [
        [{"LOWER": {"REGEX": _MONEY_WORD}}],
        [number, {"LOWER": {"IN": _MONEY_UNITS}}],
        [number, {"LOWER": {"IN": ["trieu", "tr"]}}, {"TEXT": {"REGEX": _NUMBER}}],
        [number, {"LOWER": {"IN": ["nghin", "ngan", "trieu"]}}, {"LOWER": {"IN": ["dong", "d", "vnd"]}}],
        [{"LOWER": {"IN": _CURRENCY_PREFIX}}, number],
        [{"LOWER": {"IN": _CURRENCY_PREFIX}}, {"LOWER": {"REGEX": _MONEY_WORD}}],
    ]


def _position_patterns() -> List[List[Dict[str, Any]]]:
    vi_thing = {"LOWER": {"IN": ["cai", "mon", "san", "item", "muc", "dong", "so"]}}
    return [
        [vi_thing, {"LOWER": "pham", "OP": "?"}, {"LOWER": "thu"}, {"LOWER": {"IN": list(_VI_ORDINALS)}}],
        [{"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": [*_EN_ORDINALS, "last"]}},
         {"LOWER": {"IN": ["one", "item", "product", "thing", "line"]}}],
        [{"LOWER": {"IN": ["item", "number", "no", "no."]}}, {"TEXT": {"REGEX": r"^[1-9]$"}}],
    ]


def fold(text: str) -> str:
    """Folded lower-case text with one character per original character."""
    text = unicodedata.normalize("NFC", text or "")
    folded = fold_diacritics(text).lower()
    if len(folded) == len(text):
        return folded
    return "".join((fold_diacritics(ch).lower() or ch)[:1] or ch for ch in text)


@dataclass(frozen=True)
class Found:
    """One entity with its span in the original text."""

    entity: str
    value: str
    start: int
    end: int


class EntityRules:
    """The spaCy pipeline: a blank tokenizer and one ``EntityRuler``."""

    def __init__(self, products: Iterable[str]) -> None:
        import spacy

        self.products = sorted({_clean(p) for p in products if _clean(p)})
        self.nlp = spacy.blank("en")
        ruler = self.nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        patterns: List[Dict[str, Any]] = [{"label": PRODUCT, "pattern": fold(p)} for p in self.products]
        patterns += [{"label": DATE, "pattern": p} for p in _date_patterns()]
        patterns += [{"label": AMOUNT, "pattern": p} for p in _amount_patterns()]
        patterns += [{"label": POSITION, "pattern": p} for p in _position_patterns()]
        ruler.add_patterns(patterns)

    def find(self, text: str) -> List[Found]:
        """Entities in ``text`` (original spelling), longest match first, no overlaps."""
        text = unicodedata.normalize("NFC", text or "")
        doc = self.nlp(fold(text))
        found = []
        for ent in doc.ents:
            end_token = ent.end
            if ent.label_ == PRODUCT:
                end_token = _extend_product(doc, ent.end)
            start, end = ent.start_char, doc[end_token - 1].idx + len(doc[end_token - 1])
            span = text[start:end]
            value = str(_position_value(ent.text)) if ent.label_ == POSITION else span
            found.append(Found(ent.label_, value, start, end))
        return _without_overlaps(found)


def _clean(name: str) -> str:
    return " ".join(str(name).split())


def _extend_product(doc: Any, end: int) -> int:
    """Extend a product match over up to three model-number or edition tokens."""
    limit = min(len(doc), end + 3)
    while end < limit and (doc[end].lower_ in _EDITION_WORDS or re.fullmatch(r"\d{1,4}", doc[end].text)) \
            and not (doc[end].ent_type_ and doc[end].ent_type_ != PRODUCT):
        end += 1
    return end


def _position_value(folded_span: str) -> int:
    for word in reversed(folded_span.split()):
        if word in _VI_ORDINALS:
            return _VI_ORDINALS[word]
        if word in _EN_ORDINALS:
            return _EN_ORDINALS[word]
        if word == "last":
            return -1
        if word.isdigit():
            return int(word)
    return 0


def _without_overlaps(found: Sequence[Found]) -> List[Found]:
    kept: List[Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


@functools.lru_cache(maxsize=8)
def rules_for(products: tuple) -> EntityRules:
    """One spaCy pipeline per product list and process (building it takes ~0.1 s)."""
    return EntityRules(products)


# --- the Rasa component ------------------------------------------------------------

PRODUCTS_FILE = "products.json"


def training_products(training_data: TrainingData) -> List[str]:
    """Every annotated ``product`` value and every ``product`` lookup-table entry."""
    names = {str(ent.get("value") or "") for ex in training_data.entity_examples
             for ent in ex.get(ENTITIES, []) if ent.get("entity") == PRODUCT}
    names |= {str(ex.get("text") or "")[ent["start"]:ent["end"]] for ex in training_data.entity_examples
              for ent in ex.get(ENTITIES, []) if ent.get("entity") == PRODUCT and "start" in ent}
    for table in training_data.lookup_tables:
        if table.get("name") == PRODUCT:
            names |= {str(e) for e in table.get("elements", [])}
    return sorted({_clean(n) for n in names if _clean(n)})


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class RuleEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds ``product``, ``date``, ``amount`` and ``position`` entities by rule."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No options: the vocabulary comes from the training data."""
        return {}

    @staticmethod
    def required_packages() -> List[str]:
        """spaCy for the tokenizer and the EntityRuler."""
        return ["spacy"]

    def __init__(self, model_storage: ModelStorage, resource: Resource,
                 products: Sequence[str] = ()) -> None:
        """Keep storage; ``products`` are the names learned from the training data."""
        self._model_storage, self._resource = model_storage, resource
        self.products = tuple(products)

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> RuleEntityExtractor:
        """An untrained extractor (dates, amounts and positions work already)."""
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> RuleEntityExtractor:
        """Read the product names written by :meth:`train`."""
        return cls(model_storage, resource, read_list(model_storage, resource, PRODUCTS_FILE))

    def train(self, training_data: TrainingData) -> Resource:
        """Collect the product names and persist them."""
        self.products = tuple(training_products(training_data))
        write_list(self._model_storage, self._resource, PRODUCTS_FILE, self.products)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples keep their own annotations."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Attach rule matches that no earlier extractor covered."""
        rules = rules_for(self.products)
        for message in messages:
            text = message.get("text") or ""
            if not text or text.startswith("/"):
                continue  # button payloads carry their own entities
            existing = message.get(ENTITIES, [])
            taken = [(e.get("start"), e.get("end")) for e in existing if e.get("start") is not None]
            new = [{"entity": f.entity, "value": f.value, "start": f.start, "end": f.end,
                    "confidence_entity": 1.0}
                   for f in rules.find(text)
                   if all(f.end <= s or e <= f.start for s, e in taken)]
            if new:
                message.set(ENTITIES, existing + self.add_extractor_name(new), add_to_output=True)
        return messages
