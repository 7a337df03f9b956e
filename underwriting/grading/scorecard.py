"""Score a whole frame of buyers at once: grade, PD, model version and each factor's share.

Pure and vectorised (numpy on the frame's arrays, no per-row Python), so the same function
grades one buyer for a request and a million in a batch or over Dask partitions. Each step
writes in place into one column-major block of contributions: at a million rows, every
avoided temporary array is a millisecond or two.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from buyers_db.models import STATEMENT_FIELDS
from underwriting.grading.features import Floats, floats, has_statement, ratios
from underwriting.grading.grades import WORST_GRADE, grade_from_pd, pd_floors
from underwriting.grading.model import Financials, Model, RatioFactor

Ints = NDArray[np.intp]
Bools = NDArray[np.bool_]

OTHER_FACTORS = (
    "country",
    "sector",
    "overdue",
    "claims",
    "litigation",
    "company_age",
    "financials",
)
INPUT_COLUMNS = (
    *STATEMENT_FIELDS,
    "statement_age_months",
    "country_crc",
    "sector_risk",
    "age_years",
    "insolvency",
    "ceased_trading",
    "litigation_count",
    "overdue_count",
    "claim_count",
)


def factor_names(model: Model) -> tuple[str, ...]:
    return (*(ratio.name for ratio in model.ratios), *OTHER_FACTORS)


def score(frame: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Grade every buyer (row) of `frame`; the result keeps the frame's index.

    Columns: `grade` (1 best .. 10 worst), `pd` (one-year probability of default),
    `model_version` (categorical), `grade_cap` (the best grade the buyer's situation allows: 1
    when nothing caps it, 10 for insolvency or ceased trading) and `contrib_<factor>`, each
    factor's additive share of the log-odds. Where neither a cap nor the PD floor applies,
    `logit(pd)` equals `model.intercept` plus the sum of the contributions. An `employees`
    column may be present; this model does not score it (the calibration data has no staff).
    """
    missing = [column for column in INPUT_COLUMNS if column not in frame.columns]
    if missing:
        raise KeyError(f"score() needs columns {missing}")
    names = factor_names(model)
    # One float block, pd first, then the contributions: pandas wraps it without a copy.
    block = np.empty((len(frame), 1 + len(names)), dtype=np.float64, order="F")
    contributions = block[:, 1:]
    usable = has_statement(frame)
    incomplete = _ratio_contributions(frame, model, usable, contributions)
    cap = _financials(frame, model.financials, usable, incomplete, contributions[:, -1])
    _other_contributions(frame, model, contributions[:, len(model.ratios) : -1])
    legal = _flag(frame, "insolvency") | _flag(frame, "ceased_trading")
    cap[legal] = WORST_GRADE
    block[:, 0] = _probability(_logit(model.intercept, contributions), cap, legal, model)
    result = pd.DataFrame(
        block, index=frame.index, columns=["pd", *(f"contrib_{n}" for n in names)], copy=False
    )
    grade = np.maximum(grade_from_pd(block[:, 0], model.grade_bounds), cap)
    result.insert(0, "grade", grade)
    version = np.zeros(len(frame), dtype=np.int8)
    result.insert(2, "model_version", pd.Categorical.from_codes(version, [model.version]))
    result.insert(3, "grade_cap", cap)
    return result


def _ratio_contributions(frame: pd.DataFrame, model: Model, usable: Bools, out: Floats) -> Bools:
    """Each ratio's points into `out`'s first columns; return which buyers lack some ratio."""
    incomplete = np.zeros(len(frame), dtype=np.bool_)
    scratch = np.empty(len(frame))
    columns = ratios(frame, model.size_scale, usable, [factor.name for factor in model.ratios])
    for position, factor in enumerate(model.ratios):
        values = columns[factor.name]
        unknown = np.isnan(values)
        incomplete |= unknown
        values.put(np.flatnonzero(unknown), factor.median)  # faster than copyto(where=)
        _piecewise(values, factor, out[:, position], scratch)
    return incomplete


def _piecewise(values: Floats, factor: RatioFactor, out: Floats, scratch: Floats) -> None:
    """`np.interp(values, knots, points)` as a sum of clipped segments, skipping flat ones (the
    same line in a third of the time); flat beyond the outer knots, i.e. winsorised there.

    points[0] + sum(slope * (clip(x, low, high) - low)) is computed as sum(slope * clip(...))
    plus one constant, to pass over the million values as few times as possible."""
    constant, target = factor.points[0], out
    segments = zip(factor.knots, factor.knots[1:], factor.points, factor.points[1:], strict=False)
    for low, high, start, end in segments:
        if end == start:
            continue
        slope = (end - start) / (high - low)
        constant -= slope * low
        np.clip(values, low, high, out=target)
        target *= slope
        if target is scratch:
            out += scratch
        target = scratch
    if target is out:  # every segment is flat
        out.fill(constant)
    else:
        out += constant


def _financials(
    frame: pd.DataFrame, rules: Financials, usable: Bools, incomplete: Bools, out: Floats
) -> Ints:
    """Points for a missing, stale or incomplete statement into `out`; return the grade cap.

    Each buyer's situation is a code, 1 if stale + 2 if incomplete, or 4 without a usable
    statement, looked up in two small tables (cheaper than a pass per rule)."""
    stale = usable & (floats(frame, "statement_age_months") > rules.stale_after_months)
    code = stale.view(np.int8) + 2 * (incomplete & usable).view(np.int8)
    code = np.where(usable, code, np.int8(4))
    both = rules.stale_points + rules.incomplete_points
    points = (0.0, rules.stale_points, rules.incomplete_points, both, rules.none_points)
    np.take(np.asarray(points), code, out=out, mode="clip")
    worst = max(rules.stale_cap, rules.incomplete_cap)
    caps = (1, rules.stale_cap, rules.incomplete_cap, worst, rules.none_cap)
    return np.asarray(np.asarray(caps, dtype=np.intp).take(code), dtype=np.intp)


def _other_contributions(frame: pd.DataFrame, model: Model, out: Floats) -> None:
    """Country, sector, overdue, claims, litigation and company age, in `OTHER_FACTORS` order."""
    out[:, 0] = _by_class(floats(frame, "country_crc"), model.country_points, model.country_unknown)
    out[:, 1] = _by_class(floats(frame, "sector_risk"), model.sector_points, model.sector_unknown)
    counts = ("overdue_count", "claim_count", "litigation_count")
    weights = (model.overdue_points, model.claim_points, model.litigation_points)
    for position, (column, weight) in enumerate(zip(counts, weights, strict=True), start=2):
        np.log1p(_count(frame, column), out=out[:, position])
        out[:, position] *= weight
    _by_band(floats(frame, "age_years"), model, out[:, 5])


def _by_class(values: Floats, points: tuple[float, ...], unknown: float) -> Floats:
    """Points by class 0, 1, ...; NaN, or a class outside the table, takes `unknown`."""
    table = np.asarray((*points, unknown))
    index = np.rint(np.fmin(values, len(points)))  # fmin turns NaN into the unknown slot
    index[index < 0] = len(points)
    return np.asarray(table.take(index.astype(np.intp)), dtype=np.float64)


def _by_band(age: Floats, model: Model, out: Floats) -> None:
    """Company age points by band (an age equal to an edge is in the older band)."""
    band = np.zeros(len(age), dtype=np.int8)
    for edge in model.age_edges:
        band += age >= edge
    band[np.isnan(age)] = len(model.age_points)
    np.take(np.asarray((*model.age_points, model.age_unknown)), band, out=out, mode="clip")


def _count(frame: pd.DataFrame, column: str) -> Floats:
    """A count as floats: missing means none, a negative count is treated as none."""
    return np.fmax(floats(frame, column), 0.0)  # fmax takes 0 over NaN


def _flag(frame: pd.DataFrame, column: str) -> Bools:
    series = frame[column]
    if series.dtype == np.bool_:
        return np.asarray(series.to_numpy(), dtype=np.bool_)
    return np.asarray(floats(frame, column) > 0, dtype=np.bool_)


def _logit(intercept: float, contributions: Floats) -> Floats:
    logit = np.full(contributions.shape[0], intercept)
    for position in range(contributions.shape[1]):
        logit += contributions[:, position]
    return logit


def _probability(logit: Floats, cap: Ints, legal: Bools, model: Model) -> Floats:
    """PD from the log-odds, no lower than the model's floor or than the capped grade allows;
    insolvency and ceased trading take the legal-event PD (grade 10)."""
    with np.errstate(over="ignore"):
        probability = 1.0 / (1.0 + np.exp(-logit))
    np.maximum(probability, model.pd_floor, out=probability)
    np.maximum(probability, pd_floors(model.grade_bounds)[cap], out=probability)
    probability[legal] = model.legal_event_pd
    return probability
