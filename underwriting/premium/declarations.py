"""Monthly declarations of insured turnover: premium = turnover × the policy's premium rate.

A declaration may be amended (declared again for the same month) until it is invoiced, and
not once its policy year is closed by the minimum premium true-up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit
from core.actor import INSURED_ROLES, Action, Actor, Permission
from core.clock import today
from core.errors import Conflict, InvalidTransition, RuleViolation
from core.money import money_problem, round_money
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy
from underwriting.premium.models import PremiumDeclaration
from underwriting.premium.years import true_up_of, year_of_month

DECLARATION_FIELDS = ("period", "insured_turnover", "premium_rate", "premium", "currency")


DECLARE = Action.of("declare insured turnover", *INSURED_ROLES, broker=Permission.DECLARE)


def premium_for(policy: Policy, period: dt.date, turnover: Decimal) -> tuple[Decimal, Decimal]:
    """The rate in force for the month (the terms version in force on its first day within
    the policy) and the premium it gives, rounded once to the currency's minor unit."""
    rate = policy.terms_on(max(period, policy.start_date)).terms.premium_rate
    return rate, round_money(turnover * rate / 100, policy.currency)


def declare_turnover(
    session: Session, policy_id: int, *, actor: Actor, period: dt.date,
    insured_turnover: Decimal,
) -> PremiumDeclaration:
    """Declare a month's insured turnover, or amend the month's declaration not yet invoiced."""
    actor.require(DECLARE)
    policy = get_policy(session, policy_id, actor=actor)
    period = period.replace(day=1)
    _check(session, policy, period, insured_turnover)
    rate, premium = premium_for(policy, period, insured_turnover)
    existing = session.scalar(
        select(PremiumDeclaration)
        .where(PremiumDeclaration.policy_id == policy.id, PremiumDeclaration.period == period)
        .with_for_update())  # the invoicing job locks the same rows: one waits for the other
    if existing is not None:
        return _amend(session, existing, actor, insured_turnover, rate, premium)
    declaration = PremiumDeclaration(
        insured_id=policy.insured_id, policy_id=policy.id, period=period,
        insured_turnover=insured_turnover, premium_rate=rate, premium=premium,
        currency=policy.currency, declared_by=actor.user_id)
    try:
        with session.begin_nested():
            session.add(declaration)
    except IntegrityError:
        raise Conflict("This month was declared at the same moment; declare again to amend.",
                       fields={"period": ["Declared concurrently."]}) from None
    audit.record(session, actor, "premium_declaration.declare", declaration,
                 insured_id=policy.insured_id,
                 after=audit.snapshot(declaration, *DECLARATION_FIELDS))
    return declaration


def _check(session: Session, policy: Policy, period: dt.date, turnover: Decimal) -> None:
    if not policy.start_date.replace(day=1) <= period <= policy.end_date:
        raise RuleViolation("The month is outside the policy period.", fields={"period": [
            f"From {policy.start_date:%Y-%m} to {policy.end_date:%Y-%m}."]})
    current = today().replace(day=1)
    if period >= current:
        last = (current - dt.timedelta(days=1)).replace(day=1)
        raise RuleViolation(
            "A month can be declared once it has ended: its turnover is known only then.",
            fields={"period": [f"The month has not ended yet: {last:%Y-%m} is the latest "
                               "that can be declared."]})
    problem = money_problem(turnover, policy.currency)
    if problem:
        raise RuleViolation("The turnover is not valid.", fields={"insured_turnover": [problem]})
    year = year_of_month(policy, period)
    assert year is not None  # the month is within the policy period
    closed = true_up_of(session, policy.id, year.start)
    if closed is not None:
        raise InvalidTransition(
            f"The policy year {year.start} to {year.end} was closed on {closed.closed_on}: its "
            "premium is final.", fields={"period": ["The policy year is closed."]})


def _amend(
    session: Session, declaration: PremiumDeclaration, actor: Actor, turnover: Decimal,
    rate: Decimal, premium: Decimal,
) -> PremiumDeclaration:
    if declaration.invoice_id is not None:
        raise InvalidTransition("This month's declaration is invoiced and can no longer be "
                                "amended.", fields={"period": ["Already invoiced."]})
    before = audit.snapshot(declaration, *DECLARATION_FIELDS)
    declaration.insured_turnover, declaration.premium_rate = turnover, rate
    declaration.premium, declaration.declared_by = premium, actor.user_id
    session.flush()
    audit.record(session, actor, "premium_declaration.amend", declaration,
                 insured_id=declaration.insured_id, before=before,
                 after=audit.snapshot(declaration, *DECLARATION_FIELDS))
    return declaration


def declarations_query(policy: Policy) -> Select[tuple[PremiumDeclaration]]:
    """A policy's declarations, latest month first."""
    return (select(PremiumDeclaration).where(PremiumDeclaration.policy_id == policy.id)
            .order_by(PremiumDeclaration.period.desc()))


def list_declarations(
    session: Session, policy_id: int, *, actor: Actor
) -> Select[tuple[PremiumDeclaration]]:
    """The declarations of a policy the actor may see (another tenant's policy: NotFound)."""
    return declarations_query(get_policy(session, policy_id, actor=actor))
