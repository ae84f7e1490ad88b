"""Validation of an order-data document before anything is written.

Two layers, both reporting a JSON path:
1. ``format.schema.json`` (written from FORMAT.md): shapes, required and unknown keys,
   enums, patterns, and the custom formats ``date``/``instant``/``money``/``count``
   checked here (a pattern cannot tell that 2026-02-30 is not a date).
2. Cross-record checks JSON Schema cannot express: unique ids per collection,
   references to customers, refund subjects owned by the refunding customer, and text a
   database can store (no NUL, no unpaired surrogates).

All problems are collected and the one that comes first in *document* order is raised,
so the message is stable and points at the first bad value a human would reach.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence, Tuple, Union

from dateutil.parser import isoparse
from jsonschema import Draft202012Validator, FormatChecker

from bot.rules.models import RefundKind

PathT = Tuple[Union[str, int], ...]
SCHEMA_PATH = Path(__file__).with_name("format.schema.json")

MSG_DATE = "not an ISO date"
MSG_INSTANT = "not an ISO 8601 instant"
MSG_MONEY = "not a decimal string"
MSG_COUNT = "not an integer"


class DataFormatError(ValueError):
    """A document does not fit the format; ``str()`` is ``"<json path>: <problem>"``."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def validate_document(doc: Any) -> None:
    """Raise ``DataFormatError`` for the first bad value in document order, else return."""
    problems = list(_schema_problems(doc)) + list(_semantic_problems(doc))
    if problems:
        path, _, message = min(problems, key=lambda p: (_order_key(doc, p[0]), p[1]))
        raise DataFormatError(format_path(path), message)


def format_path(path: Sequence[Union[str, int]]) -> str:
    """``("orders", 3, "items", 0, "charged_at")`` -> ``orders[3].items[0].charged_at``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step):
            out += f".{step}" if out else step
        else:
            out += f"[{json.dumps(step, ensure_ascii=False)}]"
    return out or "$"


# --- parsing helpers shared with the loader -------------------------------------------


def parse_date(text: str) -> date:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(MSG_DATE)
    return date.fromisoformat(text)


def parse_instant(text: str) -> Tuple[datetime, str]:
    """An aware datetime and the zone designator as written (``"Z"`` or ``"+07:00"``)."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})", text):
        raise ValueError(MSG_INSTANT)
    if text[11:13] == "24":  # ISO's 24:00 is the next day's 00:00: not written back as given
        raise ValueError(MSG_INSTANT)
    value = isoparse(text)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(MSG_INSTANT)
    value.astimezone(timezone.utc)  # raises OverflowError near year 1 / 9999
    zone = "Z" if text.endswith("Z") else text[-6:]
    return value, zone


def parse_money(text: str) -> Decimal:
    if not re.fullmatch(r"[0-9]{1,10}(\.[0-9]{1,2})?", text):
        raise ValueError(MSG_MONEY)
    return Decimal(text)


# --- layer 1: JSON Schema -------------------------------------------------------------


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date", raises=(ValueError,))
    def _date(value: Any) -> bool:
        return not isinstance(value, str) or bool(parse_date(value))

    @checker.checks("instant", raises=(ValueError, OverflowError))
    def _instant(value: Any) -> bool:
        return not isinstance(value, str) or bool(parse_instant(value))

    @checker.checks("money", raises=(ValueError, InvalidOperation))
    def _money(value: Any) -> bool:
        return not isinstance(value, str) or parse_money(value) is not None

    @checker.checks("count")
    def _count(value: Any) -> bool:
        # JSON Schema counts 2.0 as an integer; a quantity must be written as 2.
        return not isinstance(value, float)

    return checker


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_format_checker())


_FORMAT_MESSAGES = {"date": MSG_DATE, "instant": MSG_INSTANT, "money": MSG_MONEY, "count": MSG_COUNT}
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
               float: "number", type(None): "null"}


def _schema_problems(doc: Any) -> Iterator[Tuple[PathT, int, str]]:
    """(path, priority, message); lower priority wins when two problems share a path."""
    for error in _validator().iter_errors(doc):
        path: PathT = tuple(error.absolute_path)
        kind = error.validator
        if kind == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    yield path + (key,), 1, "unknown key"
        elif kind == "required":
            missing = re.match(r"'(.*)' is a required property", error.message)
            key = missing.group(1) if missing else "?"
            yield path + (key,), 1, "required key is missing"
        elif kind == "format":
            yield path, 0, _FORMAT_MESSAGES.get(error.validator_value, "invalid value")
        elif kind == "pattern":
            yield path, 1, error.schema.get("x-error", "does not match the expected pattern")
        elif kind == "type":
            expected = error.validator_value
            expected = " or ".join(expected) if isinstance(expected, list) else expected
            got = _JSON_TYPES.get(type(error.instance), "value")
            yield path, 2, f"expected {expected}, got {got}"
        elif kind == "enum":
            yield path, 1, "must be one of " + ", ".join(json.dumps(v) for v in error.validator_value)
        else:  # minLength, maxLength, minimum, maximum, minItems, ...
            yield path, 3, f"{kind} {error.validator_value!r} not met"


# --- layer 2: cross-record checks -----------------------------------------------------


def _records(doc: Any, key: str) -> Iterator[Tuple[int, Dict[str, Any]]]:
    items = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield index, item


def _str(record: Dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) else None


def _semantic_problems(doc: Any) -> Iterator[Tuple[PathT, int, str]]:
    yield from _unstorable_text(doc, ())
    yield from _duplicate_ids(doc)
    customers = {_str(c, "id") for _, c in _records(doc, "customers")}
    for collection in ("orders", "partner_purchases", "subscriptions", "refund_requests"):
        for index, record in _records(doc, collection):
            customer_id = _str(record, "customer_id")
            if customer_id is not None and customer_id not in customers:
                yield (collection, index, "customer_id"), 0, "unknown customer"
    yield from _refund_subjects(doc)


def _unstorable_text(value: Any, path: PathT) -> Iterator[Tuple[PathT, int, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(key, str) and not _storable(key):
                yield path + (key,), 0, "key contains a NUL or unpaired surrogate character"
            yield from _unstorable_text(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _unstorable_text(child, path + (index,))
    elif isinstance(value, str) and not _storable(value):
        yield path, 0, "contains a NUL or unpaired surrogate character"


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _duplicate_ids(doc: Any) -> Iterator[Tuple[PathT, int, str]]:
    def nested(parent_key: str, child_key: str) -> Iterator[Tuple[PathT, Dict[str, Any]]]:
        for index, parent in _records(doc, parent_key):
            children = parent.get(child_key)
            if isinstance(children, list):
                for child_index, child in enumerate(children):
                    if isinstance(child, dict):
                        yield (parent_key, index, child_key, child_index), child

    groups: List[List[Tuple[PathT, Dict[str, Any]]]] = [
        [((key, i), r) for i, r in _records(doc, key)]
        for key in ("customers", "orders", "partner_purchases", "subscriptions", "refund_requests")
    ]
    groups += [list(nested("orders", "items")), list(nested("subscriptions", "charges"))]
    for group in groups:
        seen = set()
        for path, record in group:
            record_id = _str(record, "id")
            if record_id is None:
                continue
            if record_id in seen:
                yield path + ("id",), 0, f"duplicate id {json.dumps(record_id, ensure_ascii=False)}"
            seen.add(record_id)


def _refund_subjects(doc: Any) -> Iterator[Tuple[PathT, int, str]]:
    purchases = {(_str(p, "customer_id"), _str(p, "id")) for _, p in _records(doc, "partner_purchases")}
    items = set()
    for _, order in _records(doc, "orders"):
        for item in order.get("items") or []:
            if isinstance(item, dict) and isinstance(order.get("items"), list):
                items.add((_str(order, "customer_id"), _str(item, "id")))
    for index, refund in _records(doc, "refund_requests"):
        key = (_str(refund, "customer_id"), _str(refund, "subject_id"))
        kind = refund.get("kind")
        if key[1] is None or kind not in {k.value for k in RefundKind}:
            continue
        owned = key in (items if kind == RefundKind.STORE_ITEM else purchases)
        if not owned:
            what = "order item" if kind == RefundKind.STORE_ITEM else "partner purchase"
            yield ("refund_requests", index, "subject_id"), 0, f"no such {what} of this customer"


# --- document order -------------------------------------------------------------------


def _order_key(doc: Any, path: PathT) -> Tuple[int, ...]:
    """Position of ``path`` in the document: list index or the key's place in its object
    (a missing key sorts at the end of its object)."""
    key: List[int] = []
    node = doc
    for step in path:
        if isinstance(node, list) and isinstance(step, int):
            key.append(step)
            node = node[step] if 0 <= step < len(node) else None
        elif isinstance(node, dict):
            keys = list(node)
            key.append(keys.index(step) if step in node else len(keys))
            node = node.get(step)
        else:
            key.append(0)
            node = None
    return tuple(key)
