"""The financial ratios the scorecard reads from a buyer's latest yearly statement.

Only ratios and the logarithm of total assets are used, so the statement's currency matters
little (size alone moves with it). A ratio that cannot be computed (no statement, a missing
field, a zero denominator over zero) is NaN; a zero denominator under a non-zero amount gives
±inf, which winsorising turns into the fitted bound.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

STATEMENT_FIELDS = (
    "revenue",
    "ebit",
    "net_income",
    "total_assets",
    "current_assets",
    "current_liabilities",
    "total_liabilities",
    "equity",
    "retained_earnings",
)

# +1: a higher ratio means a riskier buyer; -1: a higher ratio means a safer one.
RATIO_DIRECTIONS: dict[str, int] = {
    "wc_ta": -1,  # working capital / total assets (Altman X1)
    "re_ta": -1,  # retained earnings / total assets (X2)
    "ebit_ta": -1,  # EBIT / total assets (X3)
    "equity_tl": -1,  # equity / total liabilities (X4)
    "liquidity": -1,  # current assets / current liabilities
    "leverage": 1,  # total liabilities / total assets
    "ni_ta": -1,  # net income / total assets
    "size": -1,  # log10 of total assets, in thousands (the calibration data's unit)
    "revenue_ta": -1,  # revenue / total assets (asset turnover, Altman's original X5)
}
RATIO_NAMES = tuple(RATIO_DIRECTIONS)


def floats(frame: Any, column: str) -> Floats:
    """A column as float64 without a copy when it already is one; missing values are NaN."""
    series = frame[column]
    if series.dtype == np.float64:
        return np.asarray(series.to_numpy(), dtype=np.float64)
    return np.asarray(series.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def has_statement(frame: Any) -> NDArray[np.bool_]:
    """A usable statement: it has a date (`statement_age_months`) and positive total assets."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(floats(frame, "statement_age_months")) & (
            floats(frame, "total_assets") > 0
        )


def ratios(frame: Any, size_scale: float, usable: NDArray[np.bool_]) -> dict[str, Floats]:
    """Every ratio of `RATIO_NAMES`, NaN where the buyer has no usable statement."""
    f = {name: floats(frame, name) for name in STATEMENT_FIELDS}
    total_assets = np.where(usable, f["total_assets"], np.nan)
    current_assets = f["current_assets"]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_asset = 1.0 / total_assets
        blank = per_asset * 0.0  # 0 where the statement is usable, NaN where not
        equity_tl = f["equity"] / f["total_liabilities"]
        equity_tl += blank
        liquidity = current_assets / f["current_liabilities"]
        liquidity += blank
        working_capital = current_assets - f["current_liabilities"]
        working_capital *= per_asset
        return {
            "wc_ta": working_capital,
            "re_ta": f["retained_earnings"] * per_asset,
            "ebit_ta": f["ebit"] * per_asset,
            "equity_tl": equity_tl,
            "liquidity": liquidity,
            "leverage": f["total_liabilities"] * per_asset,
            "ni_ta": f["net_income"] * per_asset,
            "size": np.log10(total_assets) - np.log10(size_scale),
            "revenue_ta": f["revenue"] * per_asset,
        }
