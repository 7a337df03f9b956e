"""Limits the insured sets itself (discretionary), and limits reduced, withdrawn or cancelled."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Select, literal, select
from sqlalchemy.orm import Session, aliased

from buyers_db.models import Buyer
from buyers_db.search import words
from buyers_db.services import get_buyer
from core import audit, outbox
from core.actor import INSURED_ROLES, Action, Actor, Permission, Role
from core.clock import today
from core.errors import InvalidTransition, RuleViolation
from core.money import money_problem
from core.outbox import EventType
from core.tenancy import owned_or_404
from underwriting.grading.records import BuyerGrade
from underwriting.limits import grants, ledger_sql
from underwriting.limits.exposure import BuyerStanding, lock_buyer
from underwriting.limits.models import CreditLimit, CreditLimitVersion, LimitStatus, LimitType
from underwriting.limits.overdue import has_overdue
from underwriting.limits.states import LIMIT
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy

DISCRETIONARY_WORST_GRADE = 6


DISCRETIONARY = Action.of("cover a buyer with a discretionary limit", *INSURED_ROLES,
                          broker=Permission.REQUEST_LIMITS)
CANCEL = Action.of("cancel a credit limit", *INSURED_ROLES, Role.UNDERWRITER,
                   broker=Permission.REQUEST_LIMITS)


def get_limit(session: Session, limit_id: int, *, actor: Actor) -> CreditLimit:
    return owned_or_404(session.get(CreditLimit, limit_id), actor, "Credit limit")


REDUCE = Action.of("reduce or withdraw a credit limit", Role.UNDERWRITER)


def set_discretionary(
    session: Session, *, actor: Actor, policy_id: int, buyer_id: int, amount: Decimal
) -> CreditLimit:
    """The insured covers a buyer itself, within the policy's discretionary maximum, where the
    buyer is sound and the insurer has not decided on it."""
    actor.require(DISCRETIONARY)
    policy = get_policy(session, policy_id, actor=actor)
    get_buyer(session, buyer_id)
    day = today()
    if policy.status_on(day) != "in_force":
        raise RuleViolation("The policy is not in force today.",
                            fields={"policy_id": ["Not in force."]})
    buyer = lock_buyer(session, buyer_id, day)
    _discretionary_allowed(session, policy, buyer_id, buyer, amount)
    held = grants.held_limits(session, policy.id, buyer_id).get(LimitType.DISCRETIONARY)
    if held is not None and held.status in (LimitStatus.ACTIVE, LimitStatus.CANCELLED):
        before = audit.snapshot(held, *grants.LIMIT_FIELDS)
        held.amount = amount
        change = "changed" if held.status is LimitStatus.ACTIVE else "granted"
        grants.add_version(session, held, amount, day, change, actor, [])
        action = "change" if held.status is LimitStatus.ACTIVE else "regrant"
        LIMIT.transition(session, held, action, actor=actor, before=before,
                         detail={"amount": amount})
        return held
    limit = CreditLimit(
        insured_id=policy.insured_id, policy_id=policy.id, buyer_id=buyer_id,
        type=LimitType.DISCRETIONARY, status=LimitStatus.ACTIVE, amount=amount,
        currency=policy.currency, effective_from=day,
    )
    grants.write_new(session, limit)
    grants.add_version(session, limit, amount, day, "granted", actor, [])
    audit.record(session, actor, "credit_limit.discretionary", limit, insured_id=limit.insured_id,
                 after=audit.snapshot(limit, *grants.LIMIT_FIELDS))
    return limit


def _discretionary_allowed(
    session: Session, policy: Policy, buyer_id: int, buyer: BuyerStanding, amount: Decimal
) -> None:
    day = today()
    terms = policy.terms_on(day).terms
    problem = money_problem(amount, policy.currency, allow_zero=False)
    if problem is None and amount > terms.discretionary_limit_max:
        problem = f"At most {terms.discretionary_limit_max} {policy.currency} under this policy."
    if problem:
        raise RuleViolation("The amount is not allowed.", fields={"amount": [problem]})
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
    policy's notice period; deliveries before stay covered by the old amount. The new amount is
    measured against the latest decision (a reduction still waiting included), and supersedes
    a change still waiting for its date."""
    actor.require(REDUCE)
    limit = _locked(session, limit_id, actor)
    action = "withdraw" if amount == 0 else "reduce"
    LIMIT.check(limit, action)
    if limit.status is LimitStatus.WITHDRAWN and limit.amount == 0:
        # Withdrawn already (after notice, or from the buyer's insolvency): nothing to bring on.
        raise InvalidTransition("A credit limit that is withdrawn cannot be withdrawn again.")
    problem = money_problem(amount, limit.currency)
    if problem is None and amount >= limit.amount:
        problem = f"Must be below {limit.amount}."
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
    limit.amount = amount
    LIMIT.transition(session, limit, action, actor=actor, before=before,
                     detail={"amount": amount, "effective_from": version.effective_from})
    outbox.record(session, EventType.LIMIT_CHANGED, limit.insured_id, {
        "id": limit.id, "buyer_id": limit.buyer_id, "policy_id": limit.policy_id,
        "change": change, "amount": amount, "currency": limit.currency,
        "effective_from": version.effective_from, "reason_codes": reason_codes},
        object_type="credit_limit", object_id=limit.id)
    return limit


def cancel_limit(session: Session, limit_id: int, *, actor: Actor) -> CreditLimit:
    """The insured's cancellation ends cover at once; the underwriter's is a withdrawal that
    waits for the notice period."""
    actor.require(CANCEL)
    if actor.role is Role.UNDERWRITER:
        return reduce_limit(session, limit_id, actor=actor, amount=Decimal(0),
                            reason_codes=["UWD"])
    limit = _locked(session, limit_id, actor)
    LIMIT.check(limit, "cancel")
    before = audit.snapshot(limit, *grants.LIMIT_FIELDS)
    limit.amount = Decimal(0)
    grants.add_version(session, limit, Decimal(0), today(), "cancelled", actor, [])
    LIMIT.transition(session, limit, "cancel", actor=actor, before=before,
                     detail={"amount": limit.amount})
    return limit


def _locked(session: Session, limit_id: int, actor: Actor) -> CreditLimit:
    # Locked (FOR UPDATE) before its status is read, so two changes to one limit queue.
    return owned_or_404(session.get(CreditLimit, limit_id, with_for_update=True), actor,
                        "Credit limit")


def limits_query(
    *, buyer_id: int | None = None, policy_id: int | None = None, include_ended: bool = False,
    on: dt.date | None = None, status: LimitStatus | None = None, q: str | None = None,
    expiring_before: dt.date | None = None, grade: int | None = None,
) -> Select[Any]:
    """The limits as they stood on `on` (today by default), newest first: those begun by then,
    and only those in force unless `include_ended` or a `status` is asked. With `on`, each row
    carries the day, so the answer shows the amount and status of that day. `q` keeps the
    buyers whose name holds each of its words; `expiring_before` the limits with an expiry date
    before that day; `grade` those on buyers of that grade now."""
    day = on or today()
    version = aliased(CreditLimitVersion)
    query = (select(CreditLimit, literal(day, Date).label("on")) if on is not None
             else select(CreditLimit))
    query = (query.join_from(CreditLimit, version,
                             version.id == ledger_sql.in_force_version_id(day))
             .order_by(CreditLimit.id.desc()))
    if buyer_id is not None:
        query = query.where(CreditLimit.buyer_id == buyer_id)
    if policy_id is not None:
        query = query.where(CreditLimit.policy_id == policy_id)
    if q is not None and words(q):
        named = [Buyer.search_name.like(f"%{_escaped(word)}%", escape="\\") for word in words(q)]
        query = query.where(CreditLimit.buyer_id.in_(select(Buyer.id).where(*named)))
    if grade is not None:
        query = query.where(CreditLimit.buyer_id.in_(
            select(BuyerGrade.buyer_id).where(BuyerGrade.grade == grade)))
    if expiring_before is not None:
        query = query.where(CreditLimit.expires_on.is_not(None),
                            CreditLimit.expires_on < expiring_before)
    if status is not None:
        query = query.where(ledger_sql.status_on(version, day) == status.value)
    elif not include_ended:
        query = query.where(ledger_sql.status_on(version, day) == LimitStatus.ACTIVE.value)
    return query


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
