"""PD to grade: the upper bounds of docs/domain.md §4, each inclusive."""

from __future__ import annotations

import numpy as np
import pytest

from underwriting.grading import GRADE_PD_BOUNDS
from underwriting.grading.grades import grade_from_pd, pd_floors

EDGES = [(0.0, 1), (0.0003, 1), (1.0, 10), (0.5, 10)]
for grade, bound in enumerate(GRADE_PD_BOUNDS, start=1):
    EDGES += [(bound, grade), (np.nextafter(bound, 1.0), grade + 1)]


def test_the_bounds_are_the_designs():
    assert GRADE_PD_BOUNDS == (0.0005, 0.001, 0.002, 0.004, 0.008, 0.015, 0.03, 0.06, 0.15)


@pytest.mark.parametrize(("pd", "grade"), EDGES)
def test_a_pd_on_a_bound_takes_the_better_grade_and_just_above_it_the_next(pd, grade):
    assert grade_from_pd(np.array([pd]))[0] == grade


@pytest.mark.parametrize("grade", range(2, 11))
def test_the_floor_of_a_grade_is_the_smallest_pd_in_it(grade):
    floor = pd_floors()[grade]
    assert grade_from_pd(np.array([floor]))[0] == grade
    assert grade_from_pd(np.array([np.nextafter(floor, 0.0)]))[0] == grade - 1
