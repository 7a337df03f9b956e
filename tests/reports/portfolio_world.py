"""A small portfolio whose every figure is reckoned by hand in the tests.

A (EUR): B1 100,000 (DE, 46.90 -> G, grade 3, PD 0.2 %), B2 50,000 (FR, C, grade 5, PD 0.8 %),
B3 25,000 (DE, 41.20 -> F, ungraded). B (EUR): B1 30,000, B4 20,000 (CN, C, grade 8, PD 5 %).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from buyers_db.services import create_buyer
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from tests.factories import World
from underwriting.grading.records import BuyerGrade
from underwriting.limits import grants
from underwriting.policies.models import Policy

DAY = dt.date(2026, 3, 2)


@dataclass
class Buyers:
    b1: Buyer
    b2: Buyer
    b3: Buyer
    b4: Buyer


def buyer(session: Session, country: str, reg: str, name: str, sector: str,
          grade: int | None, pd: float | None) -> Buyer:
    made = create_buyer(session, actor=SYSTEM, country=country, registration_number=reg,
                        name=name, sector=sector)
    session.flush()
    row = session.get(BuyerGrade, made.id)
    if grade is None:
        if row is not None:
            session.delete(row)
    else:
        assert row is not None
        row.grade, row.pd = grade, pd
    session.flush()
    return made


def limit(session: Session, policy: Policy, buyer: Buyer, amount: str) -> None:
    grants.grant(session, policy=policy, buyer_id=buyer.id, amount=Decimal(amount),
                 conditions=grants.Conditions(), actor=SYSTEM, day=DAY, request=None,
                 reason_codes=[])


def build_portfolio(session: Session, world: World) -> Buyers:
    with tenant_scope(Scope.everyone()):
        buyers = Buyers(
            b1=buyer(session, "DE", "HRB-1", "Nordhandel GmbH", "46.90", 3, 0.002),
            b2=buyer(session, "FR", "RCS-2", "Ateliers de Lyon SA", "C", 5, 0.008),
            b3=buyer(session, "DE", "HRB-3", "Baugruppe Süd GmbH", "41.20", None, None),
            b4=buyer(session, "CN", "91-4", "深圳华南电子有限公司", "C", 8, 0.05),
        )
        limit(session, world.a.policy, buyers.b1, "100000.00")
        limit(session, world.a.policy, buyers.b2, "50000.00")
        limit(session, world.a.policy, buyers.b3, "25000.00")
        limit(session, world.b.policy, buyers.b1, "30000.00")
        limit(session, world.b.policy, buyers.b4, "20000.00")
        session.commit()
    return buyers
