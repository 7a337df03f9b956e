"""Deteriorating buyers: the grade worsenings of recent days on buyers the insurer covers,
worst move first, with the exposure on each buyer, so an underwriter sees where to look first.
Read across tenants on purpose (ACROSS_TENANTS): for the insurer's staff only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from core.errors import Forbidden
from core.tenancy import ACROSS_TENANTS
from reports.portfolio import Portfolio, money
from underwriting.grading.records import GradeChange
from underwriting.limits.models import CreditLimit, LimitStatus

WATCH_DAYS = 30
MOST_MOVES = 50
READ_PER_MOVE = 4  # rows read per move shown: a buyer may have moved more than once


@dataclass(frozen=True)
class GradeMove:
    buyer_id: int
    name: str
    country: str
    previous_grade: int
    grade: int
    as_of: dt.date
    exposure: Decimal  # the portfolio's active limits on the buyer, in its currency

    @property
    def steps(self) -> int:
        return self.grade - self.previous_grade


def worsened_grades(session: Session, portfolio: Portfolio, *, until: dt.date,
                    days: int = WATCH_DAYS, most: int = MOST_MOVES) -> list[GradeMove]:
    """Buyers the insurer covers (an active limit) whose grade worsened in the `days` up to
    `until`: the largest move of each, the largest step first, then the largest exposure.

    Staff only: it reads every insured's limits. A batch re-grade can move many buyers at
    once, so the database picks the largest steps and only those are read."""
    if portfolio.insured_id is not None:
        raise Forbidden("Deteriorating buyers are the insurer's view of its whole portfolio.")
    covered = select(CreditLimit.id).where(CreditLimit.buyer_id == GradeChange.buyer_id,
                                           CreditLimit.status == LimitStatus.ACTIVE)
    step = GradeChange.grade - GradeChange.previous_grade
    query = (select(GradeChange, Buyer.name, Buyer.country)
             .join(Buyer, Buyer.id == GradeChange.buyer_id)
             .where(GradeChange.previous_grade.is_not(None), step > 0, covered.exists(),
                    GradeChange.as_of > until - dt.timedelta(days=days),
                    GradeChange.as_of <= until)
             .order_by(step.desc(), GradeChange.as_of.desc(), GradeChange.id.desc())
             .limit(most * READ_PER_MOVE))
    exposure = dict(zip(portfolio.buyers["buyer_id"].tolist(),
                        portfolio.buyers["exposure"].tolist(), strict=True))
    largest: dict[int, GradeMove] = {}
    for change, name, country in session.execute(query, execution_options=ACROSS_TENANTS):
        if change.buyer_id in largest:
            continue
        assert change.previous_grade is not None
        largest[change.buyer_id] = GradeMove(
            buyer_id=change.buyer_id, name=name, country=country,
            previous_grade=change.previous_grade, grade=change.grade, as_of=change.as_of,
            exposure=money(portfolio, exposure.get(change.buyer_id, 0)))
    moves = sorted(largest.values(), key=lambda m: (-m.steps, -m.exposure, m.name))
    return moves[:most]
