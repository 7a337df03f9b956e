"""What the claims layer tells underwriting, through the hooks underwriting offers (it never
imports this package): whether an overdue is open on a buyer (no discretionary limit, new
requests referred), and each buyer's payment experience (its grade worsens with it).

The application connects them where it wires its layers (`portal.wiring`), so they are active
in the web app, the command line, the scheduler and the tests alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import Date, Integer, bindparam, func, or_, select
from sqlalchemy.orm import Session

from claims.models import CaseInvoice, CaseSettlement, Claim, CollectionCase
from claims.states import ClaimStatus
from core.tenancy import ACROSS_TENANTS
from underwriting.limits.models import CreditLimit

EXPERIENCE_YEARS = 3
"""How far back payment experience counts towards a grade."""
SETTLED_IN_TIME = dt.timedelta(days=30)
"""A case the buyer settles in full within this of its notification stops counting."""


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
    the last `EXPERIENCE_YEARS` years up to `as_of`; rejected claims do not count.

    Overdue experience must be earned (domain §9): a case counts only when its insured held a
    limit on the buyer the day the oldest invoice it reports fell due, and not once the buyer
    settled it in full within `SETTLED_IN_TIME` of the notification; each insured counts once
    per buyer, however many cases it opened. Otherwise any insured could worsen, for everyone,
    the grade of a buyer it never traded with under cover."""
    since = as_of - dt.timedelta(days=365 * EXPERIENCE_YEARS)
    claims = session.execute(
        select(Claim.buyer_id, func.count())
        .where(Claim.filed_on <= as_of, Claim.filed_on > since,
               Claim.status != ClaimStatus.REJECTED)
        .group_by(Claim.buyer_id), execution_options=ACROSS_TENANTS).all()
    overdue = Counter(buyer for _insured, buyer in _earned_overdues(session, since, as_of))
    frame = pd.DataFrame(
        {"overdue_count": pd.Series(dict(overdue), dtype="int64"),
         "claim_count": pd.Series({row[0]: row[1] for row in claims}, dtype="int64")})
    return frame.fillna(0).astype("int64")


def _earned_overdues(session: Session, since: dt.date, as_of: dt.date) -> set[tuple[int, int]]:
    """(insured, buyer) of each case in the window that counts."""
    window = (CollectionCase.notified_on <= as_of, CollectionCase.notified_on > since)
    cases = session.execute(
        select(CollectionCase.id, CollectionCase.insured_id, CollectionCase.buyer_id,
               CollectionCase.notified_on, func.min(CaseInvoice.due_date),
               func.sum(CaseInvoice.amount))
        .join(CaseInvoice, CaseInvoice.case_id == CollectionCase.id).where(*window)
        .group_by(CollectionCase.id, CollectionCase.insured_id, CollectionCase.buyer_id,
                  CollectionCase.notified_on), execution_options=ACROSS_TENANTS).all()
    held = _limit_histories(session, window)
    settled = _settlements(session, window, as_of)
    return {
        (insured, buyer) for case_id, insured, buyer, notified_on, oldest_due, owed in cases
        if _held_on(held.get((insured, buyer), []), oldest_due)
        and not _settled_in_time(settled.get(case_id, []), notified_on, owed)}


def _limit_histories(
    session: Session, window: tuple[Any, ...]
) -> dict[tuple[int, int], list[CreditLimit]]:
    """Per (insured, buyer) with a case in the window: its limits, each with its history."""
    limits = session.scalars(
        select(CreditLimit).where(
            CreditLimit.buyer_id.in_(select(CollectionCase.buyer_id).where(*window))),
        execution_options=ACROSS_TENANTS).all()
    found: dict[tuple[int, int], list[CreditLimit]] = {}
    for limit in limits:
        found.setdefault((limit.insured_id, limit.buyer_id), []).append(limit)
    return found


def _held_on(limits: list[CreditLimit], day: dt.date) -> bool:
    """Some limit covered the buyer that day, read from its ledger."""
    return any(limit.amount_on(day) > 0 for limit in limits)


def _settlements(
    session: Session, window: tuple[Any, ...], as_of: dt.date
) -> dict[int, list[tuple[dt.date, Decimal]]]:
    rows = session.execute(
        select(CaseSettlement.case_id, CaseSettlement.received_on, CaseSettlement.amount)
        .join(CollectionCase, CollectionCase.id == CaseSettlement.case_id)
        .where(*window, CaseSettlement.received_on <= as_of),
        execution_options=ACROSS_TENANTS).all()
    found: dict[int, list[tuple[dt.date, Decimal]]] = {}
    for case_id, received_on, amount in rows:
        found.setdefault(case_id, []).append((received_on, amount))
    return found


def _settled_in_time(
    settlements: list[tuple[dt.date, Decimal]], notified_on: dt.date, owed: Decimal
) -> bool:
    """Payments and credit notes (a credit note says the money was never owed) covered the
    whole case within `SETTLED_IN_TIME` of its notification."""
    deadline = notified_on + SETTLED_IN_TIME
    received = sum((amount for on, amount in settlements if on <= deadline), Decimal(0))
    return received >= owed
