from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.rules import evaluate_partner_refund, evaluate_tax_refund

from .builders import customer, purchase, refund

BOUGHT = date(2026, 1, 31)


@pytest.mark.parametrize(
    ("days", "eligible"),
    [(0, True), (1, True), (29, True), (30, True), (31, False), (365, False)],
)
def test_thirty_day_window_day_30_in_day_31_out(days, eligible):
    d = evaluate_partner_refund(purchase(BOUGHT), BOUGHT + timedelta(days=days))
    window = d.criterion("within_30_days")
    assert d.eligible is eligible
    assert window.passed is eligible
    assert window.facts == {"purchased_on": BOUGHT, "deadline": date(2026, 3, 2), "days_since": days}


def test_criteria_codes_and_order_are_the_contract():
    d = evaluate_partner_refund(purchase(BOUGHT), BOUGHT)
    assert [c.code for c in d.criteria] == ["within_30_days", "no_benefit_activated", "no_product_key_viewed"]
    assert d.failed == ()


@pytest.mark.parametrize(
    ("activated", "viewed", "late", "failed"),
    [
        (True, False, False, ("no_benefit_activated",)),
        (False, True, False, ("no_product_key_viewed",)),
        (True, True, False, ("no_benefit_activated", "no_product_key_viewed")),
        (True, True, True, ("within_30_days", "no_benefit_activated", "no_product_key_viewed")),
        (False, False, True, ("within_30_days",)),
    ],
)
def test_every_failing_criterion_is_reported(activated, viewed, late, failed):
    today = BOUGHT + timedelta(days=45 if late else 3)
    d = evaluate_partner_refund(purchase(BOUGHT, activated=activated, viewed=viewed), today)
    assert not d.eligible
    assert tuple(c.code for c in d.failed) == failed


def test_refund_amount_includes_tax():
    d = evaluate_partner_refund(purchase(amount="475.00", tax="47.50"), date(2026, 11, 3))
    assert (d.refund_amount, d.currency, d.purchase_id) == (Decimal("522.50"), "USD", "PPB-1")


@pytest.mark.parametrize(
    ("existing", "eligible"),
    [
        ((), True),
        ((refund("partner_benefit"),), False),
        ((refund("partner_benefit", "approved"),), False),
        ((refund("partner_tax"),), False),  # the tax was already given back: no second full refund
        ((refund("partner_benefit", "rejected"),), True),
        ((refund("partner_benefit", subject_id="PPB-OTHER"),), True),
    ],
)
def test_standing_refund_blocks_a_second_one(existing, eligible):
    d = evaluate_partner_refund(purchase(), date(2026, 11, 3), existing)
    assert d.eligible is eligible
    assert (d.criterion("not_already_refunded") is None) is eligible


@pytest.mark.parametrize(
    ("bought", "today", "eligible", "deadline"),
    [
        (date(2025, 3, 10), date(2026, 3, 10), True, date(2026, 3, 10)),   # exactly one year
        (date(2025, 3, 10), date(2026, 3, 11), False, date(2026, 3, 10)),  # a year and a day
        (date(2024, 2, 29), date(2025, 2, 28), True, date(2025, 2, 28)),   # leap day ends 28 Feb
        (date(2024, 2, 29), date(2025, 3, 1), False, date(2025, 2, 28)),
        (date(2027, 2, 28), date(2028, 2, 28), True, date(2028, 2, 28)),   # not 29 Feb in a leap year
        (date(2027, 2, 28), date(2028, 2, 29), False, date(2028, 2, 28)),
        (date(2027, 3, 1), date(2028, 3, 1), True, date(2028, 3, 1)),     # a calendar year, not 365 days
    ],
)
def test_tax_refund_one_calendar_year(bought, today, eligible, deadline):
    d = evaluate_tax_refund(customer(), purchase(bought), today)
    assert d.eligible is eligible
    assert d.deadline == deadline
    assert d.criterion("within_one_year").facts["deadline"] == deadline
    assert d.criterion("within_one_year").facts["days_since"] == (today - bought).days


def test_tax_refund_criteria_and_amount():
    d = evaluate_tax_refund(customer(), purchase(tax="47.50"), date(2026, 12, 1))
    assert [c.code for c in d.criteria] == ["tax_exempt", "tax_charged", "within_one_year", "no_full_refund"]
    assert d.eligible and (d.amount, d.currency) == (Decimal("47.50"), "USD")


@pytest.mark.parametrize(
    ("exempt", "tax", "failed"),
    [
        (False, "47.50", ("tax_exempt",)),
        (True, "0.00", ("tax_charged",)),
        (False, "0", ("tax_exempt", "tax_charged")),
    ],
)
def test_tax_refund_needs_exemption_and_tax(exempt, tax, failed):
    d = evaluate_tax_refund(customer(tax_exempt=exempt), purchase(tax=tax), date(2026, 12, 1))
    assert not d.eligible and tuple(c.code for c in d.failed) == failed


@pytest.mark.parametrize(
    ("existing", "failed"),
    [
        ((refund("partner_benefit"),), ("no_full_refund",)),
        ((refund("partner_benefit", "approved"),), ("no_full_refund",)),
        ((refund("partner_benefit", "rejected"),), ()),
        ((refund("partner_tax"),), ("not_already_refunded",)),
        ((refund("partner_tax", "rejected"),), ()),
    ],
)
def test_full_and_tax_refund_are_never_both_granted(existing, failed):
    d = evaluate_tax_refund(customer(), purchase(), date(2026, 12, 1), existing)
    assert tuple(c.code for c in d.failed) == failed
    assert d.eligible is (failed == ())


@pytest.mark.parametrize(
    ("exempt", "activated", "bought", "existing", "refund_ok", "offer"),
    [
        (True, False, date(2026, 11, 20), (), True, None),          # full refund: tax included, no offer
        (True, True, date(2026, 11, 20), (), False, Decimal("47.50")),  # refused, tax-exempt: offer the tax
        (False, True, date(2026, 11, 20), (), False, None),         # refused, not tax-exempt: nothing to offer
        (True, False, date(2026, 1, 10), (), False, Decimal("47.50")),  # too late for a full refund, in the year
        (True, False, date(2025, 11, 1), (), False, None),          # older than a year: nothing
        (True, True, date(2026, 11, 20), (refund("partner_tax"),), False, None),  # tax already asked for
    ],
)
def test_a_refused_benefit_refund_offers_the_tax_only_when_it_is_possible(exempt, activated, bought, existing,
                                                                          refund_ok, offer):
    from bot.rules.partner_refund import benefit_refund_outcome

    outcome = benefit_refund_outcome(customer(tax_exempt=exempt), purchase(bought, activated=activated),
                                     date(2026, 12, 1), existing)
    assert outcome.refund.eligible is refund_ok
    assert (outcome.tax_offer.amount if outcome.tax_offer else None) == offer
