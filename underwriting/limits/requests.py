"""Limit requests: the instant decision, and the underwriter's decision on a referral."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core import audit, outbox, rows
from core.actor import INSURED_ROLES, Action, Actor, Permission, Role
from core.clock import today, utcnow
from core.errors import NotFound, RuleViolation
from core.money import money_problem
from core.outbox import EventType
from core.tenancy import owned_or_404
from underwriting.limits import grants
from underwriting.limits.capacity import from_eur, has_rate
from underwriting.limits.engine import Outcome, RequestFacts, decide
from underwriting.limits.exposure import BuyerStanding, lock_buyer
from underwriting.limits.grants import Conditions
from underwriting.limits.models import (
    CreditLimit,
    LimitRequest,
    LimitType,
    RequestKind,
    RequestStatus,
)
from underwriting.limits.overdue import has_overdue
from underwriting.limits.reasons import known
from underwriting.limits.states import DECISIONS, REQUEST
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy

REQUEST_FIELDS = ("policy_id", "buyer_id", "amount", "currency", "payment_terms_days",
                  "reference", "kind", "status", "decided_amount", "reason_codes", "conditions")


ASK = Action.of("request a credit limit", *INSURED_ROLES,
                broker=Permission.REQUEST_LIMITS)


def request_limit(
    session: Session,
    *,
    actor: Actor,
    policy_id: int,
    buyer_id: int,
    amount: Decimal,
    payment_terms_days: int,
    reference: str | None = None,
    comment: str | None = None,
) -> LimitRequest:
    """An insured asks for a limit, or to change the one it holds; the engine decides at once
    where it can. A decrease applies at once; an increase never lowers what is held."""
    actor.require(ASK)
    policy = policy_in_force(session, policy_id, actor)
    _check_amount(amount, policy.currency)
    day = today()
    buyer = lock_buyer(session, buyer_id, day)
    limits = grants.held_limits(session, policy.id, buyer_id)
    held = limits.get(LimitType.INSURER)
    current = held.amount_on(day) if held is not None else Decimal(0)
    kind = (RequestKind.NEW if current == 0 else
            RequestKind.INCREASE if amount >= current else RequestKind.DECREASE)
    request = LimitRequest(
        insured_id=policy.insured_id, policy_id=policy.id, buyer_id=buyer_id, amount=amount,
        currency=policy.currency, payment_terms_days=payment_terms_days, reference=reference,
        comment=comment, kind=kind, conditions={}, requested_by=actor.user_id,
    )
    if kind is RequestKind.DECREASE:
        assert held is not None
        request.status, request.reason_codes = RequestStatus.APPROVED, []
        request.decided_amount, request.decided_at = amount, utcnow()
        grants.decrease(session, held, amount=amount, actor=actor, day=day, request=request)
    else:
        _decide_at_once(session, request, policy, buyer, limits, current, actor, day)
    if not rows.written(request):  # refused or referred: no limit to write it with
        rows.insert(session, request)
    audit.record(session, actor, "limit_request.create", request, insured_id=policy.insured_id,
                 after=audit.snapshot(request, *REQUEST_FIELDS))
    if request.status is not RequestStatus.REFERRED:
        outbox.record(session, EventType.LIMIT_DECIDED, request.insured_id,
                      audit.snapshot(request, "id", "credit_limit_id", *REQUEST_FIELDS),
                      object_type="limit_request", object_id=request.id)
    return request


DECIDE = Action.of("decide a referred limit request", Role.UNDERWRITER)


def _decide_at_once(
    session: Session, request: LimitRequest, policy: Policy, buyer: BuyerStanding,
    limits: dict[LimitType, CreditLimit], current: Decimal, actor: Actor, day: dt.date,
) -> None:
    held = limits.get(LimitType.INSURER)
    pending = held.pending_on(day) if held is not None else None
    facts = _facts(policy, buyer, request.amount,
                   request.payment_terms_days, bool(request.comment and request.comment.strip()),
                   has_overdue(session, policy.insured_id, request.buyer_id, day))
    facts = replace(facts, held=current,
                    reduction_pending=pending is not None and pending.amount < current)
    decision = decide(facts)
    request.status = RequestStatus(decision.outcome.value)
    request.reason_codes = list(decision.reasons)
    if decision.outcome is not Outcome.REFERRED:
        request.decided_at = utcnow()
    if decision.amount is not None:  # the grant writes the request, already naming its limit
        _grant(session, request, policy, decision.amount, Conditions(), actor, day, limits)


def policy_in_force(session: Session, policy_id: int, actor: Actor) -> Policy:
    policy = get_policy(session, policy_id, actor=actor)
    if policy.status_on(today()) != "in_force":
        raise RuleViolation("The policy is not in force today.",
                            fields={"policy_id": ["Not in force."]})
    return policy


def _check_amount(amount: Decimal, currency: str) -> None:
    problem = money_problem(amount, currency, allow_zero=False)
    if problem:
        raise RuleViolation("The amount is not valid.", fields={"amount": [problem]})


def _facts(
    policy: Policy, buyer: BuyerStanding, amount: Decimal, terms_days: int, comment: bool,
    overdue: bool,
) -> RequestFacts:
    terms = policy.terms_on(today()).terms
    convertible = has_rate(policy.currency)
    return RequestFacts(
        amount=amount, payment_terms_days=terms_days,
        max_credit_period_days=terms.max_credit_period_days, has_comment=comment,
        grade=buyer.grade, insolvent=buyer.insolvent, ceased_trading=buyer.ceased_trading,
        ceiling=from_eur(buyer.ceiling_eur, policy.currency) if convertible else Decimal(0),
        capacity_left=from_eur(buyer.capacity_left_eur, policy.currency)
        if convertible else Decimal(0),
        convertible=convertible, overdue=overdue,
    )


def _grant(
    session: Session, request: LimitRequest, policy: Policy, amount: Decimal,
    conditions: Conditions, actor: Actor, day: dt.date,
    held: dict[LimitType, CreditLimit] | None = None,
) -> None:
    request.decided_amount = amount
    grants.grant(session, policy=policy, buyer_id=request.buyer_id, amount=amount,
                 conditions=conditions, actor=actor, day=day, request=request,
                 reason_codes=list(request.reason_codes), held=held)


def get_request(session: Session, request_id: int, *, actor: Actor) -> LimitRequest:
    return owned_or_404(session.get(LimitRequest, request_id), actor, "Limit request")


def decide_referral(
    session: Session,
    request_id: int,
    *,
    actor: Actor,
    outcome: str,
    amount: Decimal | None = None,
    reason_codes: list[str],
    conditions: Conditions | None = None,
    note: str | None = None,
) -> LimitRequest:
    """An underwriter decides a referred request: approved, partial, refused or zero, with an
    optional note to the insured. An increase granted in part keeps at least what is held."""
    actor.require(DECIDE)
    # Locked (FOR UPDATE) before its status is read, so two decisions on it queue.
    request = owned_or_404(session.get(LimitRequest, request_id, with_for_update=True), actor,
                           "Limit request")
    action = DECISIONS.get(outcome, "refuse")
    REQUEST.check(request, action)
    _check_reasons(reason_codes)
    policy = session.get(Policy, request.policy_id)
    if policy is None:
        raise NotFound("Policy not found.")
    before = audit.snapshot(request, *REQUEST_FIELDS)
    granted = _decided_amount(request, outcome, amount, reason_codes)
    conditions = _checked_conditions(conditions or Conditions(), request)
    day = today()
    buyer = lock_buyer(session, request.buyer_id, day)
    if granted is not None and granted > 0:
        _keeps_what_is_held(session, request, policy, granted, day)
        _grantable(session, request, policy, buyer, granted, day)
    request.reason_codes, request.conditions = reason_codes, dict(conditions.to_json())
    request.decided_by, request.decided_at = actor.user_id, utcnow()
    request.note = note.strip() if note and note.strip() else None
    if granted is not None:
        _grant(session, request, policy, granted, conditions, actor, day)
    REQUEST.transition(session, request, action, actor=actor, before=before,
                       detail={**audit.snapshot(request, *REQUEST_FIELDS[:-4]),
                               "decided_amount": request.decided_amount,
                               "reason_codes": reason_codes, "outcome": outcome,
                               "note": request.note})
    outbox.record(session, EventType.LIMIT_DECIDED, request.insured_id,
                  audit.snapshot(request, "id", "credit_limit_id", *REQUEST_FIELDS),
                  object_type="limit_request", object_id=request.id)
    return request


def _keeps_what_is_held(
    session: Session, request: LimitRequest, policy: Policy, amount: Decimal, day: dt.date
) -> None:
    """An increase never lowers the limit in force: a part granted is at least that."""
    held = grants.insurer_limit(session, policy.id, request.buyer_id)
    current = held.amount_on(day) if held is not None else Decimal(0)
    if request.kind is RequestKind.INCREASE and amount < current:
        raise RuleViolation("An increase granted in part keeps at least the limit in force.",
                            fields={"amount": [f"At least {current}."]})


def _check_reasons(codes: list[str]) -> None:
    unknown = known(codes)
    if unknown:
        raise RuleViolation("Unknown reason codes.",
                            fields={"reason_codes": [f"Unknown: {', '.join(unknown)}."]})


def _decided_amount(
    request: LimitRequest, outcome: str, amount: Decimal | None, reasons: list[str]
) -> Decimal | None:
    """The amount granted by the outcome (None: no limit; 0: a zero limit)."""
    if outcome in ("refused", "zero"):
        if not reasons:
            raise RuleViolation("A refusal needs its reasons.",
                                fields={"reason_codes": ["Give at least one."]})
        return Decimal(0) if outcome == "zero" else None
    if outcome == "approved":
        return request.amount if amount is None else _same(amount, request.amount)
    if amount is None or not 0 < amount < request.amount:
        raise RuleViolation("A partial decision grants less than asked, more than nothing.",
                            fields={"amount": [f"Between 0 and {request.amount}."]})
    _check_amount(amount, request.currency)
    return amount


def _same(amount: Decimal, asked: Decimal) -> Decimal:
    if amount != asked:
        raise RuleViolation("An approval grants what was asked; use partial for less.",
                            fields={"amount": [f"Must be {asked}."]})
    return amount


def _checked_conditions(conditions: Conditions, request: LimitRequest) -> Conditions:
    terms = conditions.max_payment_terms_days
    if terms is not None and terms >= request.payment_terms_days:
        raise RuleViolation("Shorter payment terms must be shorter than those asked.",
                            fields={"conditions": {"max_payment_terms_days": [
                                f"Below {request.payment_terms_days}."]}})
    expires = conditions.expires_on
    if expires is not None and expires <= today():
        raise RuleViolation("An expiry date must be in the future.",
                            fields={"conditions": {"expires_on": ["After today."]}})
    return conditions


def _grantable(
    session: Session, request: LimitRequest, policy: Policy, buyer: BuyerStanding,
    amount: Decimal, day: dt.date,
) -> None:
    """No limit on a buyer insolvent or no longer trading; none beyond its capacity."""
    if buyer.insolvent or buyer.ceased_trading:
        raise RuleViolation("The buyer is insolvent or has ceased trading: refuse the request.",
                            fields={"outcome": ["Only a refusal is possible."]})
    current = grants.insurer_limit(session, policy.id, request.buyer_id)
    already = current.amount_on(day) if current else Decimal(0)
    room = from_eur(buyer.capacity_left_eur, policy.currency) + already
    if amount > room:
        raise RuleViolation("The buyer's remaining capacity is smaller than this decision.",
                            fields={"amount": [f"At most {room} {policy.currency}."]})


def requests_query(
    *, status: RequestStatus | None = None, buyer_id: int | None = None
) -> Select[tuple[LimitRequest]]:
    """Limit requests, newest first; the tenant filter narrows them to what the scope sees."""
    query = select(LimitRequest).order_by(LimitRequest.created_at.desc(), LimitRequest.id.desc())
    if status is not None:
        query = query.where(LimitRequest.status == status)
    if buyer_id is not None:
        query = query.where(LimitRequest.buyer_id == buyer_id)
    return query
