"""Choosing among listed options by what people type."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import ALL, Option, resolve

ITEMS = [Option("ITM-1", ("Surface Pro Keyboard",)), Option("ITM-2", ("Xbox Wireless Controller",))]
ORDERS = [Option("ORD-1001", ("Surface Pro Keyboard", "Xbox Wireless Controller"), date(2026, 11, 20)),
          Option("ORD-1002", ("Forza Horizon 6 (pre-order)",), date(2026, 10, 2))]
TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("text, key, how", [
    ("Surface Pro Keyboard", "ITM-1", "name"),
    ("surface pro keyboard", "ITM-1", "name"),
    ("bàn phím", "ITM-1", "name"),
    ("ban phim", "ITM-1", "name"),
    ("hủy Surface Pro Keyboard", "ITM-1", "name"),
    ("the controller", "ITM-2", "name"),
    ("tay cầm xbox", "ITM-2", "name"),
    ("keybord", "ITM-1", "name"),
    ("the second one", "ITM-2", "position"),
    ("cái thứ 2", "ITM-2", "position"),
    ("cai thu hai", "ITM-2", "position"),
    ("the first", "ITM-1", "position"),
    ("cái cuối", "ITM-2", "position"),
    ("2", "ITM-2", "position"),
    ("ITM-1", "ITM-1", "id"),
    ("itm1", "ITM-1", "id"),
])
def test_item_answers(text: str, key: str, how: str) -> None:
    found = resolve(text, ITEMS)
    assert (found.unique, found.how) == (key, how)


@pytest.mark.parametrize("text", ["cả hai", "both", "all of them", "tat ca"])
def test_all(text: str) -> None:
    found = resolve(text, ITEMS)
    assert found.how == ALL and set(found.chosen) == {"ITM-1", "ITM-2"}
    assert found.unique is None


def test_all_can_be_disallowed() -> None:
    assert resolve("both", ITEMS, allow_all=False).chosen == ()


@pytest.mark.parametrize("text", ["yes", "ừ", "hello", "", "😀", "<b>x</b>", "the fifth one", "cái thứ 7"])
def test_no_match(text: str) -> None:
    assert resolve(text, ITEMS).chosen == ()


@pytest.mark.parametrize("text, key", [
    ("ORD-1002", "ORD-1002"), ("đơn 1002", "ORD-1002"), ("1001", "ORD-1001"),
    ("the forza one", "ORD-1002"), ("the pre-order", "ORD-1002"), ("cái đặt trước", "ORD-1002"),
    ("the one from October", "ORD-1002"), ("mua hôm 2/10", "ORD-1002"), ("đơn tháng 11", "ORD-1001"),
    ("hôm 20", "ORD-1001"),
])
def test_order_answers(text: str, key: str) -> None:
    assert resolve(text, ORDERS, today=TODAY).unique == key


def test_shared_word_is_ambiguous_until_a_distinctive_one() -> None:
    options = [Option("A", ("Surface Pro Keyboard",)), Option("B", ("Surface Laptop 7",))]
    assert resolve("the surface", options).ambiguous
    assert resolve("the surface laptop", options).unique == "B"


def test_a_lone_number_in_a_name_is_not_enough() -> None:
    options = [Option("A", ("Forza Horizon 6",)), Option("B", ("Xbox Controller",))]
    assert resolve("hủy 6 món", options).unique is None


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=40))
def test_any_text_resolves_to_listed_keys_only(text: str) -> None:
    found = resolve(text, ITEMS, today=TODAY)
    assert set(found.chosen) <= {"ITM-1", "ITM-2"}


# Round 11: words for the first/last of a list and picking by the price shown.
@pytest.mark.parametrize("text,expected", [
    ("món đầu tiên", "ITM-A"), ("cai dau tien", "ITM-A"), ("cái trên cùng", "ITM-A"), ("the top one", "ITM-A"),
    ("cái dưới cùng", "ITM-B"), ("the bottom one", "ITM-B"),
])
def test_first_and_last_in_words(text: str, expected: str) -> None:
    from bot.answers.choices import Option, resolve

    options = [Option("ITM-A", ("Surface Go 4",)), Option("ITM-B", ("Microsoft 365 Personal",))]
    assert resolve(text, options, allow_all=False).chosen == (expected,)


@pytest.mark.parametrize("text,expected", [
    ("cai 139.99", ("ITM-1",)), ("the 119,98 one", ("ITM-2",)), ("cái 59.99 á", ("ITM-2",)),
    ("$139.99 pls", ("ITM-1",)), ("cái 1001", ()), ("cái 20.11.2026", ()), ("cái 99.99", ()),
    ("bàn phím 139,99 và tay cầm 59,99", ("ITM-1", "ITM-2")),  # every price quoted: the names decide
])
def test_an_item_picked_by_the_price_shown(text: str, expected: tuple) -> None:
    from decimal import Decimal

    from bot.answers.choices import Option, resolve

    options = [Option("ITM-1", ("Surface Pro Keyboard",), None, (Decimal("139.99"),)),
               Option("ITM-2", ("Xbox Wireless Controller",), None, (Decimal("59.99"), Decimal("119.98")))]
    assert resolve(text, options, allow_all=False).chosen == expected


@pytest.mark.parametrize("text,expected", [
    ("579.99", ["579.99"]), ("579,99 USD", ["579.99"]), ("$1,049.99", ["1049.99"]), ("1.049,99", ["1049.99"]),
    ("ORD-1001", []), ("20.11.2026", []), ("12.5", []),
])
def test_prices_typed_with_either_separator(text: str, expected: list) -> None:
    from bot.answers.choices import prices_in

    assert [str(p) for p in prices_in(text)] == expected


def test_a_first_message_date_is_not_a_position() -> None:
    from bot.answers.choices import Option, resolve

    options = [Option("PPB-1", ("Action Pack",)), Option("PPB-2", ("Partner Success Core",))]
    text = "we bought Partner Success Core on the 2nd"
    assert resolve(text, options, allow_all=False, positions=False).chosen == ("PPB-2",)
    assert resolve("the 1st one", options, allow_all=False).chosen == ("PPB-1",)  # a listed choice


def test_after_all_is_no_choice_of_all_and_dat_truoc_means_the_pre_order():
    from bot.answers import resolve
    from bot.answers.choices import Option

    items = [Option("ITM-9", ("Surface Headphones 2",)), Option("ITM-10", ("Xbox Elite Wireless Controller",))]
    assert resolve("never mind, it's the right one after all", items).how != "all"
    assert resolve("cancel them all", items).how == "all"
    orders = [Option("ORD-1201", ("Surface Go 4",)), Option("ORD-1202", ("Xbox Series X (đặt trước)",))]
    assert resolve("Đơn mình đặt hôm 21/11", orders, allow_all=False, positions=False).how != "name"
    assert resolve("cái đơn đặt trước ấy", orders, allow_all=False).chosen == ("ORD-1202",)


ORDERS_1001 = [Option("ITM-1", ("Surface Pro Keyboard",)), Option("ITM-2", ("Xbox Wireless Controller",)),
               Option("ITM-3", ("Forza Horizon 6 (pre-order)",))]
ORDER_1301 = [Option("ITM-9", ("Surface Headphones 2",)), Option("ITM-10", ("Xbox Elite Wireless Controller Series 2",)),
              Option("ITM-11", ("Minecraft Legends",))]


@pytest.mark.parametrize(("text", "options", "named", "kept"), [
    ("ad oi huy giup mk cai ban phim surface voi 2 cai tay cam xbox trong don hom 20/11 nha", ORDERS_1001,
     ("ITM-1", "ITM-2"), ()),
    ("mk muốn cancel order ORD-1001, chỉ cái keyboard thôi nha, còn 2 cái controller thì keep", ORDERS_1001,
     ("ITM-1",), ("ITM-2",)),
    ("I ordered Surface Headphones and an Elite controller. Can you cancel just the Elite? Keep the headphones pls",
     ORDER_1301, ("ITM-9", "ITM-10"), ("ITM-9",)),
    ("Hủy giúp em cái Forza với bàn phím nha", ORDERS_1001, ("ITM-3", "ITM-1"), ()),   # in the order named
    ("sao tay cam ko huy dc z", ORDERS_1001, ("ITM-2",), ()),        # "can't be cancelled" keeps nothing
    ("cancel the surface", ORDER_1301 + [Option("ITM-6", ("Surface Go 4",))], (), ()),  # shared word: neither
])
def test_named_all_and_kept_all(text, options, named, kept):
    from bot.answers.choices import kept_all, named_all

    assert named_all(text, options) == named
    assert kept_all(text, options) == kept


def test_without_kept_others_drops_only_clauses_keeping_something_else():
    from bot.answers.choices import without_kept_others

    text = "ok, nhưng giờ chỉ hủy Forza thôi nhé, bàn phím giữ lại. Mình xác nhận hủy Forza."
    assert "giu lai" not in without_kept_others(text, ORDERS_1001, ["ITM-3"])
    assert without_kept_others("thôi, giữ lại cái Forza", ORDERS_1001, ["ITM-3"]) == "thôi, giữ lại cái Forza"
    question = "khoan, cai nay chua bi charge tien dung ko?"
    assert without_kept_others(question, ORDERS_1001, ["ITM-3"]) == question  # nothing dropped: unchanged



def test_the_cheaper_or_dearer_one_by_the_prices_shown():
    from decimal import Decimal

    options = [Option("ITM-1", ("Surface Pro Keyboard",), amounts=(Decimal("139.99"),)),
               Option("ITM-3", ("Forza Horizon 6 (pre-order)",), amounts=(Decimal("69.99"),))]
    assert resolve("ok cancel cái rẻ hơn đi", options).unique == "ITM-3"
    assert resolve("the more expensive one", options).unique == "ITM-1"
    assert resolve("the keyboard", options).unique == "ITM-1"
    assert resolve("I found them cheaper elsewhere", options).unique is None  # no choice
    assert resolve("the cheaper one", options, positions=False).unique is None  # nothing listed yet


KINDS = [Option("ITM-1", ("Surface Pro Keyboard",)), Option("ITM-3", ("Forza Horizon 6 (pre-order)",), kinds=("game",)),
         Option("ITM-7", ("Microsoft 365 Personal",))]


@pytest.mark.parametrize("text, expected", [
    ("cancel the game one", ("ITM-3",)),
    ("hủy cái game đi", ("ITM-3",)),
    ("huy tro choi", ("ITM-3",)),
    ("cancel my game pass", ()),  # a subscription, not a game
    ("the keyboard", ("ITM-1",)),  # a name still wins over a kind
])
def test_an_item_described_by_its_kind(text, expected):
    assert resolve(text, KINDS, allow_all=False).chosen == expected


def test_kept_all_without_questions_only_counts_keep_clauses():
    from bot.answers.choices import kept_all

    assert kept_all("cancel the game one, keyboard thì giữ lại", KINDS, asked=False) == ("ITM-1",)
    assert kept_all("where is my keyboard? cancel it", KINDS, asked=False) == ()
    assert kept_all("where is my keyboard? cancel it", KINDS) == ("ITM-1",)  # asked about, in its own clause


PURCHASES = [Option("PPB-1", ("Partner Success Core",), date(2026, 11, 2)),
             Option("PPB-2", ("Solutions Partner for Modern Work",), date(2026, 10, 1)),
             Option("PPB-3", ("Partner Success Expanded",), date(2026, 11, 15))]


@pytest.mark.parametrize("text, key", [
    ("then I want a refund for the Partner Success Core we bought on nov 2nd", "PPB-1"),
    ("the one from nov 2nd", "PPB-1"),
    ("the one bought on the 15th", "PPB-3"),
    ("the 2nd one", "PPB-2"),
    ("the second", "PPB-2"),
])
def test_a_day_of_a_month_is_no_position(text: str, key: str) -> None:
    assert resolve(text, PURCHASES, today=date(2026, 11, 22), allow_all=False).unique == key


@pytest.mark.parametrize("text, needed", [
    ("charged for both Partner Success Core and Partner Success Expanded, nhưng bên mình chỉ cần Core thôi. "
     "Can the Expanded one be refunded?", ("PPB-1",)),
    ("we only need the Core one, refund the Expanded", ("PPB-1",)),
    ("refund Partner Success Core and Partner Success Expanded", ()),
])
def test_still_needed_purchases_are_not_asked_back(text: str, needed: tuple) -> None:
    from bot.answers.choices import still_needed

    assert still_needed(text, PURCHASES) == needed
