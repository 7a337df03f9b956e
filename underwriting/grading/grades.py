"""Grades 1 (best) to 10 (worst) from a one-year probability of default (docs/domain.md §4)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Inclusive upper PD bound of grades 1..9; grade 10 is everything above 15 %.
GRADE_PD_BOUNDS: tuple[float, ...] = (
    0.0005,
    0.001,
    0.002,
    0.004,
    0.008,
    0.015,
    0.03,
    0.06,
    0.15,
)
WORST_GRADE = len(GRADE_PD_BOUNDS) + 1


def grade_from_pd(
    pd: NDArray[np.float64], bounds: tuple[float, ...] = GRADE_PD_BOUNDS
) -> NDArray[np.intp]:
    """Grade per PD: a PD equal to a bound belongs to the better grade (bounds are inclusive)."""
    return np.digitize(pd, bounds, right=True) + 1


def pd_floors(bounds: tuple[float, ...] = GRADE_PD_BOUNDS) -> NDArray[np.float64]:
    """Smallest PD of each grade, indexed by grade (index 0 unused): what a capped grade raises the
    PD to, so that grade and PD always agree."""
    edges = np.asarray(bounds, dtype=np.float64)
    return np.concatenate(([0.0, 0.0], np.nextafter(edges, np.inf)))
