"""The scorecard's model file (models/scorecard-<version>.json) as JSON holds it: what the
calibration script writes and `model.model_from_dict` reads."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class RatioFile(TypedDict):
    direction: int
    knots: list[float]
    points: list[float]
    median: float


class PointsFile(TypedDict):
    points: list[float]
    unknown: float


class PaymentFile(TypedDict):
    overdue_points: float
    claim_points: float


class LitigationFile(TypedDict):
    points: float


class AgeFile(TypedDict):
    edges_years: list[float]
    points: list[float]
    unknown: float


class CapFile(TypedDict):
    points: float
    cap: int


class FinancialsFile(TypedDict):
    stale_after_months: float
    none: CapFile
    stale: CapFile
    incomplete: CapFile


class GradeCount(TypedDict):
    """One grade of the held-out part: its companies, defaults, default rate and mean PD."""

    grade: int
    count: int
    defaults: int
    rate: float
    mean_pd: float


class BandCount(TypedDict):
    """Adjacent grades pooled until they hold enough held-out companies."""

    first: int
    last: int
    count: int
    defaults: int
    rate: float


class HoldoutFile(TypedDict):
    rows: int
    defaults: int
    auc: float
    altman_auc: float
    grades: list[GradeCount]
    bands: list[BandCount]


class SplitFile(TypedDict):
    seed: int
    fit_share: float


class DataFile(TypedDict):
    file: str
    sha256: str
    companies: int
    bankrupt: int


class CrossValidation(TypedDict):
    folds: int
    auc: float
    previous_version: str
    previous_auc: float


class RepeatedSplits(TypedDict):
    seeds: str
    auc_mean: float
    auc_sd: float
    altman_auc_mean: float
    gain_mean: float
    gain_min: float
    splits_won: int
    splits: int


class CalibrationFile(TypedDict):
    holdout: HoldoutFile
    split: NotRequired[SplitFile]
    fitted_intercept_five_year: NotRequired[float]
    target_mean_one_year_pd: NotRequired[float]
    knot_percentiles: NotRequired[list[float]]
    l2: NotRequired[float]
    data: NotRequired[DataFile]
    cross_validation: NotRequired[CrossValidation]
    repeated_splits: NotRequired[RepeatedSplits]


class ModelFile(TypedDict):
    version: str
    credit: str
    notes: list[str]
    grade_pd_bounds: list[float]
    pd_floor: float
    legal_event_pd: float
    size_scale: float
    country: PointsFile
    sector: PointsFile
    payment_experience: PaymentFile
    litigation: LitigationFile
    company_age: AgeFile
    financials: FinancialsFile
    calibration: CalibrationFile
    ratios: dict[str, RatioFile]
    """Empty in the skeleton, until the ratios are fitted."""
    intercept: float
