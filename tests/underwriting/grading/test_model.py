"""The shipped model file: loadable, consistent, credited and better than Altman's Z''."""

from __future__ import annotations

import configparser
import dataclasses
import itertools
import json
from pathlib import Path

import pytest

from underwriting.grading import Model, load_model
from underwriting.grading.calibrate import MIN_BAND, model_path
from underwriting.grading.model import available_versions, model_from_dict

ROOT = Path(__file__).resolve().parents[3]


def test_the_latest_model_is_loaded_by_default():
    latest = load_model()
    assert isinstance(latest, Model)
    assert latest.version == available_versions()[-1]
    assert load_model(latest.version) == latest


def test_an_unknown_version_is_refused_with_the_shipped_ones_named():
    with pytest.raises(LookupError, match=r"2026\.1"):
        load_model("1999.9")


def test_a_model_cannot_be_changed_once_loaded():
    with pytest.raises(dataclasses.FrozenInstanceError):
        load_model().intercept = 0.0  # type: ignore[misc]


def test_the_held_out_auc_beats_altman_on_the_same_companies():
    calibration = load_model().calibration
    assert calibration.holdout_rows > 1000 and calibration.holdout_defaults > 50
    assert calibration.auc > calibration.altman_auc + 0.02


def test_default_rates_rise_with_the_grade():
    calibration = load_model().calibration
    rates = [band.rate for band in calibration.bands]
    assert len(rates) >= 5
    assert all(later > earlier for earlier, later in itertools.pairwise(rates))
    populous = [row.rate for row in calibration.grades if row.count >= MIN_BAND]
    assert all(later > earlier for earlier, later in itertools.pairwise(populous))
    assert sum(band.count for band in calibration.bands) == calibration.holdout_rows


def test_the_data_source_is_credited():
    credit = load_model().credit
    for words in ("Zięba", "Tomczak", "2016", "UCI", "365", "CC BY 4.0"):
        assert words in credit


def test_the_model_file_ships_as_package_data():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    assert "grading/models/*.json" in config["options.package_data"]["underwriting"]


def test_a_model_that_would_reward_risk_is_refused():
    data = json.loads(model_path(load_model().version).read_text(encoding="utf-8"))
    data["ratios"]["leverage"]["points"] = sorted(data["ratios"]["leverage"]["points"])[::-1]
    with pytest.raises(ValueError, match="leverage"):
        model_from_dict(data)
