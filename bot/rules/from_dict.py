"""Turn an exchange-format document (already parsed JSON) into the rule models.

Tests and tools can then run the rules straight on ``example.json`` as plain
data, without a database. It is pure (no file access) and strict: an unknown
key or a value of the wrong shape raises ``ValueError`` naming its JSON path,
matching the format's "reject, never drop silently" rule. Conversion is driven
by the models' own type hints, so it cannot drift from them.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Mapping, Tuple

from dateutil.parser import isoparse

from . import models
from .models import Customer, Order, PartnerPurchase, RefundRequest, Subscription


@dataclass(frozen=True)
class Dataset:
    customers: Tuple[Customer, ...] = ()
    orders: Tuple[Order, ...] = ()
    partner_purchases: Tuple[PartnerPurchase, ...] = ()
    subscriptions: Tuple[Subscription, ...] = ()
    refund_requests: Tuple[RefundRequest, ...] = ()

    def customer(self, customer_id: str) -> Customer:
        return _by_id(self.customers, customer_id)

    def order(self, order_id: str) -> Order:
        return _by_id(self.orders, order_id)

    def partner_purchase(self, purchase_id: str) -> PartnerPurchase:
        return _by_id(self.partner_purchases, purchase_id)

    def subscription(self, subscription_id: str) -> Subscription:
        return _by_id(self.subscriptions, subscription_id)

    def subscriptions_of(self, customer_id: str) -> Tuple[Subscription, ...]:
        return tuple(s for s in self.subscriptions if s.customer_id == customer_id)


_Row = typing.TypeVar("_Row", Customer, Order, PartnerPurchase, Subscription)


def _by_id(rows: Tuple[_Row, ...], wanted: str) -> _Row:
    for row in rows:
        if row.id == wanted:
            return row
    raise KeyError(wanted)


def _scalar(kind: Any, value: Any, path: str) -> Any:
    try:
        if kind is date:
            return date.fromisoformat(value)
        if kind is datetime:
            parsed = isoparse(value)
            if parsed.tzinfo is None:
                raise ValueError("instant without a zone")
            return parsed
        if kind is Decimal:
            if not isinstance(value, str):
                raise ValueError("money must be a decimal string")
            return Decimal(value)
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise ValueError(f"{path}: {exc}") from None
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            raise ValueError(f"{path}: {value!r} is not one of {allowed}") from None
    if kind in (str, int, bool) and type(value) is not kind:
        raise ValueError(f"{path}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _convert(kind: Any, value: Any, path: str) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):  # Optional[X] or X | None
        if value is None:
            return None
        return _convert(next(a for a in args if a is not type(None)), value, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise ValueError(f"{path}: expected a list")
        return tuple(_convert(args[0], v, f"{path}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(kind):
        return model_from_dict(kind, value, path)
    return _scalar(kind, value, path)


def model_from_dict(cls: type, data: Mapping[str, Any], path: str = "$") -> Any:
    """Build one model dataclass from a JSON object, strictly."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{path}: expected an object")
    hints = typing.get_type_hints(cls, vars(models))
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"{path}.{unknown[0]}: unknown key")
    missing = [f.name for f in dataclasses.fields(cls) if f.name not in data
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise ValueError(f"{path}.{missing[0]}: missing")
    return cls(**{k: _convert(hints[k], v, f"{path}.{k}") for k, v in data.items()})


def dataset_from_dict(doc: Mapping[str, Any]) -> Dataset:
    """Convert a whole exchange-format document."""
    return typing.cast(Dataset, model_from_dict(Dataset, doc))
