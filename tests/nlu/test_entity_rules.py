"""bot.nlu.entity_rules: products from the data, dates, amounts and positions by rule."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.entity_rules import EntityRules, fold, training_products

PRODUCTS = ["Surface Pro 9", "Surface Laptop", "Game Pass", "Xbox Game Pass Ultimate", "bàn phím",
            "tay cầm Xbox", "Microsoft 365 Family", "M365", "Action Pack"]


@pytest.fixture(scope="module")
def rules() -> EntityRules:
    return EntityRules(PRODUCTS)


@pytest.mark.parametrize("text,expected", [
    # products: typed with or without diacritics, extended over model numbers/editions
    ("tôi muốn hủy bàn phím đặt hôm 5", [("product", "bàn phím"), ("date", "hôm 5")]),
    ("huy ban phim giup em", [("product", "ban phim")]),
    ("Surface Laptop 5 charged twice", [("product", "Surface Laptop 5")]),
    ("refund GAME PASS ultimate", [("product", "GAME PASS ultimate")]),
    ("gia han xbox game pass ultimate", [("product", "xbox game pass ultimate")]),
    # dates
    ("bị trừ tiền ngày 5 tháng 3", [("date", "ngày 5 tháng 3")]),
    ("tháng 10 năm ngoái", [("date", "tháng 10 năm ngoái")]),
    ("thang nay bi tru 2 lan", [("date", "thang nay")]),
    ("charged on 31/1 and 15/10/2026", [("date", "31/1"), ("date", "15/10/2026")]),
    ("billed 2026-11-20", [("date", "2026-11-20")]),
    ("charged on March 5th", [("date", "March 5th")]),
    ("paid on the 2nd", [("date", "the 2nd")]),
    ("two days ago and last month", [("date", "two days ago"), ("date", "last month")]),
    ("hôm qua", [("date", "hôm qua")]),
    # amounts
    ("bi tru 2tr voi 99k", [("amount", "2tr"), ("amount", "99k")]),
    ("charged $69.99", [("amount", "$69.99")]),
    ("trừ 1.490.000đ", [("amount", "1.490.000đ")]),
    ("150 nghìn đồng", [("amount", "150 nghìn đồng")]),
    ("9.99 USD", [("amount", "9.99 USD")]),
    # positions
    ("cái thứ 2", [("position", "2")]),
    ("cancel the first one", [("position", "1")]),
    # not entities: ids, quantities, counts, durations
    ("order ORD-1001 has 2 items", []),
    ("bị trừ 2 lần", []),
    ("gói 30 ngày", []),
    ("", []),
])
def test_finds_what_people_type(rules, text, expected):
    assert [(f.entity, f.value) for f in rules.find(text)] == expected


def test_spans_point_into_the_original_text(rules):
    text = "Tôi bị trừ 1.490.000đ cho Bàn Phím hôm 5"
    for found in rules.find(text):
        if found.entity != "position":
            assert text[found.start:found.end] == found.value


def test_a_product_learned_from_the_data_is_found():
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    data = TrainingData([Message(data={"text": "hủy Clipchamp Premium", "intent": "cancel_subscription",
                                       "entities": [{"entity": "product", "value": "Clipchamp",
                                                     "start": 4, "end": 13}]})],
                        lookup_tables=[{"name": "product", "elements": ["Visio Plan 2"]}])
    names = training_products(data)
    assert names == ["Clipchamp", "Visio Plan 2"]
    found = EntityRules(names).find("refund visio plan 2 and clipchamp premium")
    assert [(f.entity, f.value) for f in found] == [("product", "visio plan 2"),
                                                    ("product", "clipchamp premium")]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=80))
def test_any_text_gives_valid_non_overlapping_spans(text):
    found = _RULES.find(text)
    ends = -1
    for f in found:
        assert 0 <= f.start < f.end <= len(text) and f.start >= ends
        ends = f.end


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệ ", max_size=40))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_folding_keeps_every_character_position(text):
    assert len(fold(text)) == len(text)


_RULES = EntityRules(PRODUCTS)
