"""Buyers with a known grade and revenue, for limit tests: capacity is then easy to reckon."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from buyers_db.services import add_event, add_statement, create_buyer
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from underwriting.grading.records import BuyerGrade

_serial = iter(range(1, 10_000_000))


def graded_buyer(
    session: Session, *, grade: int = 3, revenue: str | None = "10000000", name: str = "",
    insolvent: bool = False,
) -> Buyer:
    """A buyer of `grade` whose latest revenue (EUR) is `revenue` (None: no financials).
    Capacity at grade 3 is 12 % of revenue: 1,200,000 EUR for the default."""
    n = next(_serial)
    with tenant_scope(Scope.everyone()):
        buyer = create_buyer(session, actor=SYSTEM, country="DE", registration_number=f"LB-{n}",
                             name=name or f"Limit Buyer {n} GmbH", sector="46.90")
        if revenue is not None:
            add_statement(session, buyer.id, actor=SYSTEM, fiscal_year=2025, currency="EUR",
                          revenue=Decimal(revenue), total_assets=Decimal(revenue) / 2)
        if insolvent:
            add_event(session, buyer.id, actor=SYSTEM, type="insolvency",
                      date=dt.date(2026, 1, 15))
        set_grade(session, buyer.id, grade)
        session.commit()
    return buyer


def set_grade(session: Session, buyer_id: int, grade: int) -> None:
    row = session.get(BuyerGrade, buyer_id)
    assert row is not None
    row.grade = grade
    session.flush()
