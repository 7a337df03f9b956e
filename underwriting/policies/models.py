"""A policy and the versions of its terms. A change of terms adds a version; none is rewritten."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, TimestampMixin
from core.tenancy import TenantOwned
from underwriting.policies.terms import PolicyTerms


class Policy(TenantOwned, TimestampMixin, Base):
    __tablename__ = "policies"
    __table_args__ = (CheckConstraint("end_date > start_date", name="period_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]

    versions: Mapped[list[PolicyTermsVersion]] = relationship(
        back_populates="policy", order_by="PolicyTermsVersion.effective_from", lazy="selectin"
    )

    def terms_on(self, day: dt.date) -> PolicyTermsVersion:
        """The version in force on `day` (the first one before the policy starts)."""
        in_force = [v for v in self.versions if v.effective_from <= day]
        return in_force[-1] if in_force else self.versions[0]

    def status_on(self, day: dt.date) -> str:
        if day < self.start_date:
            return "pending"
        return "in_force" if day <= self.end_date else "expired"


class PolicyTermsVersion(TenantOwned, TimestampMixin, Base):
    __tablename__ = "policy_terms_versions"
    __table_args__ = (UniqueConstraint("policy_id", "effective_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("policies.id"), index=True)
    effective_from: Mapped[dt.date]
    terms_json: Mapped[dict[str, Any]]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    policy: Mapped[Policy] = relationship(back_populates="versions")

    @property
    def terms(self) -> PolicyTerms:
        return PolicyTerms.from_json(self.terms_json)
