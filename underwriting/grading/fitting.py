"""Fitting the scorecard's financial part: a logistic regression on piecewise-linear (hinge)
transforms of each winsorised ratio, each ratio monotone in its sensible direction, with a small
ridge penalty. numpy only; deterministic.

Each ratio's segments between knots (fitted percentiles) get a non-negative slope in the risky
direction, so a better ratio never raises the PD, the shape can still bend (a liquidity of 0.5 vs
1.0 matters more than 3 vs 3.5), and values beyond the outer knots are winsorised.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class FittedRatio:
    knots: tuple[float, ...]
    points: tuple[float, ...]  # contribution at each knot; zero at the median
    median: float


@dataclass(frozen=True)
class FittedRatios:
    intercept: float
    ratios: dict[str, FittedRatio]


def fit_ratios(
    columns: dict[str, Floats],
    directions: dict[str, int],
    outcome: NDArray[np.int_],
    quantiles: tuple[float, ...],
    l2: float,
) -> FittedRatios:
    """Fit every ratio of `columns` at once; a missing value takes the ratio's median."""
    knots = {name: knots_at(values, quantiles) for name, values in columns.items()}
    medians = {
        name: float(np.median(values[np.isfinite(values)])) for name, values in columns.items()
    }
    blocks = [np.ones((len(outcome), 1))]
    for name, values in columns.items():
        filled = np.where(np.isnan(values), medians[name], values)
        blocks.append(directions[name] * hinge_basis(filled, knots[name]))
    lower = np.zeros(sum(block.shape[1] for block in blocks))
    lower[0] = -np.inf
    beta = fit_monotone_logit(np.hstack(blocks), outcome.astype(np.float64), l2, lower)
    intercept, start, fitted = float(beta[0]), 1, {}
    for name in columns:
        slopes = beta[start : start + len(knots[name]) - 1]
        start += len(slopes)
        points = directions[name] * np.concatenate(([0.0], np.cumsum(slopes)))
        at_median = float(np.interp(medians[name], knots[name], points))
        intercept += at_median
        fitted[name] = FittedRatio(knots[name], tuple(points - at_median), medians[name])
    return FittedRatios(intercept, fitted)


def knots_at(values: Floats, quantiles: tuple[float, ...]) -> tuple[float, ...]:
    """Percentiles of the finite values, without repeats (many ratios have a mass at 0)."""
    finite = values[np.isfinite(values)]
    return tuple(float(knot) for knot in np.unique(np.percentile(finite, quantiles)))


def hinge_basis(values: Floats, knots: tuple[float, ...]) -> Floats:
    """One column per segment between knots: 0 below it, 1 above it, linear across it."""
    edges = np.asarray(knots)
    if len(edges) < 2:
        return np.zeros((len(values), 0))
    low, high = edges[:-1], edges[1:]
    return np.asarray((np.clip(values[:, None], low, high) - low) / (high - low), dtype=np.float64)


def fit_monotone_logit(design: Floats, outcome: Floats, l2: float, lower: Floats) -> Floats:
    """Penalised logistic regression with bounds `beta >= lower` (use -inf for a free one; the
    ridge skips free coefficients). Newton steps on a box-constrained quadratic, halved until the
    penalised deviance falls."""
    penalty = np.where(np.isfinite(lower), l2, 0.0)
    beta = np.where(np.isfinite(lower), np.maximum(lower, 0.0), 0.0)
    rate = outcome.mean()
    beta[0] = np.log(rate / (1 - rate))  # the first column is the constant
    loss = _loss(design, outcome, beta, penalty)
    for _ in range(100):
        probability = 1.0 / (1.0 + np.exp(-(design @ beta)))
        weights = probability * (1.0 - probability)
        hessian = design.T @ (design * weights[:, None]) + np.diag(penalty)
        gradient = design.T @ (outcome - probability) - penalty * beta
        step = _box_qp(hessian, gradient, lower - beta)
        size = 1.0
        while (new := _loss(design, outcome, beta + size * step, penalty)) > loss and size > 1e-8:
            size /= 2
        beta, improvement, loss = beta + size * step, loss - new, new
        if improvement < 1e-10:
            break
    return beta


def _loss(design: Floats, outcome: Floats, beta: Floats, penalty: Floats) -> float:
    logit = design @ beta
    return float(np.sum(np.logaddexp(0.0, logit) - outcome * logit) + 0.5 * penalty @ beta**2)


def _box_qp(hessian: Floats, gradient: Floats, lower: Floats) -> Floats:
    """Minimise step·H·step/2 - gradient·step subject to step >= lower, by coordinate descent."""
    step = np.zeros_like(gradient)
    h_step = np.zeros_like(gradient)
    diagonal = np.diag(hessian)
    for _ in range(500):
        largest = 0.0
        for i in range(len(step)):
            new = max((gradient[i] - h_step[i]) / diagonal[i] + step[i], lower[i])
            change = new - step[i]
            if change != 0.0:
                h_step += hessian[:, i] * change
                step[i] = new
                largest = max(largest, abs(change))
        if largest < 1e-12:
            break
    return step


def auc(score: Floats, outcome: NDArray[np.int_]) -> float:
    """Area under the ROC curve: the chance that a defaulter scores above a survivor (ties half)."""
    order = np.argsort(score, kind="mergesort")
    _, inverse, counts = np.unique(score[order], return_inverse=True, return_counts=True)
    average_rank = np.cumsum(counts) - (counts - 1) / 2.0
    ranks = np.empty(len(score))
    ranks[order] = average_rank[inverse]
    positives = int(outcome.sum())
    negatives = len(outcome) - positives
    rank_sum = ranks[outcome == 1].sum()
    return float((rank_sum - positives * (positives + 1) / 2.0) / (positives * negatives))


def intercept_for_mean_pd(logits: Floats, target: float) -> float:
    """The shift that makes the mean of sigmoid(logits + shift) equal `target` (bisection)."""
    low, high = -30.0, 30.0
    for _ in range(200):
        middle = (low + high) / 2.0
        mean = float(np.mean(1.0 / (1.0 + np.exp(-(logits + middle)))))
        low, high = (middle, high) if mean < target else (low, middle)
    return (low + high) / 2.0
