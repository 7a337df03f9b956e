"""Deadlines an insured must meet on a case, and warnings for those missed or near:

- each invoice's notification deadline (MEP expiry + notification days): missing it voids
  cover on the buyer;
- the claim filing deadline (date of loss + filing days): a claim filed later is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.indemnity import LossCause, claim_filing_deadline, notification_deadline
from claims.loader import case_invoices, case_terms
from claims.models import Claim, CollectionCase
from claims.precheck import projected_statement
from claims.states import CaseStatus, ClaimStatus
from core.plain import JsonObject

WARN_WITHIN = 30
"""Days ahead that an approaching deadline is warned about."""


@dataclass(frozen=True)
class Deadline:
    kind: str
    date: dt.date
    met: bool | None
    """True or False once it is decided; None while it is still ahead and open."""
    days_left: int
    invoice_number: str | None = None
    note: str = ""

    @property
    def warning(self) -> bool:
        return self.met is False or (self.met is None and self.days_left <= WARN_WITHIN)

    def to_json(self) -> JsonObject:
        return {"kind": self.kind, "date": self.date.isoformat(), "met": self.met,
                "days_left": self.days_left, "invoice_number": self.invoice_number,
                "note": self.note}


def case_deadlines(session: Session, case: CollectionCase, day: dt.date) -> list[Deadline]:
    terms = case_terms(session, case)
    found = []
    notified = {row.number: row.notified_on for row in case.invoices}
    for invoice in case_invoices(case):
        deadline = notification_deadline(invoice, terms)
        met = notified[invoice.number] <= deadline
        found.append(Deadline("notification_deadline", deadline, met, (deadline - day).days,
                              invoice.number, "" if met else "Notified late: cover on the buyer "
                              "is void unless the invoice was paid by its deadline."))
    filing = _filing(session, case, day)
    return found + ([filing] if filing is not None else [])


def _filing(session: Session, case: CollectionCase, day: dt.date) -> Deadline | None:
    """The claim's filing deadline: as filed, or as it stands for a case still collecting."""
    claim = session.scalar(select(Claim).where(
        Claim.case_id == case.id, Claim.status != ClaimStatus.REJECTED).order_by(Claim.id))
    if claim is not None:
        return Deadline("claim_filing_deadline", claim.filing_deadline, not claim.filed_late,
                        (claim.filing_deadline - day).days, note=f"Claim {claim.id}.")
    if case.status is not CaseStatus.OPEN:
        return None
    statement = projected_statement(session, case, day)
    if statement.date_of_loss is None:
        return None
    deadline = claim_filing_deadline(statement.date_of_loss, case_terms(session, case))
    if statement.cause is LossCause.INSOLVENCY:
        note = f"The buyer is insolvent since {statement.date_of_loss.isoformat()}: file a claim."
    else:
        note = (f"Date of loss {statement.date_of_loss.isoformat()} if still unpaid; the claim "
                "opens on that day.")
    left = (deadline - day).days
    return Deadline("claim_filing_deadline", deadline, False if left < 0 else None, left,
                    note=note)


def warnings(deadlines: list[Deadline]) -> list[Deadline]:
    return [deadline for deadline in deadlines if deadline.warning]
