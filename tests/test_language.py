"""Language detection must handle unaccented and mixed Vietnamese and stay
neutral on messages that carry no language (so the slot keeps its value)."""
import pytest

from bot.language import detect_language, fold_diacritics

CASES = [
    # English
    ("Why was I charged twice this month?", "en"),
    ("I want to cancel my order", "en"),
    ("can you speak english please", "en"),
    ("my order ORD-1001 hasn't arrived yet", "en"),
    ("hello there", "en"),
    ("thank you", "en"),
    ("How do I require a password for purchases?", "en"),
    # Vietnamese with diacritics
    ("tại sao tôi bị tính phí hai lần?", "vi"),
    ("xin chào", "vi"),
    ("vâng", "vi"),
    ("đơn hàng của tôi đâu rồi", "vi"),
    # Vietnamese without diacritics
    ("tai sao toi bi tru tien 2 lan", "vi"),
    ("xin chao", "vi"),
    ("huy don hang giup minh voi", "vi"),
    ("cam on nhe", "vi"),
    ("minh muon doi the thanh toan", "vi"),
    # Mixed Vietnamese-English
    ("sao tháng này bị charge 2 lần vậy", "vi"),
    ("cancel subscription của mình đi", "vi"),
    ("check giúp em order ORD-1001 với", "vi"),
    ("refund action pack cho cong ty toi", "vi"),
    # Neutral: keep the current language
    ("ok", None),
    ("ORD-1001", None),
    ("minhanh.nguyen@example.com", None),
    ("1001", None),
    ("👍", None),
    ("", None),
    ("   ", None),
    ("hi", None),
    ("refund", None),
    ("ITM-2 PPB-3001", None),
    # A Vietnamese interjection in front of English is English; alone it keeps the language
    ("vâng, yes please go ahead", "en"),
    ("dạ ok", "vi"),
    ("dạ vâng", "vi"),
    ("dạ, cho em hỏi đơn hàng", "vi"),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Đơn hàng", "Don hang"),
        ("tại sao tôi bị trừ tiền", "tai sao toi bi tru tien"),
        ("ĐĂNG KÝ", "DANG KY"),
        ("plain ascii 123", "plain ascii 123"),
        ("Ưu đãi ở đây", "Uu dai o day"),
    ],
)
def test_fold_diacritics(text: str, expected: str) -> None:
    assert fold_diacritics(text) == expected


def test_fold_is_idempotent_and_length_preserving() -> None:
    """Folding keeps offsets valid, which entity spans rely on."""
    s = "Tôi muốn hủy gói đăng ký Microsoft 365 ạ"
    once = fold_diacritics(s)
    assert fold_diacritics(once) == once
    assert len(once) == len(s)


@pytest.mark.parametrize("text", ["hi ad, mk mun cancel pre-order ORD-1002, email la a@b.com", "mk mun huy don",
                                  "ad oi check giup e", "ntn z ad"])
def test_chat_shorthand_is_vietnamese(text: str) -> None:
    """Round 11: teencode ("mk mun", "ad") outweighs the English words typed with it."""
    assert detect_language(text) == "vi"
