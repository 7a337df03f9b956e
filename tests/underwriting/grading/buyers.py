"""Plain builders of scorecard input frames for the grading tests."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from buyers_db.models import STATEMENT_FIELDS

# A sound mid-sized manufacturer with a recent statement, in a country of risk 0.
SOUND: dict[str, Any] = {
    "revenue": 12e6,
    "ebit": 1.0e6,
    "net_income": 0.7e6,
    "total_assets": 10e6,
    "current_assets": 5e6,
    "current_liabilities": 3e6,
    "total_liabilities": 5e6,
    "equity": 5e6,
    "retained_earnings": 1.5e6,
    "statement_age_months": 6.0,
    "country_crc": 0.0,
    "sector_risk": 2.0,
    "age_years": 20.0,
    "employees": 80.0,
    "insolvency": False,
    "ceased_trading": False,
    "litigation_count": 0,
    "overdue_count": 0,
    "claim_count": 0,
}
# As good as the scorecard can see: every ratio at or beyond its best knot.
EXCELLENT = SOUND | {
    "revenue": 80e9,
    "ebit": 8e9,
    "net_income": 7e9,
    "total_assets": 10e9,
    "current_assets": 9e9,
    "current_liabilities": 0.4e9,
    "total_liabilities": 0.3e9,
    "equity": 9.7e9,
    "retained_earnings": 9e9,
    "age_years": 40.0,
    "sector_risk": 0.0,
}
WEAK = SOUND | {
    "ebit": -1.5e6,
    "net_income": -2e6,
    "current_assets": 2e6,
    "current_liabilities": 6e6,
    "total_liabilities": 11e6,
    "equity": -1e6,
    "retained_earnings": -3e6,
}
NO_STATEMENT = SOUND | {
    key: np.nan
    for key in (*STATEMENT_FIELDS, "statement_age_months")
}


def frame(*rows: dict[str, Any], index: Any = None) -> pd.DataFrame:
    """One buyer per row; each row is a full profile (start from SOUND and override)."""
    built = pd.DataFrame(list(rows), index=index)
    return built.astype({"insolvency": bool, "ceased_trading": bool})


def random_buyers(rows: int, seed: int = 3) -> pd.DataFrame:
    """A mixed crowd: sizes, ratios, gaps, stale statements, countries, events."""
    rng = np.random.default_rng(seed)
    assets = rng.lognormal(np.log(5e6), 2.0, rows)
    liabilities = assets * rng.uniform(0.0, 1.4, rows)
    data = {
        "revenue": assets * rng.lognormal(0.0, 1.0, rows),
        "ebit": assets * rng.normal(0.05, 0.2, rows),
        "net_income": assets * rng.normal(0.03, 0.2, rows),
        "total_assets": assets,
        "current_assets": assets * rng.uniform(0, 1, rows),
        "current_liabilities": liabilities * rng.uniform(0, 1, rows),
        "total_liabilities": liabilities,
        "equity": assets - liabilities,
        "retained_earnings": assets * rng.normal(0.05, 0.5, rows),
    }
    for values in data.values():
        values[rng.random(rows) < 0.05] = np.nan
    built = pd.DataFrame(data)
    built["statement_age_months"] = np.where(
        rng.random(rows) < 0.2, np.nan, rng.uniform(0, 36, rows)
    )
    built["country_crc"] = np.where(rng.random(rows) < 0.1, np.nan, rng.integers(0, 8, rows))
    built["sector_risk"] = np.where(rng.random(rows) < 0.1, np.nan, rng.integers(0, 5, rows))
    built["age_years"] = np.where(rng.random(rows) < 0.1, np.nan, rng.uniform(0, 60, rows))
    built["employees"] = rng.integers(1, 500, rows).astype(float)
    built["insolvency"] = rng.random(rows) < 0.03
    built["ceased_trading"] = rng.random(rows) < 0.03
    for column, mean in (("litigation_count", 0.5), ("overdue_count", 0.3), ("claim_count", 0.1)):
        built[column] = rng.poisson(mean, rows)
    return built
