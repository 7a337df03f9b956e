"""What the insurer has at stake on a buyer, across every insured, and what is left of its
capacity. Totals cross tenants on purpose (ACROSS_TENANTS); no other insured's row is ever
returned from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Integer, Select, bindparam, func, literal, select
from sqlalchemy.orm import Session, aliased

from buyers_db.models import Buyer, FinancialStatement, LegalEvent, LegalEventType
from core.errors import NotFound
from core.tenancy import ACROSS_TENANTS
from underwriting.grading.records import BuyerGrade
from underwriting.limits import ledger_sql
from underwriting.limits.capacity import capacity_eur, ceiling_eur, has_rate, to_eur
from underwriting.limits.models import CreditLimit, CreditLimitVersion


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


def lock_buyer(session: Session, buyer_id: int, day: dt.date) -> BuyerStanding:
    """Serialise decisions on one buyer, so two requests never both take its last capacity,
    and read its standing on `day` under that lock, in the same statement.

    PostgreSQL locks the buyer's row until the transaction ends; on SQLite a read FOR UPDATE
    takes the database's write lock (core.db.WriteGate). Read what the decision depends on
    after this, not before. A buyer that is not in the database is `NotFound`.
    """
    return _read(session, _LOCKED_STANDING, buyer_id, day)


def standing(session: Session, buyer_id: int, as_of: dt.date) -> BuyerStanding:
    """The buyer's standing on `as_of`, without a lock (what a page shows)."""
    return _read(session, _STANDING, buyer_id, as_of)


def _read(session: Session, query: Select[Any], buyer_id: int, day: dt.date) -> BuyerStanding:
    """Grade, legal events and latest revenue in one statement, then the exposure: this runs
    inside the write lock of every limit decision, so it is kept to two prebuilt queries."""
    row = session.execute(query, {"buyer_id": buyer_id, "as_of": day}).first()
    if row is None:
        raise NotFound("Buyer not found.")
    revenue = None
    if row.revenue is not None and row.currency is not None and has_rate(row.currency):
        revenue = to_eur(Decimal(row.revenue), row.currency)
    return BuyerStanding(
        grade=row.grade, insolvent=bool(row.insolvent), ceased_trading=bool(row.ceased),
        revenue_eur=revenue, exposure_eur=exposure_eur(session, buyer_id, day),
    )


def _standing_query() -> Select[Any]:
    buyers = Buyer.__table__
    events = LegalEvent.__table__
    statements = FinancialStatement.__table__
    grades = BuyerGrade.__table__
    buyer_id, as_of = bindparam("buyer_id", type_=Integer), bindparam("as_of", type_=Date)

    def happened(kind: LegalEventType) -> Any:
        return select(events.c.id).where(
            events.c.buyer_id == buyer_id, events.c.type == kind.value, events.c.date <= as_of
        ).exists()

    latest = (select(statements.c.revenue, statements.c.currency)
              .where(statements.c.buyer_id == buyer_id, statements.c.period_end <= as_of)
              .order_by(statements.c.fiscal_year.desc()).limit(1).subquery())
    grade = select(grades.c.grade).where(grades.c.buyer_id == buyer_id).scalar_subquery()
    return select(
        grade.label("grade"),
        happened(LegalEventType.INSOLVENCY).label("insolvent"),
        happened(LegalEventType.CEASED_TRADING).label("ceased"),
        latest.c.revenue, latest.c.currency,
    ).select_from(buyers).outerjoin(latest, literal(True)).where(buyers.c.id == buyer_id)


# Built once: composing these statements costs more than running them.
_STANDING = _standing_query()
_LOCKED_STANDING = _STANDING.with_for_update(of=Buyer.__table__)


def exposure_eur(session: Session, buyer_id: int, day: dt.date) -> Decimal:
    """The sum of every limit in force on the buyer on `day`, all insureds, in euros."""
    rows = session.execute(_EXPOSURE, {"buyer_id": buyer_id, "day": day},
                           execution_options=ACROSS_TENANTS).all()
    return sum((to_eur(Decimal(total), currency) for currency, total in rows if total),
               Decimal(0))


def _exposure_query() -> Select[Any]:
    day = bindparam("day", type_=Date)
    version = aliased(CreditLimitVersion)
    return (
        select(CreditLimit.currency, func.sum(ledger_sql.amount_on(version, day)))
        .join(version, version.id == ledger_sql.in_force_version_id(day))
        .where(CreditLimit.buyer_id == bindparam("buyer_id", type_=Integer))
        .group_by(CreditLimit.currency)
    )


_EXPOSURE = _exposure_query()
