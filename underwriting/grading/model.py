"""The scorecard as versioned data: `models/scorecard-<version>.json`, loaded into `Model`.

A model file holds everything the score depends on, so a grade can always be explained and
reproduced from its `model_version`: the intercept, the ratios it reads (in the file's order, each
named in `features.RATIO_DIRECTIONS`) with their winsor bounds, medians and points,
the non-financial points, the caps, the PD-to-grade bounds and the calibration's held-out figures.
"""

from __future__ import annotations

import functools
import itertools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from underwriting.grading.features import RATIO_DIRECTIONS
from underwriting.grading.model_file import CalibrationFile, FinancialsFile, ModelFile, RatioFile

MODELS_PACKAGE = "underwriting.grading"
MODELS_FOLDER = "models"
PREFIX, SUFFIX = "scorecard-", ".json"


@dataclass(frozen=True)
class RatioFactor:
    """A ratio's contribution: linear between `knots` (the outer two are the winsor bounds), flat
    beyond them; a missing value takes `median`, where the contribution is zero."""

    name: str
    direction: int
    knots: tuple[float, ...]
    points: tuple[float, ...]
    median: float


@dataclass(frozen=True)
class Financials:
    """Missing (`none`), stale and incomplete statements: log-odds points and the best grade
    allowed (the cap)."""

    stale_after_months: float
    none_points: float
    none_cap: int
    stale_points: float
    stale_cap: int
    incomplete_points: float
    incomplete_cap: int


@dataclass(frozen=True)
class GradeRow:
    grade: int
    count: int
    defaults: int
    rate: float
    mean_pd: float


@dataclass(frozen=True)
class GradeBand:
    """Adjacent grades pooled until the held-out part has enough companies in them."""

    first: int
    last: int
    count: int
    defaults: int
    rate: float


@dataclass(frozen=True)
class Calibration:
    """What the calibration script measured on the held-out part (companies not fitted on)."""

    auc: float
    altman_auc: float
    holdout_rows: int
    holdout_defaults: int
    grades: tuple[GradeRow, ...]
    bands: tuple[GradeBand, ...]


@dataclass(frozen=True)
class Model:
    version: str
    intercept: float
    ratios: tuple[RatioFactor, ...]
    size_scale: float
    grade_bounds: tuple[float, ...]
    pd_floor: float
    legal_event_pd: float
    country_points: tuple[float, ...]  # by OECD country risk classification 0..7
    country_unknown: float
    sector_points: tuple[float, ...]  # by sector risk 0..4
    sector_unknown: float
    overdue_points: float  # times ln(1 + count)
    claim_points: float
    litigation_points: float
    age_edges: tuple[float, ...]  # company age bands, years
    age_points: tuple[float, ...]  # one more than the edges
    age_unknown: float
    financials: Financials
    calibration: Calibration
    credit: str


def load_model(version: str | None = None) -> Model:
    """The scorecard of `version`, or the latest shipped one; each file is read once per
    process (model files ship with the code and a version is never rewritten)."""
    versions = available_versions()
    if not versions:
        raise LookupError("no scorecard model is shipped")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise LookupError(f"no scorecard model {chosen!r}; shipped: {', '.join(versions)}")
    return _read(chosen)


@functools.cache
def _read(version: str) -> Model:
    path = resources.files(MODELS_PACKAGE) / MODELS_FOLDER / f"{PREFIX}{version}{SUFFIX}"
    return model_from_dict(json.loads(path.read_text(encoding="utf-8")))


def available_versions() -> list[str]:
    """Shipped versions, oldest first ("2026.2" after "2026.1", "2026.10" after "2026.9")."""
    folder = resources.files(MODELS_PACKAGE) / MODELS_FOLDER
    names = [item.name for item in folder.iterdir() if item.name.startswith(PREFIX)]
    versions = [name[len(PREFIX) : -len(SUFFIX)] for name in names if name.endswith(SUFFIX)]
    return sorted(versions, key=_version_key)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def model_from_dict(data: ModelFile) -> Model:
    ratios = tuple(_ratio(name, ratio) for name, ratio in data["ratios"].items())
    country, sector, age = data["country"], data["sector"], data["company_age"]
    payment = data["payment_experience"]
    model = Model(
        version=str(data["version"]),
        intercept=float(data["intercept"]),
        ratios=ratios,
        size_scale=float(data["size_scale"]),
        grade_bounds=_floats(data["grade_pd_bounds"]),
        pd_floor=float(data["pd_floor"]),
        legal_event_pd=float(data["legal_event_pd"]),
        country_points=_floats(country["points"]),
        country_unknown=float(country["unknown"]),
        sector_points=_floats(sector["points"]),
        sector_unknown=float(sector["unknown"]),
        overdue_points=float(payment["overdue_points"]),
        claim_points=float(payment["claim_points"]),
        litigation_points=float(data["litigation"]["points"]),
        age_edges=_floats(age["edges_years"]),
        age_points=_floats(age["points"]),
        age_unknown=float(age["unknown"]),
        financials=_financials(data["financials"]),
        calibration=_calibration(data["calibration"]),
        credit=str(data["credit"]),
    )
    _check(model)
    return model


def _ratio(name: str, data: RatioFile) -> RatioFactor:
    return RatioFactor(
        name=name,
        direction=int(data["direction"]),
        knots=_floats(data["knots"]),
        points=_floats(data["points"]),
        median=float(data["median"]),
    )


def _financials(data: FinancialsFile) -> Financials:
    return Financials(
        stale_after_months=float(data["stale_after_months"]),
        none_points=float(data["none"]["points"]),
        none_cap=int(data["none"]["cap"]),
        stale_points=float(data["stale"]["points"]),
        stale_cap=int(data["stale"]["cap"]),
        incomplete_points=float(data["incomplete"]["points"]),
        incomplete_cap=int(data["incomplete"]["cap"]),
    )


def _calibration(data: CalibrationFile) -> Calibration:
    holdout = data["holdout"]
    return Calibration(
        auc=float(holdout["auc"]),
        altman_auc=float(holdout["altman_auc"]),
        holdout_rows=int(holdout["rows"]),
        holdout_defaults=int(holdout["defaults"]),
        grades=tuple(GradeRow(**row) for row in holdout["grades"]),
        bands=tuple(GradeBand(**band) for band in holdout["bands"]),
    )


def _floats(values: list[Any]) -> tuple[float, ...]:
    return tuple(float(value) for value in values)


def _check(model: Model) -> None:
    """Refuse a file that would score nonsense rather than grade buyers with it."""
    problems = [f"ratio {r.name}: {p}" for r in model.ratios for p in _ratio_problems(r)]
    if not model.ratios:
        problems.append("ratios: none")
    if len(model.grade_bounds) != 9 or list(model.grade_bounds) != sorted(model.grade_bounds):
        problems.append("grade_pd_bounds: need 9 increasing bounds")
    if len(model.country_points) != 8 or len(model.sector_points) != 5:
        problems.append("country needs 8 points (crc 0-7), sector 5 (risk 0-4)")
    if len(model.age_points) != len(model.age_edges) + 1:
        problems.append("company_age: one more point than edges")
    if problems:
        raise ValueError(f"scorecard {model.version}: " + "; ".join(problems))


def _ratio_problems(ratio: RatioFactor) -> list[str]:
    if ratio.name not in RATIO_DIRECTIONS:
        return ["no such ratio"]
    problems = []
    if ratio.direction != RATIO_DIRECTIONS[ratio.name]:
        problems.append(f"direction must be {RATIO_DIRECTIONS[ratio.name]:+d}")
    if len(ratio.knots) != len(ratio.points) or not ratio.knots:
        problems.append("knots and points differ in length")
    if any(b <= a for a, b in itertools.pairwise(ratio.knots)):
        problems.append("knots must increase")
    steps = [ratio.direction * (b - a) for a, b in itertools.pairwise(ratio.points)]
    if any(step < 0 for step in steps):
        problems.append("points must not reward the risky direction")
    return problems
