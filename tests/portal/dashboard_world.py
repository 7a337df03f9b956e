"""A small world for the dashboards, every figure reckoned by hand in the tests: the portfolio
of `portfolio_world`, a referred request per insured, grade moves, alerts and premium.

Referrals: A on B2, 80,000 EUR, 2026-02-20; B on B4, 15,000 EUR, 2026-02-25.
Grade moves (business date 2026-03-02): B4 6 → 8 on 2026-02-25, B2 4 → 5 on 2026-02-20 (both
in the last 30 days); B1 2 → 3 on 2026-01-10 (too old); B1 4 → 3 on 2026-02-28 (better);
B5, covered by no limit, 3 → 7 on 2026-02-27.
Alerts: A on B2 (4 → 5), B on B4 (6 → 8), unread. Premium (EUR, rate 0.25 %): A declared
January 1,000,000 (2,500.00) and February 400,000 (1,000.00), B January 200,000 (500.00);
A's January was invoiced on 2026-02-05 (2,500.00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from core.tenancy import Scope, tenant_scope
from tests.factories import Tenant, World
from tests.reports.portfolio_world import Buyers, build_portfolio, buyer
from underwriting.grading.records import GradeChange
from underwriting.limits.models import Alert, LimitRequest, RequestStatus
from underwriting.premium.models import InvoiceKind, PremiumDeclaration, PremiumInvoice

TODAY = "2026-03-02"


@dataclass
class DashboardWorld:
    buyers: Buyers
    b5: Buyer


def _referral(session: Session, tenant: Tenant, buyer: Buyer, amount: str, day: int) -> None:
    session.add(LimitRequest(
        insured_id=tenant.insured.id, policy_id=tenant.policy.id, buyer_id=buyer.id,
        amount=Decimal(amount), currency="EUR", payment_terms_days=90,
        status=RequestStatus.REFERRED, reason_codes=[], reference=f"REF-{buyer.id}",
        created_at=dt.datetime(2026, 2, day, 9, 30, tzinfo=dt.UTC)))


def _move(session: Session, buyer: Buyer, before: int, after: int, day: dt.date) -> None:
    session.add(GradeChange(buyer_id=buyer.id, previous_grade=before, grade=after, pd=0.01,
                            model_version="test", as_of=day))


def _alert(session: Session, tenant: Tenant, buyer: Buyer, before: int, after: int) -> None:
    session.add(Alert(insured_id=tenant.insured.id, buyer_id=buyer.id, kind="grade_worsened",
                      previous_grade=before, grade=after, as_of=dt.date(2026, 2, 25)))


def _declared(session: Session, tenant: Tenant, month: int, turnover: str,
              premium: str) -> PremiumDeclaration:
    declaration = PremiumDeclaration(
        insured_id=tenant.insured.id, policy_id=tenant.policy.id, period=dt.date(2026, month, 1),
        insured_turnover=Decimal(turnover), premium_rate=Decimal("0.25"),
        premium=Decimal(premium), currency="EUR")
    session.add(declaration)
    return declaration


def build_dashboards(session: Session, world: World) -> DashboardWorld:
    buyers = build_portfolio(session, world)
    with tenant_scope(Scope.everyone()):
        b5 = buyer(session, "IT", "IT-5", "Tessile Veneta SpA", "C", 7, 0.03)
        _referral(session, world.a, buyers.b2, "80000.00", 20)
        _referral(session, world.b, buyers.b4, "15000.00", 25)
        _move(session, buyers.b4, 6, 8, dt.date(2026, 2, 25))
        _move(session, buyers.b2, 4, 5, dt.date(2026, 2, 20))
        _move(session, buyers.b1, 2, 3, dt.date(2026, 1, 10))
        _move(session, buyers.b1, 4, 3, dt.date(2026, 2, 28))
        _move(session, b5, 3, 7, dt.date(2026, 2, 27))
        _alert(session, world.a, buyers.b2, 4, 5)
        _alert(session, world.b, buyers.b4, 6, 8)
        january = _declared(session, world.a, 1, "1000000.00", "2500.00")
        _declared(session, world.a, 2, "400000.00", "1000.00")
        _declared(session, world.b, 1, "200000.00", "500.00")
        invoice = PremiumInvoice(
            insured_id=world.a.insured.id, policy_id=world.a.policy.id, number="INV-2026-0001",
            kind=InvoiceKind.DECLARATIONS, policy_year_start=dt.date(2026, 1, 1),
            issued_on=dt.date(2026, 2, 5), due_on=dt.date(2026, 3, 7),
            amount=Decimal("2500.00"), currency="EUR")
        session.add(invoice)
        session.flush()
        january.invoice_id = invoice.id
        session.commit()
    return DashboardWorld(buyers=buyers, b5=b5)
