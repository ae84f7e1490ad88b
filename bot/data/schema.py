"""SQLAlchemy ORM tables for the order data set and the audit log.

One table per collection of the exchange format (``../shared/fixtures/FORMAT.md``).
Design choices, and why:

- Money is ``Numeric(12, 2)`` (``Money``: integer cents on SQLite) read back as ``Decimal``: floats would turn "9.99" into
  9.9900000000000002 and break both refund amounts and the load/export round trip.
- Instants are stored in UTC (``UTCDateTime``) so comparisons and ordering are right on
  every backend, *plus* the zone designator the document used (``*_zone``: ``"Z"`` or
  ``"+07:00"``) so ``export`` writes back exactly the instant text that was loaded.
- ``seq`` keeps each collection's document order, so an export lists things in the
  order they were loaded (and new refund requests after them).
- The audit log has no foreign keys on purpose: it is history, and it outlives the data
  set it describes (``load`` replaces the data set but keeps the log).
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

Base = declarative_base()

ID = String(100)  # ids longer than this are rejected by validation and can never match
ZONE = String(6)  # "Z" or "+HH:MM"


class UTCDateTime(TypeDecorator):
    """An aware ``datetime`` stored in UTC and always returned aware (UTC).

    PostgreSQL's ``timestamptz`` already keeps the instant; SQLite has no zone type and
    would hand back naive values, so naive results are read as UTC and binds are
    normalised to naive UTC there (text comparison then orders correctly).
    Naive input is refused: a wall-clock time without a zone is not an instant.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"instants must be timezone-aware datetimes, got {value!r}")
        utc = value.astimezone(timezone.utc)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Money(TypeDecorator):
    """``Decimal`` with two places: ``NUMERIC(12,2)`` where the database has exact
    decimals, integer cents on SQLite (whose NUMERIC is a float underneath)."""

    impl = Numeric(12, 2, asdecimal=True)
    cache_ok = True
    CENT = Decimal("0.01")

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        value = Decimal(value).quantize(self.CENT)
        return int(value * 100) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(value) / 100).quantize(self.CENT)
        return Decimal(value).quantize(self.CENT)


MONEY = Money()


class CustomerRow(Base):
    __tablename__ = "customers"
    id = Column(ID, primary_key=True)
    seq = Column(Integer, nullable=False)
    name = Column(Text, nullable=False)
    email = Column(Text, nullable=False)
    preferred_language = Column(String(2), nullable=False)
    first_purchase_on = Column(Date, nullable=False)
    partner_id = Column(ID, nullable=True)
    tax_exempt = Column(Boolean, nullable=False, default=False)


class OrderRow(Base):
    __tablename__ = "orders"
    id = Column(ID, primary_key=True)
    seq = Column(Integer, nullable=False)
    customer_id = Column(ID, ForeignKey("customers.id"), nullable=False, index=True)
    placed_at = Column(UTCDateTime, nullable=False)
    placed_at_zone = Column(ZONE, nullable=False, default="Z")
    kind = Column(String(16), nullable=False)
    items = relationship("OrderItemRow", order_by="OrderItemRow.seq", lazy="selectin")


class OrderItemRow(Base):
    __tablename__ = "order_items"
    id = Column(ID, primary_key=True)
    order_id = Column(ID, ForeignKey("orders.id"), nullable=False, index=True)
    seq = Column(Integer, nullable=False)
    product = Column(Text, nullable=False)
    quantity = Column(Integer, nullable=False)
    unit_price = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    digital = Column(Boolean, nullable=False, default=False)
    charged_at = Column(UTCDateTime, nullable=True)
    charged_at_zone = Column(ZONE, nullable=True)
    shipped_at = Column(UTCDateTime, nullable=True)
    shipped_at_zone = Column(ZONE, nullable=True)
    cancelled_at = Column(UTCDateTime, nullable=True)
    cancelled_at_zone = Column(ZONE, nullable=True)


class PartnerPurchaseRow(Base):
    __tablename__ = "partner_purchases"
    id = Column(ID, primary_key=True)
    seq = Column(Integer, nullable=False)
    customer_id = Column(ID, ForeignKey("customers.id"), nullable=False, index=True)
    benefit = Column(Text, nullable=False)
    purchased_on = Column(Date, nullable=False)
    amount = Column(MONEY, nullable=False)
    tax_amount = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    benefits_activated = Column(Boolean, nullable=False, default=False)
    product_keys_viewed = Column(Boolean, nullable=False, default=False)


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"
    id = Column(ID, primary_key=True)
    seq = Column(Integer, nullable=False)
    customer_id = Column(ID, ForeignKey("customers.id"), nullable=False, index=True)
    product = Column(Text, nullable=False)
    billing_period = Column(String(16), nullable=False)
    started_on = Column(Date, nullable=False)
    price = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    status = Column(String(16), nullable=False)
    new_billing_since = Column(Date, nullable=True)
    charges = relationship("ChargeRow", order_by="ChargeRow.seq", lazy="selectin")


class ChargeRow(Base):
    __tablename__ = "charges"
    id = Column(ID, primary_key=True)
    subscription_id = Column(ID, ForeignKey("subscriptions.id"), nullable=False, index=True)
    seq = Column(Integer, nullable=False)
    billed_on = Column(Date, nullable=False)
    service_from = Column(Date, nullable=False)
    service_to = Column(Date, nullable=False)
    amount = Column(MONEY, nullable=False)
    status = Column(String(16), nullable=False)


class RefundRequestRow(Base):
    __tablename__ = "refund_requests"
    id = Column(ID, primary_key=True)
    seq = Column(Integer, nullable=False)
    customer_id = Column(ID, ForeignKey("customers.id"), nullable=False, index=True)
    subject_id = Column(ID, nullable=False)
    kind = Column(String(32), nullable=False)
    amount = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    created_at = Column(UTCDateTime, nullable=False)
    created_at_zone = Column(ZONE, nullable=False, default="Z")
    status = Column(String(16), nullable=False)

    __table_args__ = (Index("ix_refund_requests_subject", "customer_id", "subject_id", "kind"),)


class AuditLogRow(Base):
    """What the assistant (or an operator's ``load``) changed, when, for whom, and from
    which conversation."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(UTCDateTime, nullable=False)
    customer_id = Column(ID, nullable=True, index=True)
    conversation_id = Column(Text, nullable=True)
    action = Column(String(64), nullable=False)
    subject_id = Column(ID, nullable=True)
    details = Column(JSON, nullable=False, default=dict)


# Children before parents: the order in which a whole data set can be deleted.
DATA_TABLES_DELETE_ORDER = (
    ChargeRow.__table__,
    SubscriptionRow.__table__,
    OrderItemRow.__table__,
    OrderRow.__table__,
    RefundRequestRow.__table__,
    PartnerPurchaseRow.__table__,
    CustomerRow.__table__,
)
