"""The repository the actions call: scoped reads and two idempotent mutations.

Rules of this module, and why:
- Every read takes the customer id and filters on it in SQL. There is deliberately no
  "get any order by id": the only unscoped lookup is ``verify_order_owner``, which needs
  the order id *and* the owner's email and answers only with the customer id.
- Results are ``bot.rules.models`` dataclasses, never ORM rows.
- Each method is one unit of work (its own session and transaction). Methods block;
  the action server calls them in a worker thread. Queries are single-key lookups.
- Ids that cannot exist (not a string, empty, too long, NUL or unpaired surrogates)
  find nothing and raise nothing; values always travel as bound parameters.
"""
from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Sequence, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.data.document import zone_text
from bot.data.engine import get_engine, session_scope
from bot.data.mapping import (
    to_customer,
    to_item,
    to_order,
    to_purchase,
    to_refund,
    to_subscription,
)
from bot.data.schema import (
    AuditLogRow,
    CustomerRow,
    OrderItemRow,
    OrderRow,
    PartnerPurchaseRow,
    RefundRequestRow,
    SubscriptionRow,
)
from bot.rules.models import (
    Customer,
    Order,
    PartnerPurchase,
    RefundKind,
    RefundRequest,
    RefundStatus,
    Subscription,
)

MAX_ID_LENGTH = 100
REFUND_KINDS = tuple(k.value for k in RefundKind)
ALREADY_CANCELLED = "already_cancelled"


class NotFound(LookupError):
    """The subject does not exist *for this customer* (we never say which)."""


@dataclass(frozen=True)
class CancelResult:
    """Outcome of ``Store.cancel_items``, one bucket per requested item id."""

    cancelled: Tuple[str, ...] = ()
    already_cancelled: Tuple[str, ...] = ()
    refused: Tuple[Tuple[str, str], ...] = ()  # (item_id, reason: "shipped" | "charged" | ...)
    not_found: Tuple[str, ...] = ()


def clean_id(value: Any) -> str | None:
    """``value`` if it could be a stored id, else None (so it can match nothing)."""
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_LENGTH or "\x00" in value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def _email_digest(email: Any) -> bytes:
    text = email.strip().casefold() if isinstance(email, str) else ""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _aware(now: datetime) -> datetime:
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now


class Store:
    """Order data for the assistant. ``url`` defaults to ``SUPPORT_DB_URL``."""

    def __init__(self, url: str | None = None):
        self.engine = get_engine(url)

    # --- scoped reads -------------------------------------------------------------

    def get_customer(self, customer_id: str) -> Customer | None:
        cid = clean_id(customer_id)
        if cid is None:
            return None
        with session_scope(self.engine) as s:
            row = s.get(CustomerRow, cid)
            return to_customer(row) if row is not None else None

    def list_orders(self, customer_id: str) -> List[Order]:
        return [to_order(o) for o in self._scoped(OrderRow, customer_id)]

    def get_order(self, customer_id: str, order_id: str) -> Order | None:
        rows = self._scoped(OrderRow, customer_id, order_id)
        return to_order(rows[0]) if rows else None

    def list_partner_purchases(self, customer_id: str) -> List[PartnerPurchase]:
        return [to_purchase(p) for p in self._scoped(PartnerPurchaseRow, customer_id)]

    def get_partner_purchase(self, customer_id: str, purchase_id: str) -> PartnerPurchase | None:
        rows = self._scoped(PartnerPurchaseRow, customer_id, purchase_id)
        return to_purchase(rows[0]) if rows else None

    def list_subscriptions(self, customer_id: str) -> List[Subscription]:
        return [to_subscription(s) for s in self._scoped(SubscriptionRow, customer_id)]

    def list_refund_requests(self, customer_id: str) -> List[RefundRequest]:
        return [to_refund(r) for r in self._scoped(RefundRequestRow, customer_id)]

    def _scoped(self, model: Any, customer_id: Any, *record_id: Any) -> List[Any]:
        """Rows of ``model`` owned by ``customer_id`` (or just its ``record_id``).
        Children (items, charges) are loaded eagerly ("selectin") before the session
        closes."""
        cid = clean_id(customer_id)
        if cid is None:
            return []
        query = select(model).where(model.customer_id == cid)
        if record_id:
            rid = clean_id(record_id[0])
            if rid is None:
                return []
            query = query.where(model.id == rid)
        with session_scope(self.engine) as s:
            return list(s.execute(query.order_by(model.seq, model.id)).scalars().all())

    # --- anonymous verification ---------------------------------------------------

    def verify_order_owner(self, order_id: str, email: str) -> str | None:
        """The customer id owning ``order_id`` if ``email`` is theirs, else None.

        "No such order" and "wrong email" are indistinguishable: the same query runs
        (a placeholder id when the input cannot be an id), and the same digest
        comparison runs against a dummy when nothing was found, in constant time.
        """
        oid = clean_id(order_id) or "\x01no-such-order"
        query = (select(CustomerRow.id, CustomerRow.email)
                 .join(OrderRow, OrderRow.customer_id == CustomerRow.id)
                 .where(OrderRow.id == oid))
        with session_scope(self.engine) as s:
            found = s.execute(query).first()
        stored = found.email if found is not None else "\x01no-email"
        matches = hmac.compare_digest(_email_digest(email), _email_digest(stored))
        return found.id if (found is not None and matches and clean_id(order_id)) else None

    # --- mutations ----------------------------------------------------------------

    def cancel_items(self, customer_id: str, order_id: str, item_ids: Sequence[str],
                     conversation_id: str, now: datetime) -> CancelResult:
        """Cancel the items of one of the customer's orders, in one transaction.

        Each item is re-checked under lock with the cancellation rule, so a stale
        decision made earlier in the conversation can never cancel a shipped item.
        Already-cancelled items are reported, not rewritten (idempotent). Ids not in
        this customer's order are ``not_found``. Every cancellation is audited.
        """
        from bot.rules.cancellation import evaluate_item_cancellation  # rules import lazily

        now = _aware(now)
        requested = list(dict.fromkeys(i for i in (item_ids or ()) if isinstance(i, str)))
        cid, oid = clean_id(customer_id), clean_id(order_id)
        if cid is None or oid is None:
            return CancelResult(not_found=tuple(requested))
        buckets: Dict[str, List[Any]] = {"cancelled": [], "already": [], "refused": [], "missing": []}
        with session_scope(self.engine, write=True) as s:
            rows = {row.id: row for row in self._items_for_update(s, cid, oid, requested)}
            for item_id in requested:
                row = rows.get(item_id)
                if row is None:
                    buckets["missing"].append(item_id)
                    continue
                verdict = evaluate_item_cancellation(to_item(row))
                if verdict.reason == ALREADY_CANCELLED:
                    buckets["already"].append(item_id)
                elif not verdict.cancellable:
                    buckets["refused"].append((item_id, verdict.reason))
                else:
                    row.cancelled_at, row.cancelled_at_zone = now, zone_text(now)
                    s.add(_audit(now, cid, conversation_id, "cancel_item", item_id,
                                 {"order_id": oid, "product": row.product,
                                  "quantity": row.quantity}))
                    buckets["cancelled"].append(item_id)
        return CancelResult(cancelled=tuple(buckets["cancelled"]),
                            already_cancelled=tuple(buckets["already"]),
                            refused=tuple(buckets["refused"]),
                            not_found=tuple(buckets["missing"]))

    @staticmethod
    def _items_for_update(s: Session, cid: str, oid: str, item_ids: List[str]) -> List[Any]:
        ids = [i for i in (clean_id(x) for x in item_ids) if i is not None]
        if not ids:
            return []
        query = (select(OrderItemRow)
                 .join(OrderRow, OrderItemRow.order_id == OrderRow.id)
                 .where(OrderRow.customer_id == cid, OrderRow.id == oid,
                        OrderItemRow.id.in_(ids))
                 .order_by(OrderItemRow.id)  # one lock order: no deadlocks between cancels
                 .with_for_update(of=OrderItemRow)
                 .execution_options(populate_existing=True))
        return list(s.execute(query).scalars().all())

    def create_refund_request(self, customer_id: str, subject_id: str, kind: str,
                              amount: Decimal, currency: str, conversation_id: str,
                              now: datetime) -> Tuple[RefundRequest, bool]:
        """Submit a refund request; returns ``(request, created)``.

        Idempotent: if this customer already has a submitted or approved request for
        the same subject and kind, that one is returned with ``created=False``.
        The subject must be the customer's own partner purchase (``partner_benefit``,
        ``partner_tax``) or order item (``store_item``); otherwise ``NotFound`` is
        raised, the same for "not yours" and "does not exist". Bad ``kind``, amount or
        currency raise ``ValueError``. Whether the refund is *allowed* is the rules'
        decision, made before calling this.
        """
        now = _aware(now)
        _check_refund_values(kind, amount, currency)
        cid, sid = clean_id(customer_id), clean_id(subject_id)
        if cid is None or sid is None:
            raise NotFound(subject_id)
        with session_scope(self.engine, write=True) as s:
            if not _lock_subject(s, cid, sid, kind):
                raise NotFound(subject_id)
            existing = s.execute(
                select(RefundRequestRow)
                .where(RefundRequestRow.customer_id == cid, RefundRequestRow.subject_id == sid,
                       RefundRequestRow.kind == kind, RefundRequestRow.status != RefundStatus.REJECTED.value)
                .order_by(RefundRequestRow.seq)).scalars().first()
            if existing is not None:
                return to_refund(existing), False
            row = RefundRequestRow(
                id=_new_refund_id(s), seq=_next_seq(s), customer_id=cid, subject_id=sid,
                kind=kind, amount=Decimal(amount), currency=currency, created_at=now,
                created_at_zone=zone_text(now), status=RefundStatus.SUBMITTED.value)
            s.add(row)
            s.add(_audit(now, cid, conversation_id, "create_refund_request", sid,
                         {"refund_id": row.id, "kind": kind, "amount": str(amount),
                          "currency": currency}))
            s.flush()
            return to_refund(row), True

    def record_handoff(self, customer_id: str | None, conversation_id: str, now: datetime) -> None:
        """Record that a conversation was handed to a human (audited like any change)."""
        now = _aware(now)
        with session_scope(self.engine, write=True) as s:
            s.add(_audit(now, clean_id(customer_id) if customer_id else None, conversation_id,
                         "human_handoff", None, {}))

    def record_verification(self, order_id: str, ok: bool, conversation_id: str, now: datetime) -> None:
        """Audit one order-number-plus-email check (the attempt limit counts these rows)."""
        oid = clean_id(order_id)
        if not oid:
            return
        with session_scope(self.engine, write=True) as s:
            s.add(_audit(_aware(now), None, conversation_id,
                         "verification_ok" if ok else "verification_failed", oid, {}))

    def failed_verifications(self, order_id: str, since: datetime) -> int:
        """Failed checks for ``order_id`` since ``since`` and since its last success.

        Counted per order in the database, not per conversation, so starting a
        new conversation (or "Start over") does not reset the limit.
        """
        oid = clean_id(order_id)
        if not oid:
            return 0
        query = (select(AuditLogRow.action).where(AuditLogRow.subject_id == oid)
                 .where(AuditLogRow.action.in_(("verification_ok", "verification_failed")))
                 .where(AuditLogRow.at >= _aware(since)).order_by(AuditLogRow.id.desc()))
        failed = 0
        with session_scope(self.engine) as s:
            for action in s.execute(query).scalars():
                if action == "verification_ok":
                    break
                failed += 1
        return failed

    # --- audit --------------------------------------------------------------------

    def audit_log(self, customer_id: str | None = None) -> List[Dict[str, Any]]:
        """Audit rows (oldest first), optionally for one customer. For operators/tests."""
        query = select(AuditLogRow).order_by(AuditLogRow.id)
        if customer_id is not None:
            query = query.where(AuditLogRow.customer_id == clean_id(customer_id))
        with session_scope(self.engine) as s:
            return [dict(at=r.at, customer_id=r.customer_id, conversation_id=r.conversation_id,
                         action=r.action, subject_id=r.subject_id, details=r.details)
                    for r in s.execute(query).scalars()]


def _audit(now: datetime, customer_id: str | None, conversation_id: Any, action: str,
           subject_id: str | None, details: Dict[str, Any]) -> AuditLogRow:
    conversation = conversation_id if isinstance(conversation_id, str) else None
    return AuditLogRow(at=now, customer_id=customer_id, conversation_id=conversation,
                       action=action, subject_id=subject_id, details=details)


def _check_refund_values(kind: Any, amount: Any, currency: Any) -> None:
    if kind not in REFUND_KINDS:
        raise ValueError(f"unknown refund kind {kind!r}")
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 \
            or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e10"):
        raise ValueError("amount must be a non-negative Decimal with at most 2 decimals")
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isascii()
            and currency.isupper() and currency.isalpha()):
        raise ValueError("currency must be an ISO 4217 code")


def _lock_subject(s: Session, cid: str, sid: str, kind: str) -> bool:
    """Lock the refunded subject (serialises concurrent requests for it) and say
    whether it is this customer's."""
    if kind == RefundKind.STORE_ITEM:
        query = (select(OrderItemRow.id).join(OrderRow, OrderItemRow.order_id == OrderRow.id)
                 .where(OrderRow.customer_id == cid, OrderItemRow.id == sid)
                 .with_for_update(of=OrderItemRow))
    else:
        query = (select(PartnerPurchaseRow.id)
                 .where(PartnerPurchaseRow.customer_id == cid, PartnerPurchaseRow.id == sid)
                 .with_for_update())
    return s.execute(query).first() is not None


def _new_refund_id(s: Session) -> str:
    while True:
        candidate = "RFD-" + uuid.uuid4().hex[:8].upper()
        if s.get(RefundRequestRow, candidate) is None:
            return candidate


def _next_seq(s: Session) -> int:
    return (s.execute(select(func.max(RefundRequestRow.seq))).scalar() or 0) + 1
