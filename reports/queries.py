"""What the analytics read: the active credit limits of a portfolio, with each buyer's
identity, sector and grade, as one DataFrame.

Read through the session, so the tenancy filter applies, with a column select (no ORM objects)
and the amounts turned into integer hundredths by the database: money never passes through
float. An insured's portfolio is its own limits; the insurer's is every insured's, read across
tenants on purpose (ACROSS_TENANTS) and only ever by staff or the system.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from core.actor import Actor
from core.errors import Forbidden
from core.tenancy import ACROSS_TENANTS
from underwriting.grading.records import BuyerGrade
from underwriting.limits.capacity import has_rate, rate_per_eur
from underwriting.limits.models import CreditLimit, LimitStatus

COLUMNS = ["limit_id", "insured_id", "buyer_id", "buyer_name", "country", "sector", "grade",
           "pd", "currency", "exposure"]
REPORTING_CURRENCY = "EUR"


def limit_rows(session: Session, *, actor: Actor) -> pd.DataFrame:
    """The actor's portfolio: one row per active limit. `exposure` is in hundredths of the
    limit's `currency` (int64), `grade` and `pd` are missing for an ungraded buyer."""
    query = (
        select(CreditLimit.id, CreditLimit.insured_id, CreditLimit.buyer_id, Buyer.name,
               Buyer.country, Buyer.sector, BuyerGrade.grade, BuyerGrade.pd,
               CreditLimit.currency, cast(func.round(CreditLimit.amount * 100), BigInteger))
        .join(Buyer, Buyer.id == CreditLimit.buyer_id)
        .outerjoin(BuyerGrade, BuyerGrade.buyer_id == CreditLimit.buyer_id)
        .where(CreditLimit.status == LimitStatus.ACTIVE, CreditLimit.amount > 0)
    )
    options = {}
    if actor.insured_id is not None:
        query = query.where(CreditLimit.insured_id == actor.insured_id)
    elif actor.is_staff or actor.is_system:
        options = ACROSS_TENANTS  # the insurer's portfolio: every insured's limits
    else:
        raise Forbidden("Only insureds and the insurer's staff have a portfolio.")
    rows = session.execute(query, execution_options=options).all()
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    frame["grade"] = frame["grade"].astype("Int64")
    frame["pd"] = frame["pd"].astype("float64")
    frame["exposure"] = frame["exposure"].astype("int64")
    return frame


def reporting_currency(frame: pd.DataFrame) -> str:
    """The portfolio's own currency when all its limits share one, else the euro."""
    currencies = frame["currency"].unique()
    return str(currencies[0]) if len(currencies) == 1 else REPORTING_CURRENCY


def in_currency(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """`exposure` converted to hundredths of `currency` at the reference rates, exactly in
    integers (half-up), never through float."""
    converted = frame.copy()
    for source in frame["currency"].unique():
        if source == currency:
            continue
        if not (has_rate(source) and has_rate(currency)):
            raise ValueError(f"No reference rate between {source} and {currency}.")
        # hundredths × (target units per EUR) / (source units per EUR), as integer fractions
        rate = Fraction(rate_per_eur(currency)) / Fraction(rate_per_eur(source))
        numerator, denominator = rate.numerator, rate.denominator
        rows = frame["currency"] == source
        amounts = frame.loc[rows, "exposure"].to_numpy(dtype=np.int64)
        converted.loc[rows, "exposure"] = (2 * amounts * numerator + denominator) // (
            2 * denominator)
    converted["currency"] = currency
    return converted
