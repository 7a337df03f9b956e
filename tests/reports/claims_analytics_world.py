"""Cases and claims as rows, every figure reckoned by hand in the tests (business date
2026-03-02), on top of the dashboards' world (whose premium gives A 3,500.00 and B 500.00
declared for the 2026 policy year).

Open cases, outstanding (payments go to the oldest invoice first):
- A1 (A, B2, notified 2026-01-20, stage call): invoice 2025-11-01 due 2025-12-31, 10,000.00,
  less a payment of 4,000.00: 6,000.00, 61 days late; invoice 2025-12-15 due 2026-02-13,
  6,000.00, 17 days late.
- A2 (A, B3, notified 2026-02-10, stage legal, claimed): 2025-10-01 due 2025-11-30, 20,000.00,
  92 days late. Its claim is approved: indemnity 18,000.00.
- B1 (B, B4, notified 2026-02-01, no stage): 2025-12-01 due 2026-01-30, 5,000.00, 31 days late.
- B4 (B, B2, notified 2026-02-01): one invoice of 2025-08-02 due 2025-10-01, 1,000.00, paid
  in full: nothing outstanding, but notified after its deadline of 2025-12-30 (missed).
Closed: A3 (A, B1) whose claim was paid 9,000.00, recovering 1,000.00 after (insurer 900.00);
B2 (B, B4) whose claim was rejected; B3 (B, B1) whose claim was paid 3,000.00.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from claims.indemnity.facts import LossCause, SettlementKind
from claims.models import (
    CaseInvoice,
    CaseSettlement,
    Claim,
    CollectionCase,
    OverdueNotification,
    Recovery,
)
from claims.states import CaseStatus, ClaimStatus
from core.tenancy import Scope, tenant_scope
from tests.factories import Tenant, World
from tests.portal.dashboard_world import DashboardWorld
from underwriting.policies.terms import CollectionStage

D = Decimal


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def case(session: Session, tenant: Tenant, buyer: Buyer, notified: str, status: CaseStatus,
         stage: CollectionStage | None, *invoices: tuple[str, str, str]) -> CollectionCase:
    """A case with `invoices` (invoice date, due date, amount) notified on `notified`."""
    made = CollectionCase(insured_id=tenant.insured.id, policy_id=tenant.policy.id,
                          buyer_id=buyer.id, currency="EUR", notified_on=day(notified),
                          stop_date=day(notified), status=status, stage=stage,
                          stage_since=day(notified) if stage else None)
    session.add(made)
    session.flush()
    notice = OverdueNotification(insured_id=tenant.insured.id, case_id=made.id,
                                 policy_id=tenant.policy.id, buyer_id=buyer.id,
                                 notified_on=day(notified))
    session.add(notice)
    session.flush()
    for n, (issued, due, amount) in enumerate(invoices, 1):
        session.add(CaseInvoice(insured_id=tenant.insured.id, case_id=made.id,
                                notification_id=notice.id, number=f"{made.id}-{n}",
                                invoice_date=day(issued), delivery_date=day(issued),
                                due_date=day(due), amount=D(amount), vat_amount=D(0),
                                notified_on=day(notified), issues=[]))
    session.flush()
    return made


def claim(session: Session, tenant: Tenant, made: CollectionCase, status: ClaimStatus,
          indemnity: str | None, paid: str | None = None) -> Claim:
    row = Claim(insured_id=tenant.insured.id, case_id=made.id, policy_id=tenant.policy.id,
                buyer_id=made.buyer_id, currency="EUR", cause=LossCause.PROTRACTED_DEFAULT,
                status=status, date_of_loss=day("2026-02-27"), filed_on=day("2026-02-27"),
                filing_deadline=day("2026-08-26"),
                indemnity=None if indemnity is None else D(indemnity),
                paid_amount=None if paid is None else D(paid),
                paid_on=day("2026-03-01") if paid else None)
    session.add(row)
    session.flush()
    return row


def build_claims(session: Session, world: World, dash: DashboardWorld) -> None:
    b = dash.buyers
    a, b_ = world.a, world.b
    with tenant_scope(Scope.everyone()):
        a1 = case(session, a, b.b2, "2026-01-20", CaseStatus.OPEN, CollectionStage.CALL,
                  ("2025-11-01", "2025-12-31", "10000.00"),
                  ("2025-12-15", "2026-02-13", "6000.00"))
        session.add(CaseSettlement(insured_id=a.insured.id, case_id=a1.id,
                                   kind=SettlementKind.PAYMENT, amount=D("4000.00"),
                                   received_on=day("2026-02-01")))
        a2 = case(session, a, b.b3, "2026-02-10", CaseStatus.CLAIMED, CollectionStage.LEGAL,
                  ("2025-10-01", "2025-11-30", "20000.00"))
        claim(session, a, a2, ClaimStatus.APPROVED, "18000.00")
        a3 = case(session, a, b.b1, "2026-01-05", CaseStatus.CLOSED, None)
        paid = claim(session, a, a3, ClaimStatus.PAID, "9000.00", "9000.00")
        session.add(Recovery(insured_id=a.insured.id, claim_id=paid.id, amount=D("1000.00"),
                             received_on=day("2026-03-02"), sharing="loss_share",
                             insurer_share=D("900.00"), insured_share=D("100.00")))
        case(session, b_, b.b4, "2026-02-01", CaseStatus.OPEN, None,
             ("2025-12-01", "2026-01-30", "5000.00"))
        b4 = case(session, b_, b.b2, "2026-02-01", CaseStatus.OPEN, None,
                  ("2025-08-02", "2025-10-01", "1000.00"))
        session.add(CaseSettlement(insured_id=b_.insured.id, case_id=b4.id,
                                   kind=SettlementKind.PAYMENT, amount=D("1000.00"),
                                   received_on=day("2026-02-15")))
        b2 = case(session, b_, b.b4, "2026-01-10", CaseStatus.CLOSED, None)
        claim(session, b_, b2, ClaimStatus.REJECTED, None)
        b3 = case(session, b_, b.b1, "2026-01-12", CaseStatus.CLOSED, None)
        claim(session, b_, b3, ClaimStatus.PAID, "3000.00", "3000.00")
        session.commit()
