"""Every code the rules can produce has its phrase in the catalogue, in both languages.

Catalogue keys such as ``criterion.<code>.pass`` and ``bills.reason.<code>`` are built at
run time from codes the pure rules return, so a new rule code without its phrase would
fail only when a customer hits it. This test reads the codes from the rule modules
themselves and crosses them with the catalogue.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.i18n import t
from bot.i18n.catalog import entries
from bot.rules import billing, cancellation

RULES = Path(__file__).resolve().parents[2] / "bot" / "rules"
CRITERION = re.compile(r'(?:Criterion|_window)\(\s*"([a-z0-9_]+)"')


def criterion_codes() -> set:
    """Partner-refund criteria: each is phrased as ``criterion.<code>.pass|fail``."""
    return set(CRITERION.findall((RULES / "partner_refund.py").read_text(encoding="utf-8")))


ITEM_STATES = {cancellation.NOT_CHARGED, cancellation.CHARGED, cancellation.SHIPPED, cancellation.ALREADY_CANCELLED}


def bill_reasons() -> set:
    return {billing.INITIAL_PURCHASE, billing.DEFERRED_LEGACY, billing.CATCH_UP, billing.ON_RENEWAL,
            billing.SAME_PERIOD, billing.UNEXPLAINED}


def test_the_scan_finds_the_known_codes():
    assert {"within_30_days", "within_one_year", "no_full_refund", "tax_exempt"} <= criterion_codes()


@pytest.mark.parametrize("code", sorted(criterion_codes()))
@pytest.mark.parametrize("outcome", ["pass", "fail"])
def test_every_criterion_has_both_phrases_in_both_languages(code, outcome):
    key = f"criterion.{code}.{outcome}"
    assert key in entries(), f"{key} missing from the catalogue"
    assert set(entries()[key]) >= {"en", "vi"}


@pytest.mark.parametrize("reason", sorted(bill_reasons()))
def test_every_billing_reason_has_a_phrase(reason):
    key = f"bills.reason.{reason}"
    assert key in entries(), f"{key} missing from the catalogue"
    for lang in ("en", "vi"):
        assert t(key, lang, date="1 Mar", period="1-31 Mar", amount="$1", renewal="1 Mar", billing_day="5")


@pytest.mark.parametrize("state", sorted(ITEM_STATES))
def test_every_item_state_is_phrased(state):
    assert f"state.{state}" in entries()
    if state != cancellation.NOT_CHARGED:  # the one state that can be cancelled
        assert f"cancel.item_cannot_{state}" in entries()


@pytest.mark.parametrize("reason", [cancellation.NOT_CHARGED, cancellation.ALREADY_CANCELLED,
                                    cancellation.ALREADY_REQUESTED])
def test_every_store_refund_refusal_is_phrased(reason):
    """Shipped or charged items are the refundable ones (``refund.item_eligible``)."""
    assert f"refund.item_{reason}" in entries(), f"refund.item_{reason} missing from the catalogue"
