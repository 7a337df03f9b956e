"""The daily claims jobs, per tenant, for any `as_of` day. Both are idempotent: what they do
follows from the date and the case alone, and what is done is never done again.

- `advance_collection`: each collecting case climbs its policy's ladder (days after the
  notification); a step passed on a day the job did not run is still dated on its own day.
- `open_claims_on_loss`: a collecting case whose date of loss has come, with money still owed,
  gets its claim, filed on that day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, lazyload

from claims.cases import add_event
from claims.filing import loss_of, open_claim
from claims.indemnity import LossCause
from claims.loader import case_terms
from claims.models import CaseInvoice, Claim, CollectionCase
from claims.states import CaseStatus
from core import audit, outbox
from core.actor import SYSTEM
from core.outbox import EventType
from underwriting.policies.terms import CollectionStage

RANK = {stage: n for n, stage in enumerate(CollectionStage)}


def _collecting(session: Session, as_of: dt.date, insured_id: int | None) -> list[CollectionCase]:
    """The cases still collecting, without their invoices, payments and timeline: most days
    nothing happens to most cases, and what is needed loads when it is touched."""
    query = select(CollectionCase).options(lazyload("*")).where(
        CollectionCase.status == CaseStatus.OPEN, CollectionCase.notified_on <= as_of)
    if insured_id is not None:
        query = query.where(CollectionCase.insured_id == insured_id)
    return list(session.scalars(query.order_by(CollectionCase.id)))


def advance_collection(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Move each collecting case up to the ladder step its age has reached."""
    moved = 0
    for case in _collecting(session, as_of, insured_id):
        ladder = sorted(case_terms(session, case).collection_ladder, key=lambda s: s.days)
        current = RANK[case.stage] if case.stage is not None else -1
        for step in ladder:
            reached = case.notified_on + dt.timedelta(days=step.days)
            if reached <= as_of and RANK[step.stage] > current:
                _climb(session, case, step.stage, reached)
                current = RANK[step.stage]
                moved += 1
    return f"{moved} collection steps taken"


def _climb(session: Session, case: CollectionCase, stage: CollectionStage, on: dt.date) -> None:
    before = {"stage": case.stage, "stage_since": case.stage_since}
    case.stage, case.stage_since = stage, on
    add_event(session, case, on, "stage", stage.value)
    audit.record(session, SYSTEM, "collection_case.stage", case, insured_id=case.insured_id,
                 before=before, after={"stage": stage, "stage_since": on})
    outbox.record(session, EventType.CASE_STAGE_CHANGED, case.insured_id, {
        "id": case.id, "buyer_id": case.buyer_id, "stage": stage,
        "previous_stage": before["stage"], "stage_since": on},
        object_type="collection_case", object_id=case.id)


def open_claims_on_loss(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Open the claim of each collecting case whose protracted default has come by `as_of`.
    A case that already had a claim (rejected, say) is left to the insured and the handler."""
    opened = 0
    oldest_due = _oldest_due_dates(session, insured_id)
    for case in _collecting(session, as_of, insured_id):
        if not _loss_possible(session, case, oldest_due.get(case.id), as_of) or session.scalar(
                select(exists().where(Claim.case_id == case.id))):
            continue
        loss, loss_date = loss_of(session, case, LossCause.PROTRACTED_DEFAULT, as_of)
        if loss_date is None or loss_date > as_of:
            continue
        open_claim(session, case, actor=SYSTEM, loss=loss, date_of_loss=loss_date,
                   filed_on=as_of)
        opened += 1
    return f"{opened} claims opened on their date of loss"


def _oldest_due_dates(session: Session, insured_id: int | None) -> dict[int, dt.date]:
    query = (select(CaseInvoice.case_id, func.min(CaseInvoice.due_date))
             .join(CollectionCase).where(CollectionCase.status == CaseStatus.OPEN)
             .group_by(CaseInvoice.case_id))
    if insured_id is not None:
        query = query.where(CollectionCase.insured_id == insured_id)
    return {case_id: due for case_id, due in session.execute(query).tuples()}


def _loss_possible(
    session: Session, case: CollectionCase, oldest_due: dt.date | None, as_of: dt.date
) -> bool:
    """Cheap first: no date of loss comes before the oldest due date's waiting period."""
    if oldest_due is None:
        return False
    wait = dt.timedelta(days=case_terms(session, case).waiting_period_days)
    return oldest_due + wait <= as_of
