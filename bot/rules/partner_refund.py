"""Refunds for AI Cloud Partner Program benefits (formerly Microsoft Partner Network).

Source: the partner-centre article "Refunds for Microsoft AI Cloud Partner
Program benefits". A benefit purchase (action pack, solutions-partner benefits,
legacy gold/silver benefits) is refundable only if it is at most 30 days old,
no benefit was activated or used and no product key was viewed. Tax-exempt
partners may instead get the tax back for one year. A full refund already
includes the tax, so the two are never both granted for one purchase.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Sequence, Tuple

from dateutil.relativedelta import relativedelta

from .decision import Criterion, ExplainedMixin, all_passed
from .models import Customer, PartnerPurchase, RefundKind, RefundRequest, RefundStatus

REFUND_WINDOW = timedelta(days=30)
TAX_REFUND_WINDOW = relativedelta(years=1)

PARTNER_BENEFIT = RefundKind.PARTNER_BENEFIT
PARTNER_TAX = RefundKind.PARTNER_TAX


@dataclass(frozen=True)
class PartnerRefundDecision(ExplainedMixin):
    purchase_id: str
    eligible: bool
    criteria: Tuple[Criterion, ...]
    refund_amount: Decimal  # amount + tax: a full refund includes the tax
    currency: str


@dataclass(frozen=True)
class TaxRefundDecision(ExplainedMixin):
    purchase_id: str
    eligible: bool
    criteria: Tuple[Criterion, ...]
    amount: Decimal  # the tax charged
    currency: str
    deadline: date


def refund_deadline(purchase: PartnerPurchase) -> date:
    """Last day a full refund may be requested: day 30 is in, day 31 is out."""
    return purchase.purchased_on + REFUND_WINDOW


def tax_refund_deadline(purchase: PartnerPurchase) -> date:
    """Last day for a tax refund: one calendar year (29 Feb ends on 28 Feb)."""
    return purchase.purchased_on + TAX_REFUND_WINDOW


def live_refunds(
    refunds: Sequence[RefundRequest], subject_id: str, kinds: Sequence[str]
) -> Tuple[RefundRequest, ...]:
    """Requests for ``subject_id`` of the given kinds that still stand.

    A rejected request never happened as far as money is concerned, so it does
    not block a new one.
    """
    return tuple(
        r for r in refunds
        if r.subject_id == subject_id and r.kind in kinds and r.status != RefundStatus.REJECTED
    )


def _window(code: str, purchased_on: date, deadline: date, today: date) -> Criterion:
    return Criterion(
        code,
        today <= deadline,
        {"purchased_on": purchased_on, "deadline": deadline,
         "days_since": (today - purchased_on).days},
    )


def _not_already_refunded(existing: Tuple[RefundRequest, ...]) -> Criterion | None:
    """Added only when a standing request exists, so the usual criteria stay the usual three."""
    if not existing:
        return None
    first = existing[0]
    return Criterion(
        "not_already_refunded",
        False,
        {"refund_id": first.id, "kind": first.kind, "status": first.status,
         "amount": first.amount, "currency": first.currency},
    )


def evaluate_partner_refund(
    purchase: PartnerPurchase,
    today: date,
    existing_refunds: Sequence[RefundRequest] = (),
) -> PartnerRefundDecision:
    """Decide a full refund of a partner benefit purchase, reporting every failing criterion.

    Criteria, in order: ``within_30_days``, ``no_benefit_activated``,
    ``no_product_key_viewed``; plus ``not_already_refunded`` (always failing)
    when a full or tax refund for this purchase is already submitted or approved.
    """
    criteria = [
        _window("within_30_days", purchase.purchased_on, refund_deadline(purchase), today),
        Criterion("no_benefit_activated", not purchase.benefits_activated,
                  {"benefits_activated": purchase.benefits_activated}),
        Criterion("no_product_key_viewed", not purchase.product_keys_viewed,
                  {"product_keys_viewed": purchase.product_keys_viewed}),
    ]
    prior = _not_already_refunded(
        live_refunds(existing_refunds, purchase.id, (PARTNER_BENEFIT, PARTNER_TAX))
    )
    if prior is not None:
        criteria.append(prior)
    return PartnerRefundDecision(
        purchase_id=purchase.id,
        eligible=all_passed(criteria),
        criteria=tuple(criteria),
        refund_amount=purchase.amount + purchase.tax_amount,
        currency=purchase.currency,
    )


def evaluate_tax_refund(
    customer: Customer,
    purchase: PartnerPurchase,
    today: date,
    existing_refunds: Sequence[RefundRequest] = (),
) -> TaxRefundDecision:
    """Decide a tax-only refund for a tax-exempt partner.

    Criteria, in order: ``tax_exempt``, ``tax_charged``, ``within_one_year``,
    ``no_full_refund``; plus ``not_already_refunded`` (always failing) when a
    tax refund for this purchase is already submitted or approved.
    """
    deadline = tax_refund_deadline(purchase)
    full = live_refunds(existing_refunds, purchase.id, (PARTNER_BENEFIT,))
    criteria = [
        Criterion("tax_exempt", customer.tax_exempt,
                  {"customer_id": customer.id, "tax_exempt": customer.tax_exempt}),
        Criterion("tax_charged", purchase.tax_amount > 0,
                  {"tax_amount": purchase.tax_amount, "currency": purchase.currency}),
        _window("within_one_year", purchase.purchased_on, deadline, today),
        Criterion("no_full_refund", not full,
                  {"refund_id": full[0].id if full else None,
                   "status": full[0].status if full else None}),
    ]
    prior = _not_already_refunded(live_refunds(existing_refunds, purchase.id, (PARTNER_TAX,)))
    if prior is not None:
        criteria.append(prior)
    return TaxRefundDecision(
        purchase_id=purchase.id,
        eligible=all_passed(criteria),
        criteria=tuple(criteria),
        amount=purchase.tax_amount,
        currency=purchase.currency,
        deadline=deadline,
    )


@dataclass(frozen=True)
class BenefitRefundOutcome:
    """A benefit-refund request as a whole: the decision, and what to offer when it fails.

    ``tax_offer`` is set only when the full refund is refused and a tax-only refund is
    possible: the article's fallback for tax-exempt partners. A granted full refund
    already includes the tax, so nothing is offered then.
    """

    refund: PartnerRefundDecision
    tax_offer: TaxRefundDecision | None


def benefit_refund_outcome(
    customer: Customer,
    purchase: PartnerPurchase,
    today: date,
    existing_refunds: Sequence[RefundRequest] = (),
) -> BenefitRefundOutcome:
    """Decide the benefit refund and, if refused, whether to offer the tax back instead."""
    refund = evaluate_partner_refund(purchase, today, existing_refunds)
    if refund.eligible:
        return BenefitRefundOutcome(refund, None)
    tax = evaluate_tax_refund(customer, purchase, today, existing_refunds)
    return BenefitRefundOutcome(refund, tax if tax.eligible else None)
