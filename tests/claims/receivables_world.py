"""A receivables ledger worked by hand, at the default terms (MCT 120, MEP 60 days after the
due date, notification deadline 30 days after the MEP) on the business date 2 March 2026.

Buyer A, a limit of 10,000.00 from 2 January:
  A-1  delivered 20 Feb, due 22 Mar            4,000.00  not due; delivered after the stop
  A-2  delivered 10 Jan, due  9 Feb (21 late)  3,000.00  1-30
  A-3  delivered 15 Nov, due 15 Dec (77 late)  2,500.00  61-90; MEP expired 13 Feb (15 Dec +
       60): cover stopped from 13 Feb; notification deadline 15 Mar (13 Feb + 30), 13 days
  A-4  delivered  5 Jan, due  4 Jun (150 days) 1,000.00  not due; terms 150 > MCT 120
  open 10,500.00 = 5,000.00 not due + 3,000.00 + 2,500.00; uncovered 10,500 − 10,000 = 500.00

Buyer B, no limit:
  B-1  delivered 11 Dec, due 10 Jan (51 late)  1,234.56  31-60; MEP expires 11 Mar, 9 days
  B-2  delivered  1 Oct, due 31 Oct (122 late)   800.00  over 90; MEP and deadline passed
  open 2,034.56, all uncovered

Buyer C, a limit of 5,000.00 from 2 January, cancelled by the insured on 1 February:
  C-1  delivered 10 Feb, due 12 Mar              700.00  not due; delivered after the limit
       ended
  C-2  delivered 20 Jan, due 19 Feb (11 late)    300.00  1-30; covered when delivered
  open 1,000.00, uncovered 1,000.00 (no limit in force on 2 March)
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import covered_buyer, on_day
from tests.factories import Tenant
from tests.limits_world import graded_buyer
from underwriting.limits.changes import cancel_limit
from underwriting.limits.grants import insurer_limit

TODAY = "2026-03-02"
HEADER = ("country,registration_number,invoice_number,invoice_date,delivery_date,due_date,"
          "amount,vat_amount\n")


def ledger_buyers(session: Session, tenant: Tenant) -> dict[str, Buyer]:
    a = covered_buyer(session, tenant, amount="10000", name="Alpha Handel GmbH")
    b = graded_buyer(session, name="Beta Trading GmbH")
    c = covered_buyer(session, tenant, amount="5000", name="Gamma Werk GmbH")
    with on_day("2026-02-01"), tenant_scope(Scope.insured(tenant.insured.id)):
        limit = insurer_limit(session, tenant.policy.id, c.id)
        assert limit is not None
        cancel_limit(session, limit.id, actor=tenant.user.as_actor())
        session.commit()
    return {"a": a, "b": b, "c": c}


def ledger_csv(buyers: dict[str, Buyer]) -> bytes:
    a, b, c = (buyers[k].registration_number for k in "abc")
    rows = [
        f"DE,{a},A-1,2026-02-20,2026-02-20,2026-03-22,4000.00,638.66",
        f"DE,{a},A-2,2026-01-10,2026-01-10,2026-02-09,3000.00,",
        f"DE,{a},A-3,2025-11-15,2025-11-15,2025-12-15,2500.00,0",
        f"DE,{a},A-4,2026-01-05,2026-01-05,2026-06-04,1000.00,",
        f"DE,{b},B-1,2025-12-11,2025-12-11,2026-01-10,1234.56,",
        f"DE,{b},B-2,2025-10-01,2025-10-01,2025-10-31,800.00,",
        f"DE,{c},C-1,2026-02-10,2026-02-10,2026-03-12,700.00,",
        f"DE,{c},C-2,2026-01-20,2026-01-20,2026-02-19,300.00,",
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()
