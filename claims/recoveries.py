"""Recoveries (docs/domain.md §6.4): money recovered from the buyer after the claim was paid, split
between insurer and insured by the policy's sharing basis, each split recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from claims.assessment import lock_claim
from claims.indemnity import RecoveryBasis, split_recovery
from claims.loader import case_terms
from claims.models import Recovery
from claims.rules import check_amount, check_currency, check_not_future
from claims.states import ClaimStatus
from core import audit
from core.actor import Action, Actor, Role
from core.errors import InvalidTransition, RuleViolation
from core.money import format_money

ZERO = Decimal(0)

RECOVER = Action.of("record a recovery on a paid claim", Role.CLAIMS_HANDLER)


def record_recovery(
    session: Session, claim_id: int, *, actor: Actor, amount: Decimal, received_on: dt.date,
    currency: str | None = None,
) -> Recovery:
    """Split `amount` on the paid claim's statement; the insurer never takes back more than
    the indemnity it paid, over all the claim's recoveries."""
    actor.require(RECOVER)
    claim = lock_claim(session, claim_id, actor=actor)
    if claim.status is not ClaimStatus.PAID:
        raise InvalidTransition(f"A claim that is {claim.status.value} has no recoveries: "
                                "money received before payment goes to the case.")
    check_currency(currency, claim.currency)
    check_amount(amount, claim.currency)
    check_not_future(received_on, "received_on")
    if claim.paid_on is not None and received_on < claim.paid_on:
        raise RuleViolation("A recovery comes after the claim was paid.",
                            fields={"received_on": [f"On or after {claim.paid_on.isoformat()}."]})
    basis = RecoveryBasis(claim.currency, claim.indemnity or ZERO, claim.covered_amount or ZERO,
                          claim.total_debt or ZERO)
    before = list(claim.recoveries)
    left = basis.total_debt - sum((r.amount for r in before), ZERO)
    if amount > left:
        raise RuleViolation("More than the buyer still owed.",
                            fields={"amount": [f"At most {format_money(left, claim.currency)}."]})
    sharing = case_terms(session, claim.case).recovery_sharing
    split = split_recovery(amount, basis, sharing, insurer_recovered_before=sum(
        (r.insurer_share for r in before), ZERO))
    recovery = Recovery(insured_id=claim.insured_id, claim=claim, amount=amount,
                        received_on=received_on, sharing=split.sharing.value,
                        insurer_share=split.insurer_share, insured_share=split.insured_share,
                        recorded_by=actor.user_id)
    session.add(recovery)
    audit.record(session, actor, "claim.recovery", recovery, insured_id=claim.insured_id,
                 after={"claim_id": claim.id, "amount": amount, "received_on": received_on,
                        "sharing": split.sharing, "insurer_share": split.insurer_share,
                        "insured_share": split.insured_share})
    return recovery
