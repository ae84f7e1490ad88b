"""Typed yes/no in both languages, every spelling people use; junk is neither."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers import yes_or_no

YES = ["có", "co", "ừ", "u", "uh", "ok", "oke", "okay", "đúng rồi", "dung roi", "được", "dc", "đc",
       "vâng", "vang", "yes", "yep", "yeah", "sure", "có, hủy đi", "yes please", "Có nhé!", "OK ạ",
       "ừ đúng rồi", "of course", "go ahead", "chính xác", "đồng ý",
       # a yes that names the step it agrees to
       "Vâng, gửi yêu cầu giúp tôi", "ok send the request", "ừ hủy giúp mình", "yes, go ahead and submit it",
       "oke làm luôn cho mình", "đúng rồi, hủy cái đó", "sorry lol. ok yes, cancel it",
       # "too" / "as well" add nothing; "cancel that one" is the thing confirmed, not "scratch that"
       "yes, cancel that one as well", "yes cancel it too", "ok, that one too", "yes, thanks", "có, cảm ơn"]
NO = ["ok never mind then", "ừ thôi", "không", "khong", "thôi", "thoi", "ko", "k", "no", "nope", "never mind", "thôi khỏi", "thoi khoi",
      "không hủy nữa", "khong huy nua", "dừng lại", "không, cảm ơn", "no thanks", "stop", "nah",
      "khum", "hong", "không cần", "không, đừng gửi yêu cầu", "no, don't send it", "cancel that",
      "no, cancel that"]
NEITHER = ["", "   ", "😀", "👍👍", "<b>hi</b>", "asdfgh", "' OR 1=1 --", "thank u", "hello",
           "ok but why was I charged twice", "tại sao tôi bị trừ tiền 2 lần", "ORD-1001",
           "minhanh.nguyen@example.com", "the second one", "đúng", "dung",
           # the step alone, a question or a "but" after the yes: not an answer
           "gửi yêu cầu giúp tôi", "vâng, cho tôi hỏi thêm", "ok nhưng gửi cho tôi sau", "yes but why",
           "ok send it to my other email", "too", "me too",
           # thanks with only an "ok": thanks for the answer, not a yes ("yes, thanks" still is)
           "ok cảm ơn nha", "ok thanks", "oke tks ad"]


@pytest.mark.parametrize("text", YES)
def test_yes(text: str) -> None:
    assert yes_or_no(text) is True


@pytest.mark.parametrize("text", NO)
def test_no(text: str) -> None:
    assert yes_or_no(text) is False


@pytest.mark.parametrize("text", NEITHER)
def test_neither(text: str) -> None:
    assert yes_or_no(text) is None


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("!?.,;:-_*#@%&()[]{}<>/\\|~`'\" \t\n😀👍🙏❤️🔥")), max_size=30))
def test_junk_is_never_an_answer(junk: str) -> None:
    """Punctuation, emoji and whitespace can never confirm or decline anything."""
    assert yes_or_no(junk) is None


@pytest.mark.parametrize("text", ["điều kiện hoàn tiền là gì vậy?", "dieu kien la gi", "why?", "how long does it take",
                                  "được không", "hủy rồi chưa"])
def test_questions(text: str) -> None:
    from bot.answers.yesno import is_question

    assert is_question(text)


@pytest.mark.parametrize("text", ["à khoan, nhầm", "wait, actually the other one", "oops", "a nham roi",
                                  "à không, not that one, the other one", "không phải cái đó, cái kia cơ"])
def test_corrections(text: str) -> None:
    from bot.answers.yesno import has_correction

    assert has_correction(text)


def test_step_words_after_a_yes_and_clause_by_clause_reading():
    from bot.answers.yesno import clause_yes_or_no, yes_or_no, yes_or_no_with

    tax = frozenset({"tax", "thue", "refund"})
    assert yes_or_no_with("ok thì submit tax refund đi", tax) is True
    assert yes_or_no_with("tax refund", tax) is None          # the step alone is no answer
    assert yes_or_no_with("no tax refund", tax) is False
    assert yes_or_no("dung r") is True and yes_or_no("dung r, huy di") is True
    assert clause_yes_or_no("ok whatever. yes go ahead and cancel it") is True
    assert clause_yes_or_no("yes. no wait") is None          # both: unclear
    assert clause_yes_or_no("hmm, not sure") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("actually never mind, keep it. my son says it's the right one after all", True),
    ("thôi khỏi, giữ lại đi", True), ("à thôi, không hủy nữa đâu", True), ("no", True),
    ("yes cancel it", False), ("đúng, hủy đi", False), ("dung, huy di", False), ("keep going", False),
    # round 13: a request held back is a stop; "can't be cancelled" is a complaint, not a stop
    ("hold on, I need to check with finance first. don't submit anything yet", True),
    ("khoan gửi đã", True), ("not yet", True), ("chưa", True),
    ("sao tay cam ko huy dc z, mk con chua nhan dc hang ma", False),
    ("thoi dc r, z huy ban phim thoi, dong y", False),
    ("thôi để mình suy nghĩ thêm, chưa hủy đâu", True), ("không, thôi để tôi suy nghĩ thêm", True),
    ("Thôi khoan, để mình hỏi ý vợ đã, chưa hủy đâu", True), ("chưa hủy được à?", False),
])
def test_wants_to_stop(text, expected):
    from bot.answers.yesno import wants_to_stop

    assert wants_to_stop(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("thôi", True), ("thôi, không hủy nữa", True), ("thoi khoi", True), ("don't", True),
    ("ok, nhưng giờ chỉ hủy Forza thôi nhé. Mình xác nhận hủy Forza.", False),  # "chỉ … thôi": only
    ("thoi dc r, z huy ban phim thoi, dong y", False),                          # "thôi được rồi": fine then
])
def test_thoi_negates_only_when_it_opens_a_clause(text, expected):
    from bot.answers.yesno import has_negation

    assert has_negation(text) is expected


@pytest.mark.parametrize("text", ["ok huy lun di", "huy lun", "hủy luôn nha"])
def test_teencode_luon_is_a_yes(text: str) -> None:
    from bot.answers.yesno import yes_or_no

    assert yes_or_no(text) is True


@pytest.mark.parametrize("text", [
    "à xin lỗi bấm nhầm, đồng ý hủy nhé", "sorry wrong button, yes cancel it", "oops typo. yes",
    "xin loi go nham, ok huy di", "ignore that, yes please",
])
def test_an_apology_for_a_stray_message_keeps_the_answer_after_it(text: str) -> None:
    """"bấm nhầm" takes back the emoji before it, not the yes that follows (blind18)."""
    from bot.answers.yesno import has_correction

    assert yes_or_no(text) is True
    assert not has_correction(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("bấm nhầm", None), ("sorry wrong button", None),  # the apology alone answers nothing
    ("à khoan, nhầm", None), ("xin lỗi bấm nhầm, không", False),
])
def test_an_apology_alone_or_before_a_no(text: str, expected: bool | None) -> None:
    assert yes_or_no(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    ("thôi được rồi", True), ("thôi vậy cũng được, đồng ý gửi đi", True), ("cũng được", True),
    ("thôi", False), ("ừ thôi", False), ("thôi khỏi", False), ("ừ thì thôi", False),
])
def test_thoi_followed_by_an_agreeing_word_gives_in(text: str, expected: bool) -> None:
    """"thôi vậy … cũng được" gives in (a yes); "thôi" alone or last is a no."""
    assert yes_or_no(text) is expected
