"""Claims analytics on DataFrames (pure pandas: no database, no I/O). Money is in integer
hundredths (int64) throughout; ratios are exact fractions rounded once (`frames.share`).

- Loss ratio of a policy year = claims paid ÷ the year's premium. A claim belongs to the
  policy year of its case's first notification (the terms of that day govern the claim).
- Aged balances: what the open collection cases still have outstanding, per invoice, by days
  past its due date on the report's date: 0-30, 31-60, 61-90, over 90. An invoice not yet due
  counts in 0-30.
- DSO: without the insured's sales ledger, the days sales outstanding of the collection cases
  is the amount-weighted age of what they still have outstanding, counted from the invoice
  date: Σ(outstanding × days since invoice) ÷ Σ outstanding, to one decimal.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

BUCKETS = ("0-30", "31-60", "61-90", "90+")
_EDGES = [30, 60, 90]  # the last day past due of each bucket but the last


def loss_ratio(paid: int, premium: int) -> Decimal | None:
    """`paid / premium` to four places (0.6250 is 62.5 %); None without premium."""
    if premium <= 0:
        return None
    exact = Fraction(paid, premium)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP)


def paid_by_policy_year(claims: pd.DataFrame) -> pd.DataFrame:
    """`claims` (policy_id, year_start, currency, status, paid, recovered) summed per policy
    year: claims filed, claims paid and their amount, and the insurer's recoveries."""
    claims = claims.assign(is_paid=(claims["status"] == "paid").astype("int64"))
    grouped = claims.groupby(["policy_id", "year_start", "currency"], sort=True).agg(
        claims=("status", "size"), paid_claims=("is_paid", "sum"), paid=("paid", "sum"),
        recovered=("recovered", "sum"))
    return grouped.reset_index().astype({"claims": "int64", "paid_claims": "int64",
                                         "paid": "int64", "recovered": "int64"})


def by_status(claims: pd.DataFrame, order: tuple[str, ...]) -> pd.DataFrame:
    """Claims per status (in `order`) and currency: how many, their indemnity, paid."""
    grouped = claims.groupby(["status", "currency"], sort=False).agg(
        claims=("status", "size"), indemnity=("indemnity", "sum"), paid=("paid", "sum"))
    grouped = grouped.reset_index()
    grouped["_rank"] = grouped["status"].map({s: n for n, s in enumerate(order)})
    grouped = grouped.sort_values(["_rank", "currency"], kind="stable").drop(columns="_rank")
    return grouped.reset_index(drop=True).astype(
        {"claims": "int64", "indemnity": "int64", "paid": "int64"})


def bucket_of(days_past_due: np.ndarray) -> np.ndarray:
    """The bucket (index into BUCKETS) of each number of days past due."""
    buckets: np.ndarray = np.digitize(days_past_due, _EDGES, right=True)
    return buckets


def aged_balances(invoices: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """`invoices` (currency, due_date, outstanding) with something outstanding, summed per
    currency and bucket: one row per currency, a column per bucket and the total."""
    owed = invoices[invoices["outstanding"] > 0]
    if owed.empty:
        return pd.DataFrame(columns=["currency", *BUCKETS, "total"])
    late = np.array([(as_of - due).days for due in owed["due_date"]], dtype=np.int64)
    owed = owed.assign(bucket=[BUCKETS[n] for n in bucket_of(late)])
    table = owed.pivot_table(index="currency", columns="bucket", values="outstanding",
                             aggfunc="sum", fill_value=0)
    table = table.reindex(columns=list(BUCKETS), fill_value=0).astype("int64")
    table["total"] = table[list(BUCKETS)].sum(axis=1)
    return table.reset_index().rename_axis(columns=None)


def dso(invoices: pd.DataFrame, as_of: dt.date) -> dict[str, Decimal]:
    """Per currency, the amount-weighted days since invoice date of what is outstanding."""
    owed = invoices[invoices["outstanding"] > 0]
    out: dict[str, Decimal] = {}
    for currency, rows in owed.groupby("currency", sort=True):
        amounts = [int(a) for a in rows["outstanding"].tolist()]
        ages = [(as_of - day).days for day in rows["invoice_date"]]
        weighted = Fraction(sum(a * d for a, d in zip(amounts, ages, strict=True)), sum(amounts))
        out[str(currency)] = (Decimal(weighted.numerator) / Decimal(weighted.denominator)
                              ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return out
