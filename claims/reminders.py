"""Deadline reminders: `deadline.approaching`, 14 and 3 days before a deadline the insured
must meet, once each however often the job runs (the outbox remembers each reminder)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from claims.deadlines import case_deadlines
from claims.models import CollectionCase
from claims.states import CaseStatus
from core import outbox
from core.outbox import EventType

REMIND_AHEAD = (14, 3)
"""Days before a deadline that the insured is reminded, the nearest last."""


def remind_deadlines(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Remind the insured of each deadline of its collecting cases coming within 14 days."""
    query = select(CollectionCase).options(lazyload("*")).where(
        CollectionCase.status == CaseStatus.OPEN).order_by(CollectionCase.id)
    if insured_id is not None:
        query = query.where(CollectionCase.insured_id == insured_id)
    sent = 0
    for case in session.scalars(query).all():
        for deadline in case_deadlines(session, case, as_of):
            if deadline.met is None and remind(
                    session, insured_id=case.insured_id, kind=deadline.kind, due=deadline.date,
                    as_of=as_of, object_type="collection_case", object_id=case.id,
                    invoice_number=deadline.invoice_number, note=deadline.note):
                sent += 1
    return f"{sent} deadline reminders"


def remind(
    session: Session, *, insured_id: int, kind: str, due: dt.date, as_of: dt.date,
    object_type: str, object_id: int, invoice_number: str | None = None, note: str = "",
) -> bool:
    """Record the reminder due for one deadline on `as_of`, unless it was recorded before;
    True when it is recorded now. Any deadline an insured must meet may be reminded of here
    (a notification deadline from the insured's receivables, a claim's filing deadline)."""
    days_left = (due - as_of).days
    ahead = [days for days in REMIND_AHEAD if days_left <= days]
    if days_left < 0 or not ahead:
        return False
    key = (f"deadline:{object_type}:{object_id}:{kind}:{invoice_number or ''}:"
           f"{due.isoformat()}:{ahead[-1]}")
    if outbox.recorded(session, key):
        return False
    outbox.record(session, EventType.DEADLINE_APPROACHING, insured_id, {
        "kind": kind, "date": due, "days_left": days_left, "invoice_number": invoice_number,
        "case_id": object_id if object_type == "collection_case" else None, "note": note},
        object_type=object_type, object_id=object_id, once_key=key)
    return True
