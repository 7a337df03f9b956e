"""What the analytics read: the active credit limits of a portfolio, summed per buyer, with
each buyer's country, sector and grade, as one DataFrame.

Read through the session's connection with the tenancy filter applied (`fetch_tuples`), as a
column select whose rows stay the driver's tuples, the amounts turned into integer hundredths
by the database: money never passes through float. An insured's portfolio is its own
limits; the insurer's is every insured's, read across tenants on purpose (ACROSS_TENANTS) and
only ever by staff or the system.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session, aliased

from buyers_db.models import Buyer
from core.actor import Actor
from core.clock import today
from core.errors import Forbidden
from core.tenancy import ACROSS_TENANTS, fetch_tuples
from underwriting.grading.records import BuyerGrade
from underwriting.limits import ledger_sql
from underwriting.limits.capacity import has_rate, rate_per_eur
from underwriting.limits.models import CreditLimit, CreditLimitVersion

COLUMNS = ["buyer_id", "currency", "limits", "exposure", "country", "sector", "grade", "pd"]
REPORTING_CURRENCY = "EUR"


def exposure_rows(session: Session, *, actor: Actor) -> pd.DataFrame:
    """The actor's portfolio: one row per buyer and currency, with its count of active limits
    and their sum `exposure` in hundredths of `currency` (int64); `grade` and `pd` are missing
    for an ungraded buyer. Summed by the database, so a buyer many insureds cover is one row."""
    day, version = today(), aliased(CreditLimitVersion)
    in_force = ledger_sql.amount_on(version, day)
    per_buyer = (
        select(CreditLimit.buyer_id, CreditLimit.currency, func.count().label("limits"),
               sum_hundredths(in_force).label("exposure"))
        .join_from(CreditLimit, version, version.id == ledger_sql.in_force_version_id(day))
        .where(in_force > 0)
        .group_by(CreditLimit.buyer_id, CreditLimit.currency)
    )
    options: Mapping[str, bool] = {}
    if actor.insured_id is not None:
        per_buyer = per_buyer.where(CreditLimit.insured_id == actor.insured_id)
    elif actor.is_staff or actor.is_system:
        options = ACROSS_TENANTS  # the insurer's portfolio: every insured's limits
    else:
        raise Forbidden("Only insureds and the insurer's staff have a portfolio.")
    held = per_buyer.subquery()
    query = (
        select(held.c.buyer_id, held.c.currency, held.c.limits, held.c.exposure, Buyer.country,
               Buyer.sector, BuyerGrade.grade, BuyerGrade.pd)
        .join(Buyer, Buyer.id == held.c.buyer_id)
        .outerjoin(BuyerGrade, BuyerGrade.buyer_id == held.c.buyer_id)
    )
    frame = pd.DataFrame.from_records(
        fetch_tuples(session, query, execution_options=options), columns=COLUMNS)
    frame["limits"] = frame["limits"].astype("int64")
    frame["exposure"] = frame["exposure"].astype("int64")
    frame["grade"] = frame["grade"].astype("Int64")
    frame["pd"] = frame["pd"].astype("float64")
    return frame


def hundredths(amount: Any) -> Any:
    """A money column as integer hundredths, computed by the database (NULL as 0)."""
    return cast(func.round(func.coalesce(amount, 0) * 100), BigInteger)


def sum_hundredths(amount: Any) -> Any:
    """SUM of a money column in integer hundredths, computed by the database from each
    amount's own hundredths, so no float ever adds two amounts."""
    # a sum of bigints is numeric on PostgreSQL: cast back, so every driver hands over ints
    return cast(func.sum(cast(func.round(amount * 100), BigInteger)), BigInteger)


def buyer_names(session: Session, buyer_ids: list[int]) -> dict[int, str]:
    """The names of a few buyers (the top buyers of a report)."""
    rows = session.execute(select(Buyer.id, Buyer.name).where(Buyer.id.in_(buyer_ids)))
    return {buyer_id: name for buyer_id, name in rows}


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
