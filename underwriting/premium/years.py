"""Policy years and the premium of a year, the figure the claims engine caps liability by.

A policy year runs from the policy's start date (or an anniversary of it) to the day before
the next anniversary, the last one ending with the policy. A declared month belongs to the
policy year in which it starts; the policy's first month, which may start before the policy
does, belongs to the first year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from core.fields import EARLIEST_DATE, LATEST_DATE
from underwriting.policies.models import Policy
from underwriting.premium.models import PremiumDeclaration, PremiumTrueUp


@dataclass(frozen=True)
class PolicyYear:
    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _anniversary(start: dt.date, years: int) -> dt.date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that has none
        return start.replace(year=start.year + years, day=28)


def policy_years(policy: Policy) -> list[PolicyYear]:
    """Every policy year of the policy that holds a business date, in order.

    Years wholly outside core.fields' business dates are left out: no invoice, payment or
    declaration can fall in them, and dates out there (a policy "ending" 9999-12-31, stored
    before the range was enforced) would run the calendar past its last year.
    """
    years: list[PolicyYear] = []
    n = max(0, EARLIEST_DATE.year - policy.start_date.year - 1)
    last = min(policy.end_date, LATEST_DATE)
    while (start := _anniversary(policy.start_date, n)) <= last:
        following = _anniversary(policy.start_date, n + 1) - dt.timedelta(days=1)
        years.append(PolicyYear(start, min(following, policy.end_date)))
        n += 1
    return years


def policy_year_of(policy: Policy, day: dt.date) -> PolicyYear | None:
    """The policy year `day` falls in; None outside the policy period."""
    return next((year for year in policy_years(policy) if day in year), None)


def year_of_month(policy: Policy, period: dt.date) -> PolicyYear | None:
    """The policy year a declared month (its first day) belongs to."""
    return policy_year_of(policy, max(period, policy.start_date))


def months_of(policy: Policy, year: PolicyYear) -> ColumnElement[bool]:
    """The declarations whose month belongs to `year` (SQL condition)."""
    first = policy.start_date.replace(day=1) if year.start == policy.start_date else year.start
    return (PremiumDeclaration.policy_id == policy.id) & (
        PremiumDeclaration.period.between(first, year.end))


def declared_premium(session: Session, policy: Policy, year: PolicyYear) -> Decimal:
    """The premium of every month declared in the year, invoiced or not."""
    total = session.scalar(select(func.sum(PremiumDeclaration.premium))
                           .where(months_of(policy, year)))
    return Decimal(total or 0)


def true_up_of(session: Session, policy_id: int, year_start: dt.date) -> PremiumTrueUp | None:
    return session.scalar(select(PremiumTrueUp).where(
        PremiumTrueUp.policy_id == policy_id, PremiumTrueUp.policy_year_start == year_start))


def year_premium(session: Session, policy: Policy, year_start: dt.date) -> Decimal:
    """The premium of the policy year starting on `year_start`, as maximum liability reads it.

    Before the year is trued up: the premium declared so far for its months (invoiced or not;
    the minimum premium is not yet due). Once trued up (see `invoicing.true_up`): the declared
    premium plus the adjustment, that is the greater of the declared premium and the minimum
    premium in force on the year's last day. `year_start` must begin one of the policy's
    years (ValueError otherwise).
    """
    year = next((y for y in policy_years(policy) if y.start == year_start), None)
    if year is None:
        raise ValueError(f"{year_start} does not begin a year of policy {policy.number}.")
    declared = declared_premium(session, policy, year)
    closed = true_up_of(session, policy.id, year.start)
    return declared if closed is None else declared + closed.adjustment
