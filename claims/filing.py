"""Opening a claim (docs/domain.md §6.3): by the daily job on the date of loss when money is still
owed (protracted default), or by the insured, when the buyer is insolvent or the waiting period
has run out. A claim filed after the filing deadline is flagged, not refused."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from buyers_db.models import LegalEvent, LegalEventType
from buyers_db.signals import buyer_changed
from claims.cases import add_event, lock_case
from claims.indemnity import LossCause, LossEvent, claim_filing_deadline, statement_of_loss
from claims.loader import case_terms, claim_facts
from claims.models import Claim, CollectionCase
from claims.states import CASE, CaseStatus, ClaimStatus
from core import audit, outbox
from core.actor import INSURED_ROLES, Action, Actor, Permission
from core.clock import today
from core.errors import Conflict, RuleViolation
from core.outbox import EventType

CLAIM_FIELDS = ("case_id", "cause", "status", "insolvency_date", "date_of_loss", "filed_on",
                "filing_deadline", "filed_late")


FILE = Action.of("file a claim", *INSURED_ROLES, broker=Permission.FILE_CLAIMS)


def insolvency_date(session: Session, buyer_id: int, on_or_before: dt.date) -> dt.date | None:
    """The buyer's first insolvency on record by that day, from the buyer database."""
    return session.scalar(select(LegalEvent.date).where(
        LegalEvent.buyer_id == buyer_id, LegalEvent.type == LegalEventType.INSOLVENCY,
        LegalEvent.date <= on_or_before).order_by(LegalEvent.date).limit(1))


def loss_of(
    session: Session, case: CollectionCase, cause: LossCause, day: dt.date
) -> tuple[LossEvent, dt.date | None]:
    """The loss event and its date as the engine reckons it (None: nothing owed long enough
    for a protracted default; or no insolvency on record)."""
    if cause is LossCause.INSOLVENCY:
        insolvent = insolvency_date(session, case.buyer_id, day)
        if insolvent is None:
            return LossEvent(LossCause.PROTRACTED_DEFAULT), None
        return LossEvent(cause, insolvent), insolvent
    loss = LossEvent(cause)
    return loss, statement_of_loss(claim_facts(session, case, loss)).date_of_loss


def file_claim(
    session: Session, *, actor: Actor, case_id: int, cause: LossCause
) -> Claim:
    """The insured files a claim on its case: on insolvency, from the insolvency date; on
    protracted default, once the date of loss has come."""
    actor.require(FILE)
    case = lock_case(session, case_id, actor=actor)
    day = today()
    loss, loss_date = loss_of(session, case, cause, day)
    if loss_date is None and cause is LossCause.INSOLVENCY:
        raise RuleViolation("No insolvency of this buyer is on record.",
                            fields={"cause": ["The buyer is not known to be insolvent."]})
    if loss_date is None or loss_date > day:
        when = f" It comes on {loss_date.isoformat()}." if loss_date else ""
        raise RuleViolation("The date of loss has not come yet." + when,
                            fields={"cause": ["No protracted default yet."]})
    return open_claim(session, case, actor=actor, loss=loss, date_of_loss=loss_date,
                      filed_on=day)


def open_claim(
    session: Session, case: CollectionCase, *, actor: Actor, loss: LossEvent,
    date_of_loss: dt.date, filed_on: dt.date,
) -> Claim:
    """Open the claim and hand the case over to it."""
    _one_claim_at_a_time(session, case)
    terms = case_terms(session, case)
    deadline = claim_filing_deadline(date_of_loss, terms)
    claim = Claim(
        insured_id=case.insured_id, case_id=case.id, policy_id=case.policy_id,
        buyer_id=case.buyer_id, currency=case.currency, cause=loss.cause,
        status=ClaimStatus.OPEN, insolvency_date=loss.insolvency_date,
        date_of_loss=date_of_loss, filed_on=filed_on, filing_deadline=deadline,
        filed_late=filed_on > deadline, filed_by=actor.user_id)
    session.add(claim)
    session.flush()
    audit.record(session, actor, "claim.open", claim, insured_id=claim.insured_id,
                 after=audit.snapshot(claim, *CLAIM_FIELDS))
    outbox.record(session, EventType.CLAIM_STATUS_CHANGED, claim.insured_id, {
        "id": claim.id, "status": claim.status, "previous_status": None, "action": "open",
        "case_id": case.id, "date_of_loss": date_of_loss, "filing_deadline": deadline},
        object_type="claim", object_id=claim.id)
    CASE.transition(session, case, "claim", actor=actor, detail={"claim_id": claim.id})
    late = " Filed after the filing deadline." if claim.filed_late else ""
    add_event(session, case, filed_on, "claim_opened",
              f"Claim {claim.id}: {loss.cause.value.replace('_', ' ')}, date of loss "
              f"{date_of_loss.isoformat()}.{late}")
    buyer_changed.send(session, buyer_ids=[case.buyer_id])
    return claim


def _one_claim_at_a_time(session: Session, case: CollectionCase) -> None:
    if case.status is CaseStatus.CLAIMED:
        raise Conflict("A claim is already in progress on this case.")
    if case.status is CaseStatus.CLOSED:
        raise Conflict("This case is closed: nothing is owed on it.")
