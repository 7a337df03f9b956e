"""Portfolio analytics on a DataFrame of limits (pure pandas: no database, no I/O).

The input has one row per buyer (and currency, before conversion): `buyer_id, limits,
exposure, country, sector, grade, pd`, `limits` counting the active limits summed in
`exposure`, in integer hundredths of one currency. Every money figure
stays in integer hundredths; shares and the concentration index are exact fractions rounded
once at the end.

Expected loss = exposure × PD × loss given default. The loss given default is one documented
constant, 45 %: the Basel foundation-IRB figure for senior unsecured claims, which is what a
trade receivable on an unsecured buyer is; an insurer with its own recovery experience would
put its figure here. A buyer without a grade has no PD, so no expected loss is counted for it;
its exposure still counts (in the `ungraded` row).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from buyers_db.reference import nace_section

LOSS_GIVEN_DEFAULT = Fraction(45, 100)
PD_SCALE = 10**9  # PDs are read to a billionth, far finer than any model's precision
TOP_BUYERS = 10


def with_expected_loss(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with `expected_loss` per row (hundredths, half-up) and the `section` of the
    buyer's NACE sector."""
    out = frame.copy()
    ppb = np.rint(out["pd"].fillna(0).to_numpy(dtype=np.float64) * PD_SCALE).astype(np.int64)
    numerator = LOSS_GIVEN_DEFAULT.numerator
    denominator = LOSS_GIVEN_DEFAULT.denominator * PD_SCALE
    # Python integers: exposure × PD × LGD can pass int64 before it is divided back down.
    losses = [(2 * e * p * numerator + denominator) // (2 * denominator)
              for e, p in zip(out["exposure"].tolist(), ppb.tolist(), strict=True)]
    out["expected_loss"] = np.array(losses, dtype=np.int64)
    sections = {code: nace_section(code) for code in out["sector"].dropna().unique()}
    out["section"] = out["sector"].map(sections)
    return out


def exposure_by(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Limits, buyers, exposure and expected loss per value of `key` (missing values form one
    group, last); grades in order, other keys by exposure, largest first."""
    grouped = frame.groupby(key, dropna=False, sort=False).agg(
        limits=("limits", "sum"), buyers=("buyer_id", "nunique"),
        exposure=("exposure", "sum"), expected_loss=("expected_loss", "sum"),
    ).reset_index()
    if key == "grade":
        grouped = grouped.sort_values("grade", na_position="last", kind="stable")
    else:
        grouped = grouped.assign(_missing=grouped[key].isna()).sort_values(
            ["_missing", "exposure", key], ascending=[True, False, True], kind="stable"
        ).drop(columns="_missing")
    return grouped.reset_index(drop=True)


def by_buyer(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per buyer (its currencies summed), largest exposure first (ties by id)."""
    buyers = frame.groupby("buyer_id", sort=False).agg(
        country=("country", "first"),
        grade=("grade", "first"), pd=("pd", "first"), limits=("limits", "sum"),
        exposure=("exposure", "sum"), expected_loss=("expected_loss", "sum"),
    ).reset_index()
    return buyers.sort_values(["exposure", "buyer_id"], ascending=[False, True],
                              kind="stable").reset_index(drop=True)


def top_buyers(buyers: pd.DataFrame, count: int = TOP_BUYERS) -> pd.DataFrame:
    return buyers.head(count)


def share(part: int, total: int, places: int = 4) -> Decimal:
    """`part / total` rounded half-up to `places` decimals (0 for an empty portfolio)."""
    if total == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-places))
    exact = Fraction(part, total)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def concentration(buyers: pd.DataFrame, count: int = TOP_BUYERS) -> dict[str, Decimal]:
    """The share of the largest `count` buyers in the exposure, and the Herfindahl-Hirschman
    index over buyers on the 0-10,000 scale (sum of squared percentage shares): 10,000 is one
    buyer holding everything; under 1,500 is read as unconcentrated."""
    exposures = [int(e) for e in buyers["exposure"].tolist()]
    total = sum(exposures)
    squares = sum(e * e for e in exposures)
    hhi = Fraction(squares * 10_000, total * total) if total else Fraction(0)
    return {
        "top_share": share(sum(exposures[:count]), total),
        "hhi": (Decimal(hhi.numerator) / Decimal(hhi.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP),
    }
