"""A claim's life after filing (domain §6.3): assessed by the engine, approved (payable within
30 days) or rejected with reasons, then paid. The statement of loss is stored whole, as it was
computed, with its key figures in columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from claims import four_eyes
from claims.cases import add_event
from claims.collection import carry_over_disputes
from claims.indemnity import LossCause, LossEvent, Statement, statement_of_loss
from claims.loader import claim_facts
from claims.models import Claim, CollectionCase
from claims.states import CASE, CLAIM, ClaimStatus
from core.actor import Action, Actor, Role
from core.clock import today
from core.errors import InvalidTransition, RuleViolation
from core.money import format_money
from core.tenancy import owned_or_404

PAYABLE_WITHIN = dt.timedelta(days=30)
FIGURES = ("net_outstanding", "applicable_limit", "covered_amount", "insured_pct", "total_debt",
           "aggregate_first_loss_absorbed", "indemnity")


ASSESS = Action.of("assess a claim", Role.CLAIMS_HANDLER)
APPROVE = Action.of("approve a claim's indemnity", Role.CLAIMS_HANDLER)
REJECT = Action.of("reject a claim", Role.CLAIMS_HANDLER)
PAY = Action.of("pay a claim", Role.CLAIMS_HANDLER)


def get_claim(session: Session, claim_id: int, *, actor: Actor) -> Claim:
    return owned_or_404(session.get(Claim, claim_id), actor, "Claim")


def lock_claim(session: Session, claim_id: int, *, actor: Actor) -> Claim:
    """The claim, read FOR UPDATE before its state is: two handlers acting on one claim (or
    two recoveries) queue instead of both passing the same check. PostgreSQL locks the row;
    SQLite takes its write lock."""
    claim = session.get(Claim, claim_id, with_for_update=True, populate_existing=True)
    return owned_or_404(claim, actor, "Claim")


def claims_query(
    *, case_id: int | None = None, status: ClaimStatus | None = None
) -> Select[tuple[Claim]]:
    query = select(Claim).order_by(Claim.filed_on.desc(), Claim.id.desc())
    if case_id is not None:
        query = query.where(Claim.case_id == case_id)
    if status is not None:
        query = query.where(Claim.status == status)
    return query


def compute_statement(session: Session, claim: Claim) -> Statement:
    """The statement of loss of `claim` on today's facts."""
    case = session.get(CollectionCase, claim.case_id)
    assert case is not None  # a foreign key
    loss = LossEvent(LossCause(claim.cause), claim.insolvency_date)
    return statement_of_loss(claim_facts(session, case, loss, claim_id=claim.id))


def assess(session: Session, claim_id: int, *, actor: Actor) -> Claim:
    """Run the engine on the claim's facts and keep the statement it produced."""
    actor.require(ASSESS)
    claim = lock_claim(session, claim_id, actor=actor)
    CLAIM.check(claim, "assess")
    statement = compute_statement(session, claim)
    _keep(claim, statement)
    claim.assessed_on, claim.assessed_by = today(), actor.user_id
    CLAIM.transition(session, claim, "assess", actor=actor, detail={
        "indemnity": statement.indemnity, "covered_amount": statement.covered_amount})
    return claim


def _keep(claim: Claim, statement: Statement) -> None:
    claim.statement = statement.to_json()
    for name in FIGURES:
        setattr(claim, name, getattr(statement, name))


def approve(
    session: Session, claim_id: int, *, actor: Actor,
    four_eyes_amount: Decimal = four_eyes.DEFAULT_AMOUNT,
) -> Claim:
    """Approve the assessed indemnity. Should the facts have moved since the assessment (a
    payment, a dispute, another claim using up the year's maximum liability), the handler
    assesses again first: what is approved is what the stored statement says. At or above
    `four_eyes_amount`, the assessor may not approve (`four_eyes.FourEyes`)."""
    actor.require(APPROVE)
    claim = lock_claim(session, claim_id, actor=actor)
    CLAIM.check(claim, "approve")
    four_eyes.check(claim, actor, four_eyes_amount)
    fresh = compute_statement(session, claim)
    if fresh.indemnity != claim.indemnity:
        raise InvalidTransition(
            f"The indemnity is now {format_money(fresh.indemnity, claim.currency)}, not "
            f"{format_money(claim.indemnity or fresh.indemnity, claim.currency)} as "
            "assessed: assess the claim again before approving it.")
    day = today()
    CLAIM.transition(session, claim, "approve", actor=actor, detail={
        "indemnity": claim.indemnity, "payable_by": day + PAYABLE_WITHIN})
    claim.approved_on, claim.payable_by = day, day + PAYABLE_WITHIN
    claim.approved_by = actor.user_id
    return claim


def reject(session: Session, claim_id: int, *, actor: Actor, reason: str) -> Claim:
    """Reject with the reason the insured will read; the case goes back to collection."""
    actor.require(REJECT)
    claim = lock_claim(session, claim_id, actor=actor)
    CLAIM.check(claim, "reject")
    if not reason.strip():
        raise RuleViolation("A rejection gives its reason.", fields={"reason": ["Required."]})
    CLAIM.transition(session, claim, "reject", actor=actor, detail={"reason": reason})
    claim.rejection_reason = reason
    case = claim.case
    CASE.transition(session, case, "reopen", actor=actor, detail={"claim_id": claim.id})
    add_event(session, case, today(), "claim_rejected", f"Claim {claim.id}: {reason}")
    return claim


def pay(session: Session, claim_id: int, *, actor: Actor, paid_on: dt.date) -> Claim:
    """Pay the approved indemnity; the case is settled by it and closes."""
    actor.require(PAY)
    claim = lock_claim(session, claim_id, actor=actor)
    CLAIM.check(claim, "pay")
    if claim.approved_on is not None and not claim.approved_on <= paid_on <= today():
        raise RuleViolation("A claim is paid after its approval, and not in the future.",
                            fields={"paid_on": [f"Between {claim.approved_on.isoformat()} and "
                                                f"{today().isoformat()}."]})
    CLAIM.transition(session, claim, "pay", actor=actor,
                     detail={"paid_on": paid_on, "paid_amount": claim.indemnity})
    claim.paid_on, claim.paid_amount = paid_on, claim.indemnity
    case = claim.case
    CASE.transition(session, case, "close", actor=actor, detail={"claim_id": claim.id})
    case.closed_on = paid_on
    add_event(session, case, paid_on, "claim_paid", f"Claim {claim.id}.", claim.indemnity)
    carry_over_disputes(session, case, actor=actor, claim_id=claim.id, day=paid_on)
    return claim
