"""Choosing the scorecard's ratios, knots and ridge by cross-validation inside the fitted part
only, so that the held-out part stays unseen until the chosen model is measured on it.

`cross_validated_auc` is the pooled out-of-fold AUC of the monotone piecewise-linear fit
(stratified folds, repeated with different seeds, averaged); `forward_selection` adds, one at a
time, the ratio that raises it most, until none raises it by `min_gain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from underwriting.grading.fitting import auc, fit_ratios

Floats = NDArray[np.float64]
FOLDS = 5
REPEATS = 3
SEED = 100


@dataclass(frozen=True)
class Step:
    added: str
    auc: float


def folds(outcome: NDArray[np.int_], count: int, seed: int) -> NDArray[np.intp]:
    """A fold number per row, each fold with the same share of defaults."""
    rng = np.random.default_rng(seed)
    fold = np.empty(len(outcome), dtype=np.intp)
    for label in (0, 1):
        rows = rng.permutation(np.flatnonzero(outcome == label))
        fold[rows] = np.arange(len(rows)) % count
    return fold


def out_of_fold_logits(
    columns: dict[str, Floats],
    directions: dict[str, int],
    outcome: NDArray[np.int_],
    quantiles: tuple[float, ...],
    l2: float,
    fold: NDArray[np.intp],
) -> Floats:
    """Each row's log-odds from the fit on the other folds (knots, medians and all)."""
    logits = np.empty(len(outcome))
    for number in np.unique(fold):
        train, test = fold != number, fold == number
        fitted = fit_ratios(
            {name: values[train] for name, values in columns.items()},
            directions,
            outcome[train],
            quantiles,
            l2,
        )
        total = np.full(int(test.sum()), fitted.intercept)
        for name, ratio in fitted.ratios.items():
            values = columns[name][test]
            values = np.where(np.isnan(values), ratio.median, values)
            total += np.interp(values, ratio.knots, ratio.points)
        logits[test] = total
    return logits


def cross_validated_auc(
    columns: dict[str, Floats],
    directions: dict[str, int],
    outcome: NDArray[np.int_],
    quantiles: tuple[float, ...],
    l2: float,
    repeats: int = REPEATS,
) -> float:
    """Out-of-fold AUC over `FOLDS` stratified folds, averaged over `repeats` seeds."""
    figures = [
        auc(
            out_of_fold_logits(
                columns, directions, outcome, quantiles, l2, folds(outcome, FOLDS, SEED + repeat)
            ),
            outcome,
        )
        for repeat in range(repeats)
    ]
    return float(np.mean(figures))


def forward_selection(
    columns: dict[str, Floats],
    directions: dict[str, int],
    outcome: NDArray[np.int_],
    quantiles: tuple[float, ...],
    l2: float,
    candidates: Sequence[str],
    min_gain: float = 0.0005,
    repeats: int = 2,
) -> list[Step]:
    """Greedy: start from no ratio, add the candidate that most raises the cross-validated AUC,
    stop when the best addition gains less than `min_gain`."""
    chosen: list[str] = []
    steps: list[Step] = []
    best = 0.5
    while len(chosen) < len(candidates):
        trials = {
            name: cross_validated_auc(
                {n: columns[n] for n in (*chosen, name)}, directions, outcome, quantiles, l2,
                repeats,
            )
            for name in candidates
            if name not in chosen
        }
        name, figure = max(trials.items(), key=lambda item: item[1])
        if figure < best + min_gain:
            break
        chosen.append(name)
        steps.append(Step(name, figure))
        best = figure
    return steps
