"""Every catalogue entry, rendered with representative values in both languages.

Checks, for each key and language: no unfilled ``{placeholder}``, no English
status or enum value in Vietnamese text, and the right singular or plural form
for 0, 1 and 2 of whatever the entry counts. The real reply builders
(``bot.replies``) are rendered too, with every status a refund request can have.
"""
from __future__ import annotations

import itertools
import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from bot import replies
from bot.i18n import format_date, format_day_of_month, format_money, format_month, t
from bot.i18n.catalog import LANGUAGES, entries, entry_placeholders, forms, plural_category
from bot.rules.cancellation import OrderCancellation, evaluate_order_cancellation, item_state
from bot.rules.partner_refund import evaluate_partner_refund, evaluate_tax_refund
from tests.rules.builders import customer, item, purchase, refund

SCHEMA = Path(__file__).resolve().parents[2] / "bot" / "data" / "format.schema.json"
KEYS = sorted(entries())
PLURAL_KEYS = sorted(k for k, e in entries().items() if e.plural)
DAY = date(2026, 3, 5)


def _schema_enums() -> Dict[str, list]:
    found: Dict[str, list] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                found[path] = node["enum"]
            for key, value in node.items():
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, path)

    walk(json.loads(SCHEMA.read_text(encoding="utf-8")), "")
    return found


ENUMS = _schema_enums()
REFUND_STATUSES = ENUMS["/$defs/refund_request/properties/status"]
# Codes from the data and the rules that must never reach a Vietnamese reader.
ENGLISH_CODES = sorted({v for values in ENUMS.values() for v in values if v not in ("vi", "en")}
                       | {"not_charged", "charged", "shipped", "already_cancelled", "already_requested",
                          "initial_purchase", "deferred_legacy", "catch_up", "on_renewal", "same_period",
                          "unexplained", "eligible", "pass", "fail", "true", "false", "none"})
ENGLISH_CODE = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_CODES)) + r")(?![\w-])", re.I)


def sample(name: str, lang: str) -> Any:
    """A representative value for each placeholder the catalogue uses."""
    dates = {"purchased_on", "deadline", "since", "date", "placed", "start", "end"}
    if name in dates:
        return format_date(DAY, lang)
    if name in {"amount", "price", "tax_amount"}:
        return format_money(Decimal("1299.5"), "USD", lang)
    if name == "amounts":  # " ($19.99)" after "a charge", or "" when none was quoted
        return f" ({format_money(Decimal('19.99'), 'USD', lang)})"
    if name == "month":
        return format_month(DAY, lang)
    if name == "period":
        return t("bills.period", lang, start=format_date(DAY, lang), end=format_date(date(2026, 4, 5), lang))
    if name == "when":
        return t("bills.in_month", lang, month=format_month(DAY, lang))
    if name in {"billing_day", "renewal_day"}:
        return format_day_of_month(5, lang)
    if name == "order":
        return t("orders.header", lang, order_id="ORD-1001", placed=format_date(DAY, lang)).rstrip(":")
    if name == "status":
        return t("refund.status.submitted", lang)
    if name == "state":
        return t("state.shipped", lang)
    if name in {"count", "remaining", "days_since", "limit", "length", "attempts", "minutes", "n"}:
        return 2
    values = {"order_id": "ORD-1001", "purchase_id": "PPB-3001", "refund_id": "RFD-1", "reference": "RFD-1",
              "ref": "ERR-1A2B", "product": "Surface Pen", "products": "Surface Pen, Surface Dock",
              "items": "Surface Pen", "benefit": "Action Pack", "name": "Minh Anh", "text": "the blue one",
              "example": "Surface Pen", "options": "Surface Pen, Surface Dock", "quantity": 2,
              "label": "Action Pack, ORD-1001", "queue_id": "H-1A2B3C4D5E", "email": "anh@example.com",
              "currency": "USD", "first": "PPB-3001", "rest": "PPB-3004"}
    if name not in values:
        raise AssertionError(f"add a representative value for {{{name}}} to tests/i18n/test_copy.py")
    return values[name]


def render(key: str, lang: str, **override: Any) -> str:
    entry = entries()[key]
    params = {name: sample(name, lang) for name in entry_placeholders(entry, "en")}
    params.update(override)
    return t(key, lang, **params)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_renders_without_unfilled_placeholders(key, lang):
    text = render(key, lang)
    assert text.strip()
    assert "{" not in text and "}" not in text, text


def count_combinations(key: str) -> List[Dict[str, int]]:
    """0, 1 and 2 of every counted parameter of an entry, in every combination."""
    names = entries()[key].plural
    return [dict(zip(names, values)) for values in itertools.product((0, 1, 2), repeat=len(names))]


@pytest.mark.parametrize("key", KEYS)
def test_no_english_code_in_vietnamese(key):
    for counts in count_combinations(key):
        text = render(key, "vi", **counts)
        assert not ENGLISH_CODE.search(text), (key, text)


def expected_form(template: Any, counts: Dict[str, int], names: Tuple[str, ...], lang: str) -> str:
    """The form the CLDR rules call for, walked level by level: an exact form,
    else the number's category, else (a language that does not inflect) ``other``."""
    for name in names:
        if isinstance(template, str):
            break
        n = counts[name]
        template = template.get(f"={n}") or template.get(plural_category(n, lang)) or template["other"]
    return template


SINGULAR_AFTER_1 = re.compile(r"\b1 (days|attempts|minutes|charges|criteria|characters)\b")
PLURAL_AFTER_2 = re.compile(r"\b2 (day|attempt|minute|charge|criterion|character)\b")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_plural_forms_for_0_1_2(key, lang):
    entry = entries()[key]
    for counts in count_combinations(key):
        text = render(key, lang, **counts)
        expected = expected_form(entry[lang], counts, entry.plural, lang)
        assert text == render_template(expected, key, lang, counts), (counts, text)
        if lang == "en":
            assert not SINGULAR_AFTER_1.search(text), (counts, text)
            assert not PLURAL_AFTER_2.search(text), (counts, text)
            assert "(s)" not in text
    if lang == "en":
        # English: 1 takes the singular form, 0 and 2 the plural one (unless an exact form),
        # for each counted parameter on its own.
        for name in entry.plural:
            others = {other: 7 for other in entry.plural if other != name}
            one, two = (render(key, lang, **others, **{name: n}) for n in (1, 2))
            assert one != two.replace("2", "1"), f"{key}: the same words for 1 and 2 {{{name}}}"


def render_template(template: str, key: str, lang: str, counts: Dict[str, int]) -> str:
    entry = entries()[key]
    params = {name: sample(name, lang) for name in entry_placeholders(entry, "en")}
    params.update({name: str(n) for name, n in counts.items()})
    return template.format(**params)


def test_the_counting_entries_are_plural():
    """Every entry the issue found counting things by hand takes a plural form."""
    for key in ("partner.not_eligible", "criterion.within_30_days.pass", "criterion.within_30_days.fail",
                "balance.overdue_intro", "balance.pending_intro", "verify.failed", "input.too_long",
                "web.too_long", "web.bad_contact"):
        assert entries()[key].plural, key
    assert entries()["verify.locked"].plural == ("attempts", "minutes")
    assert render("partner.not_eligible", "en", count=1).endswith("1 criterion isn't met.")
    assert render("criterion.within_30_days.pass", "en", days_since=1).startswith("Bought 1 day ago")
    assert render("criterion.within_30_days.pass", "en", days_since=0).startswith("Bought today")
    assert render("criterion.within_30_days.pass", "vi", days_since=0).startswith("Mua hôm nay")
    assert "1 overdue charge:" in render("balance.overdue_intro", "en", count=1)
    assert "(1 attempt left)" in render("verify.failed", "en", remaining=1)
    assert "(2 attempts left)" in render("verify.failed", "en", remaining=2)
    assert render("partner.not_eligible", "en", count=2).endswith("2 criteria aren't met.")
    assert render("partner.not_eligible", "en", count=0).endswith("0 criteria aren't met.")


@pytest.mark.parametrize(("attempts", "minutes", "en", "vi"), [
    (0, 0, "after 0 attempts", "0 phút"),
    (1, 1, "after 1 attempt.", "1 phút"),
    (2, 2, "after 2 attempts", "2 phút"),
    (1, 2, "after 1 attempt.", "2 phút"),
    (3, 15, "after 3 attempts", "15 phút"),
])
def test_verification_lock_counts_attempts_and_minutes(attempts, minutes, en, vi):
    english = t("verify.locked", "en", attempts=attempts, minutes=minutes)
    vietnamese = t("verify.locked", "vi", attempts=attempts, minutes=minutes)
    unit = "minute" if minutes == 1 else "minutes"
    assert en in english and f"I've paused verification for this order for {minutes} {unit}." in english
    assert f"sau {attempts} lần thử" in vietnamese and f"tạm dừng việc xác minh đơn hàng này trong {vi}" in vietnamese
    assert "paused checks" not in english


def test_the_agreement_error_the_issue_found_is_never_produced():
    """ "1 of the criteria are not met": the catalogue counts criteria with plural forms."""
    for n in (0, 1, 2, 3):
        text = t("partner.not_eligible", "en", count=n)
        assert " of the " not in text and not re.search(r"\b1 criteria\b|\b1 \w+ aren't\b", text), text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counts_in_web_errors_are_grouped_per_language(lang):
    """The contact form's limit is a parameter, written like every other count."""
    from bot.web.app import MAX_CONTACT_CHARS

    grouped = {"vi": "1.000", "en": "1,000"}[lang]
    assert MAX_CONTACT_CHARS == 1000
    assert grouped in t("web.bad_contact", lang, limit=MAX_CONTACT_CHARS)
    assert grouped in t("input.too_long", lang, limit=MAX_CONTACT_CHARS)
    assert not any("1000" in text for text in forms(entries()["web.bad_contact"][lang]).values())


LABEL_KEYS = re.compile(r"^(topic\.[a-z_]+|confirm\.(yes|no)|partner\.tax_button|cancel\.all_button"
                        r"|widget\.(restart|human|send|retry|contactSend|signin)|widget\.topic\.\d+\.title)$")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ui_labels_are_named_without_quotes(lang):
    """docs/copy.md: name a button as the reader sees it, with its capital letter and
    without quotes ("select Talk to a person", "chọn Bắt đầu lại")."""
    labels = {text for key, entry in entries().items() if LABEL_KEYS.match(key)
              for text in forms(entry[lang]).values()}
    assert {t("widget.restart", lang), t("topic.human", lang)} <= labels
    quoted = re.compile("|".join(rf"[\"“'‘]{re.escape(label)}[\"”'’]" for label in sorted(labels)))
    bad = [key for key, entry in entries().items() for text in forms(entry[lang]).values() if quoted.search(text)]
    assert not bad, bad
    assert t("topic.human", lang) in t("bot_challenge", lang)
    assert t("widget.restart", lang) in t("web.conversation_full", lang)


def test_periods_are_billing_periods_in_vietnamese():
    """A billing period is "kỳ" (the article's word), never "giai đoạn"."""
    for key, entry in entries().items():
        for text in forms(entry["vi"]).values():
            if "{period}" in text:
                assert "kỳ {period}" in text, key


# --- the reply builders, with real rule decisions ------------------------------

@pytest.mark.parametrize("status", REFUND_STATUSES)
def test_every_refund_status_has_a_translation(status):
    assert t(f"refund.status.{status}", "vi") != t(f"refund.status.{status}", "en")


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_partner_refund_shows_the_status_in_the_readers_language(status):
    p = purchase(date(2026, 11, 2))
    decision = evaluate_partner_refund(p, date(2026, 11, 9), [refund("partner_benefit", status)])
    vi = replies.partner_refund(p, decision, "vi")
    en = replies.partner_refund(p, decision, "en")
    assert t(f"refund.status.{status}", "vi") in vi and not ENGLISH_CODE.search(vi), vi
    assert f"(RFD-1, status: {status})" in en
    assert "1 criterion isn't met" in en and "Bought 7 days ago" in en


def test_tax_refund_reply_has_no_english_code():
    p = purchase(date(2026, 1, 2))
    decision = evaluate_tax_refund(customer(), p, date(2026, 11, 9),
                                   [refund("partner_benefit", "approved"), refund("partner_tax", "submitted")])
    vi = replies.tax_refund(p, decision, "vi")
    assert "đã gửi" in vi and not ENGLISH_CODE.search(vi), vi


def test_order_states_are_translated():
    from bot.rules.models import Order

    items = (item(iid="ITM-1"), item(charged=True, iid="ITM-2"), item(charged=True, shipped=True, iid="ITM-3"),
             item(cancelled=True, iid="ITM-4"))
    order = Order("ORD-1", "C-1", datetime(2026, 3, 5, 9, 0), "order", items)
    assert {item_state(i) for i in items} == {"not_charged", "charged", "shipped", "already_cancelled"}
    vi = replies.order_status([order], "vi")
    assert not ENGLISH_CODE.search(vi), vi
    assert "đã được gửi đi" in vi and "đã bị tính phí, chưa được gửi đi" in vi
    decision: OrderCancellation = evaluate_order_cancellation(order)
    vi = replies.order_items(order, decision, "vi")
    assert not ENGLISH_CODE.search(vi), vi
