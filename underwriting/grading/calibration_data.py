"""The calibration data: Polish companies and whether they went bankrupt (Zięba, Tomczak and
Tomczak 2016; UCI Machine Learning Repository dataset 365; CC BY 4.0), mapped onto the platform's
statement fields as data/README.md beside this module says.

Attribute 29 is log10 of total assets in thousands (working capital, attribute 55, divided by
attribute 3 gives 10**a29 to five digits; a median of 13.6 thousand only makes sense as thousands
of PLN), so statements are rebuilt in currency units: TA = 1000 * 10**a29.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from underwriting.grading.features import Floats

CREDIT = (
    "Calibrated on the Polish companies bankruptcy data: M. Zięba, S. K. Tomczak and J. M. "
    "Tomczak, 'Ensemble boosted trees with synthetic features generation in application to "
    "bankruptcy prediction', Expert Systems with Applications 58 (2016) 93-101; UCI Machine "
    "Learning Repository dataset 365; licence CC BY 4.0."
)
THOUSANDS = 1000.0


def read_arff(path: Path) -> tuple[Floats, NDArray[np.int_]]:
    """The 64 ratios (NaN where `?`) and the bankruptcy label of every company in the file."""
    rows: list[list[float]] = []
    in_data = False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        if in_data:
            rows.append([np.nan if cell == "?" else float(cell) for cell in line.split(",")])
        elif line.lower() == "@data":
            in_data = True
    table = np.asarray(rows, dtype=np.float64)
    return table[:, :-1], table[:, -1].astype(np.int_)


def statements(attributes: Floats) -> pd.DataFrame:
    """Statement fields from the ratios: amount = ratio x total assets."""

    def a(number: int) -> Floats:
        return attributes[:, number - 1]

    total_assets = THOUSANDS * 10.0 ** a(29)
    current_liabilities = a(51) * total_assets
    working_capital = a(3) * total_assets
    return pd.DataFrame(
        {
            "revenue": a(9) * total_assets,
            "ebit": a(7) * total_assets,
            "net_income": a(1) * total_assets,
            "total_assets": total_assets,
            "current_assets": working_capital + current_liabilities,
            "current_liabilities": current_liabilities,
            "total_liabilities": a(2) * total_assets,
            "equity": a(10) * total_assets,
            "retained_earnings": a(6) * total_assets,
        }
    )


def reference_buyers(attributes: Floats) -> pd.DataFrame:
    """The companies as platform buyers with a neutral profile, so that only their financials
    differ: a recent statement, country risk 0 (Poland is high-income OECD), sector risk 2
    (medium: the sample is mostly manufacturing), ten years old, a clean record."""
    frame = statements(attributes)
    neutral = {
        "statement_age_months": 6.0,
        "country_crc": 0.0,
        "sector_risk": 2.0,
        "age_years": 10.0,
        "employees": np.nan,
        "insolvency": False,
        "ceased_trading": False,
        "litigation_count": 0,
        "overdue_count": 0,
        "claim_count": 0,
    }
    return frame.assign(**neutral)


def altman_z2(attributes: Floats) -> Floats:
    """Altman's Z'' from the file's own ratios: higher is safer."""

    def a(number: int) -> Floats:
        return attributes[:, number - 1]

    return np.asarray(6.56 * a(3) + 3.26 * a(6) + 6.72 * a(7) + 1.05 * a(8), dtype=np.float64)
