"""What the claims analytics read: claims with their policy, case date, indemnity, amount paid
and the insurer's recoveries; and the invoices of the collection cases not yet closed with
what is still outstanding on each.

Read through the session, so the tenancy filter applies: an insured reads its own claims and
cases, the insurer's staff every insured's. Amounts arrive as integer hundredths.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from claims.cases import balances
from claims.models import Claim, CollectionCase, Recovery
from claims.states import CaseStatus
from core.tenancy import fetch_tuples
from reports.queries import hundredths

CLAIM_COLUMNS = ["claim_id", "policy_id", "currency", "status", "notified_on", "indemnity",
                 "paid", "recovered"]
INVOICE_COLUMNS = ["case_id", "currency", "invoice_date", "due_date", "outstanding"]


def claim_rows(session: Session) -> pd.DataFrame:
    """One row per claim the session may see; `indemnity` and `paid` are 0 until set."""
    recovered = (select(Recovery.claim_id,
                        cast(func.sum(hundredths(Recovery.insurer_share)), BigInteger)
                        .label("recovered"))
                 .group_by(Recovery.claim_id).subquery())
    query = (select(Claim.id, Claim.policy_id, Claim.currency, Claim.status,
                    CollectionCase.notified_on, hundredths(Claim.indemnity),
                    hundredths(Claim.paid_amount), func.coalesce(recovered.c.recovered, 0))
             .join(CollectionCase, CollectionCase.id == Claim.case_id)
             .outerjoin(recovered, recovered.c.claim_id == Claim.id)
             .order_by(Claim.id))
    frame = pd.DataFrame.from_records(fetch_tuples(session, query), columns=CLAIM_COLUMNS)
    frame["notified_on"] = [_day(d) for d in frame["notified_on"]]
    return frame.astype({"indemnity": "int64", "paid": "int64", "recovered": "int64"})


def open_cases(session: Session) -> list[CollectionCase]:
    """The collection cases not closed (collecting, or with a claim in progress)."""
    query = (select(CollectionCase).where(CollectionCase.status != CaseStatus.CLOSED)
             .order_by(CollectionCase.notified_on, CollectionCase.id))
    return list(session.scalars(query))


def outstanding_invoices(cases: list[CollectionCase]) -> pd.DataFrame:
    """Each invoice of `cases` with what is still owed on it, payments applied oldest first
    (the cases' own balances)."""
    rows = []
    for case in cases:
        for line in balances(case).invoices:  # exact: Decimal × 100 of a rounded amount
            rows.append((case.id, case.currency, line.row.invoice_date, line.row.due_date,
                         int(line.outstanding * 100)))
    return pd.DataFrame.from_records(rows, columns=INVOICE_COLUMNS).astype(
        {"outstanding": "int64"})


def _day(value: object) -> object:
    """SQLite hands a date over as text: read it back as a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
