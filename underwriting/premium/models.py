"""Turnover declarations, premium invoices and the year-end minimum premium true-up."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.db import Base, TimestampMixin
from core.tenancy import TenantOwned

RATE = Numeric(9, 4)  # a percentage, as PolicyTerms.premium_rate allows (4 places)


class InvoiceKind(enum.StrEnum):
    DECLARATIONS = "declarations"        # the premium of declared months
    MINIMUM_PREMIUM = "minimum_premium"  # the year-end adjustment up to the minimum premium


class PremiumDeclaration(TenantOwned, TimestampMixin, Base):
    """One month's insured turnover under a policy and the premium it bears. Amended in place
    (audited) until it is invoiced; then it is final."""

    __tablename__ = "premium_declarations"
    __table_args__ = (
        UniqueConstraint("policy_id", "period"),
        CheckConstraint("insured_turnover >= 0", name="turnover_not_negative"),
        CheckConstraint("premium >= 0", name="premium_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    period: Mapped[dt.date]  # the first day of the declared month
    insured_turnover: Mapped[Decimal]
    premium_rate: Mapped[Decimal] = mapped_column(RATE)  # the rate applied, % of turnover
    premium: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    declared_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("premium_invoices.id"), index=True)

    invoice: Mapped[PremiumInvoice | None] = relationship(back_populates="declarations")


class PremiumInvoice(TenantOwned, TimestampMixin, Base):
    """A premium invoice of one policy year: declared months, or the minimum premium
    adjustment. `policy_year_start` names the policy year it bills."""

    __tablename__ = "premium_invoices"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[InvoiceKind] = mapped_column(
        Enum(InvoiceKind, native_enum=False, length=32,
             values_callable=lambda e: [m.value for m in e]))
    policy_year_start: Mapped[dt.date]
    issued_on: Mapped[dt.date]
    due_on: Mapped[dt.date]
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    declarations: Mapped[list[PremiumDeclaration]] = relationship(
        back_populates="invoice", order_by="PremiumDeclaration.period", lazy="selectin")
    true_up: Mapped[PremiumTrueUp | None] = relationship(back_populates="invoice",
                                                         lazy="selectin")


class PremiumTrueUp(TenantOwned, TimestampMixin, Base):
    """A policy year closed: its declared premium held against the minimum premium. One per
    policy year (the unique key makes the true-up fire once); an invoice only when short."""

    __tablename__ = "premium_true_ups"
    __table_args__ = (
        UniqueConstraint("policy_id", "policy_year_start"),
        CheckConstraint("adjustment >= 0", name="adjustment_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    policy_year_start: Mapped[dt.date]
    policy_year_end: Mapped[dt.date]
    declared_premium: Mapped[Decimal]
    minimum_premium: Mapped[Decimal]
    adjustment: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    closed_on: Mapped[dt.date]
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("premium_invoices.id"))

    invoice: Mapped[PremiumInvoice | None] = relationship(back_populates="true_up")
