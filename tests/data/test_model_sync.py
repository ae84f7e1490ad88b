"""One data model: the JSON Schema, the tables and the rule dataclasses agree field by field.

``bot/rules/models.py`` is the definition. Adding a field there without adding it to
``bot/data/format.schema.json`` and ``bot/data/schema.py`` (or the other way round)
fails here, naming the field; conversions in both directions are covered by
``test_roundtrip.py``. A closed set of values is a ``str`` enum in the models and an
``enum`` list in the schema: the two lists must be equal.
"""
from __future__ import annotations

import dataclasses
import json
import typing
from datetime import datetime
from enum import Enum
from pathlib import Path

import pytest

from bot.data import schema as tables
from bot.rules import models

SCHEMA = json.loads((Path(tables.__file__).parent / "format.schema.json").read_text(encoding="utf-8"))
SHAPES = {
    "customer": (models.Customer, tables.CustomerRow),
    "order": (models.Order, tables.OrderRow),
    "order_item": (models.OrderItem, tables.OrderItemRow),
    "partner_purchase": (models.PartnerPurchase, tables.PartnerPurchaseRow),
    "subscription": (models.Subscription, tables.SubscriptionRow),
    "charge": (models.Charge, tables.ChargeRow),
    "refund_request": (models.RefundRequest, tables.RefundRequestRow),
}
# Columns that are storage only: insertion order, the parent's key, and the zone an
# instant was recorded in (the dataclass holds an aware datetime instead).
PARENT_KEYS = {"order_item": {"order_id"}, "charge": {"subscription_id"}}


def _hints(cls: type) -> dict:
    return typing.get_type_hints(cls)


def _nested(cls: type) -> set[str]:
    """Fields holding child records (tuples of dataclasses): a table of their own."""
    return {name for name, hint in _hints(cls).items()
            if typing.get_origin(hint) is tuple and dataclasses.is_dataclass(typing.get_args(hint)[0])}


def _instants(cls: type) -> set[str]:
    return {name for name, hint in _hints(cls).items() if datetime in (hint, *typing.get_args(hint))}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_schema_and_dataclass_have_the_same_fields(shape):
    model, _ = SHAPES[shape]
    in_schema = set(SCHEMA["$defs"][shape]["properties"])
    in_model = {f.name for f in dataclasses.fields(model)}
    assert in_schema - in_model == set(), f"{shape}: in the schema only"
    assert in_model - in_schema == set(), f"{shape}: in bot/rules/models.py only"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_table_and_dataclass_have_the_same_fields(shape):
    model, row = SHAPES[shape]
    columns = {c.name for c in row.__table__.columns}
    expected = ({f.name for f in dataclasses.fields(model)} - _nested(model)) | {"seq"} \
        | PARENT_KEYS.get(shape, set()) | {f"{name}_zone" for name in _instants(model)}
    assert columns - expected == set(), f"{shape}: in the table only"
    assert expected - columns == set(), f"{shape}: missing from the table"


def _enum_fields():
    for shape, (model, _) in sorted(SHAPES.items()):
        for name, hint in _hints(model).items():
            if isinstance(hint, type) and issubclass(hint, Enum):
                yield shape, name, hint


@pytest.mark.parametrize("shape,field,enum", list(_enum_fields()))
def test_schema_enums_are_the_model_enums(shape, field, enum):
    assert SCHEMA["$defs"][shape]["properties"][field]["enum"] == [m.value for m in enum]


def test_every_schema_enum_is_a_model_enum():
    """A closed set of values in the schema must not be a plain ``str`` in the models
    (preferred_language is the one exception: languages are ``bot.i18n``'s)."""
    typed = {(shape, field) for shape, field, _ in _enum_fields()}
    in_schema = {(shape, field) for shape in SHAPES
                 for field, spec in SCHEMA["$defs"][shape]["properties"].items() if "enum" in spec}
    assert in_schema - typed == {("customer", "preferred_language")}


def test_a_str_enum_is_its_data_value():
    assert models.RefundKind.STORE_ITEM == "store_item"
    assert json.dumps({"kind": models.RefundKind.STORE_ITEM}) == '{"kind": "store_item"}'
    assert f"{models.RefundStatus.REJECTED.value}" == "rejected"


def test_fixture_values_become_enums_and_bad_ones_name_the_field():
    from bot.rules.from_dict import model_from_dict

    charge = {"id": "CHG-1", "billed_on": "2026-11-01", "service_from": "2026-11-01",
              "service_to": "2026-11-30", "amount": "9.99", "status": "overdue"}
    assert model_from_dict(models.Charge, charge, "charge").status is models.ChargeStatus.OVERDUE
    with pytest.raises(ValueError, match=r"charge\.status: 'late' is not one of paid, overdue, pending"):
        model_from_dict(models.Charge, {**charge, "status": "late"}, "charge")
