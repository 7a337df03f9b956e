"""The policy year's premium, as the claims layer reads it (maximum liability as a premium
multiple, docs/domain.md §3 and §7)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from underwriting.policies.models import Policy
from underwriting.premium.years import year_premium as premium_of_year


def year_premium(session: Session, policy: Policy) -> Decimal:
    """The premium of the policy year (claims treat a policy as one policy year, its first):
    the premium declared for its months, trued up to the minimum premium once the year is
    closed, and never less than the minimum premium of the terms at the year's start. Mid-year
    the declarations so far can be a fraction of the year's; the insured owes at least the
    minimum, so the cap never falls below that multiple of it.
    """
    minimum = policy.terms_on(policy.start_date).terms.minimum_premium
    return max(premium_of_year(session, policy, policy.start_date), minimum)
