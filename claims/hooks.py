"""What the claims layer tells underwriting, through the hooks underwriting offers (it never
imports this package): whether an overdue is open on a buyer (no discretionary limit, new
requests referred), and each buyer's payment experience (its grade worsens with it).

The application connects them where it wires its layers (`portal.wiring`), so they are active
in the web app, the command line, the scheduler and the tests alike.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Date, Integer, bindparam, func, or_, select
from sqlalchemy.orm import Session

from claims.models import Claim, CollectionCase
from claims.states import ClaimStatus
from core.tenancy import ACROSS_TENANTS

EXPERIENCE_YEARS = 3
"""How far back payment experience counts towards a grade."""


def overdue_open(session: Session, insured_id: int, buyer_id: int, day: dt.date) -> bool:
    """An overdue notified by `day` on a case not closed by then (collecting or claimed).

    The question names its insured and the answer is a yes or no, so it is asked across
    tenants: it must not turn into "no" where no tenant scope is set."""
    found = session.scalar(_OVERDUE_OPEN, {"insured_id": insured_id, "buyer_id": buyer_id,
                                          "day": day}, execution_options=ACROSS_TENANTS)
    return found is not None


# Asked by every limit request: built once (composing it costs more than running it).
_OVERDUE_OPEN = select(CollectionCase.id).where(
    CollectionCase.insured_id == bindparam("insured_id", type_=Integer),
    CollectionCase.buyer_id == bindparam("buyer_id", type_=Integer),
    CollectionCase.notified_on <= bindparam("day", type_=Date),
    or_(CollectionCase.closed_on.is_(None), CollectionCase.closed_on > bindparam("day")),
).limit(1)


def payment_experience(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Per buyer, across every insured (domain §4): overdue cases notified and claims filed in
    the last `EXPERIENCE_YEARS` years up to `as_of`; rejected claims do not count."""
    since = as_of - dt.timedelta(days=365 * EXPERIENCE_YEARS)
    overdue = session.execute(
        select(CollectionCase.buyer_id, func.count())
        .where(CollectionCase.notified_on <= as_of, CollectionCase.notified_on > since)
        .group_by(CollectionCase.buyer_id), execution_options=ACROSS_TENANTS).all()
    claims = session.execute(
        select(Claim.buyer_id, func.count())
        .where(Claim.filed_on <= as_of, Claim.filed_on > since,
               Claim.status != ClaimStatus.REJECTED)
        .group_by(Claim.buyer_id), execution_options=ACROSS_TENANTS).all()
    frame = pd.DataFrame(
        {"overdue_count": pd.Series({row[0]: row[1] for row in overdue}, dtype="int64"),
         "claim_count": pd.Series({row[0]: row[1] for row in claims}, dtype="int64")})
    return frame.fillna(0).astype("int64")
