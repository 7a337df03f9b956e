"""The financial ratios the scorecard reads from a buyer's latest yearly statement.

Only ratios and logarithms of amounts are used, so the statement's currency matters little (the
two size measures alone move with it). A ratio that cannot be computed (no statement, a missing
field, a zero denominator over zero) is NaN; a zero denominator under a non-zero amount gives
±inf, which winsorising turns into the fitted bound.

`RATIO_DIRECTIONS` names every ratio a model file may use; a model uses some of them (its file
lists which, in order), and `ratios()` computes only those asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

# +1: a higher ratio means a riskier buyer; -1: a higher ratio means a safer one. Every ratio is
# built so that, for a buyer with positive profits and equity, moving one statement field in its
# sound direction (more revenue, EBIT, net income, current assets, equity or retained earnings;
# fewer current or total liabilities) never moves a ratio the risky way.
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
    "equity_ta": -1,  # equity / total assets
    "cl_ta": 1,  # current liabilities / total assets
    "re_tl": -1,  # retained earnings / total liabilities
    "ebit_tl": -1,  # EBIT / total liabilities
    "ebit_cl": -1,  # EBIT / current liabilities
    "ni_tl": -1,  # net income / total liabilities
    "wc_tl": -1,  # working capital / total liabilities
    "tl_revenue": 1,  # total liabilities / revenue
    "cl_revenue": 1,  # current liabilities / revenue
    "ca_ta": -1,  # current assets / total assets
    "ca_tl": -1,  # current assets / total liabilities
    "equity_cl": -1,  # equity / current liabilities
    "revenue_size": -1,  # log10 of revenue, in thousands like size
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


class _Statement:
    """The fields of a frame's statements, read once, with 1 / total assets and a `blank` that is
    0 where the statement is usable and NaN where not (added to ratios of other denominators)."""

    def __init__(self, frame: Any, size_scale: float, usable: NDArray[np.bool_]) -> None:
        self.frame, self.size_scale = frame, size_scale
        self.fields: dict[str, Floats] = {}
        self.total_assets = np.where(usable, floats(frame, "total_assets"), np.nan)
        self.per_asset = 1.0 / self.total_assets
        self.blank = self.per_asset * 0.0

    def __getitem__(self, name: str) -> Floats:
        if name not in self.fields:
            self.fields[name] = floats(self.frame, name)
        return self.fields[name]

    def per_assets(self, name: str) -> Floats:
        return self[name] * self.per_asset

    def over(self, numerator: Floats, denominator: str) -> Floats:
        ratio = numerator / self[denominator]
        ratio += self.blank
        return ratio

    def working_capital(self) -> Floats:
        return self["current_assets"] - self["current_liabilities"]

    def log_size(self, amount: Floats) -> Floats:
        logarithm = np.log10(amount)
        logarithm -= np.log10(self.size_scale)
        return logarithm


Formula = Callable[[_Statement], Floats]

_FORMULAS: dict[str, Formula] = {
    "wc_ta": lambda s: s.working_capital() * s.per_asset,
    "re_ta": lambda s: s.per_assets("retained_earnings"),
    "ebit_ta": lambda s: s.per_assets("ebit"),
    "equity_tl": lambda s: s.over(s["equity"], "total_liabilities"),
    "liquidity": lambda s: s.over(s["current_assets"], "current_liabilities"),
    "leverage": lambda s: s.per_assets("total_liabilities"),
    "ni_ta": lambda s: s.per_assets("net_income"),
    "size": lambda s: s.log_size(s.total_assets),
    "revenue_ta": lambda s: s.per_assets("revenue"),
    "equity_ta": lambda s: s.per_assets("equity"),
    "cl_ta": lambda s: s.per_assets("current_liabilities"),
    "re_tl": lambda s: s.over(s["retained_earnings"], "total_liabilities"),
    "ebit_tl": lambda s: s.over(s["ebit"], "total_liabilities"),
    "ebit_cl": lambda s: s.over(s["ebit"], "current_liabilities"),
    "ni_tl": lambda s: s.over(s["net_income"], "total_liabilities"),
    "wc_tl": lambda s: s.over(s.working_capital(), "total_liabilities"),
    "tl_revenue": lambda s: s.over(s["total_liabilities"], "revenue"),
    "cl_revenue": lambda s: s.over(s["current_liabilities"], "revenue"),
    "ca_ta": lambda s: s.per_assets("current_assets"),
    "ca_tl": lambda s: s.over(s["current_assets"], "total_liabilities"),
    "equity_cl": lambda s: s.over(s["equity"], "current_liabilities"),
    # No revenue at all is the smallest size (-inf, winsorised); a negative one is not a size.
    "revenue_size": lambda s: s.log_size(s["revenue"] + s.blank),
}


def ratios(
    frame: Any, size_scale: float, usable: NDArray[np.bool_], names: Iterable[str] = RATIO_NAMES
) -> dict[str, Floats]:
    """The ratios `names` (all by default), each a new array, NaN where the buyer has no usable
    statement."""
    statement = _Statement(frame, size_scale, usable)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {name: _FORMULAS[name](statement) for name in names}
