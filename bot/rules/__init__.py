"""Business rules from the support articles, as pure, explainable functions.

Everything here takes plain dataclasses (``bot.rules.models``) and an explicit
``today``; nothing imports Rasa, a database or does I/O. Decisions carry their
criteria and the dates and amounts behind them so the assistant can say why.
"""
from .balances import BalanceFact, balance_facts
from .billing import (
    ChargeFact,
    DoubledPair,
    TwoBillsExplanation,
    billing_day,
    charge_date,
    explain_customer_charges,
    explain_two_bills,
    first_new_billing_renewal,
)
from .cancellation import (
    ItemCancellation,
    OrderCancellation,
    StoreRefundDecision,
    evaluate_item_cancellation,
    evaluate_order_cancellation,
    evaluate_store_refund,
)
from .decision import Criterion
from .from_dict import Dataset, dataset_from_dict, model_from_dict
from .models import (
    Charge,
    Customer,
    Order,
    OrderItem,
    PartnerPurchase,
    RefundRequest,
    Subscription,
)
from .partner_refund import (
    PartnerRefundDecision,
    TaxRefundDecision,
    evaluate_partner_refund,
    evaluate_tax_refund,
)

__all__ = [
    "BalanceFact", "Charge", "ChargeFact", "Criterion", "Customer", "Dataset",
    "DoubledPair", "ItemCancellation", "Order", "OrderCancellation", "OrderItem",
    "PartnerPurchase", "PartnerRefundDecision", "RefundRequest",
    "StoreRefundDecision", "Subscription", "TaxRefundDecision", "TwoBillsExplanation",
    "balance_facts", "billing_day", "charge_date",
    "dataset_from_dict", "evaluate_item_cancellation", "evaluate_order_cancellation",
    "evaluate_partner_refund", "evaluate_store_refund", "evaluate_tax_refund",
    "explain_customer_charges", "explain_two_bills", "first_new_billing_renewal",
    "model_from_dict",
]
