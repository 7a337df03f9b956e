"""Limits the insured sets itself (discretionary), and limits reduced, withdrawn or cancelled."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from buyers_db.services import get_buyer
from core import audit, outbox
from core.actor import INSURED_ROLES, Actor, Role
from core.clock import today
from core.errors import InvalidTransition, RuleViolation
from core.money import money_problem
from core.outbox import EventType
from core.tenancy import owned_or_404
from underwriting.limits import grants
from underwriting.limits.exposure import lock_buyer, standing
from underwriting.limits.models import CreditLimit, LimitStatus, LimitType
from underwriting.limits.overdue import has_overdue
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy

DISCRETIONARY_WORST_GRADE = 6


def get_limit(session: Session, limit_id: int, *, actor: Actor) -> CreditLimit:
    return owned_or_404(session.get(CreditLimit, limit_id), actor, "Credit limit")


def set_discretionary(
    session: Session, *, actor: Actor, policy_id: int, buyer_id: int, amount: Decimal
) -> CreditLimit:
    """The insured covers a buyer itself, within the policy's discretionary maximum, where the
    buyer is sound and the insurer has not decided on it."""
    actor.require(*INSURED_ROLES)
    policy = get_policy(session, policy_id, actor=actor)
    get_buyer(session, buyer_id)
    day = today()
    if policy.status_on(day) != "in_force":
        raise RuleViolation("The policy is not in force today.",
                            fields={"policy_id": ["Not in force."]})
    lock_buyer(session, buyer_id)
    _discretionary_allowed(session, policy, buyer_id, amount)
    existing = grants.discretionary_limit(session, policy.id, buyer_id)
    if existing is not None:
        before = audit.snapshot(existing, *grants.LIMIT_FIELDS)
        existing.amount = amount
        grants.add_version(session, existing, amount, day, "changed", actor, [])
        audit.record(session, actor, "credit_limit.discretionary_change", existing,
                     insured_id=existing.insured_id, before=before,
                     after=audit.snapshot(existing, *grants.LIMIT_FIELDS))
        return existing
    limit = CreditLimit(
        insured_id=policy.insured_id, policy_id=policy.id, buyer_id=buyer_id,
        type=LimitType.DISCRETIONARY, status=LimitStatus.ACTIVE, amount=amount,
        currency=policy.currency, effective_from=day,
    )
    session.add(limit)
    grants.add_version(session, limit, amount, day, "granted", actor, [])
    audit.record(session, actor, "credit_limit.discretionary", limit, insured_id=limit.insured_id,
                 after=audit.snapshot(limit, *grants.LIMIT_FIELDS))
    return limit


def _discretionary_allowed(
    session: Session, policy: Policy, buyer_id: int, amount: Decimal
) -> None:
    day = today()
    terms = policy.terms_on(day).terms
    problem = money_problem(amount, policy.currency, allow_zero=False)
    if problem is None and amount > terms.discretionary_limit_max:
        problem = f"At most {terms.discretionary_limit_max} {policy.currency} under this policy."
    if problem:
        raise RuleViolation("The amount is not allowed.", fields={"amount": [problem]})
    buyer = standing(session, buyer_id, day)
    reasons = []
    if buyer.insolvent or buyer.ceased_trading:
        reasons.append("The buyer is insolvent or has ceased trading.")
    if buyer.grade is None or buyer.grade > DISCRETIONARY_WORST_GRADE:
        reasons.append(f"The buyer's grade must be {DISCRETIONARY_WORST_GRADE} or better.")
    if has_overdue(session, policy.insured_id, buyer_id, day):
        reasons.append("An overdue is notified on this buyer.")
    if grants.insurer_limit(session, policy.id, buyer_id) is not None:
        reasons.append("The insurer has decided a limit on this buyer.")
    if reasons:
        raise RuleViolation("A discretionary limit is not allowed on this buyer.",
                            fields={"buyer_id": reasons})


def reduce_limit(
    session: Session, limit_id: int, *, actor: Actor, amount: Decimal, reason_codes: list[str]
) -> CreditLimit:
    """The insurer reduces (or, to zero, withdraws) a limit for deliveries from the end of the
    policy's notice period; deliveries before stay covered by the old amount."""
    actor.require(Role.UNDERWRITER)
    limit = _active_limit(session, limit_id, actor)
    problem = money_problem(amount, limit.currency)
    if problem is None and amount >= limit.amount:
        problem = f"Must be below today's {limit.amount}."
    if problem:
        raise RuleViolation("The new amount is not a reduction.", fields={"amount": [problem]})
    if not reason_codes:
        raise RuleViolation("A reduction needs its reasons.",
                            fields={"reason_codes": ["Give at least one."]})
    policy = session.get(Policy, limit.policy_id)
    assert policy is not None
    before = audit.snapshot(limit, *grants.LIMIT_FIELDS)
    change = "withdrawn" if amount == 0 else "reduced"
    version = grants.add_version(session, limit, amount, grants.notice_date(policy, today()),
                                 change, actor, reason_codes)
    audit.record(session, actor, f"credit_limit.{change}", limit, insured_id=limit.insured_id,
                 before=before, after={"amount": amount, "effective_from": version.effective_from})
    outbox.record(session, EventType.LIMIT_CHANGED, limit.insured_id, {
        "id": limit.id, "buyer_id": limit.buyer_id, "policy_id": limit.policy_id,
        "change": change, "amount": amount, "currency": limit.currency,
        "effective_from": version.effective_from, "reason_codes": reason_codes},
        object_type="credit_limit", object_id=limit.id)
    return limit


def cancel_limit(session: Session, limit_id: int, *, actor: Actor) -> CreditLimit:
    """The insured's cancellation ends cover at once; the underwriter's is a withdrawal that
    waits for the notice period."""
    actor.require(*INSURED_ROLES, Role.UNDERWRITER)
    if actor.role is Role.UNDERWRITER:
        return reduce_limit(session, limit_id, actor=actor, amount=Decimal(0),
                            reason_codes=["UWD"])
    limit = _active_limit(session, limit_id, actor)
    before = audit.snapshot(limit, *grants.LIMIT_FIELDS)
    limit.status, limit.amount = LimitStatus.CANCELLED, Decimal(0)
    grants.add_version(session, limit, Decimal(0), today(), "cancelled", actor, [])
    audit.record(session, actor, "credit_limit.cancel", limit, insured_id=limit.insured_id,
                 before=before, after=audit.snapshot(limit, *grants.LIMIT_FIELDS))
    return limit


def _active_limit(session: Session, limit_id: int, actor: Actor) -> CreditLimit:
    # Locked (FOR UPDATE) before its status is read, so two changes to one limit queue.
    limit = owned_or_404(session.get(CreditLimit, limit_id, with_for_update=True), actor,
                         "Credit limit")
    if limit.status is not LimitStatus.ACTIVE:
        raise InvalidTransition(f"This limit is {limit.status.value}.")
    return limit


def limits_query(*, buyer_id: int | None = None, policy_id: int | None = None,
                 include_ended: bool = False) -> Select[tuple[CreditLimit]]:
    query = select(CreditLimit).order_by(CreditLimit.id.desc())
    if buyer_id is not None:
        query = query.where(CreditLimit.buyer_id == buyer_id)
    if policy_id is not None:
        query = query.where(CreditLimit.policy_id == policy_id)
    if not include_ended:
        query = query.where(CreditLimit.status == LimitStatus.ACTIVE)
    return query
