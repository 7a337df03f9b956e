"""What the insurer has at stake on a buyer, across every insured, and what is left of its
capacity. Totals cross tenants on purpose (ACROSS_TENANTS); no other insured's row is ever
returned from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer, FinancialStatement, LegalEvent, LegalEventType
from core.tenancy import ACROSS_TENANTS
from underwriting.grading.records import BuyerGrade
from underwriting.limits.capacity import capacity_eur, ceiling_eur, has_rate, to_eur
from underwriting.limits.models import CreditLimit, LimitStatus


@dataclass(frozen=True)
class BuyerStanding:
    """The facts about a buyer that limit decisions read, amounts in euros."""

    grade: int | None
    insolvent: bool
    ceased_trading: bool
    revenue_eur: Decimal | None
    exposure_eur: Decimal

    @property
    def capacity_eur(self) -> Decimal:
        return capacity_eur(self.grade, self.revenue_eur)

    @property
    def capacity_left_eur(self) -> Decimal:
        return max(self.capacity_eur - self.exposure_eur, Decimal(0))

    @property
    def ceiling_eur(self) -> Decimal:
        return ceiling_eur(self.grade)


def lock_buyer(session: Session, buyer_id: int) -> None:
    """Serialise decisions on one buyer, so two requests never both take its last capacity.

    PostgreSQL locks the buyer's row until the transaction ends; SQLite writers already queue
    on the database's write lock (BEGIN IMMEDIATE).
    """
    session.execute(select(Buyer.id).where(Buyer.id == buyer_id).with_for_update())


def standing(session: Session, buyer_id: int, as_of: dt.date) -> BuyerStanding:
    grade = session.scalar(select(BuyerGrade.grade).where(BuyerGrade.buyer_id == buyer_id))
    events = set(session.scalars(select(LegalEvent.type).where(
        LegalEvent.buyer_id == buyer_id, LegalEvent.date <= as_of)))
    return BuyerStanding(
        grade=grade,
        insolvent=LegalEventType.INSOLVENCY in events,
        ceased_trading=LegalEventType.CEASED_TRADING in events,
        revenue_eur=_revenue_eur(session, buyer_id, as_of),
        exposure_eur=exposure_eur(session, buyer_id),
    )


def _revenue_eur(session: Session, buyer_id: int, as_of: dt.date) -> Decimal | None:
    latest = session.execute(
        select(FinancialStatement.revenue, FinancialStatement.currency)
        .where(FinancialStatement.buyer_id == buyer_id, FinancialStatement.period_end <= as_of)
        .order_by(FinancialStatement.fiscal_year.desc()).limit(1)
    ).first()
    if latest is None or latest.revenue is None or not has_rate(latest.currency):
        return None
    return to_eur(Decimal(latest.revenue), latest.currency)


def exposure_eur(session: Session, buyer_id: int) -> Decimal:
    """The sum of every active limit on the buyer, all insureds, in euros."""
    rows = session.execute(
        select(CreditLimit.currency, func.sum(CreditLimit.amount))
        .where(CreditLimit.buyer_id == buyer_id, CreditLimit.status == LimitStatus.ACTIVE)
        .group_by(CreditLimit.currency),
        execution_options=ACROSS_TENANTS,
    ).all()
    return sum((to_eur(Decimal(total), currency) for currency, total in rows if total),
               Decimal(0))
