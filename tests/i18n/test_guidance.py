"""Guidance answers are taken from the source articles, name their article, and
fix the machine-translation errors of the Vietnamese originals."""
import re

import pytest

from bot.i18n import t
from bot.i18n.catalog import entries

# key -> article key (its title must be the Source line) or the literal titles.
ARTICLE_OF = {
    "guide.cancel_order": "article.cancel_order",
    "guide.partner_refund_criteria": "article.partner_refund",
    "guide.tax_refund": "article.partner_refund",
    "guide.two_bills": "article.two_bills",
    "guide.two_bills_short": "article.two_bills",
    "guide.overdue": "article.two_bills",
    "guide.pay_now": "article.two_bills",
    "guide.pending": "article.two_bills",
}
TITLES = {
    "guide.store_refund": (
        "Cancel an order or pre-order from Microsoft Store; "
        "Returning items you bought from Microsoft for exchange or refund",
        "Hủy đơn hàng hoặc đơn đặt trước từ Microsoft Store; "
        "Trả lại mặt hàng đã mua từ Microsoft để đổi hàng hoặc hoàn tiền"),
    "guide.cancel_subscription": (
        "Cancel or turn off recurring billing for Microsoft subscriptions",
        "Hủy hoặc tắt tính năng thanh toán định kỳ cho gói đăng ký Microsoft"),
    "guide.change_payment_method": (
        "Change the payment method for a Microsoft subscription",
        "Thay đổi phương thức thanh toán cho gói đăng ký Microsoft"),
    "guide.require_purchase_password": (
        "Prevent accidental or unauthorized purchases from Microsoft Store",
        "Ngăn chặn giao dịch mua vô tình hoặc trái phép từ Microsoft Store"),
    "guide.ask_a_parent": (
        "Require children to ask a parent before buying from Microsoft Store; "
        "Use Ask a Parent to purchase on your Xbox One console",
        "Yêu cầu trẻ em hỏi cha mẹ trước khi mua hàng trên Microsoft Store; "
        "Dùng tính năng Hỏi cha mẹ để mua hàng trên bảng điều khiển Xbox One"),
    "guide.subscription_expiry": (
        "Find out when your Office 365 subscription expires",
        "Tìm hiểu thời điểm hết hạn của gói đăng ký Office 365"),
}
GUIDES = sorted([*ARTICLE_OF, *TITLES])
OTHER_KEYS = ["guide.more_help", "article.cancel_order", "article.partner_refund", "article.two_bills"]
SOURCE_PREFIX = {"en": "Source: ", "vi": "Nguồn: "}
CHAT_BUBBLE_LIMIT = 1600  # characters; longer answers are unreadable in the widget


def _source_title(key: str, lang: str) -> str:
    if key in ARTICLE_OF:
        return t(ARTICLE_OF[key], lang)
    return TITLES[key][0 if lang == "en" else 1]


@pytest.mark.parametrize("key", GUIDES + OTHER_KEYS)
def test_key_exists(key):
    assert key in entries()


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("key", GUIDES)
def test_guide_ends_with_its_source_line(key, lang):
    last_line = t(key, lang).splitlines()[-1]
    assert last_line == SOURCE_PREFIX[lang] + _source_title(key, lang)


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("key", GUIDES + ["guide.more_help"])
def test_guide_is_plain_chat_text(key, lang):
    text = t(key, lang)
    assert len(text) <= CHAT_BUBBLE_LIMIT
    assert "<" not in text and "](" not in text and "**" not in text
    # Numbered steps start their own line; each run of steps counts up from 1.
    runs, current = [], []
    for line in text.splitlines():
        match = re.match(r"(\d+)\. ", line)
        if match:
            current.append(int(match.group(1)))
        elif current:
            runs.append(current)
            current = []
    for run in runs + [current]:
        assert run == list(range(1, len(run) + 1)), (key, lang, run)


@pytest.mark.parametrize("key", GUIDES)
def test_both_languages_have_the_same_steps(key):
    count = {lang: len(re.findall(r"^\d+\. ", t(key, lang), flags=re.M)) for lang in ("en", "vi")}
    assert count["en"] == count["vi"]


STEP_GUIDES = ["guide.cancel_order", "guide.store_refund", "guide.overdue", "guide.pay_now",
               "guide.cancel_subscription", "guide.change_payment_method",
               "guide.require_purchase_password", "guide.ask_a_parent", "guide.subscription_expiry"]


@pytest.mark.parametrize("key", STEP_GUIDES)
def test_how_to_answers_have_numbered_steps(key):
    assert re.search(r"^1\. ", t(key, "en"), flags=re.M)


CONTENT = [
    # (key, lang, fragments the article requires)
    ("guide.cancel_order", "en", ["Order history", "Cancel item", "exchange or refund", "check box",
                                  "junk or spam"]),
    ("guide.cancel_order", "vi", ["Lịch sử đơn hàng", "Chọn Hủy mục", "nút Hủy mục", "đổi hàng hoặc hoàn tiền",
                                  "hộp kiểm", "thư rác", "được gửi đi"]),
    # The article only says a charged item can be exchanged or refunded; the steps
    # come from the returns article, which the answer names.
    ("guide.store_refund", "en", ["exchange or refund", "Order history", "Request a return", "Contact us",
                                  "Returning items you bought from Microsoft for exchange or refund"]),
    ("guide.store_refund", "vi", ["đổi hàng hoặc hoàn tiền", "Yêu cầu trả hàng", "Liên hệ với chúng tôi",
                                  "Trả lại mặt hàng đã mua từ Microsoft"]),
    ("guide.partner_refund_criteria", "en", ["30 days", "activated or used", "product keys", "one year",
                                             "Action Pack", "gold/silver", "Microsoft Partner Network",
                                             "Microsoft AI Cloud Partner Program guide"]),
    ("guide.partner_refund_criteria", "vi", ["30 ngày", "kích hoạt hoặc sử dụng", "khóa sản phẩm",
                                             "một năm", "Vàng/Bạc", "Mạng Đối tác Microsoft",
                                             "Hướng dẫn Chương trình Đối tác Đám mây Microsoft AI"]),
    ("guide.tax_refund", "en", ["tax-exempt", "one year"]),
    ("guide.tax_refund", "vi", ["miễn thuế", "một năm"]),
    ("guide.two_bills", "en", ["January 5", "January 20", "Office 365 Home", "February 20", "March 5",
                               "March 20 to April 20", "once a month",
                               "cancel your subscription and still pay for the current month"]),
    ("guide.two_bills", "vi", ["ngày 5 tháng 1", "Ngày 20 tháng 1", "Office 365 Home", "ngày 5 tháng 3",
                               "kỳ từ ngày 20 tháng 3 đến ngày 20 tháng 4", "một hóa đơn mỗi tháng",
                               "hủy gói đăng ký nhưng vẫn phải thanh toán cho tháng hiện tại"]),
    ("guide.two_bills_short", "en", ["cancel a subscription and still pay for the current month"]),
    ("guide.two_bills_short", "vi", ["hủy gói đăng ký nhưng vẫn phải thanh toán cho tháng hiện tại"]),
    ("guide.overdue", "en", ["couldn't", "keep trying", "cancel the subscription", "Services & subscriptions",
                             "Pay now"]),
    ("guide.overdue", "vi", ["không thành công", "thử lại", "bị hủy", "Dịch vụ và gói đăng ký",
                             "Thanh toán ngay"]),
    ("guide.pay_now", "vi", ["Dịch vụ và gói đăng ký", "Thanh toán ngay"]),
    ("guide.pending", "en", ["renewed", "hasn't been charged"]),
    ("guide.pending", "vi", ["gia hạn", "chưa tính phí"]),
    ("guide.cancel_subscription", "en", ["account.microsoft.com", "Manage", "Turn off recurring billing",
                                         "Xbox", "Microsoft 365"]),
    ("guide.change_payment_method", "en", ["Manage", "payment method", "Payment options"]),
    ("guide.require_purchase_password", "en", ["password", "Ask for my passkey to make purchases"]),
    ("guide.ask_a_parent", "en", ["Ask a Parent", "family.microsoft.com", "Spending",
                                  "Needs organizer approval to buy things", "Xbox One"]),
    ("guide.ask_a_parent", "vi", ["Hỏi cha mẹ", "family.microsoft.com", "Chi tiêu", "bảng điều khiển Xbox One"]),
    ("guide.subscription_expiry", "en", ["Services & subscriptions", "account.microsoft.com"]),
]


@pytest.mark.parametrize(("key", "lang", "fragments"), CONTENT)
def test_guide_keeps_the_articles_facts(key, lang, fragments):
    text = t(key, lang)
    missing = [f for f in fragments if f not in text]
    assert not missing


# Machine-translation errors of the seed articles that must not survive.
MISTRANSLATIONS = ["cô gái", "đi chơi", "cái nút", "Lựa chọn Hủy mục Bên cạnh", "thư rác hoặc thư rác",
                   "Gói hành động", "lặp lại theo các điều khoản", "kế thừa", "được vận chuyển",
                   "yêu cầu trao đổi", "có sẵn trong một năm"]


@pytest.mark.parametrize("key", GUIDES + ["guide.more_help"])
def test_vietnamese_mistranslations_are_fixed(key):
    text = t(key, "vi")
    assert not [m for m in MISTRANSLATIONS if m in text]


@pytest.mark.parametrize("key", GUIDES + ["guide.more_help"])
def test_no_english_sentence_leaks_into_vietnamese(key):
    """English is allowed only as UI labels in brackets or product names."""
    vi = t(key, "vi")
    for phrase in ("Sign in", "Choose", "Follow the", "Select", "Go to", "Source:"):
        assert phrase not in vi, (key, phrase)


# The five "learn more" articles have no steps in the seeds: the answers are short
# summaries that say so, name their article, and give one path (no "X (or Y)").
SUMMARIES = ["guide.cancel_subscription", "guide.change_payment_method", "guide.require_purchase_password",
             "guide.ask_a_parent", "guide.subscription_expiry"]
SUMMARY_NOTE = {"en": "This is a summary;", "vi": "Trên đây là phần tóm tắt"}


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("key", SUMMARIES)
def test_learn_more_guides_are_short_summaries(key, lang):
    text = t(key, lang)
    assert SUMMARY_NOTE[lang] in text.splitlines()[-2]
    assert len(text) <= 900
    assert not re.search(r"\((or|hoặc) ", text), "a hedge between two paths"


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("key", GUIDES + ["guide.more_help"])
def test_no_english_label_in_brackets(key, lang):
    """Microsoft's Vietnamese pages name the Vietnamese label only; no "(Pay now)"."""
    text = t(key, lang)
    assert not re.search(r"\([A-Z][A-Za-z&,' -]+\)", text) if lang == "vi" else True
    assert not re.search(r"\([^()]*\(", text), "nested brackets"
