"""Benchmark: score() on a synthetic buyer frame, against a minimal numpy pass over the same
arrays measured in the same run (15 features -> PD -> grade).

    python bench/scoring.py [--rows N] [--smoke]

Prints rows per second (best of three), the ratio to the baseline and PASS/FAIL against the
2,000,000 rows/s target. It prints; it does not assert.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import arguments, best_of, figure
from underwriting.grading import GRADE_PD_BOUNDS, load_model, score

TARGET = 2_000_000
BASELINE = "(dot product, sigmoid, np.digitize; inputs ready as one matrix)"
NUMERIC = (
    "revenue", "ebit", "net_income", "total_assets", "current_assets", "current_liabilities",
    "total_liabilities", "equity", "retained_earnings", "statement_age_months", "country_crc",
    "sector_risk", "age_years", "employees", "litigation_count",
)  # fmt: skip


def synthetic_buyers(rows: int, seed: int = 7) -> pd.DataFrame:
    """Buyers as the database holds them: skewed sizes, a fifth without statements, gaps."""
    rng = np.random.default_rng(seed)
    assets = rng.lognormal(np.log(5e6), 1.6, rows)
    liabilities = assets * rng.beta(2.5, 2.5, rows) * 1.15
    current_assets = assets * rng.beta(3.0, 2.0, rows)
    frame = pd.DataFrame(
        {
            "revenue": assets * rng.lognormal(0.2, 0.6, rows),
            "ebit": assets * rng.normal(0.07, 0.08, rows),
            "total_assets": assets,
            "current_assets": current_assets,
            "current_liabilities": np.minimum(liabilities, assets * rng.beta(2.0, 3.0, rows)),
            "total_liabilities": liabilities,
            "equity": assets - liabilities,
            "retained_earnings": (assets - liabilities) * rng.uniform(-0.6, 0.9, rows),
        },
        index=pd.RangeIndex(1, rows + 1, name="buyer_id"),
    )
    frame.insert(2, "net_income", frame["ebit"] * 0.75 - assets * rng.uniform(0, 0.02, rows))
    no_statement = rng.random(rows) < 0.2
    frame.loc[no_statement] = np.nan
    for column in frame.columns:  # the odd field left blank
        frame.loc[rng.random(rows) < 0.01, column] = np.nan
    age = rng.uniform(2, 24, rows)  # months since the statement's period end
    frame["statement_age_months"] = np.where(no_statement, np.nan, age)
    crc = rng.choice(8, rows, p=[0.7, 0.05, 0.07, 0.06, 0.05, 0.03, 0.02, 0.02]).astype(float)
    frame["country_crc"] = np.where(rng.random(rows) < 0.03, np.nan, crc)
    frame["sector_risk"] = np.where(rng.random(rows) < 0.05, np.nan, rng.integers(0, 5, rows))
    frame["age_years"] = np.where(
        rng.random(rows) < 0.1, np.nan, rng.lognormal(np.log(15), 0.9, rows)
    )
    frame["employees"] = np.where(rng.random(rows) < 0.3, np.nan, rng.lognormal(3, 1.5, rows))
    frame["insolvency"] = rng.random(rows) < 0.005
    frame["ceased_trading"] = rng.random(rows) < 0.003
    frame["litigation_count"] = rng.poisson(0.1, rows)
    frame["overdue_count"] = rng.poisson(0.05, rows)
    frame["claim_count"] = rng.poisson(0.01, rows)
    return frame


def baseline_inputs(frame: pd.DataFrame) -> np.ndarray:
    """The same buyers' numbers as one matrix, built before the clock starts."""
    return np.nan_to_num(frame[list(NUMERIC)].to_numpy(dtype=np.float64))


def baseline(matrix: np.ndarray) -> np.ndarray:
    """The floor: a dot product, a sigmoid and np.digitize over arrays of the same size."""
    weights = np.linspace(-1e-8, 1e-8, matrix.shape[1])
    pd_ = 1.0 / (1.0 + np.exp(-(matrix @ weights - 5.0)))
    return np.digitize(pd_, GRADE_PD_BOUNDS, right=True) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the buyer scorecard.")
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = arguments(parser, rows=20_000).rows
    frame, model = synthetic_buyers(rows), load_model()
    scored = score(frame, model)  # warm up, and show the output is sensible
    scorecard = best_of(3, lambda: score(frame, model))
    matrix = baseline_inputs(frame)
    floor = best_of(3, lambda: baseline(matrix))
    rate = rows / scorecard
    print(f"score() model {model.version}, {rows:,} rows, best of 3")
    print(f"  scorecard  {scorecard * 1000:8.1f} ms  {rate:>12,.0f} rows/s")
    print(f"  baseline   {floor * 1000:8.1f} ms  {rows / floor:>12,.0f} rows/s", BASELINE)
    shares = scored["grade"].value_counts(normalize=True).sort_index()
    print("  grades     " + "  ".join(f"{g}:{s:.1%}" for g, s in shares.items()))
    figure("ratio", f"{scorecard / floor:.2f}× the baseline's time")
    verdict = "PASS" if rate >= TARGET else "FAIL"
    figure("rate", f"{rate:,.0f} rows/s against the target of {TARGET:,}: {verdict}")


if __name__ == "__main__":
    main()
