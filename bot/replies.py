"""Turn decisions from ``bot.rules`` into text, in one language at a time.

Pure functions of (facts, decision, language): no Rasa, no database, so the
wording of every personalised answer is unit-testable. All words come from
the catalogue through ``t``; numbers and dates through the formatters.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Iterable, List, Sequence, Tuple

from bot.i18n import format_date, format_day_of_month, format_list, format_money, format_month, has_key, t
from bot.rules import charges
from bot.rules.balances import BalanceFact
from bot.rules.billing import ExtraCharge, MonthCharges, TwoBillsExplanation
from bot.rules.cancellation import ItemCancellation, OrderCancellation, StoreRefundDecision, item_state
from bot.rules.charges import ChargeLookup
from bot.rules.models import Order, OrderItem, OrderKind, PartnerPurchase
from bot.rules.partner_refund import PartnerRefundDecision, TaxRefundDecision

MARK = {True: "✓", False: "✗"}
# Facts whose values are codes from the data ("submitted"): shown through the
# catalogue, never raw, so a Vietnamese reader never sees an English status.
ENUM_FACTS = {"status": "refund.status"}


def lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def item_line(item: OrderItem, lang: str) -> str:
    return t("orders.item_line", lang, product=item.product, quantity=item.quantity,
             price=format_money(item.total, item.currency, lang),
             state=t(f"state.{item_state(item)}", lang))


def order_header(order: Order, lang: str) -> str:
    key = "orders.header_preorder" if order.kind == OrderKind.PREORDER else "orders.header"
    return t(key, lang, order_id=order.id, placed=format_date(order.placed_at, lang))


def order_choices(orders: Sequence[Order], lang: str) -> str:
    """"Which order?" with what is in each, so a customer without the number can name a product."""
    rows = [t("cancel.order_choice", lang, order=order_header(o, lang).rstrip(":"),
              products=format_list((i.product for i in o.items), lang)) for o in orders]
    return lines(t("cancel.choose_order", lang), *rows, t("cancel.choose_order_hint", lang))


def purchase_choices(purchases: Sequence[PartnerPurchase], lang: str) -> str:
    """"Which purchase?" with each benefit, date and amount, so it can be named in words."""
    rows = [t("partner.purchase_choice", lang, purchase_id=p.id, benefit=p.benefit,
              date=format_date(p.purchased_on, lang), amount=format_money(p.amount, p.currency, lang))
            for p in purchases]
    return lines(t("partner.choose_purchase", lang), *rows)


def order_status(orders: Sequence[Order], lang: str) -> str:
    blocks = [lines(order_header(o, lang), *(item_line(i, lang) for i in o.items)) for o in orders]
    return lines(t("orders.status_intro", lang), *blocks)


def cancellation_line(decision: ItemCancellation, lang: str) -> str:
    key = "cancel.item_can" if decision.cancellable else f"cancel.item_cannot_{decision.reason}"
    return t(key, lang, product=decision.product)


def order_items(order: Order, decision: OrderCancellation, lang: str) -> str:
    return lines(order_header(order, lang), *(cancellation_line(d, lang) for d in decision.items))


def item_not_cancellable(decision: ItemCancellation, lang: str) -> str:
    alternatives = t("cancel.alternatives", lang) if decision.alternatives else ""
    return lines(cancellation_line(decision, lang), alternatives)


def cancel_result(result, order: Order | None, lang: str) -> str:
    names = {i.id: i.product for i in (order.items if order else ())}
    out: List[str] = []
    if result.cancelled:
        products = format_list((names.get(i, i) for i in result.cancelled), lang)
        out += [t("cancel.done", lang, products=products, order_id=order.id if order else ""),
                t("cancel.email_note", lang)]
    for item_id in result.already_cancelled:
        out.append(t("cancel.was_already", lang, product=names.get(item_id, item_id)))
    for item_id, reason in result.refused:
        out.append(t(f"cancel.item_cannot_{reason}", lang, product=names.get(item_id, item_id)))
    if result.refused:
        out.append(t("cancel.alternatives", lang))
    if not out:
        out.append(t("cancel.nothing_done", lang))
    return lines(*out)


def store_refund_items(decisions: Iterable[Tuple[Order, StoreRefundDecision]], lang: str) -> str:
    out = [t("refund.items_intro", lang)]
    for order, d in decisions:
        key = "refund.item_eligible" if d.eligible else f"refund.item_{d.reason}"
        out.append(t(key, lang, product=d.product, order_id=order.id,
                     amount=format_money(d.amount, d.currency, lang)))
    return lines(*out)


def purchase_label(p: PartnerPurchase, lang: str) -> str:
    return t("partner.purchase_label", lang, benefit=p.benefit, purchase_id=p.id, date=format_date(p.purchased_on, lang),
             amount=format_money(p.amount, p.currency, lang))


def _fact_text(name: str, value: object, currency: str, lang: str) -> object:
    if name in ENUM_FACTS and isinstance(value, str):
        key = f"{ENUM_FACTS[name]}.{value}"
        if not has_key(key):
            raise KeyError(f"no catalogue entry {key!r} for the {name} value {value!r}")
        return t(key, lang)
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Decimal):
        return format_money(value, currency, lang)
    return value


def criterion_line(code: str, passed: bool, facts: dict, lang: str) -> str:
    params = {k: _fact_text(k, v, facts.get("currency", ""), lang) for k, v in facts.items()}
    return f"{MARK[passed]} " + t(f"criterion.{code}.{'pass' if passed else 'fail'}", lang, **params)


def partner_refund(purchase: PartnerPurchase, decision: PartnerRefundDecision, lang: str) -> str:
    head = t("partner.evaluating", lang, label=purchase_label(purchase, lang))
    crit = [criterion_line(c.code, c.passed, dict(c.facts), lang) for c in decision.criteria]
    verdict = (t("partner.eligible", lang, amount=format_money(decision.refund_amount, decision.currency, lang))
               if decision.eligible else t("partner.not_eligible", lang, count=len(decision.failed)))
    return lines(head, *crit, verdict)


def tax_refund(purchase: PartnerPurchase, decision: TaxRefundDecision, lang: str) -> str:
    head = t("tax.evaluating", lang, label=purchase_label(purchase, lang))
    crit = [criterion_line(c.code, c.passed, dict(c.facts), lang) for c in decision.criteria]
    verdict = (t("tax.eligible", lang, amount=format_money(decision.amount, decision.currency, lang),
                 deadline=format_date(decision.deadline, lang))
               if decision.eligible else t("tax.not_eligible", lang))
    return lines(head, *crit, verdict)


def _period(fact, lang: str) -> str:
    return t("bills.period", lang, start=format_date(fact.service_from, lang),
             end=format_date(fact.service_to, lang))


def two_bills(expl: TwoBillsExplanation, lang: str) -> str:
    out = [t("bills.days", lang, product=expl.product, billing_day=format_day_of_month(expl.billing_day, lang),
             renewal_day=format_day_of_month(expl.renewal_day, lang))]
    for pair in expl.pairs:
        when = (t("bills.in_month", lang, month=format_month(pair.month, lang)) if pair.month
                else t("bills.close_together", lang))
        out.append(t("bills.pair_intro", lang, when=when, product=expl.product))
        for fact, reason in ((pair.first, pair.first_reason), (pair.second, pair.second_reason)):
            out.append(t(f"bills.reason.{reason}", lang, date=format_date(fact.billed_on, lang),
                         amount=format_money(fact.amount, expl.currency, lang), period=_period(fact, lang)))
    if expl.needs_review:
        out.append(t("bills.needs_review", lang))
    elif expl.one_charge_per_period_from:
        out.append(t("bills.from_now_on", lang, renewal_day=format_day_of_month(expl.renewal_day, lang),
                     since=format_date(expl.one_charge_per_period_from, lang)))
    return lines(*out)


def latest_doubled_brief(expl: TwoBillsExplanation, lang: str) -> str:
    """The latest month with two charges, named only: its explanation was just given."""
    pair = expl.pairs[-1]
    month = pair.month or pair.second.billed_on
    return t("bills.latest_doubled_brief", lang, product=expl.product, month=format_month(month, lang))


def once_a_month_ahead(expl: TwoBillsExplanation, lang: str) -> str | None:
    """"Will I be billed twice again?" after two bills: once a month from when on, and on which day;
    None when the charges need a person's review (no promise can be made)."""
    if expl.needs_review or not expl.one_charge_per_period_from:
        return None
    return t("bills.once_a_month_ahead", lang, product=expl.product,
             since=format_date(expl.one_charge_per_period_from, lang),
             renewal_day=format_day_of_month(expl.renewal_day, lang))


def month_charges(summary: MonthCharges, lang: str) -> str:
    """A month with one charge per subscription (or none), said plainly."""
    month = format_month(summary.month, lang)
    if not summary.charges:
        return t("bills.month_none", lang, month=month)
    rows = [t("bills.month_line", lang, product=product, amount=format_money(c.amount, c.currency, lang),
              date=format_date(c.billed_on, lang), period=_period(c, lang)) for product, c in summary.charges]
    return lines(t("bills.month_single", lang, month=month), *rows)


def recent_charges(expl: TwoBillsExplanation, lang: str) -> str:
    rows = [t("bills.charge_line", lang, date=format_date(c.billed_on, lang),
              amount=format_money(c.amount, expl.currency, lang), period=_period(c, lang))
            for c in expl.recent_charges]
    return lines(t("bills.recent", lang, product=expl.product), *rows)


def balances(facts: Sequence[BalanceFact], lang: str) -> str:
    rows = [t("balance.line", lang, product=f.product, amount=format_money(f.amount, f.currency, lang),
              date=format_date(f.billed_on, lang), period=_period(f, lang)) for f in facts]
    return lines(*rows)


def charge_lookup(lookup: ChargeLookup, lang: str) -> str:
    """The charges a customer asked about, said as well as they fit what was quoted."""
    query = lookup.query
    amount = format_money(query.amount, query.currency or _ledger_currency(lookup), lang) \
        if query.amount is not None else ""
    when = _when(query, lang)
    out: List[str] = []
    if lookup.outcome == charges.MATCHED:
        out.append(t("charges.matched", lang, count=len(lookup.found)))
    elif lookup.outcome == charges.SAME_AMOUNT_OTHER_TIME:
        out.append(t("charges.same_amount_other_time", lang, amount=amount, when=when))
    elif lookup.outcome == charges.SAME_TIME_OTHER_AMOUNT:
        out.append(t("charges.same_time_other_amount", lang, amount=amount, when=when))
    elif lookup.outcome == charges.OTHER_CURRENCY:
        out.append(t("charges.other_currency", lang, amount=amount, currency=_ledger_currency(lookup)))
        out.append(t("charges.intro_when", lang, when=when) if query.names_time else t("charges.intro_latest", lang))
    elif lookup.found:
        if lookup.outcome == charges.NO_MATCH:
            out.append(t("charges.no_match", lang))
        out.append(t("charges.intro_latest", lang))
    if not lookup.found:
        return lines(*out, t("charges.none", lang))
    out += [t("charges.line", lang, product=f.product, amount=format_money(f.charge.amount, f.charge.currency, lang),
              date=format_date(f.charge.billed_on, lang), period=_period(f.charge, lang),
              status=t(f"charges.status.{f.charge.status.value}", lang)) for f in lookup.found]
    out += [t("charges.cancelled", lang, product=p) for p in dict.fromkeys(f.product for f in lookup.cancelled)]
    return lines(*out)


def _ledger_currency(lookup: ChargeLookup) -> str:
    return lookup.found[0].charge.currency if lookup.found else "USD"


def _when(query: charges.ChargeQuery, lang: str) -> str:
    if query.month is None:
        return ""
    if query.day is None:
        return t("charges.when.month", lang, month=format_month(query.month, lang))
    return t("charges.when.day", lang, date=format_date(query.month.replace(day=query.day), lang))


def extra_charge(extra: ExtraCharge, lang: str) -> str:
    """"Which one is the extra one?": the later bill of a month with two, and why."""
    fact = extra.charge
    return t("bills.extra_review" if extra.needs_review else "bills.extra", lang, product=extra.product,
             date=format_date(fact.billed_on, lang), amount=format_money(fact.amount, fact.currency, lang),
             period=_period(fact, lang))
