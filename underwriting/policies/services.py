"""Issuing policies and amending their terms. Services flush; the caller commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from core import audit
from core.accounts.services import get_insured
from core.actor import Action, Actor, Role
from core.clock import today
from core.errors import Conflict, RuleViolation
from core.money import is_currency, money_problem
from core.tenancy import owned_or_404
from underwriting.limits.capacity import has_rate
from underwriting.policies.models import Policy, PolicyTermsVersion
from underwriting.policies.terms import MONEY_TERMS, PolicyTerms, TermsChanges

POLICY_FIELDS = ("number", "currency", "start_date", "end_date")

ISSUE = Action.of("issue a policy", Role.INSURER_ADMIN)
AMEND = Action.of("amend a policy's terms", Role.INSURER_ADMIN)


def create_policy(
    session: Session,
    *,
    actor: Actor,
    insured_id: int,
    number: str,
    currency: str,
    start_date: dt.date,
    end_date: dt.date,
    terms: TermsChanges,
) -> Policy:
    """Issue a policy to an insured, its first terms in force from the start date."""
    actor.require(ISSUE)
    get_insured(session, insured_id, actor=actor)
    currency = currency.upper()
    if not is_currency(currency):
        raise RuleViolation("Unknown currency.", fields={"currency": ["Not an ISO 4217 code."]})
    if not has_rate(currency):
        raise RuleViolation("The insurer does not write policies in this currency.",
                            fields={"currency": ["No reference rate for exposure."]})
    if end_date <= start_date:
        raise RuleViolation("The period is out of order.", fields={"end_date": ["After start."]})
    if session.scalar(select(Policy.id).where(Policy.number == number)) is not None:
        raise Conflict("This policy number is taken.", fields={"number": ["Already issued."]})
    policy = Policy(
        insured_id=insured_id, number=number, currency=currency,
        start_date=start_date, end_date=end_date,
    )
    session.add(policy)
    first = _checked_terms(PolicyTerms().amended(**terms), currency)
    _add_version(session, policy, start_date, first, actor)
    audit.record(
        session, actor, "policy.create", policy, insured_id=insured_id,
        after={**audit.snapshot(policy, *POLICY_FIELDS), "terms": first.to_json()},
    )
    return policy


def get_policy(session: Session, policy_id: int, *, actor: Actor) -> Policy:
    found = session.execute(_POLICY_WITH_TERMS, {"policy_id": policy_id}).unique()
    return owned_or_404(found.scalar_one_or_none(), actor, "Policy")


# Every limit request reads its policy and terms: one prebuilt statement, versions joined.
_POLICY_WITH_TERMS = (select(Policy).where(Policy.id == bindparam("policy_id", type_=Integer))
                      .options(joinedload(Policy.versions)))


def policies_query(*, insured_id: int | None = None) -> Select[tuple[Policy]]:
    """Policies in number order; the tenant filter narrows them to what the scope may see."""
    query = select(Policy).order_by(Policy.number)
    if insured_id is not None:
        query = query.where(Policy.insured_id == insured_id)
    return query


def amend_terms(
    session: Session,
    policy_id: int,
    *,
    actor: Actor,
    effective_from: dt.date,
    changes: TermsChanges,
) -> PolicyTermsVersion:
    """Start a new version of the terms from `effective_from`, today or later: terms already
    applied (to deliveries, overdues, claims) are never rewritten. Earlier versions stay."""
    actor.require(AMEND)
    policy = get_policy(session, policy_id, actor=actor)
    latest = policy.versions[-1]
    if effective_from < today():
        raise RuleViolation(
            "A change of terms takes effect today or later, never in the past.",
            fields={"effective_from": [f"On or after {today().isoformat()}."]},
        )
    if not policy.start_date < effective_from <= policy.end_date:
        raise RuleViolation(
            "A change of terms must start within the policy period, after its first day.",
            fields={"effective_from": ["Outside the policy period."]},
        )
    if effective_from <= latest.effective_from:
        raise RuleViolation(
            "A change of terms must start after the latest version.",
            fields={"effective_from": [f"After {latest.effective_from.isoformat()}."]},
        )
    before = latest.terms
    after = _checked_terms(before.amended(**changes), policy.currency)
    version = _add_version(session, policy, effective_from, after, actor)
    audit.record(
        session, actor, "policy.amend_terms", policy, insured_id=policy.insured_id,
        before=before.to_json(),
        after={"effective_from": effective_from, **after.to_json()},
    )
    return version


def _add_version(
    session: Session, policy: Policy, effective_from: dt.date, terms: PolicyTerms, actor: Actor
) -> PolicyTermsVersion:
    version = PolicyTermsVersion(
        policy=policy, insured_id=policy.insured_id, effective_from=effective_from,
        terms_json=terms.to_json(), created_by=actor.user_id,
    )
    session.add(version)
    session.flush()
    return version


def _checked_terms(terms: PolicyTerms, currency: str) -> PolicyTerms:
    """Amounts must fit the currency's minor unit (JPY has none, EUR two)."""
    problems: dict[str, list[str]] = {}
    for name in MONEY_TERMS:
        value: Decimal | None = getattr(terms, name)
        problem = None if value is None else money_problem(value, currency)
        if problem:
            problems[name] = [problem]
    if problems:
        raise RuleViolation(
            "Some terms do not fit the policy's currency.", fields={"terms": problems}
        )
    return terms
