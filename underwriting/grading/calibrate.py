"""Calibrate the scorecard on the Polish bankruptcy data and report how well it ranks companies
it was not fitted on.

    python -m underwriting.grading.calibrate [--data PATH] [--write] [--model-version 2026.2]
    python -m underwriting.grading.calibrate --select   # how the ratios were chosen (slow)

Stratified 70/30 split with a fixed seed; the ratio part is fitted on the 70 %, then the
intercept is shifted so that the mean one-year PD of the fitted companies equals the file's
bankrupt rate annualised (the label is bankruptcy within five years, so 1 - (1 - rate)**(1/5):
about 0.78 % a year, the order of a BB-rated trade buyer). The 30 % held out gives the AUC,
Altman's Z'' AUC on the same rows and the default rate by grade. Same output on every run.

The ratios (`RATIOS`), knots and ridge were chosen by cross-validation inside the 70 % only
(`selection.py`; `--select` replays the forward selection), never by looking at the 30 %.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from underwriting.grading import expert
from underwriting.grading.calibration_data import (
    CREDIT,
    THOUSANDS,
    altman_z2,
    read_arff,
    reference_buyers,
)
from underwriting.grading.calibration_report import render
from underwriting.grading.features import RATIO_DIRECTIONS, RATIO_NAMES, has_statement, ratios
from underwriting.grading.fitting import auc, fit_ratios, intercept_for_mean_pd
from underwriting.grading.grades import GRADE_PD_BOUNDS, WORST_GRADE
from underwriting.grading.model import MODELS_FOLDER, PREFIX, SUFFIX, model_from_dict
from underwriting.grading.model_file import (
    BandCount,
    CrossValidation,
    GradeCount,
    ModelFile,
    RepeatedSplits,
)
from underwriting.grading.scorecard import score
from underwriting.grading.selection import FOLDS, cross_validated_auc, forward_selection

DEFAULT_DATA = Path(__file__).resolve().parent / "data" / "1year.arff"
DEFAULT_VERSION = "2026.2"
SEED = 2026
FIT_SHARE = 0.7
RATIOS = ("ebit_cl", "revenue_size", "wc_ta", "re_tl", "cl_revenue", "equity_ta", "size")
KNOT_PERCENTILES = (1.0, 3.0, 10.0, 25.0, 50.0, 75.0, 90.0, 97.0, 99.0)  # outer two: winsor bounds
L2 = 10.0
# The set-up the forward selection of `RATIOS` ran with (the knots and ridge came after it).
SELECTION_KNOT_PERCENTILES = (1.0, 5.0, 25.0, 50.0, 75.0, 95.0, 99.0)
SELECTION_L2 = 3.0
# Version 2026.1's set-up, refitted on the same folds, for the cross-validated comparison.
PREVIOUS_VERSION = "2026.1"
PREVIOUS_RATIOS = (
    "wc_ta", "re_ta", "ebit_ta", "equity_tl", "liquidity", "leverage", "ni_ta", "size",
    "revenue_ta",
)  # fmt: skip
PREVIOUS_KNOT_PERCENTILES = (1.0, 10.0, 50.0, 90.0, 99.0)
PREVIOUS_L2 = 3.0
HORIZON_YEARS = 5
REPEATS = 20  # extra random splits, to show how much one 30 % held-out part can move the AUC
MIN_BAND = 50  # held-out companies a grade needs to stand alone in the banded default rates


@dataclass(frozen=True)
class Calibrated:
    model: ModelFile
    fit_rows: int
    fit_defaults: int
    full_file_altman_auc: float


def split(outcome: NDArray[np.int_], seed: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Stratified: the same share of bankrupt and healthy companies in each part."""
    rng = np.random.default_rng(seed)
    fit, held_out = [], []
    for label in (1, 0):
        rows = rng.permutation(np.flatnonzero(outcome == label))
        cut = round(FIT_SHARE * len(rows))
        fit.append(rows[:cut])
        held_out.append(rows[cut:])
    return np.sort(np.concatenate(fit)), np.sort(np.concatenate(held_out))


def calibrate(
    attributes: NDArray[np.float64], outcome: NDArray[np.int_], seed: int, version: str
) -> Calibrated:
    """Fit on one part, recalibrate the intercept, measure on the other; the model as a dict."""
    fit, held_out = split(outcome, seed)
    buyers = reference_buyers(attributes)
    model = _fitted_model(buyers.iloc[fit], outcome[fit], version)
    z2 = altman_z2(attributes)
    z2 = np.where(np.isnan(z2), np.nanmedian(z2[fit]), z2)
    scored = score(buyers.iloc[held_out], model_from_dict(model))
    grades = grade_table(scored["grade"].to_numpy(), scored["pd"].to_numpy(), outcome[held_out])
    model["calibration"]["holdout"] = {
        "rows": len(held_out),
        "defaults": int(outcome[held_out].sum()),
        "auc": _round(auc(scored["pd"].to_numpy(), outcome[held_out])),
        "altman_auc": _round(auc(-z2[held_out], outcome[held_out])),
        "grades": grades,
        "bands": bands(grades, MIN_BAND),
    }
    model["calibration"]["split"] = {"seed": seed, "fit_share": FIT_SHARE}
    return Calibrated(model, len(fit), int(outcome[fit].sum()), auc(-z2, outcome))


def _fitted_model(buyers: Any, outcome: NDArray[np.int_], version: str) -> ModelFile:
    columns = ratios(buyers, THOUSANDS, has_statement(buyers), RATIOS)
    fitted = fit_ratios(columns, RATIO_DIRECTIONS, outcome, KNOT_PERCENTILES, L2)
    model = expert.model_skeleton(version, CREDIT, THOUSANDS, GRADE_PD_BOUNDS)
    model["ratios"] = {
        name: {
            "direction": RATIO_DIRECTIONS[name],
            "knots": [_round(knot) for knot in ratio.knots],
            "points": [_round(point) for point in ratio.points],
            "median": _round(ratio.median),
        }
        for name, ratio in fitted.ratios.items()
    }
    model["intercept"] = 0.0
    contributions = score(buyers, model_from_dict(model)).filter(like="contrib_").sum(axis=1)
    target = 1.0 - (1.0 - float(outcome.mean())) ** (1.0 / HORIZON_YEARS)
    model["intercept"] = _round(intercept_for_mean_pd(contributions.to_numpy(), target))
    calibration = model["calibration"]
    calibration["fitted_intercept_five_year"] = _round(fitted.intercept)
    calibration["target_mean_one_year_pd"] = _round(target)
    calibration["knot_percentiles"] = list(KNOT_PERCENTILES)
    calibration["l2"] = L2
    return model


def grade_table(
    grades: NDArray[np.int_], pds: NDArray[np.float64], outcome: NDArray[np.int_]
) -> list[GradeCount]:
    """Count, defaults, default rate and mean PD per grade that has any company."""
    rows: list[GradeCount] = []
    for grade in range(1, WORST_GRADE + 1):
        members = grades == grade
        count = int(members.sum())
        if count:
            defaults = int(outcome[members].sum())
            rows.append(
                {
                    "grade": grade,
                    "count": count,
                    "defaults": defaults,
                    "rate": _round(defaults / count),
                    "mean_pd": _round(float(pds[members].mean())),
                }
            )
    return rows


def bands(rows: list[GradeCount], minimum: int) -> list[BandCount]:
    """Adjacent grades pooled, best first, until each band holds `minimum` companies (a short
    last band joins the one before): a default rate over five companies says little."""
    pooled: list[BandCount] = []
    for row in rows:
        if pooled and pooled[-1]["count"] < minimum:
            _join(pooled[-1], row["grade"], row["count"], row["defaults"])
        else:
            pooled.append({"first": row["grade"], "last": row["grade"], "count": row["count"],
                           "defaults": row["defaults"], "rate": 0.0})
    if len(pooled) > 1 and pooled[-1]["count"] < minimum:
        last = pooled.pop()
        _join(pooled[-1], last["last"], last["count"], last["defaults"])
    for band in pooled:
        band["rate"] = _round(band["defaults"] / band["count"])
    return pooled


def _join(band: BandCount, last: int, count: int, defaults: int) -> None:
    band["last"] = last
    band["count"] += count
    band["defaults"] += defaults


def cross_validation(
    attributes: NDArray[np.float64], outcome: NDArray[np.int_]
) -> CrossValidation:
    """Cross-validated AUC inside the fitted part of the fixed split: this version's ratios,
    knots and ridge against the previous version's, refitted on the same folds."""
    fit, _ = split(outcome, SEED)
    buyers = reference_buyers(attributes).iloc[fit]
    columns = ratios(buyers, THOUSANDS, has_statement(buyers))

    def figure(names: tuple[str, ...], knots: tuple[float, ...], l2: float) -> float:
        chosen = {name: columns[name] for name in names}
        return _round(cross_validated_auc(chosen, RATIO_DIRECTIONS, outcome[fit], knots, l2))

    return {
        "folds": FOLDS,
        "auc": figure(RATIOS, KNOT_PERCENTILES, L2),
        "previous_version": PREVIOUS_VERSION,
        "previous_auc": figure(PREVIOUS_RATIOS, PREVIOUS_KNOT_PERCENTILES, PREVIOUS_L2),
    }


def select(attributes: NDArray[np.float64], outcome: NDArray[np.int_]) -> str:
    """Replay the forward selection of the ratios on the fitted part of the fixed split."""
    fit, _ = split(outcome, SEED)
    buyers = reference_buyers(attributes).iloc[fit]
    columns = ratios(buyers, THOUSANDS, has_statement(buyers))
    steps = forward_selection(
        columns,
        RATIO_DIRECTIONS,
        outcome[fit],
        SELECTION_KNOT_PERCENTILES,
        SELECTION_L2,
        RATIO_NAMES,
    )
    lines = ["Forward selection, cross-validated AUC inside the fitted part:"]
    lines += [f"  + {step.added:<13} {step.auc:.4f}" for step in steps]
    return "\n".join(lines)


def repeated_splits(
    attributes: NDArray[np.float64], outcome: NDArray[np.int_], repeats: int
) -> NDArray[np.float64]:
    """Held-out (scorecard AUC, Altman AUC) over `repeats` further seeded splits."""
    figures = []
    for seed in range(SEED + 1, SEED + 1 + repeats):
        holdout = calibrate(attributes, outcome, seed, "check").model["calibration"]["holdout"]
        figures.append((holdout["auc"], holdout["altman_auc"]))
    return np.asarray(figures)


def _round(value: float) -> float:
    """Six significant digits: the file stays readable and the figures are those of the file."""
    return float(f"{value:.6g}")


def model_path(version: str) -> Path:
    return Path(__file__).resolve().parent / MODELS_FOLDER / f"{PREFIX}{version}{SUFFIX}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the 1year.arff file")
    parser.add_argument("--write", action="store_true", help="write the model json")
    parser.add_argument("--model-version", default=DEFAULT_VERSION)
    parser.add_argument("--repeats", type=int, default=REPEATS, help="extra splits (0: none)")
    parser.add_argument("--select", action="store_true", help="replay the choice of ratios")
    args = parser.parse_args(argv)
    attributes, outcome = read_arff(args.data)
    if args.select:
        print(select(attributes, outcome))
        return
    result = calibrate(attributes, outcome, SEED, args.model_version)
    result.model["calibration"]["data"] = {
        "file": args.data.name,
        "sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
        "companies": len(outcome),
        "bankrupt": int(outcome.sum()),
    }
    result.model["calibration"]["cross_validation"] = cross_validation(attributes, outcome)
    figures = repeated_splits(attributes, outcome, args.repeats) if args.repeats else None
    if figures is not None:
        result.model["calibration"]["repeated_splits"] = _summary(figures)
    print(report(result))
    if args.write:
        path = model_path(args.model_version)
        path.write_text(json.dumps(result.model, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwrote {path}")


def _summary(figures: NDArray[np.float64]) -> RepeatedSplits:
    gain = figures[:, 0] - figures[:, 1]
    return {
        "seeds": f"{SEED + 1}..{SEED + len(figures)}",
        "auc_mean": _round(float(figures[:, 0].mean())),
        "auc_sd": _round(float(figures[:, 0].std(ddof=1))) if len(figures) > 1 else 0.0,
        "altman_auc_mean": _round(float(figures[:, 1].mean())),
        "gain_mean": _round(float(gain.mean())),
        "gain_min": _round(float(gain.min())),
        "splits_won": int((gain > 0).sum()),
        "splits": len(figures),
    }


def report(result: Calibrated) -> str:
    return render(result.model, result.fit_rows, result.fit_defaults, result.full_file_altman_auc)


if __name__ == "__main__":
    main()
