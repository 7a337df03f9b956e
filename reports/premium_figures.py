"""Premium at a glance for the insurer: the premium declared for the months of a calendar year
and the invoices issued in it, per currency, and the latest invoices.

Read through the session, so the tenancy filter applies: staff see every insured's, an
insured its own. Amounts are summed by the database in integer hundredths (never float).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.accounts.models import Insured
from core.money import round_money
from core.tenancy import fetch_tuples
from reports.queries import sum_hundredths
from underwriting.policies.models import Policy
from underwriting.premium.models import PremiumDeclaration, PremiumInvoice

LATEST_INVOICES = 10


@dataclass(frozen=True)
class PremiumYear:
    """One currency's premium in a calendar year."""

    currency: str
    declared_turnover: Decimal
    declared_premium: Decimal
    declarations: int
    invoiced: Decimal
    invoices: int


def _amount(hundredths: int | None, currency: str) -> Decimal:
    return round_money(Decimal(int(hundredths or 0)).scaleb(-2), currency)


def premium_in_year(session: Session, year: int) -> list[PremiumYear]:
    """Per currency, alphabetically: turnover and premium declared for the months of `year`,
    and what was invoiced (every kind) with an issue date in it."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    declared = fetch_tuples(session, select(
        PremiumDeclaration.currency, sum_hundredths(PremiumDeclaration.insured_turnover),
        sum_hundredths(PremiumDeclaration.premium), func.count())
        .where(PremiumDeclaration.period.between(first, last))
        .group_by(PremiumDeclaration.currency))
    invoiced = fetch_tuples(session, select(
        PremiumInvoice.currency, sum_hundredths(PremiumInvoice.amount), func.count())
        .where(PremiumInvoice.issued_on.between(first, last))
        .group_by(PremiumInvoice.currency))
    by_currency: dict[str, dict[str, Any]] = {}
    for currency, turnover, premium, count in declared:
        by_currency.setdefault(currency, {}).update(turnover=turnover, premium=premium,
                                                    declarations=count)
    for currency, amount, count in invoiced:
        by_currency.setdefault(currency, {}).update(invoiced=amount, invoices=count)
    return [PremiumYear(currency=c, declared_turnover=_amount(f.get("turnover"), c),
                        declared_premium=_amount(f.get("premium"), c),
                        declarations=int(f.get("declarations", 0)),
                        invoiced=_amount(f.get("invoiced"), c), invoices=int(f.get("invoices", 0)))
            for c, f in sorted(by_currency.items())]


def latest_invoices(
    session: Session, most: int = LATEST_INVOICES, *, policy_id: int | None = None
) -> list[Any]:
    """The newest invoices (of one policy, when given) with their insured's name and policy
    number."""
    query = (select(PremiumInvoice, Insured.name.label("insured_name"),
                    Policy.number.label("policy"))
             .join(Insured, Insured.id == PremiumInvoice.insured_id)
             .join(Policy, Policy.id == PremiumInvoice.policy_id)
             .order_by(PremiumInvoice.issued_on.desc(), PremiumInvoice.id.desc()).limit(most))
    if policy_id is not None:
        query = query.where(PremiumInvoice.policy_id == policy_id)
    return list(session.execute(query))
