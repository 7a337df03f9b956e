"""Limit requests, credit limits and their effective-dated history, and grade alerts."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.db import Base, TimestampMixin
from core.tenancy import TenantOwned
from underwriting.limits import ledger


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class RequestStatus(enum.StrEnum):
    APPROVED = "approved"
    PARTIAL = "partial"
    REFUSED = "refused"
    REFERRED = "referred"


class LimitType(enum.StrEnum):
    INSURER = "insurer"
    DISCRETIONARY = "discretionary"


class LimitStatus(enum.StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"      # by the insured, at once
    WITHDRAWN = "withdrawn"      # by the insurer, after the notice period or from insolvency
    EXPIRED = "expired"          # past its expiry date
    LAPSED = "lapsed"            # a discretionary limit once the insurer decided


class RequestKind(enum.StrEnum):
    NEW = "new"                  # no insurer limit held on the buyer under the policy
    INCREASE = "increase"        # more than (or as much as) the limit in force
    DECREASE = "decrease"        # less than the limit in force: applied at once


class LimitRequest(TenantOwned, TimestampMixin, Base):
    __tablename__ = "limit_requests"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("payment_terms_days > 0", name="terms_positive"),
        Index("ix_limit_requests_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    payment_terms_days: Mapped[int]
    reference: Mapped[str | None] = mapped_column(String(64))
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[RequestStatus] = mapped_column(_enum(RequestStatus))
    kind: Mapped[RequestKind] = mapped_column(_enum(RequestKind), default=RequestKind.NEW)
    note: Mapped[str | None] = mapped_column(Text)  # the underwriter's words to the insured
    decided_amount: Mapped[Decimal | None]
    reason_codes: Mapped[list[Any]] = mapped_column(default=list)
    conditions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime | None]
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    credit_limit_id: Mapped[int | None] = mapped_column(ForeignKey("credit_limits.id"))

    credit_limit: Mapped[CreditLimit | None] = relationship(foreign_keys=[credit_limit_id])


class CreditLimit(TenantOwned, TimestampMixin, Base):
    """A limit on one buyer under one policy. `amount` and `status` are those of the latest
    decision (`status` is its state in `states.LIMIT`); what applied on a day, amount and
    status, is read from the versions (`amount_on`, `status_on`), never kept by a job."""

    __tablename__ = "credit_limits"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index("ix_credit_limits_policy_buyer", "policy_id", "buyer_id"),
        Index("ix_credit_limits_buyer_status", "buyer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"))
    type: Mapped[LimitType] = mapped_column(_enum(LimitType))
    status: Mapped[LimitStatus] = mapped_column(_enum(LimitStatus))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    effective_from: Mapped[dt.date]
    expires_on: Mapped[dt.date | None]
    max_payment_terms_days: Mapped[int | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[CreditLimitVersion]] = relationship(
        back_populates="credit_limit", lazy="selectin",
        order_by="CreditLimitVersion.id",  # the order decisions were taken in
    )

    def amount_on(self, day: dt.date) -> Decimal:
        """What this limit covered for deliveries on `day` (0 before it began)."""
        return ledger.amount_on(self.versions, day, self.expires_on)

    def status_on(self, day: dt.date) -> LimitStatus | None:
        """The limit's status on `day` (None before it began)."""
        status = ledger.status_on(self.versions, day, self.expires_on)
        return LimitStatus(status) if status else None

    def pending_on(self, day: dt.date) -> CreditLimitVersion | None:
        """The change decided and still waiting for its date after `day`."""
        version = ledger.pending(self.versions, day)
        return version if isinstance(version, CreditLimitVersion) else None


class CreditLimitVersion(TenantOwned, Base):
    """One change of a limit, from a date on. Never updated, never deleted."""

    __tablename__ = "credit_limit_versions"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        # A limit's versions, found by the limit under an insured's scope too (where every
        # query also names the insured): with the insured's index alone to choose from, a
        # planner may read all of an insured's versions for each of its limits.
        Index("ix_credit_limit_versions_limit_insured", "credit_limit_id", "insured_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_limit_id: Mapped[int] = mapped_column(ForeignKey("credit_limits.id"))
    amount: Mapped[Decimal]
    effective_from: Mapped[dt.date]
    change: Mapped[str] = mapped_column(String(32))  # granted, increased, reduced, withdrawn, ...
    reason_codes: Mapped[list[Any]] = mapped_column(default=list)
    decided_on: Mapped[dt.date]
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("limit_requests.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    credit_limit: Mapped[CreditLimit] = relationship(back_populates="versions")
    request: Mapped[LimitRequest | None] = relationship(foreign_keys=[request_id])

    @property
    def currency(self) -> str:
        return self.credit_limit.currency


class Alert(TenantOwned, TimestampMixin, Base):
    """Something an insured should know about a buyer it holds a limit on."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)
    credit_limit_id: Mapped[int | None] = mapped_column(ForeignKey("credit_limits.id"))
    kind: Mapped[str] = mapped_column(String(32))
    previous_grade: Mapped[int | None]
    grade: Mapped[int | None]
    as_of: Mapped[dt.date]
    read_at: Mapped[dt.datetime | None]
