"""The insured's receivables ledger: the open invoices of every buyer under one policy, as last
uploaded. Each upload replaces the policy's lines whole; nothing here is a notification."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base
from core.tenancy import TenantOwned


class ReceivableLine(TenantOwned, Base):
    """One open invoice to one buyer, as the insured's ledger listed it."""

    __tablename__ = "receivable_lines"
    __table_args__ = (
        UniqueConstraint("policy_id", "buyer_id", "invoice_number"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("vat_amount >= 0 AND vat_amount <= amount", name="vat_within_amount"),
        CheckConstraint("due_date >= invoice_date", name="due_after_invoice"),
        Index("ix_receivable_lines_policy_buyer", "policy_id", "buyer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    invoice_number: Mapped[str] = mapped_column(String(64))
    invoice_date: Mapped[dt.date]
    delivery_date: Mapped[dt.date]
    due_date: Mapped[dt.date]
    amount: Mapped[Decimal]
    """VAT included, in the policy's currency."""
    vat_amount: Mapped[Decimal]
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
