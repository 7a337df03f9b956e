"""Overdue notifications, collection cases with their invoices, payments, credit notes,
disputes and timeline, claims with their statement of loss, and recoveries."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from claims.indemnity.facts import LossCause, SettlementKind
from claims.indemnity.statement import StoredStatement
from claims.states import CaseStatus, ClaimStatus, DisputeOutcome, DisputeStatus
from core.db import Base, TimestampMixin
from core.tenancy import TenantOwned
from underwriting.policies.terms import CollectionStage


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class CollectionCase(TenantOwned, TimestampMixin, Base):
    """One buyer's overdue under one policy, from the first notification until it is paid or
    settled by a claim. Later notifications on the buyer join the open case."""

    __tablename__ = "collection_cases"
    __table_args__ = (Index("ix_collection_cases_buyer_status", "buyer_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    currency: Mapped[str] = mapped_column(String(3))
    notified_on: Mapped[dt.date]
    stop_date: Mapped[dt.date]
    """The first delivery date no longer covered: the notification or an earlier MEP expiry."""
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus))
    stage: Mapped[CollectionStage | None] = mapped_column(_enum(CollectionStage))
    stage_since: Mapped[dt.date | None]
    closed_on: Mapped[dt.date | None]

    invoices: Mapped[list[CaseInvoice]] = relationship(
        back_populates="case", lazy="selectin",
        order_by="(CaseInvoice.invoice_date, CaseInvoice.due_date, CaseInvoice.number)")
    settlements: Mapped[list[CaseSettlement]] = relationship(
        back_populates="case", lazy="selectin",
        order_by="(CaseSettlement.received_on, CaseSettlement.id)")
    disputes: Mapped[list[Dispute]] = relationship(
        back_populates="case", lazy="selectin", order_by="Dispute.id")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", lazy="selectin", order_by="(CaseEvent.on, CaseEvent.id)")


class OfCase:
    """A row of a case, in the case's currency."""

    case: Mapped[CollectionCase]

    @property
    def currency(self) -> str:
        return self.case.currency


class OverdueNotification(TenantOwned, TimestampMixin, Base):
    __tablename__ = "overdue_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    notified_on: Mapped[dt.date]
    notified_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[CollectionCase] = relationship()
    invoices: Mapped[list[CaseInvoice]] = relationship(
        lazy="selectin", order_by="CaseInvoice.id", viewonly=True)


class CaseInvoice(OfCase, TenantOwned, Base):
    """A notified invoice; `issues` are what the checks found at notification (it is never
    refused for them)."""

    __tablename__ = "case_invoices"
    __table_args__ = (
        UniqueConstraint("case_id", "number"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("vat_amount >= 0 AND vat_amount <= amount", name="vat_within_amount"),
        CheckConstraint("due_date >= invoice_date", name="due_after_invoice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("overdue_notifications.id"))
    number: Mapped[str] = mapped_column(String(64))
    invoice_date: Mapped[dt.date]
    delivery_date: Mapped[dt.date]
    due_date: Mapped[dt.date]
    amount: Mapped[Decimal]
    vat_amount: Mapped[Decimal]
    notified_on: Mapped[dt.date]
    issues: Mapped[list[Any]] = mapped_column(default=list)

    case: Mapped[CollectionCase] = relationship(back_populates="invoices")


class CaseSettlement(OfCase, TenantOwned, TimestampMixin, Base):
    """A payment received from the buyer or a credit note the insured issued."""

    __tablename__ = "case_settlements"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    kind: Mapped[SettlementKind] = mapped_column(_enum(SettlementKind))
    amount: Mapped[Decimal]
    received_on: Mapped[dt.date]
    reference: Mapped[str | None] = mapped_column(String(64))
    """The payment's reference, or the credit note's number."""
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[CollectionCase] = relationship(back_populates="settlements")


class Dispute(OfCase, TenantOwned, TimestampMixin, Base):
    """A part of an invoice the buyer contests: set aside from payments and from the claim
    until resolved."""

    __tablename__ = "disputes"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("case_invoices.id"))
    amount: Mapped[Decimal]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[DisputeStatus] = mapped_column(_enum(DisputeStatus))
    outcome: Mapped[DisputeOutcome | None] = mapped_column(_enum(DisputeOutcome))
    opened_on: Mapped[dt.date]
    resolved_on: Mapped[dt.date | None]
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    invoice: Mapped[CaseInvoice] = relationship(lazy="joined")
    case: Mapped[CollectionCase] = relationship(back_populates="disputes")

    @property
    def invoice_number(self) -> str:
        return self.invoice.number


class CaseEvent(OfCase, TenantOwned, Base):
    """One line of a case's timeline, dated by the business day it happened on."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    on: Mapped[dt.date]
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal | None]

    case: Mapped[CollectionCase] = relationship(back_populates="events")


class Claim(TenantOwned, TimestampMixin, Base):
    """A claim on a case. The statement of loss is kept whole as JSON, as it was computed; its
    key figures are columns, for lists and the policy year's totals."""

    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_policy_status", "policy_id", "status"),
        CheckConstraint("indemnity IS NULL OR indemnity >= 0", name="indemnity_not_negative"),
        CheckConstraint("paid_amount IS NULL OR paid_amount >= 0", name="paid_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    cause: Mapped[LossCause] = mapped_column(_enum(LossCause))
    status: Mapped[ClaimStatus] = mapped_column(_enum(ClaimStatus))
    insolvency_date: Mapped[dt.date | None]
    date_of_loss: Mapped[dt.date]
    filed_on: Mapped[dt.date]
    filing_deadline: Mapped[dt.date]
    filed_late: Mapped[bool] = mapped_column(default=False)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    """None when the daily job opened the claim on the date of loss."""
    statement: Mapped[StoredStatement | None] = mapped_column(JSON)
    net_outstanding: Mapped[Decimal | None]
    applicable_limit: Mapped[Decimal | None]
    covered_amount: Mapped[Decimal | None]
    insured_pct: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    total_debt: Mapped[Decimal | None]
    aggregate_first_loss_absorbed: Mapped[Decimal | None]
    indemnity: Mapped[Decimal | None]
    assessed_on: Mapped[dt.date | None]
    assessed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_on: Mapped[dt.date | None]
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    payable_by: Mapped[dt.date | None]
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    paid_on: Mapped[dt.date | None]
    paid_amount: Mapped[Decimal | None]

    case: Mapped[CollectionCase] = relationship()
    recoveries: Mapped[list[Recovery]] = relationship(
        back_populates="claim", lazy="selectin", order_by="Recovery.id")


class Recovery(TenantOwned, TimestampMixin, Base):
    """Money recovered from the buyer after the claim was paid, and how it was split."""

    __tablename__ = "recoveries"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("insurer_share >= 0 AND insured_share >= 0", name="shares_not_negative"),
        CheckConstraint("insurer_share + insured_share = amount", name="shares_add_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    amount: Mapped[Decimal]
    received_on: Mapped[dt.date]
    sharing: Mapped[str] = mapped_column(String(32))
    insurer_share: Mapped[Decimal]
    insured_share: Mapped[Decimal]
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    claim: Mapped[Claim] = relationship(back_populates="recoveries")

    @property
    def currency(self) -> str:
        return self.claim.currency
