"""The calibration printout: held-out AUCs, the default rate by grade and the fitted points."""

from __future__ import annotations

import itertools

from underwriting.grading.grades import WORST_GRADE
from underwriting.grading.model_file import (
    BandCount,
    CrossValidation,
    GradeCount,
    ModelFile,
    RatioFile,
    RepeatedSplits,
)


def render(
    model: ModelFile, fit_rows: int, fit_defaults: int, whole_file_altman: float
) -> str:
    calibration = model["calibration"]
    holdout = calibration["holdout"]
    lines = [
        f"Scorecard {model['version']}",
        model["credit"],
        "",
        f"Split: stratified {calibration['split']['fit_share']:.0%} / rest, seed "
        f"{calibration['split']['seed']}: fitted on {fit_rows} companies ({fit_defaults} "
        f"bankrupt), held out {holdout['rows']} ({holdout['defaults']} bankrupt).",
        f"Intercept: {calibration['fitted_intercept_five_year']:+.4f} as fitted (five-year "
        f"bankruptcy, sample rate); {model['intercept']:+.4f} after recalibrating to a mean "
        f"one-year PD of {calibration['target_mean_one_year_pd']:.3%}.",
        "",
        "Held-out AUC (companies not fitted on)",
        f"  scorecard   {holdout['auc']:.4f}",
        f"  Altman Z''  {holdout['altman_auc']:.4f}   (same rows; whole file "
        f"{whole_file_altman:.4f})",
        f"  gain        {holdout['auc'] - holdout['altman_auc']:+.4f}",
        *_repeated(calibration.get("repeated_splits")),
        *_cross_validated(model["version"], calibration.get("cross_validation")),
        "",
        "Default rate by grade, held-out part (default: bankrupt within five years, the data's "
        "label; PD: one-year)",
        *_grade_lines(model["grade_pd_bounds"], holdout["grades"]),
        *_band_lines(holdout["bands"]),
        "",
        "Ratio points (log-odds added at each knot; linear between, flat beyond)",
        *_ratio_lines(model["ratios"]),
    ]
    return "\n".join(lines)


def _repeated(summary: RepeatedSplits | None) -> list[str]:
    if not summary:
        return []
    return [
        f"Repeated splits (seeds {summary['seeds']}): scorecard {summary['auc_mean']:.4f} "
        f"± {summary['auc_sd']:.4f}, Altman {summary['altman_auc_mean']:.4f}; gain "
        f"{summary['gain_mean']:+.4f} on average, {summary['gain_min']:+.4f} at worst; "
        f"scorecard ahead on {summary['splits_won']} of {summary['splits']}.",
    ]


def _cross_validated(version: str, figures: CrossValidation | None) -> list[str]:
    if not figures:
        return []
    return [
        f"Cross-validated inside the fitted part ({figures['folds']} folds, how the ratios, knots "
        f"and ridge were chosen): {version} {figures['auc']:.4f}, "
        f"{figures['previous_version']}'s set-up {figures['previous_auc']:.4f}.",
    ]


def _grade_lines(bounds: list[float], rows: list[GradeCount]) -> list[str]:
    by_grade = {row["grade"]: row for row in rows}
    lines = ["  grade  PD up to   count  defaults    rate   mean PD"]
    for grade in range(1, WORST_GRADE + 1):
        bound = f"{bounds[grade - 1]:.2%}" if grade < WORST_GRADE else "100%"
        row = by_grade.get(grade)
        if row is None:
            lines.append(f"  {grade:>5}  {bound:>8}  {0:>6}         -       -         -   empty")
            continue
        lines.append(
            f"  {grade:>5}  {bound:>8}  {row['count']:>6}  {row['defaults']:>8}  "
            f"{row['rate']:>6.2%}  {row['mean_pd']:>8.3%}"
        )
    steps = [(row["grade"], row["grade"], row["rate"]) for row in rows]
    lines.append(f"  rate rises from grade to grade: {_verdict(steps)}")
    return lines


def _band_lines(rows: list[BandCount]) -> list[str]:
    lines = ["Pooled until a band holds enough held-out companies to mean something:"]
    for band in rows:
        grades = (
            f"{band['first']}-{band['last']}" if band["last"] > band["first"] else band["first"]
        )
        lines.append(
            f"  grades {grades!s:<6} count {band['count']:>5}  defaults {band['defaults']:>4}  "
            f"rate {band['rate']:>6.2%}"
        )
    steps = [(band["first"], band["last"], band["rate"]) for band in rows]
    lines.append(f"  rate rises from band to band: {_verdict(steps)}")
    return lines


def _verdict(steps: list[tuple[int, int, float]]) -> str:
    """Whether the rate rises from each (first grade, last grade, rate) to the next."""
    falls = [f"{a[1]}→{b[0]}" for a, b in itertools.pairwise(steps) if b[2] < a[2]]
    return "yes" if not falls else f"NO, it falls at {', '.join(falls)}"


def _ratio_lines(ratios: dict[str, RatioFile]) -> list[str]:
    lines = []
    for name, ratio in ratios.items():
        pairs = ", ".join(
            f"{knot:.4g}: {point:+.3f}"
            for knot, point in zip(ratio["knots"], ratio["points"], strict=True)
        )
        lines.append(f"  {name:<12} median {ratio['median']:<8.4g} {pairs}")
    return lines
