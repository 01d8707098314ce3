"""The per-site field evaluation (issue 15 part 2): relative effect sizes and their pooling on
hand-computed examples, the buffer's reading, site zones (equal-area buffers, controls beyond the
awareness radius matched on land use and baseline crime), replicates by precision and paired
differences. Fixed inputs throughout: nothing here is random beyond a seeded city."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from experiments.field import FIELD_COLUMNS, field_table
from experiments.findings.paired import paired_difference
from experiments.precision import run_until_precise
from sim.analysis.pooling import (
    buffer_reading,
    pool_relative_effect,
    relative_effect_size,
    twin_buffer_reading,
)
from sim.analysis.sites import make_site_zones
from sim.params.experiment import ExperimentParams
from sim.presets import make_params
from sim.processes.cameras import view_cells
from sim.world.city import generate_city

Z = stats.norm.ppf(0.975)


# --- relative effect size and pooling ---------------------------------------------------------


def test_relative_effect_size_is_the_odds_ratio_of_welsh_and_farrington():
    # R_b 10, R_a 5, C_b 20, C_a 20: RES = (20 * 10) / (20 * 5) = 2, a fall of 50 %
    assert relative_effect_size(10, 5, 20, 20) == pytest.approx(2.0)
    pooled = pool_relative_effect([10], [5], [20], [20])
    assert pooled.res == pytest.approx(2.0)
    assert pooled.relative_effect == pytest.approx(-0.5), "1/RES - 1 is the relative change"
    half = Z * math.sqrt(1 / 10 + 1 / 5 + 1 / 20 + 1 / 20)
    assert pooled.res_ci_low == pytest.approx(2.0 * math.exp(-half))
    assert pooled.res_ci_high == pytest.approx(2.0 * math.exp(half))
    low, high = pooled.relative_ci
    assert low == pytest.approx(1 / pooled.res_ci_high - 1)
    assert high == pytest.approx(1 / pooled.res_ci_low - 1)
    assert low < pooled.relative_effect < high


def test_pooling_weights_log_res_by_inverse_variance():
    # site 1: log RES = log 2, var 0.4 (weight 2.5); site 2: log RES = 0, var 0.45 (weight 1/0.45)
    pooled = pool_relative_effect([10, 8], [5, 8], [20, 10], [20, 10])
    w1, w2 = 1 / 0.4, 1 / 0.45
    expected = (w1 * math.log(2.0)) / (w1 + w2)
    assert math.log(pooled.res) == pytest.approx(expected)
    half = Z / math.sqrt(w1 + w2)
    assert math.log(pooled.res_ci_high) - math.log(pooled.res) == pytest.approx(half)
    assert (pooled.n_pooled, pooled.n_corrected, pooled.n_excluded) == (2, 0, 0)
    # Mantel-Haenszel: sum(R_b C_a / N) / sum(R_a C_b / N)
    mh = (10 * 20 / 55 + 8 * 10 / 36) / (5 * 20 / 55 + 8 * 10 / 36)
    assert pooled.res_mantel_haenszel == pytest.approx(mh)


def test_zero_counts_exclude_uninformative_sites_and_correct_the_others_by_a_half():
    # site 1: nothing in view in either period -> left out; site 2: a zero after -> +0.5 each
    pooled = pool_relative_effect([0, 4], [0, 0], [5, 5], [5, 5])
    assert (pooled.n_pooled, pooled.n_corrected, pooled.n_excluded) == (1, 1, 1)
    assert pooled.res == pytest.approx((5.5 * 4.5) / (5.5 * 0.5)), "Haldane-Anscombe: 9"
    # no informative site at all: NaN, not an error
    empty = pool_relative_effect([0, 0], [0, 0], [3, 0], [2, 0])
    assert empty.n_pooled == 0 and empty.n_excluded == 2 and np.isnan(empty.relative_effect)


def test_a_site_with_no_control_incidents_is_left_out():
    pooled = pool_relative_effect([3, 6], [2, 3], [0, 10], [0, 12])
    assert pooled.n_excluded == 1 and pooled.n_pooled == 1
    assert pooled.res == pytest.approx(12 * 6 / (10 * 3))


def test_buffer_reading_follows_the_buffer_against_the_control_trend():
    reading = buffer_reading(
        [2, 4, 3, 0, 2, 0], [4, 2, 3, 0, 2, 1], [5, 5, 5, 5, 0, 5], [5, 5, 5, 5, 5, 5]
    )
    assert list(reading) == [
        "displacement",
        "diffusion",
        "neither",
        "no_data",
        "no_data",
        "displacement",
    ]
    truth = twin_buffer_reading([3, 1, 2, 0], [2, 2, 2, 0])
    assert list(truth) == ["displacement", "diffusion", "neither", "no_data"]


def _sites_frame(rows: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    zeros = dict.fromkeys(
        [
            f"{k}_{z}_{p}"
            for k in ("recorded", "true")
            for z in ("treatment", "buffer", "control")
            for p in ("before", "after")
        ]
        + [f"twin_{z}_after" for z in ("treatment", "buffer", "control")],
        1,
    )
    frame = pd.DataFrame([zeros] * len(rows))
    for col, i in (
        ("recorded_treatment_before", 0),
        ("recorded_treatment_after", 1),
        ("recorded_control_before", 2),
        ("recorded_control_after", 3),
    ):
        frame[col] = [r[i] for r in rows]
    return frame.assign(
        policy="safe_city",
        category="spectacular",
        wdq=np.nan,
        wdq_status="zero_count",
        buffer_reading=["displacement", "diffusion", "no_data"][: len(rows)],
        twin_buffer_reading="neither",
    )


def test_field_table_pools_recorded_counts_per_policy_and_category():
    sites = _sites_frame([(10, 5, 20, 20), (8, 8, 10, 10), (0, 0, 4, 4)])
    field = field_table(sites)
    assert list(field.columns) == list(FIELD_COLUMNS)
    row = field.iloc[0]
    pooled = pool_relative_effect([10, 8, 0], [5, 8, 0], [20, 10, 4], [20, 10, 4])
    assert row["field_relative_effect"] == pytest.approx(pooled.relative_effect)
    assert row["field_ci_low"] < row["field_relative_effect"] < row["field_ci_high"]
    assert (row["n_sites_pooled"], row["n_sites_excluded"]) == (2, 1)
    assert row["share_displacement"] == pytest.approx(0.5), "1 of 2 readable buffers"
    assert row["share_diffusion"] == pytest.approx(0.5)
    assert field_table(pd.DataFrame()).columns.tolist() == list(FIELD_COLUMNS)


# --- site zones ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def city():
    params = make_params("town", {"city": {"width_cells": 50, "height_cells": 50}})
    return generate_city(params.city, np.random.default_rng(3))


@pytest.fixture(scope="module")
def zones_case(city):
    rng = np.random.default_rng(7)
    sites = np.array(
        [
            city.cell_of(np.array([x]), np.array([y]))[0]
            for x, y in ((25, 25), (26, 27), (10, 40), (40, 12))
        ]
    )
    view = view_cells(city, sites, 1)
    baseline = rng.integers(0, 3, city.n_cells).astype(float)
    zones = make_site_zones(
        city, sites, view, baseline, min_control_distance_cells=12.0, controls_per_cell=3
    )
    return sites, view, baseline, zones


def test_treatment_areas_are_the_views_split_between_sites_without_overlap(zones_case):
    _sites, view, _, zones = zones_case
    cells = zones.cell["treatment"]
    assert len(cells) == len(np.unique(cells)), "no cell is evaluated twice"
    assert set(cells) == set(np.unique(view)), "every viewed cell belongs to some site"


def test_buffers_have_the_treatment_area_and_lie_outside_every_view(zones_case):
    _, view, _, zones = zones_case
    assert np.array_equal(zones.n_cells("buffer"), zones.n_cells("treatment")), "equal area"
    assert not np.isin(zones.cell["buffer"], view).any()


def test_controls_lie_beyond_the_awareness_radius_outside_all_zones(city, zones_case):
    sites, view, _, zones = zones_case
    c_site, c_cell = zones.site["control"], zones.cell["control"]
    d = np.hypot(city.x[c_cell] - city.x[sites[c_site]], city.y[c_cell] - city.y[sites[c_site]])
    assert (d > 12.0).all(), f"controls must lie beyond the radius, nearest at {d.min():.1f}"
    assert not np.isin(c_cell, view).any() and not np.isin(c_cell, zones.cell["buffer"]).any()


def test_controls_match_treatment_on_land_use_and_baseline_crime(city, zones_case):
    _, _, baseline, zones = zones_case
    for s in range(zones.n_sites):
        t = zones.cell["treatment"][zones.site["treatment"] == s]
        c = zones.cell["control"][zones.site["control"] == s]
        uses_t, n_t = np.unique(city.land_use[t], return_counts=True)
        uses_c, n_c = np.unique(city.land_use[c], return_counts=True)
        assert list(uses_c) == list(uses_t), f"site {s}: control land uses {uses_c} vs {uses_t}"
        assert list(n_c) == list(3 * n_t), f"site {s}: three controls per treatment cell"
        assert baseline[c].sum() == 3 * baseline[t].sum(), (
            f"site {s}: with plenty of candidates every control matches its cell's baseline"
        )


def test_no_sites_give_empty_zones(city):
    zones = make_site_zones(
        city, np.zeros(0, int), np.zeros((0, 9), int), np.zeros(city.n_cells), 5.0, 2
    )
    assert zones.n_sites == 0 and len(zones.cell["control"]) == 0


# --- replicates by precision -----------------------------------------------------------------


def _batch_runner(values, calls):
    def run(reps):
        calls.append(list(reps))
        return [
            {
                "effects": pd.DataFrame(
                    {
                        "level": ["category"],
                        "category": ["spectacular"],
                        "policy": ["safe_city"],
                        "replicate": [r],
                        "true_relative_change_treatment": [values(r)],
                    }
                )
            }
            for r in reps
        ]

    return run


def test_precision_loop_stops_at_the_target_after_the_first_batch():
    exp = ExperimentParams(replicates=4, max_replicates=40, target_halfwidth_points=3.0)
    calls = []
    _parts, precision = run_until_precise(
        _batch_runner(lambda r: -0.3 + 0.001 * (r % 2), calls), exp, "safe_city"
    )
    assert calls == [[0, 1, 2, 3]] and precision.stop == "target"
    assert precision.replicates == 4 and precision.halfwidth_points <= 3.0


def test_precision_loop_adds_batches_with_continuing_seeds_until_the_cap():
    exp = ExperimentParams(replicates=3, max_replicates=10, target_halfwidth_points=0.5)
    calls = []
    parts, precision = run_until_precise(
        _batch_runner(lambda r: 0.4 * (-1) ** r, calls), exp, "safe_city"
    )
    flat = [r for c in calls for r in c]
    assert flat == list(range(10)), f"replicates continue without gaps up to the cap: {calls}"
    assert precision.stop == "cap" and precision.replicates == 10 == len(parts)
    assert precision.halfwidth_points > 0.5


def test_precision_loop_stops_when_the_target_is_reached_in_a_later_batch():
    exp = ExperimentParams(replicates=2, max_replicates=200, target_halfwidth_points=3.0)
    calls = []
    _, precision = run_until_precise(
        _batch_runner(lambda r: -0.3 + 0.08 * (-1) ** r, calls), exp, "safe_city"
    )
    assert precision.stop == "target" and 2 < precision.replicates < 200
    assert len(calls) >= 2


def test_precision_loop_runs_one_batch_without_the_headline_policy():
    exp = ExperimentParams(replicates=2, max_replicates=20)
    calls = []
    _, precision = run_until_precise(_batch_runner(lambda r: 0.1, calls), exp, "other_policy")
    assert calls == [[0, 1]] and precision.stop == "no_headline"


def test_tiny_design_has_no_precision_loop_unless_asked_for():
    tiny = ExperimentParams.tiny()
    assert tiny.max_replicates == tiny.replicates == 2
    asked = ExperimentParams.tiny({"max_replicates": 50})
    assert (asked.replicates, asked.max_replicates) == (2, 50), "a field set explicitly wins"


# --- paired differences ----------------------------------------------------------------------


def test_paired_difference_is_the_mean_of_per_replicate_differences():
    a = [-0.30, -0.25, -0.40, -0.10]
    b = [-0.20, -0.20, -0.15, np.nan]  # replicate 3 has no value under b: left out of the pairs
    rows = [
        {
            "level": "category",
            "category": "spectacular",
            "policy": p,
            "replicate": r,
            "true_relative_change_treatment": v,
        }
        for p, vs in (("safe_city", a), ("passive_cameras", b))
        for r, v in enumerate(vs)
    ]
    d = paired_difference(pd.DataFrame(rows), "safe_city", "passive_cameras").difference
    diffs = np.array(a[:3]) - np.array(b[:3])
    assert d.n == 3 and d.mean == pytest.approx(diffs.mean())
    half = stats.t.ppf(0.975, 2) * diffs.std(ddof=1) / np.sqrt(3)
    assert d.ci_lo == pytest.approx(diffs.mean() - half)
    assert d.ci_hi == pytest.approx(diffs.mean() + half)


def test_mantel_haenszel_effect_is_nan_not_an_error_when_its_ratio_is_zero():
    """A site whose treatment area had no incident before (and some after) makes RES_MH 0:
    no finite effect, reported as NaN (the Lahore-scale report stopped on 1 / 0)."""
    pooled = pool_relative_effect([0], [3], [2], [2])
    assert pooled.n_pooled == 1 and pooled.res_mantel_haenszel == 0.0
    assert np.isnan(pooled.relative_effect_mantel_haenszel)
    assert np.isfinite(pool_relative_effect([2], [3], [2], [2]).relative_effect_mantel_haenszel)
