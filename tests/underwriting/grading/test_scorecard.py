"""The grading rules of docs/domain.md §4, as the scorecard applies them to a frame of buyers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.underwriting.grading.buyers import (
    EXCELLENT,
    NO_STATEMENT,
    SOUND,
    WEAK,
    frame,
    random_buyers,
)
from underwriting.grading import GRADE_PD_BOUNDS, load_model, score
from underwriting.grading.features import has_statement, ratios

MODEL = load_model()
RATIO_FACTORS = [factor.name for factor in MODEL.ratios]
SIZES = {"size", "revenue_size"}  # the ratios that are amounts: they grow with the company
PROFILES = {"excellent": EXCELLENT, "sound": SOUND, "weak": WEAK, "no statement": NO_STATEMENT}


def scored(*rows: dict[str, object]) -> pd.DataFrame:
    return score(frame(*rows), MODEL)


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
@pytest.mark.parametrize(
    "event",
    [{"insolvency": True}, {"ceased_trading": True}, {"insolvency": True, "ceased_trading": True}],
    ids=["insolvency", "ceased trading", "both"],
)
def test_insolvency_or_ceased_trading_is_grade_10_with_a_top_bucket_pd(profile, event):
    result = scored(profile | event).iloc[0]
    assert result["grade"] == 10
    assert result["grade_cap"] == 10
    assert result["pd"] == MODEL.legal_event_pd > GRADE_PD_BOUNDS[-1]


@pytest.mark.parametrize("profile", PROFILES.values(), ids=PROFILES.keys())
@pytest.mark.parametrize(
    ("count", "factor"),
    [("litigation_count", "litigation"), ("overdue_count", "overdue"), ("claim_count", "claims")],
)
def test_litigation_overdue_and_claims_worsen_the_pd_and_never_improve_the_grade(
    profile, count, factor
):
    result = scored(*(profile | {count: n} for n in range(8)))
    assert np.all(np.diff(result[f"contrib_{factor}"]) > 0)  # each one adds log-odds
    assert np.all(np.diff(result["pd"]) >= 0)  # (an excellent buyer may start at the PD floor)
    assert result["pd"].iloc[-1] > result["pd"].iloc[0]
    assert np.all(np.diff(result["grade"]) >= 0)


@pytest.mark.parametrize("count", ["overdue_count", "claim_count"])
def test_one_overdue_or_claim_costs_a_sound_buyer_a_grade(count):
    clean, adverse = scored(SOUND, SOUND | {count: 1})["grade"]
    assert adverse > clean


@pytest.mark.parametrize(
    ("case", "change", "cap"),
    [
        ("recent statement", {"statement_age_months": 18.0}, 1),
        ("stale statement", {"statement_age_months": 18.5}, 4),
        ("very old statement", {"statement_age_months": 60.0}, 4),
        ("no statement", {"statement_age_months": np.nan}, 5),
        ("no total assets", {"total_assets": np.nan}, 5),
        ("negative total assets", {"total_assets": -1.0}, 5),
        ("a field missing", {"retained_earnings": np.nan}, 3),
        ("stale and a field missing", {"statement_age_months": 30.0, "ebit": np.nan}, 4),
    ],
)
def test_missing_and_stale_financials_cap_the_grade(case, change, cap):
    best, poor = scored(EXCELLENT | change, WEAK | change).itertuples()
    assert best.grade_cap == poor.grade_cap == cap, case
    assert best.grade == cap  # the excellent buyer is held at the cap ...
    if cap > 1:
        assert best.pd > GRADE_PD_BOUNDS[cap - 2]  # ... and its PD with it
    assert poor.grade >= cap  # a cap never improves a grade


def test_without_a_statement_the_financials_are_ignored_and_penalised():
    result = scored(SOUND | {"statement_age_months": np.nan}, NO_STATEMENT).iloc[0]
    ratio_columns = [f"contrib_{name}" for name in RATIO_FACTORS]
    assert result[ratio_columns].abs().max() < 1e-12  # a missing ratio sits at its median
    assert result["contrib_financials"] == MODEL.financials.none_points


# Moving one statement field in the sound direction; the ratios it moves all improve.
IMPROVEMENTS = {
    "ebit": ("ebit", np.linspace(-3e6, 5e6, 41)),
    "net income": ("net_income", np.linspace(-3e6, 5e6, 41)),
    "retained earnings": ("retained_earnings", np.linspace(-8e6, 9e6, 41)),
    "equity": ("equity", np.linspace(-3e6, 2e8, 41)),
    "current assets": ("current_assets", np.linspace(1e5, 1e7, 41)),
    "current liabilities (falling)": ("current_liabilities", np.linspace(9e6, 1e4, 41)),
    "total liabilities (falling)": ("total_liabilities", np.linspace(1.3e7, 1e4, 41)),
    "revenue": ("revenue", np.linspace(1e6, 1e8, 41)),
}


@pytest.mark.parametrize("field, values", IMPROVEMENTS.values(), ids=IMPROVEMENTS.keys())
def test_better_ratios_never_raise_the_pd_and_some_lower_it(field, values):
    pds = scored(*(SOUND | {field: value} for value in values))["pd"].to_numpy()
    assert np.all(np.diff(pds) <= 1e-15)
    if field != "net_income" or {"ni_ta", "ni_tl"} & set(RATIO_FACTORS):
        assert pds[-1] < pds[0]  # (2026.2 reads EBIT but not net income)


def test_a_larger_company_with_the_same_ratios_is_no_riskier():
    sizes = np.geomspace(1e4, 1e12, 41)
    fields = (
        "revenue",
        "ebit",
        "net_income",
        "total_assets",
        "current_assets",
        "current_liabilities",
        "total_liabilities",
        "equity",
        "retained_earnings",
    )
    rows = [SOUND | {f: SOUND[f] * size / SOUND["total_assets"] for f in fields} for size in sizes]
    result = scored(*rows)
    assert np.all(np.diff(result["pd"]) <= 1e-15)
    assert result["pd"].iloc[-1] < result["pd"].iloc[0]
    ratio_columns = [f"contrib_{n}" for n in RATIO_FACTORS if n not in SIZES]
    assert np.ptp(result[ratio_columns].to_numpy(), axis=0).max() < 1e-9


@pytest.mark.parametrize("factor", MODEL.ratios, ids=lambda factor: factor.name)
def test_each_ratio_contributes_its_interpolated_points_monotone_in_its_direction(factor):
    buyers = random_buyers(5000)
    values = ratios(buyers, MODEL.size_scale, has_statement(buyers))[factor.name]
    expected = np.interp(
        np.where(np.isnan(values), factor.median, values), factor.knots, factor.points
    )
    contribution = score(buyers, MODEL)[f"contrib_{factor.name}"].to_numpy()
    np.testing.assert_allclose(contribution, expected, atol=1e-9)
    order = np.argsort(values * factor.direction, kind="stable")  # riskier last; NaN at the end
    known = order[~np.isnan(values[order])]
    assert np.all(np.diff(contribution[known]) >= -1e-9)


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("country_crc", [0, 1, 2, 3, 4, 5, 6, 7]),
        ("sector_risk", [0, 1, 2, 3, 4]),
        ("age_years", [60, 10, 7, 5, 4, 3, 2, 1, 0.5, 0]),
    ],
)
def test_riskier_country_sector_and_younger_company_never_lower_the_pd(column, values):
    pds = scored(*(SOUND | {column: value} for value in values))["pd"].to_numpy()
    assert np.all(np.diff(pds) >= 0)
    assert pds[-1] > pds[0]


@pytest.mark.parametrize(
    ("column", "value", "points"),
    [
        ("country_crc", np.nan, MODEL.country_unknown),
        ("country_crc", 9, MODEL.country_unknown),  # no such class: unknown, not 7
        ("country_crc", -1, MODEL.country_unknown),
        ("sector_risk", np.nan, MODEL.sector_unknown),
        ("sector_risk", 5, MODEL.sector_unknown),
        ("age_years", np.nan, MODEL.age_unknown),
    ],
)
def test_unknown_country_sector_or_age_take_the_models_unknown_points(column, value, points):
    factor = {"country_crc": "country", "sector_risk": "sector", "age_years": "company_age"}
    result = scored(SOUND | {column: value}).iloc[0]
    assert result[f"contrib_{factor[column]}"] == points


def test_contributions_and_intercept_sum_to_the_logit_of_the_pd_where_nothing_clamps():
    result = score(random_buyers(20_000), MODEL)
    free = (result["grade_cap"] == 1) & (result["pd"] > MODEL.pd_floor)
    assert free.sum() > 2000
    logit = np.log(result["pd"] / (1 - result["pd"]))[free]
    total = MODEL.intercept + result.filter(like="contrib_")[free].sum(axis=1)
    np.testing.assert_allclose(logit, total, atol=1e-9)


def test_grade_and_pd_always_agree_and_respect_the_cap():
    result = score(random_buyers(20_000), MODEL)
    bounds = np.asarray((0.0, *GRADE_PD_BOUNDS, 1.0))
    grade, probability = result["grade"].to_numpy(), result["pd"].to_numpy()
    assert np.all((bounds[grade - 1] < probability) & (probability <= bounds[grade]))
    assert np.all(grade >= result["grade_cap"])
    assert np.all(probability >= MODEL.pd_floor)


def test_the_result_keeps_the_index_and_its_order():
    index = pd.Index(["CN-91310000", "DE-HRB-1234", "PL-0000012345"], name="buyer")
    result = score(frame(WEAK, SOUND, NO_STATEMENT, index=index), MODEL)
    assert result.index.equals(index)
    assert list(result.columns[:4]) == ["grade", "pd", "model_version", "grade_cap"]
    assert (result["model_version"] == MODEL.version).all()
    assert result["grade"].dtype.kind == "i"


def test_a_buyer_scores_the_same_alone_as_in_a_crowd():
    buyers = random_buyers(500).set_index(pd.Index(range(1000, 500, -1)))
    together = score(buyers, MODEL)
    for position in (0, 17, 250, 499):
        alone = score(buyers.iloc[[position]], MODEL)
        pd.testing.assert_frame_equal(alone, together.iloc[[position]], check_categorical=False)


def test_missing_values_of_every_kind_are_read_as_unknown_or_none():
    buyers = frame(SOUND, SOUND).astype(
        {"litigation_count": "Int64", "insolvency": object, "ceased_trading": "boolean"}
    )
    buyers.loc[1, ["litigation_count", "insolvency", "ceased_trading"]] = [pd.NA, None, pd.NA]
    buyers.loc[1, ["overdue_count", "claim_count"]] = [-3, 0]
    result = score(buyers, MODEL)
    assert result.iloc[0]["pd"] == pytest.approx(result.iloc[1]["pd"])
    assert result["grade"].tolist() == [result.iloc[0]["grade"]] * 2


def test_an_empty_frame_scores_to_an_empty_result():
    result = score(frame(SOUND).iloc[:0], MODEL)
    assert result.empty and "grade" in result and "contrib_country" in result


def test_a_missing_input_column_is_named():
    with pytest.raises(KeyError, match="claim_count"):
        score(frame(SOUND).drop(columns="claim_count"), MODEL)


def test_inputs_are_not_modified():
    buyers = random_buyers(1000)
    before = buyers.copy()
    score(buyers, MODEL)
    pd.testing.assert_frame_equal(buyers, before)
