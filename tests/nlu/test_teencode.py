"""Chat abbreviations are spelled out; words that only look like one are not."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.teencode import ABBREVIATIONS, spell_out


@pytest.mark.parametrize("typed, spelled", [
    ("ko dc", "không được"),
    ("hủy đơn j z ad", "hủy đơn gì vậy admin"),
    ("khum", "không"),
    ("đổi pttt trên tk", "đổi phương thức thanh toán trên tài khoản"),
    ("u check my acc pls", "you check my account please"),
    ("ORD-1001 k dc huy", "ord-1001 không được huy"),
    ("Bh Mới Nhận Dc", "bao giờ mới nhận được"),
    ("np, brb", "no problem, be right back"),
    ("ừa", "ừ"),
])
def test_abbreviations_are_spelled_out(typed: str, spelled: str) -> None:
    assert spell_out(typed) == spelled


@pytest.mark.parametrize("text", [
    "99 k", "mua 150 k thôi", "v1 v2", "a@k.com", "kk", "xbox", "vs2022", "tk-123", "okay",
    "hong", "a refund", "e-mail", "c",
])
def test_lookalikes_and_amounts_stay_as_typed(text: str) -> None:
    assert spell_out(text) == text.lower()


def test_every_expansion_is_lower_case_and_not_itself_an_abbreviation() -> None:
    for typed, spelled in ABBREVIATIONS.items():
        assert typed == typed.lower() and spelled == spelled.lower()
        assert spell_out(spelled) == spelled, typed


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(max_size=60))
def test_idempotent_and_never_raises(text: str) -> None:
    once = spell_out(text)
    assert spell_out(once) == once
