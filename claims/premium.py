"""The policy year's premium, as the claims layer reads it (maximum liability as a premium
multiple, DESIGN §3 and §7)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from underwriting.policies.models import Policy


def year_premium(session: Session, policy: Policy) -> Decimal:
    """The premium of the policy year: the one place claims read it.

    A policy is one policy year (its period). Until premium declarations are recorded, the
    year's premium is the minimum premium of the terms in force at the start of the year,
    which is also the floor DESIGN §7 trues the declared premium up to. Once declarations
    exist, this returns max(Σ declared turnover × rate, minimum premium) for the policy's
    period, and every maximum-liability figure follows without another change. `session` is
    taken now so that callers need not change then.
    """
    return policy.terms_on(policy.start_date).terms.minimum_premium
